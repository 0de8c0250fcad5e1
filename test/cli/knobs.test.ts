// The knobs linter users reach for, through the BUILT bin as a user runs it (`npm test` builds first):
// --list-rules, --rule, "did you mean" for flags, `warn`, consistent usage errors, no-files notes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules } from '../../src/rules/index.js';
import { tempTrees } from '../temp-tree.js';

const BIN = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const BAD = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub "arn:aws:iam::\${AWS::AccountId}:root" }
            Action: sts:AssumeRole
`;

/** Builds a directory tree from a map of relative paths to contents; removed after each test. */
const tree = tempTrees('knobs');

function run(cwd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  for (const key of ['NO_COLOR', 'FORCE_COLOR', 'COLUMNS', 'NODE_OPTIONS']) delete env[key];
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('--list-rules', () => {
  it('prints every rule with its default severity and summary', () => {
    const r = run(os.tmpdir(), ['--list-rules']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(rules.length);
    for (const [i, rule] of rules.entries()) expect(lines[i]).toMatch(new RegExp(`^${rule.id} +${rule.severity} +${rule.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  });

  it('as JSON with --format json', () => {
    const r = run(os.tmpdir(), ['--list-rules', '--format', 'json']);
    expect(JSON.parse(r.stdout)).toEqual(rules.map((x) => ({ id: x.id, severity: x.severity, summary: x.summary })));
  });
});

describe('--rule ID=SEVERITY', () => {
  it('changes a severity for the run, over the config; warn means warning', () => {
    const root = tree({ 'stack.yaml': BAD, '.iam-profile-lint.yaml': 'rules:\n  trust-policy-root-principal: off\n' });
    expect(run(root, ['--format', 'json']).stdout).toContain('"findings": []');
    const raised = run(root, ['--format', 'json', '--rule', 'trust-policy-root-principal=error']);
    expect(raised.status).toBe(1);
    expect(JSON.parse(raised.stdout).findings.map((f: { rule: string; severity: string }) => `${f.rule} ${f.severity}`)).toEqual(['trust-policy-root-principal error']);
    const warned = run(root, ['--format', 'json', '--rule', 'trust-policy-root-principal=warn']);
    expect(warned.status).toBe(0);
    expect(JSON.parse(warned.stdout).warningCount).toBe(1);
    expect(run(root, ['--rule', 'trust-policy-root-principal=warn', '--fail-on', 'warn']).status).toBe(1);
  });

  it("wins over the config's per-path overrides too", () => {
    const root = tree({
      'legacy/stack.yaml': BAD,
      '.iam-profile-lint.yaml': 'overrides:\n  - files: "legacy/**"\n    rules:\n      trust-policy-root-principal: error\n',
    });
    expect(run(root, ['--format', 'json']).status).toBe(1);
    const lowered = run(root, ['--format', 'json', '--rule', 'trust-policy-root-principal=warning']);
    expect(lowered.status).toBe(0);
    expect(JSON.parse(lowered.stdout).findings.map((f: { severity: string }) => f.severity)).toEqual(['warning']);
    expect(JSON.parse(run(root, ['--format', 'json', '--rule', 'trust-policy-root-principal=off']).stdout).findings).toEqual([]);
  });

  it('an unknown rule or setting is a usage error with a suggestion', () => {
    const root = tree({ 'stack.yaml': BAD });
    const unknown = run(root, ['--rule', 'trust-policy-root-principals=off']);
    expect(unknown).toMatchObject({ status: 2, stdout: '' });
    expect(unknown.stderr).toContain('--rule trust-policy-root-principals: unknown rule (did you mean trust-policy-root-principal?)');
    expect(run(root, ['--rule', 'trust-policy-root-principal=loud']).stderr).toMatch(/--rule expects ID=off\|info\|warning\|error/);
    // Names every object inherits are rule ids like any other: `__proto__` once set the prototype and was never checked.
    for (const id of ['__proto__', 'toString', 'constructor']) {
      expect(run(root, ['--rule', `${id}=off`])).toMatchObject({ status: 2, stdout: '', stderr: expect.stringContaining(`--rule ${id}: unknown rule`) });
    }
  });
});

describe('usage errors exit 2 and say what to do', () => {
  it('an unknown flag suggests the nearest one', () => {
    const r = run(os.tmpdir(), ['--fxi', '.']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("iam-profile-lint: Unknown option '--fxi' (did you mean --fix?)\nRun 'iam-profile-lint --help' for usage.\n");
    expect(run(os.tmpdir(), ['--list-rule']).stderr).toContain('(did you mean --list-rules?)');
  });

  it('a missing --var-file, as a missing --parameters-file', () => {
    const root = tree({ 'main.tf': 'variable "x" {}\n' });
    expect(run(root, ['--var-file', 'prod.tfvars'])).toEqual({ status: 2, stdout: '', stderr: 'iam-profile-lint: --var-file prod.tfvars: no such file\n' });
    expect(run(root, ['--parameters-file', 'prod.json']).status).toBe(2);
  });

  it('--fix with --fix-dry-run', () => {
    const root = tree({ 'stack.yaml': BAD });
    const r = run(root, ['--fix', '--fix-dry-run']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--fix and --fix-dry-run cannot be used together/);
    expect(fs.readFileSync(path.join(root, 'stack.yaml'), 'utf8')).toBe(BAD);
  });
});

describe('a run that finds nothing to lint', () => {
  it('says so on stderr and passes; --error-on-unmatched makes it exit 2', () => {
    const root = tree({ 'ci.yml': 'on: push\n', 'package.json': '{"name": "x"}\n' });
    expect(run(root, ['.'])).toEqual({ status: 0, stdout: '', stderr: 'iam-profile-lint: no CloudFormation template or Terraform file found in .\n' });
    expect(run(root, ['--error-on-unmatched', '.']).status).toBe(2);
    const withTemplate = tree({ 'stack.yaml': BAD.replace('root', 'role/deployer') });
    expect(run(withTemplate, ['--error-on-unmatched', '.'])).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('names the cdk.out it skipped and how to lint it, when that is all there is', () => {
    const stack = JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } });
    const root = tree({ 'app/cdk.out/AppStack.template.json': stack, 'app/bin/app.ts': '', 'cdk.json': '{"app": "npx ts-node bin/app.ts"}' });
    expect(run(root, ['app'])).toEqual({
      status: 0,
      stdout: '',
      stderr:
        'iam-profile-lint: no CloudFormation template or Terraform file found in app\n' +
        "iam-profile-lint: skipped app/cdk.out: CDK's synthesized templates are linted only when named, e.g. iam-profile-lint app/cdk.out\n",
    });
    expect(run(root, ['app/cdk.out'])).toEqual({ status: 0, stdout: '', stderr: '' });
    // Beside a template the walk does lint, the skip is the documented default and goes unsaid.
    const mixed = tree({ 'cdk.out/AppStack.template.json': stack, 'legacy.yaml': 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n' });
    expect(run(mixed, ['.'])).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it("names a project generator's template directory it skipped, when that is all there is", () => {
    const root = tree({ '{{cookiecutter.project_slug}}/template.yaml': 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: {{ cookiecutter.topic }}\n' });
    expect(run(root, ['.'])).toEqual({
      status: 0,
      stdout: '',
      stderr:
        'iam-profile-lint: no CloudFormation template or Terraform file found in .\n' +
        "iam-profile-lint: skipped {{cookiecutter.project_slug}}: a project generator's templates (placeholders it fills before anything deploys) are linted only when named, e.g. iam-profile-lint '{{cookiecutter.project_slug}}'\n",
    });
  });
});

describe('--write-baseline F --baseline F', () => {
  it('compares with the old baseline before replacing it; the first time, F need not exist', () => {
    const root = tree({ 'stack.yaml': BAD });
    const first = run(root, ['--write-baseline', 'b.json', '--baseline', 'b.json']);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toBe('iam-profile-lint: wrote 1 finding to the baseline b.json\n');
    const second = run(root, ['--write-baseline', 'b.json', '--baseline', 'b.json']);
    expect(second.stderr).toBe('iam-profile-lint: against the baseline b.json: 0 new findings, 0 findings no longer found\niam-profile-lint: wrote 1 finding to the baseline b.json\n');
    fs.writeFileSync(path.join(root, 'stack.yaml'), BAD.replace('root', 'role/deployer'));
    const third = run(root, ['--write-baseline', 'b.json', '--baseline', 'b.json']);
    expect(third.stderr).toContain('0 new findings, 1 finding no longer found');
    expect(JSON.parse(fs.readFileSync(path.join(root, 'b.json'), 'utf8'))).toMatchObject({ findings: [] });
    expect(run(root, ['--baseline', 'missing.json']).status).toBe(2);
  });
});
