/**
 * A StackSet's TemplateBody is a template of its own, written in a string:
 * its findings are placed in the file where the string writes them, a
 * syntax error in it is reported there, and no fix edits the string.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { lint } from '../../src/index.js';
import { tempTrees } from '../temp-tree.js';

const tree = tempTrees('embedded');

const stackSet = (body: string): string => `Resources:
  Roles:
    Type: AWS::CloudFormation::StackSet
    Properties:
      StackSetName: roles
      PermissionModel: SELF_MANAGED
      TemplateBody: |
${body
  .split('\n')
  .map((line) => (line === '' ? '' : `        ${line}`))
  .join('\n')}`;

const roleAndHost = `Resources:
  HostRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
  Host:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      MetadataOptions: { HttpTokens: required }
      IamInstanceProfile: !Ref HostRole
`;

describe('templates written in a StackSet TemplateBody', () => {
  it('reports in the file, on the line and column where the string writes the value', async () => {
    const dir = tree({ 'stackset.yaml': stackSet(roleAndHost) });
    const result = await lint({ paths: [dir], cwd: dir, fixes: true });
    const found = result.findings.map((f) => [path.basename(f.file), f.rule, f.line, f.column]);
    expect(found).toEqual([['stackset.yaml', 'role-as-instance-profile', 22, 35]]);
    // The role is inside a string: a new profile cannot be written beside it.
    expect(result.findings[0].fix).toBeUndefined();
  });

  it('reports a syntax error of the inner template where it is written, and reads the outer template on', async () => {
    const dir = tree({ 'stackset.yaml': stackSet('Resources:\n  Broken: [one\n') });
    const result = await lint({ paths: [dir], cwd: dir });
    const errors = result.findings.filter((f) => f.rule === 'parse-error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((f) => path.basename(f.file) === 'stackset.yaml' && f.line >= 8)).toBe(true);
  });

  it('leaves a TemplateBody that is not a string alone', async () => {
    const dir = tree({ 'stackset.yaml': 'Resources:\n  Roles:\n    Type: AWS::CloudFormation::StackSet\n    Properties:\n      TemplateBody: !Rain::Embed roles.yaml\n' });
    const result = await lint({ paths: [dir], cwd: dir });
    expect(result.findings).toEqual([]);
  });
});
