// End-to-end: the BUILT bin as a user runs it (`npm test` builds first).
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempTrees } from '../temp-tree.js';

const BIN = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const PACKAGE = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const ROLE = `  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: ec2.amazonaws.com
            Action: sts:AssumeRole
`;
const BAD = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
${ROLE}  Instance:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      InstanceType: t3.micro
      MetadataOptions: { HttpTokens: required }
      IamInstanceProfile: !Ref AppRole
`;
const GOOD = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
${ROLE}  AppProfile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles:
        - !Ref AppRole
  Instance:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      InstanceType: t3.micro
      MetadataOptions: { HttpTokens: required }
      IamInstanceProfile: !Ref AppProfile
`;
const BAD_LINE = BAD.split('\n').findIndex((l) => l.includes('IamInstanceProfile')) + 1;
const AS_WARNING = 'rules:\n  role-as-instance-profile: warning\n';

/** Builds a directory tree from a map of relative paths to contents; removed after each test. */
const tree = tempTrees('cli');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(cwd: string, args: string[], env: Record<string, string> = {}): Run {
  const base = { ...process.env };
  for (const key of ['NO_COLOR', 'FORCE_COLOR', 'DEBUG', 'NODE_OPTIONS']) delete base[key];
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...base, ...env }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonReport {
  findings: Array<{ rule: string; severity: string; file: string; line: number }>;
  errorCount: number;
  warningCount: number;
  fileCount: number;
}

beforeAll(() => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build" (npm test does)`);
});

describe('iam-profile-lint (built bin)', () => {
  it('exits 1 and reports role-as-instance-profile on the offending line', () => {
    const root = tree({ 'stack.yaml': BAD });
    const r = run(root, []);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^stack\\.yaml\\n\\s+${BAD_LINE}:\\d+\\s+error\\s+.+\\s+role-as-instance-profile$`, 'm'));
    expect(r.stdout).toMatch(/✖ \d+ problems? \(\d+ errors?, 0 warnings\)/);
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('exits 0 silently on a clean template, a clean directory and non-IaC YAML', () => {
    const root = tree({ 'stack.yaml': GOOD, '.github/workflows/ci.yml': 'on: push\n', 'node_modules/x/bad.yaml': BAD });
    const r = run(root, ['.']);
    expect(r).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('writes json', () => {
    const root = tree({ 'infra/stack.yaml': BAD, 'ok.yaml': GOOD });
    const r = run(root, ['--format', 'json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.fileCount).toBe(2);
    expect(report.errorCount).toBeGreaterThanOrEqual(1);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ rule: 'role-as-instance-profile', severity: 'error', file: 'infra/stack.yaml', line: BAD_LINE }),
    );
  });

  it('writes the report to --output-file instead of stdout', () => {
    const root = tree({ 'stack.yaml': BAD, 'reports/.keep': '' });
    const r = run(root, ['-f', 'json', '--output-file', 'reports/lint.json']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const report = JSON.parse(fs.readFileSync(path.join(root, 'reports', 'lint.json'), 'utf8')) as JsonReport;
    expect(report.findings.some((f) => f.rule === 'role-as-instance-profile')).toBe(true);
  });

  it("exits 2 when the report's folder does not exist, and creates none", () => {
    const root = tree({ 'stack.yaml': BAD });
    const r = run(root, ['-f', 'json', '--output-file', 'reprots/lint.json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('iam-profile-lint: cannot write reprots/lint.json: no such directory reprots\n');
    expect(fs.existsSync(path.join(root, 'reprots'))).toBe(false);
  });

  it('exits 2 when the report cannot be written', () => {
    const root = tree({ 'stack.yaml': BAD, 'taken/x': '' });
    const r = run(root, ['--output-file', 'taken']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^iam-profile-lint: cannot write taken: EISDIR/);
  });

  it('applies config severities: a warning alone exits 0', () => {
    const root = tree({ 'stack.yaml': BAD, '.iam-profile-lint.yaml': AS_WARNING });
    const r = run(root, []);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^\\s+${BAD_LINE}:\\d+\\s+warning\\s+.+role-as-instance-profile$`, 'm'));
  });

  it('--quiet reports errors only', () => {
    const root = tree({ 'stack.yaml': BAD, '.iam-profile-lint.yaml': AS_WARNING });
    expect(run(root, ['--quiet'])).toEqual({ status: 0, stdout: '', stderr: '' });
    const errors = tree({ 'stack.yaml': BAD });
    expect(run(errors, ['--quiet']).status).toBe(1);
  });

  it('--max-warnings fails the run when warnings exceed it', () => {
    const root = tree({ 'stack.yaml': BAD, '.iam-profile-lint.yaml': AS_WARNING });
    const over = run(root, ['--max-warnings', '0']);
    expect(over.status).toBe(1);
    expect(over.stderr).toBe('iam-profile-lint found too many warnings (maximum: 0).\n');
    expect(run(root, ['--max-warnings', '5']).status).toBe(0);
  });

  it('disables a rule from the config', () => {
    const root = tree({ 'stack.yaml': BAD, '.iam-profile-lint.yaml': 'rules:\n  role-as-instance-profile: "off"\n' });
    const r = run(root, ['-f', 'json']);
    expect((JSON.parse(r.stdout) as JsonReport).findings.map((f) => f.rule)).not.toContain('role-as-instance-profile');
  });

  it('exits 2 on a config error naming the file and the key', () => {
    const root = tree({ 'stack.yaml': BAD, '.iam-profile-lint.yaml': 'rules:\n  role-as-instance-profil: error\n' });
    const r = run(root, []);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'iam-profile-lint: .iam-profile-lint.yaml: rules.role-as-instance-profil: unknown rule (did you mean role-as-instance-profile?)\n',
    );
  });

  it('uses --config instead of the nearest config, and exits 2 when it is missing', () => {
    const root = tree({ 'stack.yaml': BAD, 'conf/lint.yaml': AS_WARNING });
    expect(run(root, ['--config', 'conf/lint.yaml']).status).toBe(0);
    const missing = run(root, ['--config', 'conf/nope.yaml']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^iam-profile-lint: conf\/nope\.yaml: cannot read config file/);
  });

  it('exits 2 naming a path that does not exist', () => {
    const root = tree({ 'stack.yaml': GOOD });
    const r = run(root, ['stack.yaml', 'nope.yaml']);
    expect(r).toEqual({ status: 2, stdout: '', stderr: 'iam-profile-lint: no such file or directory: nope.yaml\n' });
  });

  it.each([
    [['--bogus'], /^iam-profile-lint: Unknown option '--bogus'\nRun 'iam-profile-lint --help' for usage\.\n$/],
    [['--format', 'xml'], /unknown format "xml" \(expected one of stylish, compact, json, sarif, junit, github, codequality, mermaid, dot, html, codeframe\)/],
    [['--format'], /Option '-f, --format <value>' argument missing/],
    [['--max-warnings', 'many'], /--max-warnings expects a non-negative integer \(got "many"\)/],
    [['--max-warnings=-3'], /--max-warnings expects a non-negative integer \(got "-3"\)/],
  ])('exits 2 on usage error %j', (args, stderr) => {
    const root = tree({ 'stack.yaml': GOOD });
    const r = run(root, args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(stderr);
  });

  it('--help prints usage and exits 0', () => {
    const r = run(os.tmpdir(), ['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: iam-profile-lint \[options\] \[paths\.\.\.\]/);
    for (const option of ['--format', '--output-file', '--quiet', '--max-warnings', '--config', '--no-color', '--version']) {
      expect(r.stdout).toContain(option);
    }
  });

  it('--version prints the package version', () => {
    expect(run(os.tmpdir(), ['--version'])).toEqual({ status: 0, stdout: `${PACKAGE.version}\n`, stderr: '' });
    expect(run(os.tmpdir(), ['-v']).stdout).toBe(`${PACKAGE.version}\n`);
  });

  it.each([
    [[], { FORCE_COLOR: '1' }, true],
    [[], { FORCE_COLOR: '0' }, false],
    [[], { NO_COLOR: '1' }, false],
    [[], { NO_COLOR: '1', FORCE_COLOR: '1' }, true],
    [['--color'], {}, true],
    [['--color'], { NO_COLOR: '1' }, true],
    [['--no-color'], { FORCE_COLOR: '1' }, false],
    [['--color', '--no-color'], {}, false],
  ])('colour with %j and env %j: %s', (args, env, coloured) => {
    const root = tree({ 'stack.yaml': BAD });
    const r = run(root, args, env);
    expect(r.status).toBe(1);
    expect(/\u001b\[/.test(r.stdout)).toBe(coloured);
  });
});

describe('standard output (written to the descriptor, not through process.stdout)', () => {
  /** A template with `count` instances each given the role: a report larger than a pipe holds. */
  const many = (count: number): string =>
    `Resources:\n${ROLE}${Array.from({ length: count }, (_, i) => `  Instance${i}:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-12345678\n      MetadataOptions: { HttpTokens: required }\n      IamInstanceProfile: !Ref AppRole\n`).join('')}`;

  it('a report far larger than a pipe holds arrives whole', () => {
    const dir = tree({ 'many.yaml': many(3000) });
    const r = spawnSync(process.execPath, [BIN, 'many.yaml', '--format', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(r.status).toBe(1);
    expect(r.stdout.length).toBeGreaterThan(1 << 20);
    expect((JSON.parse(r.stdout) as JsonReport).errorCount).toBe(3000);
  });

  it('a reader that goes away (`| head`) ends the output quietly; the exit code is still the findings\'', () => {
    const dir = tree({ 'many.yaml': many(3000) });
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" many.yaml --format json | head -c 10 > /dev/null; echo "status=\${PIPESTATUS[0]}"`], { cwd: dir, encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('status=1');
    expect(r.stderr).toBe('');
  });
});
