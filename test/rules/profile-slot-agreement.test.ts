/**
 * The agreement between the rules that read an instance-profile slot
 * (graph/queries/profile-slot.ts): where the slot holds a role,
 * role-as-instance-profile speaks and instance-profile-wrong-form and
 * imds-v2-not-required stay quiet; given a profile, the other two speak.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';

const work = mkdtempSync(path.join(tmpdir(), 'ipl-agreement-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const template = (slot: string): string => `Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
  AppProfile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [!Ref AppRole]
  AppPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [!Ref AppRole]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: "*"
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      IamInstanceProfile: ${slot}
`;

async function rulesAtSlot(name: string, slot: string): Promise<string[]> {
  const file = path.join(work, name);
  writeFileSync(file, template(slot));
  const { findings } = await lint({ paths: [file], cwd: work });
  return findings.filter((f) => f.line === 27).map((f) => `${f.rule}.${f.messageId}`);
}

describe('profile slot agreement', () => {
  it('a role ARN in the slot: role-as-instance-profile alone', async () => {
    expect(await rulesAtSlot('role.yaml', '!GetAtt AppRole.Arn')).toEqual(['role-as-instance-profile.roleArnGiven']);
  });

  it('a managed policy in the slot: not-a-role-or-profile alone', async () => {
    expect(await rulesAtSlot('policy.yaml', '!Ref AppPolicy')).toEqual(['not-a-role-or-profile.inProfileSlot']);
  });

  it('a profile ARN in the slot (no role): wrong form and IMDSv2 both speak', async () => {
    expect(await rulesAtSlot('profile.yaml', '!GetAtt AppProfile.Arn')).toEqual([
      'imds-v2-not-required.notRequired',
      'instance-profile-wrong-form.wrongForm',
    ]);
  });
});
