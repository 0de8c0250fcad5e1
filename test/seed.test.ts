/**
 * The seed articles' templates, end to end through the built CLI: the broken
 * one fails the gate with role-as-instance-profile on the IamInstanceProfile
 * line; the "fixed" one (a profile named after the role, referenced by the
 * role's name) passes with a profile-by-role-name warning on the same line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = path.resolve(import.meta.dirname, '..', 'dist', 'cli.js');

const cfnBroken = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
    EC2Instance:
        Type: "AWS::EC2::Instance"
        Properties:
            IamInstanceProfile: !Ref IAMRole
            Tags:
              -
                Key: "Name"
                Value: "Test"

    IAMRole:
        Type: "AWS::IAM::Role"
        Properties:
            Path: "/"
            RoleName: "Yuta20220815"
            AssumeRolePolicyDocument: "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"ec2.amazonaws.com\\"},\\"Action\\":\\"sts:AssumeRole\\"}]}"
`;

const cfnFixed = `${cfnBroken}
    IAMInstanceProfile:
        Type: "AWS::IAM::InstanceProfile"
        Properties:
            Path: "/"
            InstanceProfileName: !Ref IAMRole
            Roles:
              - !Ref IAMRole
`;

const tfBroken = `resource "aws_instance" "EC2Instance" {
    tags = {
        Name = "Test"
    }
    iam_instance_profile = aws_iam_role.IAMRole.name
}

resource "aws_iam_role" "IAMRole" {
    path = "/"
    name = "Yuta20220815"
    assume_role_policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"ec2.amazonaws.com\\"},\\"Action\\":\\"sts:AssumeRole\\"}]}"
}
`;

const tfFixed = `${tfBroken}
resource "aws_iam_instance_profile" "IAMInstanceProfile" {
    path = "/"
    name = aws_iam_role.IAMRole.name
    role = aws_iam_role.IAMRole.name
}
`;

function run(name: string, text: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'seed-'));
  writeFileSync(path.join(dir, name), text);
  const r = spawnSync(process.execPath, [cli, '--format', 'json', '.'], { cwd: dir, encoding: 'utf8' });
  const findings = (JSON.parse(r.stdout) as { findings: Array<{ rule: string; severity: string; line: number; column: number }> }).findings;
  return { status: r.status, findings: findings.map((f) => `${f.line}:${f.column} ${f.severity} ${f.rule}`) };
}

describe('the seed articles, through the CLI', () => {
  it('CloudFormation without a profile: error on the IamInstanceProfile line, exit 1', () => {
    expect(run('template.yaml', cfnBroken)).toEqual({ status: 1, findings: ['6:33 error role-as-instance-profile'] });
  });
  it('CloudFormation "fixed" by a same-named profile: a warning on that line, exit 0', () => {
    expect(run('template.yaml', cfnFixed)).toEqual({ status: 0, findings: ['6:33 warning imds-v2-not-required', '6:33 warning profile-by-role-name'] });
  });
  it('Terraform without a profile: error on the iam_instance_profile line, exit 1', () => {
    expect(run('main.tf', tfBroken)).toEqual({ status: 1, findings: ['5:28 error role-as-instance-profile'] });
  });
  it('Terraform "fixed" by a same-named profile: a warning on that line, exit 0', () => {
    expect(run('main.tf', tfFixed)).toEqual({ status: 0, findings: ['5:28 warning imds-v2-not-required', '5:28 warning profile-by-role-name'] });
  });
});
