import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyBaseline, createBaseline, parseBaseline, serializeBaseline, type Baseline } from '../../src/engine/baseline.js';
import { lint } from '../../src/index.js';
import type { Finding } from '../../src/shared/finding.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipl-baseline-'));
  made.push(dir);
  return dir;
}

function finding(overrides: Partial<Finding>): Finding {
  return {
    rule: 'role-as-instance-profile',
    severity: 'error',
    message: 'IamInstanceProfile is given role AppRole',
    file: 'infra/stack.yaml',
    line: 12,
    column: 7,
    endLine: 12,
    endColumn: 31,
    resource: 'Instance',
    ...overrides,
  };
}

const here = { root: '/repo', cwd: '/repo' };

describe('baseline', () => {
  it('records findings readably and round-trips through its file format', () => {
    const baseline = createBaseline([finding({}), finding({ file: 'a.tf', rule: 'x', resource: undefined, message: 'm' })], here);
    expect(baseline.findings).toEqual([
      { fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/), rule: 'x', file: 'a.tf', message: 'm' },
      expect.objectContaining({ rule: 'role-as-instance-profile', file: 'infra/stack.yaml', resource: 'Instance' }),
    ]);
    const text = serializeBaseline(baseline);
    expect(text.endsWith('}\n')).toBe(true);
    expect(applyBaseline([finding({})], parseBaseline(text, 'b.json'), here)).toEqual({ kept: [], baselined: 1, stale: 1 });
  });

  it('keeps new findings, and a second identical finding counts as new', () => {
    const baseline = createBaseline([finding({})], here);
    const again = finding({ line: 30, endLine: 30 });
    const other = finding({ resource: 'Other' });
    expect(applyBaseline([finding({ line: 3, endLine: 3 }), again, other], baseline, here)).toEqual({ kept: [again, other], baselined: 1, stale: 0 });
  });

  it('keys files on the baseline file directory, whatever the working directory', () => {
    const baseline = createBaseline([finding({})], { root: '/repo', cwd: '/repo' });
    const fromSubdir = finding({ file: 'stack.yaml' });
    expect(applyBaseline([fromSubdir], baseline, { root: '/repo', cwd: '/repo/infra' }).baselined).toBe(1);
    expect(applyBaseline([fromSubdir], baseline, { root: '/repo', cwd: '/repo' }).baselined).toBe(0);
  });

  it.each([
    ['not json', /b\.json: not a baseline file \(/],
    ['{"findings": []}', /b\.json: not a baseline file \(expected \{"version": 1/],
    ['{"version": 1, "findings": [{"rule": "x"}]}', /b\.json: findings\[0\]: expected an object with a "fingerprint" string/],
  ])('rejects a malformed file %j', (text, message) => {
    expect(() => parseBaseline(text, 'b.json')).toThrow(message);
  });
});

const ROLE = `  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
`;
const instance = (name: string, type = 't3.micro'): string => `  ${name}:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      InstanceType: ${type}
      MetadataOptions: { HttpTokens: required }
      IamInstanceProfile: !Ref AppRole
`;
const TF = `resource "aws_iam_role" "app" {
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
}

resource "aws_instance" "web" {
  ami                  = "ami-12345678"
  metadata_options {
    http_tokens = "required"
  }
  iam_instance_profile = aws_iam_role.app.name
}
`;

describe('baseline on real lint runs', () => {
  async function lintDir(dir: string): Promise<Finding[]> {
    return (await lint({ paths: ['.'], cwd: dir })).findings;
  }

  it('survives line shifts and unrelated edits, and reports what is really new', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'stack.yaml'), `Resources:\n${ROLE}${instance('Web')}`);
    fs.mkdirSync(path.join(dir, 'tf'));
    fs.writeFileSync(path.join(dir, 'tf', 'main.tf'), TF);
    const before = await lintDir(dir);
    expect(before.map((f) => f.rule)).toEqual(['role-as-instance-profile', 'role-as-instance-profile']);
    const baseline: Baseline = parseBaseline(serializeBaseline(createBaseline(before, { root: dir, cwd: dir })), 'b');

    // Comments and a new resource above, another property changed, the Terraform block moved down.
    fs.writeFileSync(
      path.join(dir, 'stack.yaml'),
      `# Web tier\n# owned by the platform team\nAWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n${ROLE}${instance('Web', 'm5.large')}`,
    );
    fs.writeFileSync(path.join(dir, 'tf', 'main.tf'), `locals {\n  env = "prod"\n}\n\n${TF}`);
    const shifted = await lintDir(dir);
    expect(shifted.map((f) => f.line)).not.toEqual(before.map((f) => f.line));
    expect(applyBaseline(shifted, baseline, { root: dir, cwd: dir })).toEqual({ kept: [], baselined: 2, stale: 0 });

    // A second instance with the same mistake is a new finding.
    fs.appendFileSync(path.join(dir, 'stack.yaml'), instance('Worker'));
    const grown = applyBaseline(await lintDir(dir), baseline, { root: dir, cwd: dir });
    expect(grown.kept.map((f) => `${f.resource} ${f.rule}`)).toEqual(['Worker role-as-instance-profile']);
    expect(grown.baselined).toBe(2);
  });
});
