/** `--fix` and `--fix-dry-run` through the built CLI; the unified diff checked by `git apply` and `patch`. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/fix/diff.js';

const BIN = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const fixtures = path.resolve(import.meta.dirname, '..', '..', 'fixtures');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fix-cli-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

function run(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const bad = (rule: string, ext: string): string => readFileSync(path.join(fixtures, rule, `bad.${ext}`), 'utf8');
const fixed = (rule: string, ext: string): string => readFileSync(path.join(fixtures, rule, `bad.fixed.${ext}`), 'utf8');

describe('--fix', () => {
  it('writes the fixes, exits 0 when nothing remains, and is idempotent', () => {
    const dir = tree({ 'stack.yaml': bad('role-as-instance-profile', 'yaml') });
    const first = run(dir, ['--fix', 'stack.yaml']);
    expect(first).toMatchObject({ status: 0, stdout: '' });
    expect(first.stderr).toContain('fixed 14 problems in 1 file');
    expect(readFileSync(path.join(dir, 'stack.yaml'), 'utf8')).toBe(fixed('role-as-instance-profile', 'yaml'));
    const second = run(dir, ['--fix', 'stack.yaml']);
    expect(second).toMatchObject({ status: 0, stdout: '', stderr: '' });
    expect(readFileSync(path.join(dir, 'stack.yaml'), 'utf8')).toBe(fixed('role-as-instance-profile', 'yaml'));
  });

  it('exits 1 when unfixable errors remain, and reports only them', () => {
    const dir = tree({ 'stack.yaml': bad('instance-profile-wrong-form', 'yaml') });
    const r = run(dir, ['--fix', '-f', 'json', 'stack.yaml']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: Array<{ rule: string; fix?: unknown }> };
    expect(report.findings).toHaveLength(2);
    expect(report.findings.filter((f) => f.fix)).toEqual([]);
  });

  it('edits only the files given: a fix needing another file is not applied', () => {
    const dir = tree({ 'main.tf': bad('role-as-instance-profile', 'tf') });
    // Split the module: the role stays in main.tf, the instance moves to app.tf; only app.tf is given.
    const text = readFileSync(path.join(dir, 'main.tf'), 'utf8');
    const cut = text.indexOf('resource "aws_instance" "by_name"');
    writeFileSync(path.join(dir, 'main.tf'), text.slice(0, cut));
    writeFileSync(path.join(dir, 'app.tf'), text.slice(cut));
    const r = run(dir, ['--fix', 'app.tf']);
    expect(readFileSync(path.join(dir, 'main.tf'), 'utf8')).toBe(text.slice(0, cut));
    // Slots given the held role are fixed (the edit is in app.tf); slots needing a new profile in main.tf are not.
    const after = readFileSync(path.join(dir, 'app.tf'), 'utf8');
    expect(after).toContain('iam_instance_profile = "${aws_iam_instance_profile.held.name}"');
    expect(after).toContain('iam_instance_profile = aws_iam_role.app.name');
    expect(r.status).toBe(1);
  });
});

describe('--fix-dry-run', () => {
  it.each([
    ['role-as-instance-profile', 'yaml'],
    ['role-as-instance-profile', 'json'],
    ['role-as-instance-profile', 'tf'],
    ['profile-by-role-name', 'tf.json'],
    ['instance-profile-wrong-form', 'tf'],
  ])('%s bad.%s: prints a diff that git apply and patch turn into bad.fixed, and changes nothing', (rule, ext) => {
    const name = `bad.${ext}`;
    const dir = tree({ [name]: bad(rule, ext) });
    const r = run(dir, ['--fix-dry-run', name]);
    expect(readFileSync(path.join(dir, name), 'utf8')).toBe(bad(rule, ext));
    expect(r.stdout).toBe(unifiedDiff(name, bad(rule, ext), fixed(rule, ext)));
    expect(r.stdout.startsWith(`--- a/${name}\n+++ b/${name}\n@@ `)).toBe(true);
    writeFileSync(path.join(dir, 'fix.diff'), r.stdout);
    const git = spawnSync('git', ['apply', '--unsafe-paths', 'fix.diff'], { cwd: dir, encoding: 'utf8' });
    expect(git.stderr).toBe('');
    expect(readFileSync(path.join(dir, name), 'utf8')).toBe(fixed(rule, ext));
    writeFileSync(path.join(dir, name), bad(rule, ext));
    const patch = spawnSync('patch', ['-p1', '-s', '-i', 'fix.diff'], { cwd: dir, encoding: 'utf8' });
    if (patch.error === undefined) expect(readFileSync(path.join(dir, name), 'utf8')).toBe(fixed(rule, ext));
  });

  it('keeps CRLF in the diff so that it applies to the CRLF file', () => {
    const crlf = bad('role-as-instance-profile', 'yaml').replace(/\n/g, '\r\n');
    const dir = tree({ 'stack.yaml': crlf });
    const r = run(dir, ['--fix-dry-run', 'stack.yaml']);
    writeFileSync(path.join(dir, 'fix.diff'), r.stdout);
    const git = spawnSync('git', ['apply', 'fix.diff'], { cwd: dir, encoding: 'utf8' });
    expect(git.stderr).toBe('');
    expect(readFileSync(path.join(dir, 'stack.yaml'), 'utf8')).toBe(fixed('role-as-instance-profile', 'yaml').replace(/\n/g, '\r\n'));
  });
});

describe('unifiedDiff', () => {
  const cases: Array<[string, string, string]> = [
    ['a change in the middle', 'a\nb\nc\nd\ne\nf\ng\nh\n', 'a\nb\nc\nD\ne\nf\ng\nh\n'],
    ['two hunks', Array.from({ length: 30 }, (_, i) => `l${i}`).join('\n') + '\n', Array.from({ length: 30 }, (_, i) => (i === 2 || i === 25 ? `x${i}` : `l${i}`)).join('\n') + '\n'],
    ['no final line break, changed', 'a\nb', 'a\nc'],
    ['final line break added', 'a\nb', 'a\nb\n'],
    ['insertion at the start', 'b\nc\n', 'a\nb\nc\n'],
    ['from empty', '', 'a\n'],
    ['to empty', 'a\nb\n', ''],
  ];
  it.each(cases)('%s: patch applies it', (_name, before, after) => {
    const dir = tree({ f: before });
    writeFileSync(path.join(dir, 'd.diff'), unifiedDiff('f', before, after));
    const r = spawnSync('patch', ['-p1', '-s', '-i', 'd.diff'], { cwd: dir, encoding: 'utf8' });
    if (r.error !== undefined) return;
    expect(r.status, r.stderr + r.stdout).toBe(0);
    expect(readFileSync(path.join(dir, 'f'), 'utf8')).toBe(after);
  });
  it('is empty for equal texts', () => expect(unifiedDiff('f', 'a\n', 'a\n')).toBe(''));
  it('diffs 300,000 lines changed at both ends without overflowing the stack', () => {
    const lines = Array.from({ length: 300_000 }, (_, i) => `l${i}`);
    const after = ['first', ...lines.slice(1, -1), 'last'];
    const diff = unifiedDiff('f', lines.join('\n') + '\n', after.join('\n') + '\n');
    expect(diff.startsWith('--- a/f\n+++ b/f\n@@ -1,')).toBe(true);
    expect(diff.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++')).length).toBeGreaterThanOrEqual(2);
  });
  it('matches diff -u hunks', () => {
    const dir = tree({ a: cases[1][1], b: cases[1][2] });
    const gnu = spawnSync('diff', ['-u', 'a', 'b'], { cwd: dir, encoding: 'utf8' });
    if (gnu.error !== undefined) return;
    const hunksOf = (d: string) => d.split('\n').filter((l) => !l.startsWith('---') && !l.startsWith('+++')).join('\n');
    expect(hunksOf(unifiedDiff('a', cases[1][1], cases[1][2]))).toBe(hunksOf(gnu.stdout));
  });
});
