import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/config.js';
import { buildGraph, lint, rules } from '../../src/index.js';
import { runRules } from '../../src/engine/run-rules.js';
import type { Finding } from '../../src/shared/finding.js';
import { applySuppressions } from '../../src/engine/suppress/suppress.js';
import { parseBody } from '../../src/engine/suppress/comments.js';

function finding(file: string, line: number, rule = 'role-as-instance-profile', resource?: string): Finding {
  return { rule, severity: 'error', message: `${rule} here`, file, line, column: 7, endLine: line, endColumn: 20, ...(resource && { resource }) };
}

/** `file:line rule message` for every finding, sorted. */
function summary(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.message}`);
}

function suppress(files: Record<string, string>, findings: Finding[]): string[] {
  return summary(applySuppressions(findings, { sources: new Map(Object.entries(files)), resources: [] }));
}

const YAML = `# iam-profile-lint-ignore-file trust-policy-root-principal -- reviewed in SEC-9
Resources:
  Instance:
    Properties:
      IamInstanceProfile: !Ref AppRole # iam-profile-lint-ignore role-as-instance-profile -- legacy profile of the same name
      # iam-profile-lint-ignore role-as-instance-profile, unknown-instance-profile -- made by the console

      # a note between the comment and its line
      Other: !Ref AppRole
`;

describe('inline suppressions', () => {
  it('cover a trailing line, the next line of code, and a file; each rule counts', () => {
    const out = suppress({ 's.yaml': YAML }, [
      finding('s.yaml', 5),
      finding('s.yaml', 9),
      finding('s.yaml', 9, 'profile-by-role-name'),
      finding('s.yaml', 3, 'trust-policy-root-principal'),
      finding('other.yaml', 5),
    ]);
    expect(out).toEqual([
      'other.yaml:5:7 role-as-instance-profile role-as-instance-profile here',
      's.yaml:6:7 unused-suppression iam-profile-lint-ignore for unknown-instance-profile suppresses nothing',
      's.yaml:9:7 profile-by-role-name profile-by-role-name here',
    ]);
  });

  it('report unused suppressions and reasonless ones, which still suppress', () => {
    const text = 'Resources:\n  A: 1 # iam-profile-lint-ignore role-as-instance-profile\n  B: 2 # iam-profile-lint-ignore role-as-instance-profile -- why\n';
    const out = applySuppressions([finding('t.yaml', 2)], { sources: new Map([['t.yaml', text]]), resources: [] });
    expect(out).toEqual([
      {
        rule: 'unused-suppression',
        severity: 'warning',
        message: 'iam-profile-lint-ignore for role-as-instance-profile has no reason: add one after " -- "',
        messageId: 'noReason',
        data: { suppression: 'iam-profile-lint-ignore', rules: 'role-as-instance-profile' },
        file: 't.yaml',
        line: 2,
        column: 8,
        endLine: 2,
        endColumn: 58,
      },
      expect.objectContaining({
        line: 3,
        message: 'iam-profile-lint-ignore for role-as-instance-profile suppresses nothing',
        messageId: 'suppressesNothing',
        data: { suppression: 'iam-profile-lint-ignore', rule: 'role-as-instance-profile' },
      }),
    ]);
  });

  it('take # and // comments in Terraform, none in JSON, and ignore look-alikes inside words', () => {
    const tf = 'resource "aws_instance" "a" {\n  // iam-profile-lint-ignore role-as-instance-profile -- x\n  iam_instance_profile = aws_iam_role.r.name\n  b = 1 # iam-profile-lint-ignore role-as-instance-profile -- y\n  c = "x#iam-profile-lint-ignore role-as-instance-profile"\n}\n';
    const json = '{ "Resources": {}, "x": "# iam-profile-lint-ignore role-as-instance-profile -- z" }\n';
    expect(suppress({ 'main.tf': tf, 't.json': json }, [finding('main.tf', 3), finding('main.tf', 4), finding('main.tf', 5), finding('t.json', 1)])).toEqual([
      'main.tf:5:7 role-as-instance-profile role-as-instance-profile here',
      't.json:1:7 role-as-instance-profile role-as-instance-profile here',
    ]);
  });

  it('require -file directives before the first line of code', () => {
    const text = '---\n# header\n\nResources: {}\n# iam-profile-lint-ignore-file role-as-instance-profile -- too late\n';
    expect(suppress({ 't.yaml': text }, [finding('t.yaml', 4)])).toEqual([
      't.yaml:4:7 role-as-instance-profile role-as-instance-profile here',
      't.yaml:5:1 unused-suppression iam-profile-lint-ignore-file must come before the first line that is not a comment; here it suppresses nothing',
    ]);
  });

  it('report a directive that names no rule', () => {
    expect(suppress({ 't.yaml': 'A: 1 # iam-profile-lint-ignore -- because\n' }, [])).toEqual([
      't.yaml:1:6 unused-suppression iam-profile-lint-ignore: names no rule: list the rule ids to ignore, then " -- " and the reason',
    ]);
  });
});

describe('parseBody', () => {
  it.each([
    [' a-rule -- why not', { rules: ['a-rule'], reason: 'why not' }],
    [' a-rule, b-rule -- x -- y', { rules: ['a-rule', 'b-rule'], reason: 'x -- y' }],
    [' a-rule,b-rule', { rules: ['a-rule', 'b-rule'] }],
    [' a-rule --', { rules: ['a-rule'] }],
    [' a-rule because', { rules: ['a-rule'], problem: expect.stringContaining('separate rule ids with commas') }],
  ])('%j', (body, expected) => {
    expect(parseBody(body)).toEqual(expected);
  });
});

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Metadata:
  iam-profile-lint:
    ignore:
      - rule: trust-policy-root-principal
        reason: the deploy account is ours
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub "arn:aws:iam::\${AWS::AccountId}:root" }
            Action: sts:AssumeRole
  Web:
    Type: AWS::EC2::Instance
    Metadata:
      iam-profile-lint:
        ignore:
          - rule: role-as-instance-profile
            reason: a same-named profile exists
          - unknown-instance-profile
    Properties:
      ImageId: ami-12345678
      MetadataOptions: { HttpTokens: required }
      IamInstanceProfile: !Ref AppRole
  Api:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      MetadataOptions: { HttpTokens: required }
      IamInstanceProfile: !Ref AppRole
`;

describe('CloudFormation Metadata suppressions', () => {
  it('cover their resource, or the whole template at the top level', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipl-suppress-'));
    made.push(dir);
    fs.writeFileSync(path.join(dir, 'stack.yaml'), TEMPLATE);
    const options = { paths: ['stack.yaml'], cwd: dir };
    const graph = await buildGraph(options);
    const raw = runRules(graph, rules, defaultConfig);
    expect(raw.map((f) => `${f.resource} ${f.rule}`)).toEqual(
      expect.arrayContaining(['AppRole trust-policy-root-principal', 'Web role-as-instance-profile', 'Api role-as-instance-profile']),
    );
    const out = applySuppressions(raw, { sources: graph.sources, resources: graph.resources });
    expect(summary(out)).toEqual([
      'stack.yaml:23:13 unused-suppression Metadata iam-profile-lint ignore for unknown-instance-profile has no reason: add a reason: key',
      'stack.yaml:23:13 unused-suppression Metadata iam-profile-lint ignore for unknown-instance-profile suppresses nothing',
      `stack.yaml:33:27 role-as-instance-profile ${raw.find((f) => f.resource === 'Api')?.message}`,
    ]);
    // lint() runs the same stage.
    expect((await lint(options)).findings).toEqual(out);
    expect(out.find((f) => f.rule === 'unused-suppression')?.resource).toBe('Web');
  });
});
