import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { asRulesRead } from '../../src/graph/graph.js';
import type { Resource } from '../../src/graph/types.js';
import { buildGraph, lint } from '../../src/index.js';

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: app-jobs
      VisibilityTimeout: 120
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt AppRole.Arn
      Runtime: python3.12
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
      Description: web servers
      Policies:
        - PolicyName: read-assets
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: arn:aws:s3:::assets/*
  Web:
    Type: AWS::EC2::Instance
    Properties:
      IamInstanceProfile: !Ref AppRole
      InstanceType: t3.micro
  Logs:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [!Ref AppRole]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: logs:PutLogEvents
            Resource: "*"
  Env:
    Type: AWS::ElasticBeanstalk::Environment
    Properties:
      ApplicationName: shop
      SolutionStackName: 64bit Amazon Linux 2023 v4.0.0 running Python 3.11
      OptionSettings:
        - Namespace: aws:autoscaling:launchconfiguration
          OptionName: IamInstanceProfile
          Value: !Ref AppRole
        - Namespace: aws:autoscaling:launchconfiguration
          OptionName: InstanceType
          Value: t3.small
`;

function tree(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rules-read-'));
  writeFileSync(path.join(dir, 'stack.yaml'), TEMPLATE);
  return dir;
}

const keys = (r: Resource | undefined) => r?.props.entries.map((e) => e.key);

describe('the properties a lint keeps', () => {
  it('drops those of a resource no kind or slot names', async () => {
    const graph = await buildGraph({ paths: [tree()] });
    const queue = graph.resources.find((r) => r.type === 'AWS::SQS::Queue');
    // buildGraph hands the graph out: everything is there.
    expect(keys(queue)).toEqual(['QueueName', 'VisibilityTimeout']);
    const read = queue && asRulesRead(queue);
    expect(keys(read)).toEqual([]);
    expect(read?.address).toBe('Jobs');
    expect(read?.props.loc).toBe(queue?.props.loc);
  });

  it("keeps a known kind's canonical paths and a slot's path with the siblings it compares, as the same objects", async () => {
    const graph = await buildGraph({ paths: [tree()] });
    const byType = (type: string) => graph.resources.find((r) => r.type === type);
    const role = byType('AWS::IAM::Role');
    const readRole = role && asRulesRead(role);
    // Inline permission policies and a description: no rule reads them.
    expect(keys(role)).toEqual(['AssumeRolePolicyDocument', 'Description', 'Policies']);
    expect(keys(readRole)).toEqual(['AssumeRolePolicyDocument']);
    expect(readRole?.props.entries[0].value).toBe(role?.canonical.trustPolicy);
    expect(readRole?.canonical.trustPolicy).toBe(role?.canonical.trustPolicy);

    const env = byType('AWS::ElasticBeanstalk::Environment');
    const readEnv = env && asRulesRead(env);
    expect(keys(readEnv)).toEqual(['OptionSettings']);
    const settings = readEnv?.props.entries[0].value;
    expect(settings?.kind === 'list' && settings.items.map((i) => i.kind === 'object' && i.entries.map((e) => e.key))).toEqual([
      ['Namespace', 'OptionName', 'Value'],
      ['Namespace', 'OptionName', 'Value'],
    ]);

    // A managed policy's document: the rules judge trust, not permissions.
    const policy = byType('AWS::IAM::ManagedPolicy');
    const readPolicy = policy && asRulesRead(policy);
    expect(policy?.canonical.policyDocument).toBeDefined();
    expect(readPolicy?.canonical.policyDocument).toBeUndefined();
    expect(keys(readPolicy)).toEqual(['Roles']);
    expect(readPolicy?.canonical.roles).toBe(policy?.canonical.roles);

    // Of a resource that launches instances a rule scans every value; a Lambda function holds only its slot here.
    const instance = byType('AWS::EC2::Instance');
    expect(instance && asRulesRead(instance)).toBe(instance);
    const fn = byType('AWS::Lambda::Function');
    expect(keys(fn && asRulesRead(fn))).toEqual(['Role']);
  });

  it('finds the same with the graph kept as without', async () => {
    const dir = tree();
    const kept = await lint({ paths: [dir], cwd: dir, withGraph: true });
    const dropped = await lint({ paths: [dir], cwd: dir });
    expect(dropped.findings).toEqual(kept.findings);
    expect(dropped.findings.map((f) => f.rule)).toContain('role-as-instance-profile');
    expect(kept.graph?.resources.find((r) => r.type === 'AWS::SQS::Queue')?.props.entries).toHaveLength(2);
  });
});

describe('the rules on what a lint keeps', () => {
  // A rule that reads a property outside the kind and slot tables would find less here: it must read through them.
  const root = path.resolve(import.meta.dirname, '..', '..');
  const dirs = [...readdirSync(path.join(root, 'fixtures')).map((d) => path.join(root, 'fixtures', d)), path.join(root, 'examples')];
  it.each(dirs.map((d) => [path.relative(root, d), d]))('find the same in %s as on the whole graph', async (_name, dir) => {
    const kept = await lint({ paths: [dir], cwd: dir, withGraph: true });
    const dropped = await lint({ paths: [dir], cwd: dir });
    expect(dropped.findings).toEqual(kept.findings);
    expect(kept.findings.length).toBeGreaterThan(0);
  });
});
