/**
 * Messages are data (DESIGN.md §3): every rule declares its message templates
 * in `messages` and reports by id. These tests hold ESLint's checks for that
 * model (no-unused-message-ids, no-missing-message-ids, no-missing-placeholders,
 * no-unused-placeholders) for every rule, pseudo-rules included.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint, rules } from '../../src/index.js';
import { fillMessage, placeholders } from '../../src/engine/messages.js';
import { tempTrees } from '../temp-tree.js';

const repo = path.resolve(import.meta.dirname, '..', '..');
const fixtures = path.join(repo, 'fixtures');

/** Where a rule's reports are written: its own file, and for the rules the engine reports for, the engine file that does. */
const reportedIn: Record<string, string[]> = {
  'internal-error': ['src/engine/contain.ts'],
  'unused-suppression': ['src/engine/suppress/suppress.ts'],
};

/** The rule file without its `messages: { ... }` block: what is left is where ids are used. */
function codeOf(id: string): string {
  const text = readFileSync(path.join(repo, 'src', 'rules', `${id}.ts`), 'utf8');
  const start = text.indexOf('\n  messages: {');
  if (start < 0) return text;
  // The block ends at the first line that closes it at its own indent (or on the same line for a one-line block).
  const lineEnd = text.indexOf('\n', start + 1);
  const oneLine = text.slice(start, lineEnd).trimEnd().endsWith('},');
  const end = oneLine ? lineEnd : text.indexOf('\n  },', start) + 5;
  return text.slice(0, start) + text.slice(end);
}

describe('rule messages', () => {
  it('every rule declares at least one message, each a non-empty template', () => {
    for (const rule of rules) {
      const ids = Object.keys(rule.messages);
      expect(ids.length, rule.id).toBeGreaterThan(0);
      for (const id of ids) {
        expect(rule.messages[id].trim(), `${rule.id}.${id}`).not.toBe('');
        // A brace that is not a whole placeholder would print as written.
        expect(rule.messages[id].replace(/\{\{\s*[A-Za-z_]\w*\s*\}\}/g, ''), `${rule.id}.${id}`).not.toMatch(/\{\{|\}\}/);
      }
    }
  });

  it('every declared message id is used where the rule reports (no unused ids)', () => {
    for (const rule of rules) {
      const own = codeOf(rule.id);
      // The declarations are out of the text searched (else every id would be found where it is declared).
      for (const template of Object.values(rule.messages)) expect(own.includes(template), `${rule.id}: messages block not cut out`).toBe(false);
      const code = [own, ...(reportedIn[rule.id] ?? []).map((f) => readFileSync(path.join(repo, f), 'utf8'))].join('\n');
      for (const id of Object.keys(rule.messages)) {
        expect(code.includes(`'${id}'`), `${rule.id}: message id '${id}' is declared but never reported`).toBe(true);
      }
    }
  });

  it('every finding on the fixtures names a declared id and fills exactly its placeholders', async () => {
    const { findings } = await lint({ paths: [fixtures], cwd: fixtures });
    const byId = new Map(rules.map((r) => [r.id, r]));
    const seen = new Set<string>();
    expect(findings.length).toBeGreaterThan(100);
    for (const f of findings) {
      const rule = byId.get(f.rule);
      expect(rule, f.rule).toBeDefined();
      expect(f.messageId, `${f.rule} at ${f.file}:${f.line}`).toBeDefined();
      const template = rule?.messages[f.messageId ?? ''];
      expect(template, `${f.rule}.${f.messageId} is not declared`).toBeDefined();
      const names = placeholders(template ?? '');
      expect(Object.keys(f.data ?? {}).sort(), `${f.rule}.${f.messageId} data`).toEqual([...names].sort());
      expect(f.message, `${f.rule}.${f.messageId}`).not.toMatch(/\{\{\s*[A-Za-z_]\w*\s*\}\}/);
      seen.add(`${f.rule}.${f.messageId}`);
    }
    // Every message is reached by a fixture but these, which are tested where they are made.
    const notInFixtures = [
      'internal-error.failed', // test/hostile/ (a failing parser)
      'internal-error.ruleFailed', // test/hostile/contain.test.ts
      'internal-error.ruleFailedTogether',
      'unused-suppression.cannotWork', // test/suppress.test.ts
      'role-as-instance-profile.roleIdGiven', // a role's unique id (AROA...) in a profile slot
      'profile-as-role.profileIdGiven', // a profile's unique id (AIPA...) in a role slot
      'static-credentials-on-instance.secretAssignment',
    ];
    const declared = rules.flatMap((r) => Object.keys(r.messages).map((id) => `${r.id}.${id}`));
    expect(declared.filter((d) => !seen.has(d) && !notInFixtures.includes(d))).toEqual([]);
  });
});

describe('fillMessage', () => {
  const tree = tempTrees('message-ids');

  it('replaces each placeholder by its value, spaces inside the braces allowed', () => {
    expect(fillMessage('Role {{role}} trusts {{ whom }}', { role: 'AppRole', whom: 'everyone' })).toBe('Role AppRole trusts everyone');
    expect(fillMessage('{{n}} roles', { n: 2 })).toBe('2 roles');
  });

  it('fills in one pass: a value that looks like a placeholder is text', () => {
    expect(fillMessage('{{a}} and {{b}}', { a: '{{b}}', b: 'x' })).toBe('{{b}} and x');
  });

  it('leaves a placeholder without a value as written, so it shows', () => {
    expect(fillMessage('{{a}} is {{missing}}', { a: 'x' })).toBe('x is {{missing}}');
    expect(fillMessage('{{toString}}', {})).toBe('{{toString}}');
  });

  it('shows an empty value as "" (an empty logical id), unless the template quotes it already', () => {
    expect(fillMessage('Instance {{resource}} carries {{profile}}', { resource: '', profile: 'x' })).toBe('Instance "" carries x');
    expect(fillMessage('named "{{name}}"', { name: '' })).toBe('named ""');
  });

  it('an empty resource name in a template reads as "", with no double space', async () => {
    const dir = tree({ 'empty-key.json': '{"Resources": {"": {"Type": "AWS::EC2::Instance", "Properties": {"IamInstanceProfile": {"Ref": ""}}}}}' });
    const { findings } = await lint({ paths: [dir], cwd: dir });
    // The instance's profile is the instance itself (its own id): not-a-role-or-profile speaks, IMDSv2 stays quiet.
    expect(findings.map((f) => f.message)).toEqual(['IamInstanceProfile is given instance ""; EC2 needs an instance profile']);
  });

  it('lists a template placeholders once each', () => {
    expect(placeholders('{{a}} {{ b }} {{a}}')).toEqual(['a', 'b']);
  });
});
