import { describe, expect, it } from 'vitest';
import { parseCloudFormation } from '../../src/parsers/cloudformation.js';
import type { CfnMap, CfnNode, CfnScalar, CfnSeq } from '../../src/parsers/cloudformation-tree.js';
import { parseEmbeddedJson, stringIndexMapper } from '../../src/parsers/embedded-json.js';
import { LineIndex } from '../../src/shared/source.js';

const POLICY =
  '"{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"ec2.amazonaws.com\\"},\\"Action\\":\\"sts:AssumeRole\\"}]}"';

const SEED_YAML = [
  "AWSTemplateFormatVersion: '2010-09-09'",
  'Resources:',
  '  AppRole:',
  '    Type: AWS::IAM::Role',
  '    Properties:',
  `      AssumeRolePolicyDocument: ${POLICY}`,
  '  AppProfile:',
  '    Type: AWS::IAM::InstanceProfile',
  '    Properties:',
  '      Roles: [!Ref AppRole]',
  '',
].join('\n');

const SEED_JSON = [
  '{',
  '  "Resources": {',
  '    "AppRole": {',
  '      "Type": "AWS::IAM::Role",',
  `      "Properties": { "AssumeRolePolicyDocument": ${POLICY} }`,
  '    }',
  '  }',
  '}',
].join('\n');

function find(node: CfnNode, ...path: Array<string | number>): CfnNode {
  let at = node;
  for (const step of path) {
    if (typeof step === 'number') at = (at as CfnSeq).items[step];
    else at = (at as CfnMap).entries.find((e) => e.key === step)?.value as CfnNode;
  }
  return at;
}

/** Parses a template, then the JSON policy inside its `AssumeRolePolicyDocument` string. */
function embeddedPolicy(text: string, file: string, ...path: string[]): { policy: CfnNode; scalar: CfnScalar } {
  const { root } = parseCloudFormation(text, file);
  const scalar = find(root as CfnNode, ...path) as CfnScalar;
  const policy = parseEmbeddedJson(scalar.value as string, stringIndexMapper(text, scalar.loc, scalar.style), file);
  expect(policy).not.toBeNull();
  return { policy: policy as CfnNode, scalar };
}

/** 1-based line:column of the n-th occurrence of `needle` in `text`. */
function whereIs(text: string, needle: string, occurrence = 0): string {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = text.indexOf(needle, at + 1);
  const p = new LineIndex(text.replace(/^\uFEFF/, '')).position(at - (text.charCodeAt(0) === 0xfeff ? 1 : 0));
  return `${p.line}:${p.column}`;
}

function start(node: CfnNode): string {
  return `${node.loc.range.start.line}:${node.loc.range.start.column}`;
}

function end(node: CfnNode): string {
  return `${node.loc.range.end.line}:${node.loc.range.end.column}`;
}

const SERVICE = ['Statement', 0, 'Principal', 'Service'] as const;

/** The template from the seed articles (zenn.dev/yuta28, dev.to/yuta28), as written there. */
const SEED_ARTICLE = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Resources:',
  '    EC2Instance:',
  '        Type: "AWS::EC2::Instance"',
  '        Properties:',
  '            IamInstanceProfile: !Ref IAMRole',
  '    IAMRole:',
  '        Type: "AWS::IAM::Role"',
  '        Properties:',
  '            Path: "/"',
  '            RoleName: "Yuta20220815"',
  `            AssumeRolePolicyDocument: ${POLICY}`,
  '    IAMInstanceProfile:',
  '        Type: "AWS::IAM::InstanceProfile"',
  '        Properties:',
  '            Path: "/"',
  '            InstanceProfileName: !Ref IAMRole',
  '            Roles:',
  '              - !Ref IAMRole',
  '',
].join('\n');

describe('a JSON policy in a double-quoted string', () => {
  it("maps ec2.amazonaws.com in the seed article's template to line 12, column 132", () => {
    const { policy } = embeddedPolicy(SEED_ARTICLE, 'seed.yaml', 'Resources', 'IAMRole', 'Properties', 'AssumeRolePolicyDocument');
    const service = find(policy, ...SERVICE);
    expect(service).toMatchObject({ value: 'ec2.amazonaws.com', style: 'json' });
    // The string's opening quote is written \" at column 132; its first letter is at 134.
    expect(start(service)).toBe('12:132');
    expect(end(service)).toBe('12:153');
    const { scalar } = embeddedPolicy(SEED_ARTICLE, 'seed.yaml', 'Resources', 'IAMRole', 'Properties', 'AssumeRolePolicyDocument');
    const map = stringIndexMapper(SEED_ARTICLE, scalar.loc, scalar.style);
    const e = map((scalar.value as string).indexOf('ec2.amazonaws.com'));
    expect(`${e.line}:${e.column}`).toBe('12:134');
  });

  it('maps ec2.amazonaws.com to its place in the YAML template', () => {
    const { policy } = embeddedPolicy(SEED_YAML, 'seed.yaml', 'Resources', 'AppRole', 'Properties', 'AssumeRolePolicyDocument');
    const service = find(policy, ...SERVICE) as CfnScalar;
    expect(service).toMatchObject({ kind: 'scalar', value: 'ec2.amazonaws.com', style: 'json' });
    expect(service.loc.file).toBe('seed.yaml');
    // The JSON string starts at its quote, written \" in the file.
    expect(start(service)).toBe(whereIs(SEED_YAML, '\\"ec2.amazonaws.com'));
    expect(start(service)).toBe('6:126');
    expect(end(service)).toBe(whereIs(SEED_YAML, '},\\"Action'));
    expect(start(policy)).toBe(whereIs(SEED_YAML, '{\\"Version'));
    expect(plain(policy)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
  });

  it('maps every decoded character to the character it came from', () => {
    const { scalar } = embeddedPolicy(SEED_YAML, 'seed.yaml', 'Resources', 'AppRole', 'Properties', 'AssumeRolePolicyDocument');
    const map = stringIndexMapper(SEED_YAML, scalar.loc, scalar.style);
    const decoded = scalar.value as string;
    const lines = new LineIndex(SEED_YAML);
    for (let i = 0; i < decoded.length; i++) {
      const p = map(i);
      expect(lines.position(p.offset)).toEqual(p);
      const written = SEED_YAML[p.offset];
      expect(written === decoded[i] || (written === '\\' && SEED_YAML[p.offset + 1] === decoded[i])).toBe(true);
    }
  });

  it('maps the same in a JSON template', () => {
    const { policy } = embeddedPolicy(SEED_JSON, 'seed.json', 'Resources', 'AppRole', 'Properties', 'AssumeRolePolicyDocument');
    const service = find(policy, ...SERVICE);
    expect(start(service)).toBe(whereIs(SEED_JSON, '\\"ec2.amazonaws.com'));
    expect(start(service)).toBe('5:144');
  });

  it('maps through CRLF line ends and a BOM', () => {
    const text = '\uFEFF' + SEED_YAML.replace(/\n/g, '\r\n');
    const { policy } = embeddedPolicy(text, 'seed.yaml', 'Resources', 'AppRole', 'Properties', 'AssumeRolePolicyDocument');
    expect(start(find(policy, ...SERVICE))).toBe('6:126');
  });

  it('walks \\u escapes and folded line breaks', () => {
    const text = 'P: "{\\u0022a\\u0022:\n   \\"x\\"}"\n';
    const { policy } = embeddedPolicy(text, 't.yaml', 'P');
    expect(plain(policy)).toEqual({ a: 'x' });
    const a = (policy as CfnMap).entries[0];
    expect(start({ ...a.value })).toBe('2:4');
    expect(`${a.keyLoc.range.start.line}:${a.keyLoc.range.start.column}`).toBe('1:6');
  });
});

describe('other scalar styles', () => {
  it('single-quoted', () => {
    const text = `P: '{"a": "it''s", "b": 1}'\n`;
    const { policy } = embeddedPolicy(text, 't.yaml', 'P');
    expect(plain(policy)).toEqual({ a: "it's", b: 1 });
    expect(start(find(policy, 'b'))).toBe(whereIs(text, '1}'));
  });

  it('block literal', () => {
    const text = [
      'Resources:',
      '  R:',
      '    Properties:',
      '      AssumeRolePolicyDocument: |',
      '        {',
      '          "Statement": [{"Principal": {"Service": "ec2.amazonaws.com"}}]',
      '        }',
      '',
    ].join('\n');
    const { policy } = embeddedPolicy(text, 't.yaml', 'Resources', 'R', 'Properties', 'AssumeRolePolicyDocument');
    expect(start(find(policy, 'Statement', 0, 'Principal', 'Service'))).toBe(whereIs(text, '"ec2.amazonaws.com'));
    expect(start(policy)).toBe('5:9');
    expect(end(policy)).toBe('7:10');
  });

  it('block folded', () => {
    const text = ['P: >', '  {"a":', '  "b",', '', '  "c": 1}', ''].join('\n');
    const { policy } = embeddedPolicy(text, 't.yaml', 'P');
    expect(plain(policy)).toEqual({ a: 'b', c: 1 });
    expect(start(find(policy, 'c'))).toBe('5:8');
  });

  it('multi-line plain scalar', () => {
    const text = 'P: x{"a"\n  :1}\n';
    const scalar = find(parseCloudFormation(text, 't.yaml').root as CfnNode, 'P') as CfnScalar;
    expect(scalar.value).toBe('x{"a" :1}');
    const map = stringIndexMapper(text, scalar.loc, scalar.style);
    const at = (i: number) => `${map(i).line}:${map(i).column}`;
    expect([at(0), at(4), at(5), at(6), at(7)]).toEqual(['1:4', '1:8', '1:9', '2:3', '2:4']);
  });
});

describe('parseEmbeddedJson', () => {
  const identity = (i: number) => ({ line: 1, column: i + 1, offset: i });

  it.each(['', 'arn:aws:iam::aws:policy/ReadOnly', '{not json}', '{"a": 1', '"just a string"', '42'])('returns null for %j', (s) => {
    expect(parseEmbeddedJson(s, identity, 'f')).toBeNull();
  });

  it('does not read intrinsic functions inside a string', () => {
    const node = parseEmbeddedJson('{"Ref": "X"}', identity, 'f');
    expect(node?.kind).toBe('map');
  });

  it('keeps the last of repeated keys, like JSON.parse', () => {
    expect(plain(parseEmbeddedJson('{"a": 1, "a": 2}', identity, 'f'))).toEqual({ a: 2 });
  });

  it('ends a value where the next character starts', () => {
    const node = parseEmbeddedJson('  ["x"]  ', identity, 'f') as CfnSeq;
    expect(node.loc.range.start.column).toBe(3);
    expect(node.loc.range.end.column).toBe(8);
    expect(node.items[0].loc.range).toMatchObject({ start: { column: 4 }, end: { column: 7 } });
  });

  it('an unplaceable index maps to the scalar start', () => {
    const loc = { file: 'f', range: { start: { line: 1, column: 4, offset: 3 }, end: { line: 1, column: 9, offset: 8 } } };
    expect(stringIndexMapper('A: "abc"', loc, 'double')(99)).toEqual(loc.range.start);
    expect(stringIndexMapper('A: "abc"', loc, 'json')(1)).toEqual(loc.range.start);
  });
});

function plain(node: CfnNode | null): unknown {
  if (node === null) return null;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(plain);
  if (node.kind === 'map') return Object.fromEntries(node.entries.map((e) => [e.key, plain(e.value)]));
  return { [node.name]: plain(node.arg) };
}
