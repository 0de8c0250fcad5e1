// Smaller wrong results on odd input: a flat operator chain is not nesting, a number past the
// double range is not "null", and no message depends on whether the paths were given relative or absolute.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BAD_TF, BAD_YAML, cleanup, expectNoCrash, run, tree } from './helpers.js';

afterEach(cleanup);

describe('odd values', () => {
  it('a flat chain of 600 (and 100000) terms is evaluated, not "nesting too deep"', () => {
    const chain = (n: number): string => Array(n).fill('1').join(' + ');
    const root = tree({ 'main.tf': `locals {\n  a = ${chain(600)}\n  b = ${chain(100_000)}\n}\nresource "aws_iam_role" "r" {\n  name = "r"\n  max_session_duration = local.b\n}\n` });
    const r = run(root, ['--format', 'compact', '.']);
    expectNoCrash(r);
    expect(r.stdout).not.toMatch(/parse-error/);
    expect(r.stdout).toMatch(/^main\.tf:7:26: error \[role-max-session-duration\] .*maximum session duration of 100000,/m);
  });

  it('parentheses still count as nesting', () => {
    const r = run(tree({ 'main.tf': `locals {\n  a = ${'('.repeat(600)}1${')'.repeat(600)}\n}\n` }), ['--format', 'compact', '.']);
    expect(r.stdout).toMatch(/nesting too deep/);
  });

  it('MaxSessionDuration: 1e400 prints what it became, not null', () => {
    const yaml = BAD_YAML.replace('    Properties:\n      AssumeRolePolicyDocument:', '    Properties:\n      MaxSessionDuration: 1e400\n      AssumeRolePolicyDocument:');
    const r = run(tree({ 'a.yaml': yaml }), ['--format', 'compact', '.']);
    expect(r.stdout).toMatch(/maximum session duration of Infinity \(beyond the largest number\)/);
    expect(r.stdout).not.toMatch(/null/);
  });
});

describe('the path form does not change a message', () => {
  it('compact output and the baseline match with relative and absolute paths', () => {
    const root = tree({
      'app/a.yaml': BAD_YAML,
      'app/b.yaml': BAD_YAML.replace('IamInstanceProfile: !Ref AppRole', 'IamInstanceProfile: !ImportValue missing-export'),
      'app/tf/main.tf': BAD_TF,
      'app/tf/dup.tf': 'resource "aws_iam_role" "app" {\n  name = "app"\n}\n',
    });
    const rel = run(root, ['--format', 'compact', 'app']);
    const abs = run(root, ['--format', 'compact', path.join(root, 'app')]);
    expect(abs.stdout).toBe(rel.stdout);
    expect(abs.stdout).not.toContain(root);
    expect(run(root, ['--write-baseline', 'bl.json', 'app']).status).toBe(0);
    const again = run(root, ['--format', 'compact', '--baseline', 'bl.json', path.join(root, 'app')]);
    expect(again.stdout).toBe('');
    expect(again.status).toBe(0);
  });
});

describe('the working directory does not change a finding', () => {
  // A name from a variable default matched its role only where the file paths had a directory part (hunt18).
  it('a module linted from its own directory, from its parent and by file names reports the same', () => {
    const role = 'resource "aws_iam_role" "node" {\n  name = "node-role"\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })\n}\n';
    const root = tree({
      'm/a.tf': role,
      'm/b.tf': 'variable "x" {\n  default = "node-role"\n}\n',
      'm/c.tf': 'resource "aws_instance" "j" {\n  ami                  = "ami-1"\n  iam_instance_profile = var.x\n  metadata_options {\n    http_tokens = "required"\n  }\n}\n',
    });
    const findings = (cwd: string, args: string[]) => run(cwd, ['--format', 'compact', ...args]).stdout.split('\n').filter(Boolean).map((l) => l.replace(/^(m\/)?/, ''));
    const fromParent = findings(root, ['m']);
    expect(fromParent).toEqual([expect.stringMatching(/^c\.tf:3:26: error \[role-as-instance-profile\]/)]);
    expect(findings(path.join(root, 'm'), ['.'])).toEqual(fromParent);
    expect(findings(path.join(root, 'm'), ['c.tf', 'b.tf'])).toEqual(fromParent);
  });
});
