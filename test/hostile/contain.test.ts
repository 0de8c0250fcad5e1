// A rule that throws costs only the units it fails on (src/engine/contain.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/config.js';
import { buildGraph } from '../../src/index.js';
import { runRules } from '../../src/engine/run-rules.js';
import type { Rule } from '../../src/rules/rule.js';
import { BAD_YAML, cleanup, tree } from './helpers.js';

afterEach(cleanup);

const docs = { what: '', why: '', fix: '', bad: { cloudformation: '', terraform: '' }, good: { cloudformation: '', terraform: '' } };

/** Reports every resource, and throws when it meets one the predicate picks. */
function rule(id: string, fails: (units: string[]) => boolean): Rule {
  return {
    id,
    severity: 'warning',
    summary: '',
    docs,
    messages: { seen: 'seen {{resource}}' },
    check(graph, report) {
      for (const r of graph.resources) report({ at: r.loc, messageId: 'seen', data: { resource: r.address }, resource: r });
      if (fails([...new Set(graph.resources.map((r) => r.unit))])) throw new RangeError('Maximum call stack size exceeded');
    },
  };
}

describe('checkContained', () => {
  it('names the unit a rule fails on; the rule still reports the others; other rules are untouched', async () => {
    const graph = await buildGraph({ paths: ['.'], cwd: tree({ 'a.yaml': BAD_YAML, 'b.yaml': BAD_YAML, 'c.yaml': BAD_YAML }) });
    const findings = runRules(graph, [rule('flaky', (units) => units.includes('b.yaml')), rule('steady', () => false)], defaultConfig);
    const lines = findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.message}`);
    expect(lines.filter((l) => l.includes('internal-error'))).toEqual([
      "b.yaml:1 internal-error Internal error in rule flaky on b.yaml: RangeError: Maximum call stack size exceeded; the rule's findings here are not reported, the other files' are",
    ]);
    expect(lines.filter((l) => l.split(' ')[1] === 'flaky').map((l) => l.split(':')[0])).toEqual(['a.yaml', 'a.yaml', 'c.yaml', 'c.yaml']);
    expect(lines.filter((l) => l.split(' ')[1] === 'steady').length).toBe(6);
  });

  it('a failure only the combination of units causes names every unit', async () => {
    const graph = await buildGraph({ paths: ['.'], cwd: tree({ 'a.yaml': BAD_YAML, 'b.yaml': BAD_YAML }) });
    const findings = runRules(graph, [rule('pairwise', (units) => units.length > 1)], defaultConfig);
    expect(findings.filter((f) => f.rule === 'internal-error').map((f) => f.file)).toEqual(['a.yaml', 'b.yaml']);
    expect(findings.filter((f) => f.rule === 'pairwise')).toEqual([]);
  });

  it('a report naming an undeclared message id is a failure of the rule, contained like any other', async () => {
    const graph = await buildGraph({ paths: ['.'], cwd: tree({ 'a.yaml': BAD_YAML, 'b.yaml': BAD_YAML }) });
    const typo: Rule = {
      ...rule('typo', () => false),
      check(g, report) {
        for (const r of g.resources) if (r.unit === 'b.yaml') report({ at: r.loc, messageId: 'sen', data: { resource: r.address } });
      },
    };
    const findings = runRules(graph, [typo, rule('steady', () => false)], defaultConfig);
    expect(findings.filter((f) => f.rule === 'internal-error').map((f) => `${f.file} ${f.messageId} ${f.message}`)).toEqual([
      "b.yaml ruleFailed Internal error in rule typo on b.yaml: Error: rule typo reported message id 'sen', which its messages do not declare; the rule's findings here are not reported, the other files' are",
    ]);
    expect(findings.filter((f) => f.rule === 'steady').length).toBeGreaterThan(0);
  });
});
