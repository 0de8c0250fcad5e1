/**
 * Every rule's docs examples ("Example" / "Use instead" on docs/rules/<id>.md)
 * are fixtures (`fixtures/<id>/example-bad.yaml`...; test/fixtures.test.ts
 * checks their findings line by line) and are linted here as a user would
 * lint the page's text: each is written alone to a fresh directory as
 * `template.yaml` or `main.tf` and given to the real lint().
 *
 * A "bad" example must give at least one finding of its own rule and no
 * finding of any other rule; a "good" example must give no finding at all.
 * The few exceptions are listed below, each with its reason.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';
import { rules } from '../src/rules/index.js';
import type { Finding, RuleExample } from '../src/shared/finding.js';
import { ruleExamples } from '../scripts/rule-examples.mjs';

type Dialect = keyof RuleExample;
type Kind = 'bad' | 'good';

const fileName: Record<Dialect, string> = { cloudformation: 'template.yaml', terraform: 'main.tf' };

/** Rules whose page has no example: no file can show their finding. Every other rule must have all four. */
const withoutExamples: Record<string, string> = {
  'internal-error': 'the linter failing on a file; an input that causes it is a bug, fixed the day it is found',
  'skipped-file': 'a file of more than 10 MiB or a binary file, which a docs page cannot show',
};

/** Findings of other rules a "bad" example shows, with the reason. Keep it short: an example shows one thing. */
const alsoReported: Record<string, { rules: string[]; why: string }> = {
  'emr-profile-role-name-mismatch': {
    rules: ['instance-profile-name-mismatch'],
    why: 'a profile named unlike its role is what both rules judge; EMR makes it an error where a cluster uses the profile',
  },
};

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Writes the example alone into a fresh directory; returns that directory. */
function writeExample(id: string, kind: Kind, dialect: Dialect, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `docs-example-${id}-${kind}-`));
  dirs.push(dir);
  writeFileSync(path.join(dir, fileName[dialect]), `${text}\n`);
  return dir;
}

const show = (findings: Finding[]) => findings.map((f) => `${f.line}:${f.column} ${f.rule} (${f.severity}): ${f.message}`);

const fixtures = path.resolve(import.meta.dirname, '..', 'fixtures');
const examplesOf = new Map(rules.map((r) => [r.id, ruleExamples(fixtures, r.id)]));
const documented = rules.filter((r) => !(r.id in withoutExamples));
const cases = documented.flatMap((rule) =>
  (['bad', 'good'] as const).flatMap((kind) =>
    (['cloudformation', 'terraform'] as const).map((dialect) => ({ name: `${rule.id} ${kind} ${dialect}`, id: rule.id, kind, dialect, example: examplesOf.get(rule.id)?.[kind]?.[dialect] })),
  ),
);

describe('rule docs examples', () => {
  it('every rule has all four examples, but those no file can show', () => {
    for (const rule of rules) {
      const has = [examplesOf.get(rule.id)?.bad, examplesOf.get(rule.id)?.good].map((e) => e !== undefined);
      expect(has, rule.id).toEqual(rule.id in withoutExamples ? [false, false] : [true, true]);
    }
    for (const id of [...Object.keys(withoutExamples), ...Object.keys(alsoReported)]) expect(rules.map((r) => r.id)).toContain(id);
  });

  it.each(cases)('$name', async ({ id, kind, dialect, example }) => {
    expect(example, 'the example').toBeDefined();
    const text = example ?? '';
    // Short enough to read on the rule's page (most are under 30 lines; EKS's Terraform needs 38).
    expect(text.split('\n').length, 'lines').toBeLessThanOrEqual(40);
    // A whole file, not a fragment: a template declares its format version and resources.
    if (dialect === 'cloudformation') {
      expect(text).toMatch(/^AWSTemplateFormatVersion: "2010-09-09"\n/);
      expect(text).toMatch(/^Resources:\n/m);
    }
    const dir = writeExample(id, kind, dialect, text);
    const { findings } = await lint({ paths: ['.'], cwd: dir, heap: 'never' });
    const own = findings.filter((f) => f.rule === id);
    const allowed = kind === 'bad' ? (alsoReported[id]?.rules ?? []) : [];
    const others = findings.filter((f) => f.rule !== id && !allowed.includes(f.rule));
    expect(show(others), 'findings of other rules').toEqual([]);
    if (kind === 'good') expect(show(own), `findings of ${id}`).toEqual([]);
    else expect(own.length, `no ${id} finding; all findings:\n${show(findings).join('\n')}`).toBeGreaterThan(0);
    if (kind === 'bad' && alsoReported[id]) {
      // An exception that no longer happens is removed from the list, so the list stays true.
      expect(findings.some((f) => allowed.includes(f.rule)), `${id}: alsoReported is stale`).toBe(true);
    }
  });
});

/** The oracles, where installed: CloudFormation's own linter and Terraform's formatter. */
const has = (command: string) => spawnSync(command, ['--version'], { encoding: 'utf8' }).status === 0;

describe.runIf(has('cfn-lint'))('cfn-lint accepts every "Use instead" template', () => {
  it('no error or warning', { timeout: 120_000 }, () => {
    const files = documented.map((r) => path.join(writeExample(r.id, 'good', 'cloudformation', examplesOf.get(r.id)?.good?.cloudformation ?? ''), 'template.yaml'));
    const run = spawnSync('cfn-lint', ['--format', 'parseable', '--', ...files], { encoding: 'utf8' });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});

describe.runIf(has('terraform'))('every Terraform example is formatted as terraform fmt writes it', () => {
  it.each(cases.filter((c) => c.dialect === 'terraform' && !(c.id === 'parse-error' && c.kind === 'bad')))('$name', ({ example }) => {
    const run = spawnSync('terraform', ['fmt', '-'], { input: `${example}\n`, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${example}\n`);
  });
});
