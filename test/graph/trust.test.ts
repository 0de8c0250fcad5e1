import { describe, expect, it } from 'vitest';
import { buildCloudFormation } from '../../src/graph/cloudformation/index.js';
import { createGraph } from '../../src/graph/graph.js';
import { trustPolicy } from '../../src/graph/policy.js';
import { matchText, namesService, roleTrustsService, serviceTrust } from '../../src/graph/queries/trust.js';
import type { Graph, Resource } from '../../src/graph/types.js';
import { parseCloudFormation } from '../../src/parsers/cloudformation.js';
import { build, resource } from './terraform-helpers.js';

/** A one-role template whose trust policy is the given YAML (indented under AssumeRolePolicyDocument). */
function cfnRole(doc: string, extra = ''): { graph: Graph; role: Resource } {
  const text = `Parameters:
  Svc:
    Type: String
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
${doc
  .split('\n')
  .map((l) => `        ${l}`)
  .join('\n')}
${extra}`;
  const parsed = parseCloudFormation(text, 't.yaml');
  if (!parsed.root) throw new Error('no root');
  const built = buildCloudFormation('t.yaml', parsed.root, text);
  const graph = createGraph({ resources: built.resources, unresolved: built.unresolved, parseDiagnostics: [], sources: new Map() });
  return { graph, role: graph.resources.find((r) => r.address === 'Role')! };
}

function trust(doc: string, service = 'ec2.amazonaws.com'): string {
  const { graph, role } = cfnRole(doc);
  return roleTrustsService(role, service, graph);
}

describe('serviceTrust', () => {
  it('a Service principal with sts:AssumeRole is trusted; another service is not', () => {
    const doc = `Statement:
  - Effect: Allow
    Principal: { Service: ec2.amazonaws.com }
    Action: sts:AssumeRole`;
    expect(trust(doc)).toBe('trusted');
    expect(trust(doc, 'lambda.amazonaws.com')).toBe('not-trusted');
  });

  it('lists of services and actions, case-insensitive', () => {
    const doc = `Statement:
  - Effect: Allow
    Principal: { Service: [lambda.amazonaws.com, EC2.amazonaws.com] }
    Action: [sts:TagSession, STS:assumerole]`;
    expect(trust(doc)).toBe('trusted');
  });

  it('wildcard actions: *, sts:*, sts:Assume*; NotAction that spares AssumeRole', () => {
    for (const action of ['"*"', 'sts:*', 'sts:Assume*', 'sts:AssumeRol?']) {
      expect(trust(`Statement:\n  - Effect: Allow\n    Principal: { Service: ec2.amazonaws.com }\n    Action: ${action}`)).toBe('trusted');
    }
    expect(trust(`Statement:\n  - Effect: Allow\n    Principal: { Service: ec2.amazonaws.com }\n    Action: sts:AssumeRoleWithSAML`)).toBe('not-trusted');
    expect(trust(`Statement:\n  - Effect: Allow\n    Principal: { Service: ec2.amazonaws.com }\n    NotAction: sts:TagSession`)).toBe('trusted');
    expect(trust(`Statement:\n  - Effect: Allow\n    Principal: { Service: ec2.amazonaws.com }\n    NotAction: sts:*`)).toBe('not-trusted');
  });

  it('"*" principals trust every service; AWS and Federated principals do not', () => {
    expect(trust(`Statement:\n  - Effect: Allow\n    Principal: "*"\n    Action: sts:AssumeRole`)).toBe('trusted');
    expect(trust(`Statement:\n  - Effect: Allow\n    Principal: { AWS: "*" }\n    Action: sts:AssumeRole`)).toBe('trusted');
    expect(trust(`Statement:\n  - Effect: Allow\n    Principal: { AWS: arn:aws:iam::123456789012:root }\n    Action: sts:AssumeRole`)).toBe('not-trusted');
    expect(trust(`Statement:\n  - Effect: Allow\n    Principal: { Federated: cognito-identity.amazonaws.com }\n    Action: sts:AssumeRoleWithWebIdentity`)).toBe('not-trusted');
  });

  it('a Deny on the service wins; a conditional Deny leaves it unknown', () => {
    const allow = `  - Effect: Allow\n    Principal: { Service: ec2.amazonaws.com }\n    Action: sts:AssumeRole`;
    expect(trust(`Statement:\n${allow}\n  - Effect: Deny\n    Principal: { Service: ec2.amazonaws.com }\n    Action: "*"`)).toBe('not-trusted');
    expect(
      trust(`Statement:\n${allow}\n  - Effect: Deny\n    Principal: { Service: ec2.amazonaws.com }\n    Action: "*"\n    Condition: { StringEquals: { aws:SourceAccount: "1" } }`),
    ).toBe('unknown');
  });

  it('China partition and ${AWS::URLSuffix} spellings of the service', () => {
    expect(trust(`Statement:\n  - Effect: Allow\n    Principal: { Service: ec2.amazonaws.com.cn }\n    Action: sts:AssumeRole`)).toBe('trusted');
    expect(trust(`Statement:\n  - Effect: Allow\n    Principal: { Service: !Sub "ec2.\${AWS::URLSuffix}" }\n    Action: sts:AssumeRole`)).toBe('unknown');
    // A computed suffix cannot turn lambda.* into ec2.*.
    expect(trust(`Statement:\n  - Effect: Allow\n    Principal: { Service: !Sub "lambda.\${AWS::URLSuffix}" }\n    Action: sts:AssumeRole`)).toBe('not-trusted');
  });

  it('regional service principals stand for the service', () => {
    const regional = (principal: string) => trust(`Statement:\n  - Effect: Allow\n    Principal: { Service: ${principal} }\n    Action: sts:AssumeRole`, 'states.amazonaws.com');
    expect(regional('states.eu-west-1.amazonaws.com')).toBe('trusted');
    expect(regional('!Sub "states.${AWS::Region}.amazonaws.com"')).toBe('unknown');
    expect(regional('!Sub "lambda.${AWS::Region}.amazonaws.com"')).toBe('not-trusted');
    expect(regional('states.example.com')).toBe('not-trusted');
  });

  it('namesService: the service is named even when the action is missing', () => {
    const { graph, role } = cfnRole(`Statement:\n  - Effect: Allow\n    Principal: { Service: ec2.amazonaws.com }\n    Actions: sts:AssumeRole`);
    const policy = trustPolicy(role.canonical.trustPolicy);
    expect(serviceTrust(policy, 'ec2.amazonaws.com', graph)).toBe('not-trusted');
    expect(namesService(policy, 'ec2.amazonaws.com', graph)).toBe(true);
    expect(namesService(policy, 'lambda.amazonaws.com', graph)).toBe(false);
  });

  it('anything computed that could decide it is unknown', () => {
    expect(trust(`Statement:\n  - Effect: Allow\n    Principal: { Service: !Ref Svc }\n    Action: sts:AssumeRole`)).toBe('unknown');
    expect(trust(`Statement:\n  - Effect: Allow\n    Principal: !Ref Svc\n    Action: sts:AssumeRole`)).toBe('unknown');
    expect(trust(`Statement:\n  - Effect: !Ref Svc\n    Principal: { Service: lambda.amazonaws.com }\n    Action: sts:AssumeRole`)).toBe('unknown');
    expect(trust(`Statement:\n  - Effect: Allow\n    Principal: { Service: ec2.amazonaws.com }\n    Action: !Ref Svc`)).toBe('unknown');
    expect(trust(`Statement:\n  - !Ref Svc`)).toBe('unknown');
    expect(trust(`!Ref Svc`)).toBe('unknown');
  });

  it('an empty trust policy trusts nobody', () => {
    expect(serviceTrust(trustPolicy({ kind: 'object', entries: [], loc: loc() }), 'ec2.amazonaws.com', emptyGraph())).toBe('not-trusted');
    expect(serviceTrust(undefined, 'ec2.amazonaws.com', emptyGraph())).toBe('unknown');
  });

  it('Terraform: jsonencode and data "aws_iam_policy_document" (Effect defaults to Allow)', () => {
    const result = build({
      'main.tf': `
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}
resource "aws_iam_role" "doc" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
resource "aws_iam_role" "json" {
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
data "aws_iam_role" "external" {
  name = "x"
}
`,
    });
    const graph = createGraph({ resources: result.resources, unresolved: [], parseDiagnostics: [], sources: new Map() });
    expect(roleTrustsService(resource(result, 'aws_iam_role.doc'), 'ecs-tasks.amazonaws.com', graph)).toBe('trusted');
    expect(roleTrustsService(resource(result, 'aws_iam_role.doc'), 'ec2.amazonaws.com', graph)).toBe('not-trusted');
    expect(roleTrustsService(resource(result, 'aws_iam_role.json'), 'lambda.amazonaws.com', graph)).toBe('trusted');
    expect(roleTrustsService(resource(result, 'data.aws_iam_role.external'), 'ec2.amazonaws.com', graph)).toBe('unknown');
  });
});

describe('matchText', () => {
  it('wildcards only when asked; holes make a possible match maybe', () => {
    const graph = emptyGraph();
    const lit = (value: string) => ({ kind: 'literal' as const, value, loc: loc() });
    expect(matchText(lit('sts:*'), 'sts:AssumeRole', graph, true)).toBe('yes');
    expect(matchText(lit('sts:*'), 'sts:AssumeRole', graph, false)).toBe('no');
    expect(matchText(lit('a.b'), 'aXb', graph, false)).toBe('no');
    const hole = { kind: 'template' as const, parts: ['ec2.', { kind: 'unknown' as const, reason: 'x', loc: loc() }], loc: loc() };
    expect(matchText(hole, 'ec2.amazonaws.com', graph, false)).toBe('maybe');
    expect(matchText(hole, 'lambda.amazonaws.com', graph, false)).toBe('no');
  });
});

function loc() {
  const p = { line: 1, column: 1, offset: 0 };
  return { file: 'x', range: { start: p, end: p } };
}

function emptyGraph(): Graph {
  return createGraph({ resources: [], unresolved: [], parseDiagnostics: [], sources: new Map() });
}
