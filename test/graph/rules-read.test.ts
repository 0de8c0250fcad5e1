import { mkdtempSync, writeFileSync } from 'node:fs';
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
  Web:
    Type: AWS::EC2::Instance
    Properties:
      IamInstanceProfile: !Ref AppRole
`;

function tree(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rules-read-'));
  writeFileSync(path.join(dir, 'stack.yaml'), TEMPLATE);
  return dir;
}

const keys = (r: Resource | undefined) => r?.props.entries.map((e) => e.key);

describe('the properties a lint keeps', () => {
  it('drops those of a resource no kind or slot names, and keeps the rest', async () => {
    const dir = tree();
    const graph = await buildGraph({ paths: [dir], cwd: dir });
    const byType = (type: string) => graph.resources.find((r) => r.type === type);
    // buildGraph hands the graph out: everything is there.
    expect(keys(byType('AWS::SQS::Queue'))).toEqual(['QueueName', 'VisibilityTimeout']);
    const read = graph.resources.map(asRulesRead);
    const queue = read.find((r) => r.type === 'AWS::SQS::Queue');
    expect(keys(queue)).toEqual([]);
    expect(queue?.address).toBe('Jobs');
    expect(queue?.props.loc).toBe(byType('AWS::SQS::Queue')?.props.loc);
    // A Lambda function has a role slot; a role and an instance have kinds: unchanged.
    for (const type of ['AWS::Lambda::Function', 'AWS::IAM::Role', 'AWS::EC2::Instance']) {
      expect(read.find((r) => r.type === type)).toBe(byType(type));
    }
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
