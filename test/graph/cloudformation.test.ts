import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCloudFormation } from '../../src/graph/cloudformation/index.js';
import { createGraph } from '../../src/graph/graph.js';
import type { Resource } from '../../src/graph/types.js';
import { objectGet, type Value } from '../../src/graph/value.js';
import { buildGraph, lint } from '../../src/index.js';
import { parseCloudFormation } from '../../src/parsers/cloudformation.js';

function build(text: string, parameters?: Record<string, string>) {
  const parsed = parseCloudFormation(text, 't.yaml');
  const built = buildCloudFormation('t.yaml', parsed.root!, text, parameters ? { parameters: new Map(Object.entries(parameters)) } : {});
  return { ...built, graph: createGraph({ ...built, parseDiagnostics: [], sources: new Map() }) };
}

function prop(resources: Resource[], id: string, key: string): Value {
  const r = resources.find((x) => x.address === id)!;
  return objectGet(r.props, key)!;
}

const roleAndProfile = `Parameters:
  Name:
    Type: String
    Default: app
  NoDefault:
    Type: String
  FromSsm:
    Type: AWS::SSM::Parameter::Value<String>
    Default: /x
Mappings:
  Env:
    prod: { Profile: prod-profile }
Conditions:
  IsProd: !Equals [!Ref Name, prod]
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub "\${Name}-role"
  Profile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [!Ref Role]
  Host:
    Type: AWS::EC2::Instance
    Properties:
      A: !Ref Role
      B: !GetAtt Role.Arn
      C: !GetAtt [Profile, Arn]
      D: !GetAtt Role.RoleId
      E: !Ref Name
      F: !Ref NoDefault
      G: !Ref FromSsm
      H: !If [IsProd, !Ref Profile, !Ref "AWS::NoValue"]
      I: !If [IsProd, !Ref Profile, !Ref Role]
      J: !FindInMap [Env, prod, Profile]
      K: !Ref AWS::AccountId
      L: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/\${Role}"
      M: !Join ["", ["a", !Ref Role]]
      N: !Select [1, [x, !Ref Role]]
`;

describe('CloudFormation builder', () => {
  const { resources, unresolved } = build(roleAndProfile);

  it('Ref and GetAtt carry the attribute they take', () => {
    expect(prop(resources, 'Host', 'A')).toMatchObject({ kind: 'ref', target: 't.yaml#Role', attribute: 'name' });
    expect(prop(resources, 'Host', 'B')).toMatchObject({ kind: 'ref', target: 't.yaml#Role', attribute: 'arn' });
    expect(prop(resources, 'Host', 'C')).toMatchObject({ kind: 'ref', target: 't.yaml#Profile', attribute: 'arn' });
    expect(prop(resources, 'Host', 'D')).toMatchObject({ kind: 'ref', attribute: 'unique-id' });
  });

  it('a parameter is its default, placed where it is used and pointing back at the default', () => {
    const e = prop(resources, 'Host', 'E');
    expect(e).toMatchObject({ kind: 'literal', value: 'app' });
    expect(e.loc.range.start.line).toBe(31);
    expect(e.via?.[0].range.start.line).toBe(4);
  });

  it('parameters without a default, and SSM parameters, are unknown with a reason', () => {
    expect(prop(resources, 'Host', 'F')).toMatchObject({ kind: 'unknown', reason: 'parameter NoDefault has no default' });
    expect(prop(resources, 'Host', 'G')).toMatchObject({ kind: 'unknown', reason: 'parameter FromSsm is read from SSM at deploy time' });
  });

  it('deploy-time parameter values override defaults', () => {
    const overridden = build(roleAndProfile, { Name: 'prod', NoDefault: 'given' });
    expect(prop(overridden.resources, 'Host', 'E')).toMatchObject({ kind: 'literal', value: 'prod' });
    expect(prop(overridden.resources, 'Host', 'F')).toMatchObject({ kind: 'literal', value: 'given' });
  });

  it('Fn::If keeps both branches, and AWS::NoValue is no branch', () => {
    expect(prop(resources, 'Host', 'H')).toMatchObject({ kind: 'ref', target: 't.yaml#Profile' });
    const i = prop(resources, 'Host', 'I');
    expect(i.kind).toBe('choice');
    expect(i.kind === 'choice' && i.options.map((o) => o.kind === 'ref' && o.target)).toEqual(['t.yaml#Profile', 't.yaml#Role']);
  });

  it('FindInMap, Sub, Join and Select evaluate what they can', () => {
    expect(prop(resources, 'Host', 'J')).toMatchObject({ kind: 'literal', value: 'prod-profile' });
    expect(prop(resources, 'Host', 'K')).toMatchObject({ kind: 'unknown', reason: 'pseudo:AWS::AccountId' });
    const l = prop(resources, 'Host', 'L');
    expect(l.kind === 'template' && l.parts.map((p) => (typeof p === 'string' ? p : p.kind))).toEqual(['arn:', 'unknown', ':iam::', 'unknown', ':role/', 'ref']);
    expect(prop(resources, 'Host', 'M')).toMatchObject({ kind: 'template' });
    expect(prop(resources, 'Host', 'N')).toMatchObject({ kind: 'ref', target: 't.yaml#Role' });
  });

  it('canonical props are read through the kind table', () => {
    const role = resources.find((r) => r.address === 'Role')!;
    expect(role.kind).toBe('iam.role');
    expect(role.canonical.name).toMatchObject({ kind: 'template' });
    expect(resources.find((r) => r.address === 'Profile')!.canonical.roles).toMatchObject({ kind: 'list' });
    expect(unresolved).toEqual([]);
  });

  it('SAM functions put their Role in a role slot', () => {
    const { graph } = build(`Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/fn
`);
    expect(graph.slots.map((s) => `${s.resource.address}.${s.slot.path} ${s.slot.expects}`)).toEqual(['Fn.Role role']);
  });
});

describe('across templates', () => {
  function project(files: Record<string, string>): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'cfn-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    return dir;
  }
  const exporter = `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties: {}
Outputs:
  Name:
    Value: !Ref Role
    Export: { Name: net-RoleName }
`;

  it('Fn::ImportValue follows an export into the stack that made it', async () => {
    const dir = project({
      'iam.yaml': exporter,
      'app.yaml': 'Resources:\n  Host:\n    Type: AWS::EC2::Instance\n    Properties:\n      IamInstanceProfile: !ImportValue net-RoleName\n',
    });
    const graph = await buildGraph({ paths: [dir], cwd: dir });
    const [use] = graph.slots;
    expect(use.value).toMatchObject({ kind: 'ref', target: `${path.join(dir, 'iam.yaml')}#Role`, attribute: 'name' });
    expect(use.value.loc.file).toBe(path.join(dir, 'app.yaml'));
    expect(use.value.via?.[0].file).toBe(path.join(dir, 'iam.yaml'));
  });

  it('an export name declared twice is ambiguous and stays unknown', async () => {
    const dir = project({
      'a.yaml': exporter,
      'b.yaml': exporter,
      'app.yaml': 'Resources:\n  Host:\n    Type: AWS::EC2::Instance\n    Properties:\n      IamInstanceProfile: !ImportValue net-RoleName\n',
    });
    const graph = await buildGraph({ paths: [dir], cwd: dir });
    expect(graph.slots[0].value).toMatchObject({ kind: 'unknown' });
  });

  it('CDK output: findings carry the construct path', async () => {
    const dir = project({
      'App.template.json': JSON.stringify({
        Resources: {
          Role1234: { Type: 'AWS::IAM::Role', Properties: {}, Metadata: { 'aws:cdk:path': 'App/WebRole/Resource' } },
          Host5678: {
            Type: 'AWS::EC2::Instance',
            Properties: { IamInstanceProfile: { Ref: 'Role1234' } },
            Metadata: { 'aws:cdk:path': 'App/Web/Resource' },
          },
        },
      }),
    });
    const { findings } = await lint({ paths: [dir], cwd: dir });
    expect(findings.find((f) => f.rule === 'role-as-instance-profile')?.message).toMatch(/\[CDK: App\/Web\/Resource\]$/);
  });
});
