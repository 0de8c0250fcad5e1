// Every regex that runs on user text stays linear (or is refused): adversarial inputs finish at once.
import { describe, expect, it } from 'vitest';
import { regexIsSafe } from '../../src/graph/terraform/regex-guard.js';
import { lint } from '../../src/index.js';
import { cleanup, tree } from './helpers.js';
import { afterEach } from 'vitest';

afterEach(cleanup);

describe("Terraform replace() with the user's regex", () => {
  it('refuses what could backtrack without end, runs the rest', () => {
    for (const bad of ['(a+)+$', '(a|a)*b', '(x*)*y', '(\\w+\\s?)*$', '(a)\\1', '(?<n>a)\\k<n>']) expect(regexIsSafe(bad, 30), bad).toBe(false);
    for (const ok of ['[^a-zA-Z0-9]', '^arn:aws:iam::\\d{12}:role/', '-+', '(foo)?bar', 'a{2,3}']) expect(regexIsSafe(ok, 10_000), ok).toBe(true);
    expect(regexIsSafe('.*x.*y.*z', 100), 'three stars on a short text').toBe(true);
    expect(regexIsSafe('.*x.*y.*z', 100_000), 'three stars on a long text').toBe(false);
  });

  // No clock: a catastrophic backtrack on 5,000 characters runs for ages, and the test timeout catches that.
  it('a catastrophic pattern in the code is unknown, not a hang', { timeout: 30_000 }, async () => {
    const root = tree({
      'main.tf': `locals {\n  s = "${'a'.repeat(5000)}!"\n}\nresource "aws_iam_role" "r" {\n  name = replace(local.s, "/(a+)+$/", "x")\n}\nresource "aws_iam_role" "q" {\n  name = replace(local.s, "/(a|aa)*$/", "x")\n}\n`,
    });
    const result = await lint({ paths: ['.'], cwd: root });
    expect(result.findings.filter((f) => f.rule === 'internal-error')).toEqual([]);
  });
});

describe('IAM wildcards in trust policies are matched without a backtracking regex', () => {
  it('a principal of many stars finishes (no clock: the test timeout catches a blow-up)', { timeout: 30_000 }, async () => {
    const principal = `${'*a'.repeat(40)}*b`;
    const root = tree({
      'a.yaml': `Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n${Array.from({ length: 50 }, () => `          - Effect: Allow\n            Principal: { Service: "${principal}" }\n            Action: sts:AssumeRole\n`).join('')}  P:\n    Type: AWS::IAM::InstanceProfile\n    Properties:\n      Roles: [!Ref R]\n  I:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-1\n      IamInstanceProfile: !Ref P\n`,
    });
    const result = await lint({ paths: ['.'], cwd: root });
    expect(result.findings.filter((f) => f.rule === 'internal-error')).toEqual([]);
  });
});

describe('reporters', () => {
  // No clock: a quadratic pass over 200,000 spaces runs for minutes, and the test timeout catches that.
  it('a message holding a long run of spaces is printed in every format', { timeout: 30_000 }, async () => {
    const { loadFormatter, FORMATS } = await import('../../src/report/formats.js');
    const { rules } = await import('../../src/index.js');
    const finding = { rule: 'parse-error', severity: 'error' as const, message: `x${' '.repeat(200_000)}y\n z`, file: 'a.yaml', line: 1, column: 1, endLine: 1, endColumn: 2 };
    for (const format of FORMATS) {
      const formatter = await loadFormatter(format);
      expect(formatter([finding], { cwd: process.cwd(), fileCount: 1, color: false, rules }).length, format).toBeGreaterThan(0);
    }
  });
});

describe('discovery', () => {
  // No clock: the service file's key reader backtracked over a run of spaces (200,000: minutes), and the test timeout catches that.
  it('a serverless.yml of long lines of spaces and keys is read at once, and its placed file still linted', { timeout: 30_000 }, async () => {
    const spaces = ' '.repeat(200_000);
    const root = tree({
      'serverless.yml': `service: s\nresources:\n  Resources:\n    a${spaces}b\n    k:${spaces}x\n    ${'a '.repeat(100_000)}\n    Role: \${file(role.yml)}\n`,
      'role.yml': 'Type: AWS::IAM::Role\nProperties:\n  AssumeRolePolicyDocument:\n    Statement:\n      - Effect: Allow\n        Principal: { AWS: "*" }\n        Action: sts:AssumeRole\n',
    });
    const result = await lint({ paths: ['.'], cwd: root });
    expect(result.findings.filter((f) => f.file === 'role.yml').map((f) => f.rule)).toEqual(['trust-policy-public-principal']);
  });
});
