/** CloudFormation deploy-time parameters through the built CLI: --parameters and --parameters-file. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = path.resolve(import.meta.dirname, '..', '..', 'dist', 'cli.js');

const template = `Parameters:
  ProfileName:
    Type: String
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: app-role
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }]
  Host:
    Type: AWS::EC2::Instance
    Properties:
      MetadataOptions: { HttpTokens: required }
      IamInstanceProfile: !Ref ProfileName
`;

function run(args: string[], files: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'params-'));
  writeFileSync(path.join(dir, 't.yaml'), template);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const r = spawnSync(process.execPath, [cli, 't.yaml', '--format', 'compact', ...args], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

describe('--parameters and --parameters-file', () => {
  it('without values, the parameter is unknown: no finding', () => {
    expect(run([])).toMatchObject({ status: 0, out: '' });
  });

  it('an AWS CLI parameters file gives the value: the role name is caught', () => {
    const r = run(['--parameters-file', 'p.json'], { 'p.json': '[{"ParameterKey": "ProfileName", "ParameterValue": "app-role"}]' });
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/^t\.yaml:15:27: error \[role-as-instance-profile\]/);
  });

  it('a CodePipeline template configuration works too, and --parameters wins over the file', () => {
    const files = { 'p.json': '{"Parameters": {"ProfileName": "app-role"}}' };
    expect(run(['--parameters-file', 'p.json'], files).status).toBe(1);
    const r = run(['--parameters-file', 'p.json', '--parameters', 'ProfileName=ops-profile'], files);
    expect(r.status).toBe(0);
    expect(r.out).toContain('[unknown-instance-profile] IamInstanceProfile names instance profile "ops-profile"');
  });

  it('bad flags and files are usage errors (exit 2) with a clear message', () => {
    expect(run(['--parameters', 'no-equals-sign'])).toMatchObject({ status: 2, err: expect.stringContaining('--parameters expects KEY=VALUE') });
    expect(run(['--parameters-file', 'missing.json'])).toMatchObject({ status: 2, err: expect.stringContaining('missing.json: no such file') });
    expect(run(['--parameters-file', 'p.json'], { 'p.json': '{"nope": 1}' })).toMatchObject({
      status: 2,
      err: expect.stringContaining('expected [{"ParameterKey"'),
    });
  });
});
