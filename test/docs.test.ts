import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../src/rules/index.js';
import { renderRuleDoc, withRuleTable } from '../src/engine/docs.js';
import { slotTable } from '../src/graph/slots.data.js';
import { renderSlots } from '../scripts/gen-slots.mjs';
import { ruleExamples } from '../scripts/rule-examples.mjs';

const root = path.resolve(import.meta.dirname, '..');

describe('generated documentation is up to date (npm run docs)', () => {
  it.each(rules.map((r) => r.id))('docs/rules/%s.md', (id) => {
    const rule = rules.find((r) => r.id === id)!;
    const file = path.join(root, 'docs', 'rules', `${id}.md`);
    expect(existsSync(file), `${file} exists`).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(renderRuleDoc(rule, ruleExamples(path.join(root, 'fixtures'), id)));
  });

  it('has no page for a rule that no longer exists', () => {
    const pages = readdirSync(path.join(root, 'docs', 'rules')).sort();
    expect(pages).toEqual(rules.map((r) => `${r.id}.md`).sort());
  });

  it("the README's rule table", () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(readme).toContain('<!-- rules:start');
    expect(readme).toBe(withRuleTable(readme, rules));
  });
});

describe('rule metadata', () => {
  it.each(rules.map((r) => r.id))('%s has complete docs', (id) => {
    const rule = rules.find((r) => r.id === id)!;
    expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    for (const text of [rule.summary, rule.docs.what, rule.docs.why, rule.docs.fix]) expect(text.length).toBeGreaterThan(20);
    // Its examples, and whether each is whole and shows its rule, are test/docs-examples.test.ts's to check.
  });

  it('rule ids are unique', () => {
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });
});

const slotsSource = path.resolve(root, '..', 'shared', 'aws', 'slots.json');
describe.runIf(existsSync(slotsSource))('slot table', () => {
  it('src/graph/slots.data.ts matches shared/aws/slots.json (node scripts/gen-slots.mjs)', () => {
    const generated = readFileSync(path.join(root, 'src', 'graph', 'slots.data.ts'), 'utf8');
    expect(generated).toBe(renderSlots(JSON.parse(readFileSync(slotsSource, 'utf8'))));
    expect(slotTable.length).toBeGreaterThan(200);
  });
});
