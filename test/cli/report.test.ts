// End-to-end: the built bin's formats, --fail-on, baselines and file arguments (`npm test` builds first).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempTrees } from '../temp-tree.js';

const BIN = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

const ROLE = `  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
`;
const instance = (name: string): string => `  ${name}:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      MetadataOptions: { HttpTokens: required }
      IamInstanceProfile: !Ref AppRole
`;
const BAD = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${ROLE}${instance('Web')}`;
const BAD_LINE = BAD.split('\n').findIndex((l) => l.includes('IamInstanceProfile')) + 1;
const TF_ROLES = `resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
}
`;
const TF_INSTANCE = `resource "aws_instance" "web" {
  ami                  = "ami-12345678"
  metadata_options {
    http_tokens = "required"
  }
  iam_instance_profile = aws_iam_role.app.name
}
`;
const AS_WARNING = 'rules:\n  role-as-instance-profile: warning\n';

/** Builds a directory tree from a map of relative paths to contents; removed after each test. */
const tree = tempTrees('cli-report');

function run(cwd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  for (const key of ['NO_COLOR', 'FORCE_COLOR', 'DEBUG', 'NODE_OPTIONS', 'GITHUB_ACTIONS']) delete env[key];
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function rules(json: string): string[] {
  return (JSON.parse(json) as { findings: Array<{ rule: string; file: string }> }).findings.map((f) => `${f.file} ${f.rule}`);
}

beforeAll(() => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build" (npm test does)`);
});

describe('formats', () => {
  it('writes several reports at once, each to its own place', () => {
    const root = tree({ 'stack.yaml': BAD, 'reports/.keep': '' });
    const r = run(root, ['--format', 'sarif:reports/lint.sarif', '--format', 'junit:reports/junit.xml', '--format', 'compact']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^stack\\.yaml:${BAD_LINE}:\\d+: error \\[role-as-instance-profile\\] `));
    const sarif = JSON.parse(fs.readFileSync(path.join(root, 'reports', 'lint.sarif'), 'utf8')) as {
      runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }>;
    };
    expect(sarif.runs[0].results.map((x) => [x.ruleId, x.locations[0].physicalLocation.artifactLocation.uri, x.locations[0].physicalLocation.region.startLine])).toContainEqual([
      'role-as-instance-profile',
      'stack.yaml',
      BAD_LINE,
    ]);
    expect(fs.readFileSync(path.join(root, 'reports', 'junit.xml'), 'utf8')).toContain('<testsuite name="stack.yaml" tests="1" failures="1"');
  });

  it('keeps --format X --output-file F, and prints github annotations', () => {
    const root = tree({ 'stack.yaml': BAD });
    expect(run(root, ['--format', 'github', '--output-file', 'a.txt']).stdout).toBe('');
    expect(fs.readFileSync(path.join(root, 'a.txt'), 'utf8')).toMatch(new RegExp(`^::error file=stack\\.yaml,line=${BAD_LINE},col=\\d+,`));
  });

  it('exits 2 when two reports would go to stdout', () => {
    const r = run(tree({ 'stack.yaml': BAD }), ['-f', 'json', '-f', 'stylish']);
    expect(r).toMatchObject({ status: 2, stdout: '' });
    expect(r.stderr).toMatch(/only one report can go to standard output/);
  });
});

describe('--help', () => {
  it('documents the new options and the NAME:FILE syntax', () => {
    const r = run(os.tmpdir(), ['--help']);
    for (const text of ['--format <name>[:<file>]', '--format sarif:lint.sarif --format stylish', '--fail-on', '--baseline', '--write-baseline', '--report-all']) {
      expect(r.stdout).toContain(text);
    }
    expect(r.stdout).toContain('stylish, compact, json, sarif, junit, github, codequality');
  });
});

describe('--fail-on and --max-warnings', () => {
  it('fails on warnings with --fail-on warning, never with --fail-on never', () => {
    const warn = tree({ 'stack.yaml': BAD, '.iam-profile-lint.yaml': AS_WARNING });
    expect(run(warn, []).status).toBe(0);
    expect(run(warn, ['--fail-on', 'warning']).status).toBe(1);
    expect(run(warn, ['--fail-on', 'never', '--max-warnings', '0']).status).toBe(1);
    expect(run(tree({ 'stack.yaml': BAD }), ['--fail-on', 'never']).status).toBe(0);
    expect(run(warn, ['--fail-on', 'sometimes']).status).toBe(2);
  });
});

describe('baseline', () => {
  it('writes today\'s findings, then reports only new ones and says how many were baselined', () => {
    const root = tree({ 'stack.yaml': BAD });
    const write = run(root, ['--write-baseline', '.iam-profile-lint-baseline.json']);
    expect(write).toEqual({ status: 0, stdout: '', stderr: 'iam-profile-lint: wrote 1 finding to the baseline .iam-profile-lint-baseline.json\n' });

    // Shift every line down; the baselined finding stays baselined.
    fs.writeFileSync(path.join(root, 'stack.yaml'), `# comment\n# another\n${BAD}`);
    const quiet = run(root, ['--baseline', '.iam-profile-lint-baseline.json']);
    expect(quiet).toEqual({ status: 0, stdout: '', stderr: 'iam-profile-lint: 1 finding in the baseline .iam-profile-lint-baseline.json not reported\n' });

    fs.appendFileSync(path.join(root, 'stack.yaml'), instance('Worker'));
    const grown = run(root, ['--baseline', '.iam-profile-lint-baseline.json', '-f', 'json']);
    expect(grown.status).toBe(1);
    expect((JSON.parse(grown.stdout) as { findings: Array<{ line: number }> }).findings.map((f) => f.line)).toEqual([BAD_LINE + 2 + instance('Worker').split('\n').length - 1]);
  });

  it('exits 2 on a missing or malformed baseline', () => {
    const root = tree({ 'stack.yaml': BAD, 'bad.json': '{"version": 2}' });
    expect(run(root, ['--baseline', 'nope.json'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^iam-profile-lint: nope\.json: cannot read baseline/) });
    expect(run(root, ['--baseline', 'bad.json'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^iam-profile-lint: bad\.json: not a baseline file/) });
  });
});

describe('file arguments (pre-commit)', () => {
  const module = { 'app/roles.tf': TF_ROLES, 'app/main.tf': TF_INSTANCE, 'app/more.tf': TF_INSTANCE.replace('"web"', '"api"') };

  it('analyses the whole module of a given .tf file but reports only findings in the given files', () => {
    const root = tree(module);
    const given = run(root, ['-f', 'json', 'app/main.tf']);
    expect(given.status).toBe(1);
    // roles.tf resolves the reference: a role, not an unresolved name.
    expect(rules(given.stdout)).toEqual(['app/main.tf role-as-instance-profile']);
    expect(rules(run(root, ['-f', 'json', '--report-all', 'app/main.tf']).stdout)).toEqual([
      'app/main.tf role-as-instance-profile',
      'app/more.tf role-as-instance-profile',
    ]);
    expect(run(root, ['app/roles.tf'])).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('skips non-IaC YAML and JSON silently', () => {
    const root = tree({ '.pre-commit-config.yaml': 'repos: []\n', 'package.json': '{"name": "x"}\n', 'ci.yml': 'on: push\n' });
    expect(run(root, ['.pre-commit-config.yaml', 'package.json', 'ci.yml'])).toEqual({
      status: 0,
      stdout: '',
      stderr: 'iam-profile-lint: no CloudFormation template or Terraform file found in the 3 given paths\n',
    });
  });
});
