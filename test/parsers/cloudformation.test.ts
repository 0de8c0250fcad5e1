import { describe, expect, it } from 'vitest';
import { parseCloudFormation } from '../../src/parsers/cloudformation.js';
import type { CfnFn, CfnMap, CfnNode, CfnParseResult, CfnScalar, CfnSeq } from '../../src/parsers/cloudformation-tree.js';

/** `line:col-line:col` of a node's range. */
function span(node: { loc: CfnNode['loc'] }): string {
  const { start, end } = node.loc.range;
  return `${start.line}:${start.column}-${end.line}:${end.column}`;
}

/** The tree as plain data: scalars as values, fn nodes as `{ name: arg }`. */
function plain(node: CfnNode | null): unknown {
  if (node === null) return null;
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(plain);
    case 'map':
      return Object.fromEntries(node.entries.map((e) => [e.key, plain(e.value)]));
    case 'fn':
      return { [`!${node.name}`]: plain(node.arg) };
  }
}

function parse(text: string, file = 'template.yaml'): CfnParseResult {
  const result = parseCloudFormation(text, file);
  return result;
}

function root(text: string): CfnMap {
  const result = parse(text);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(result.root?.kind).toBe('map');
  return result.root as CfnMap;
}

function get(map: CfnNode, ...path: Array<string | number>): CfnNode {
  let node: CfnNode = map;
  for (const step of path) {
    if (typeof step === 'number') node = (node as CfnSeq).items[step];
    else {
      const entry = (node as CfnMap).entries.find((e) => e.key === step);
      if (!entry) throw new Error(`no key ${step}`);
      node = entry.value;
    }
  }
  return node;
}

function errors(text: string, file = 'broken.yaml'): string[] {
  return parse(text, file)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => `${d.loc.range.start.line}:${d.loc.range.start.column} ${d.message}`);
}

describe('short-form intrinsic tags', () => {
  const cases: Array<[string, string, unknown]> = [
    ['!Ref Bucket', 'Ref', 'Bucket'],
    ['!GetAtt Role.Arn', 'Fn::GetAtt', ['Role', 'Arn']],
    ['!GetAtt Db.Endpoint.Address', 'Fn::GetAtt', ['Db', 'Endpoint.Address']],
    ['!GetAtt [Role, Arn]', 'Fn::GetAtt', ['Role', 'Arn']],
    ['!Sub "arn:${AWS::Partition}:s3:::${Bucket}"', 'Fn::Sub', 'arn:${AWS::Partition}:s3:::${Bucket}'],
    ['!Sub ["${A}-x", {A: !Ref B}]', 'Fn::Sub', ['${A}-x', { A: { '!Ref': 'B' } }]],
    ['!Join ["", [a, !Ref B]]', 'Fn::Join', ['', ['a', { '!Ref': 'B' }]]],
    ['!If [IsProd, a, !Ref "AWS::NoValue"]', 'Fn::If', ['IsProd', 'a', { '!Ref': 'AWS::NoValue' }]],
    ['!Select [0, !GetAZs ""]', 'Fn::Select', [0, { '!Fn::GetAZs': '' }]],
    ['!Split [",", "a,b"]', 'Fn::Split', [',', 'a,b']],
    ['!FindInMap [Map, !Ref "AWS::Region", Ami]', 'Fn::FindInMap', ['Map', { '!Ref': 'AWS::Region' }, 'Ami']],
    ['!ImportValue shared-vpc', 'Fn::ImportValue', 'shared-vpc'],
    ['!GetAZs us-east-1', 'Fn::GetAZs', 'us-east-1'],
    ['!Base64 "#!/bin/bash"', 'Fn::Base64', '#!/bin/bash'],
    ['!Cidr [10.0.0.0/16, 6, 5]', 'Fn::Cidr', ['10.0.0.0/16', 6, 5]],
    ['!Equals [!Ref Env, prod]', 'Fn::Equals', [{ '!Ref': 'Env' }, 'prod']],
    ['!And [!Condition A, !Condition B]', 'Fn::And', [{ '!Condition': 'A' }, { '!Condition': 'B' }]],
    ['!Or [!Condition A, !Condition B]', 'Fn::Or', [{ '!Condition': 'A' }, { '!Condition': 'B' }]],
    ['!Not [!Condition A]', 'Fn::Not', [{ '!Condition': 'A' }]],
    ['!Condition IsProd', 'Condition', 'IsProd'],
    ['!Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}', 'Fn::Transform', { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } }],
    ['!ToJsonString {a: 1}', 'Fn::ToJsonString', { a: 1 }],
    ['!Length [a, b]', 'Fn::Length', ['a', 'b']],
    ['!Foo bar', 'Fn::Foo', 'bar'],
  ];
  it.each(cases)('%s', (written, name, arg) => {
    const value = get(root(`Value: ${written}\n`), 'Value');
    expect(value.kind).toBe('fn');
    expect((value as CfnFn).name).toBe(name);
    expect(plain((value as CfnFn).arg)).toEqual(arg);
  });

  it('takes tags on block sequences, block mappings and block scalars', () => {
    const template = root(
      ['A: !Sub', '  - "${X}"', '  - X: !Ref Y', 'B: !Transform', '  Name: AWS::Include', 'C: !Sub |', '  echo ${X}', ''].join('\n'),
    );
    expect(plain(template)).toEqual({
      A: { '!Fn::Sub': ['${X}', { X: { '!Ref': 'Y' } }] },
      B: { '!Fn::Transform': { Name: 'AWS::Include' } },
      C: { '!Fn::Sub': 'echo ${X}\n' },
    });
    expect((get(template, 'C', ) as CfnFn).arg).toMatchObject({ style: 'block-literal' });
  });

  it('spans the tag and its value, and the argument spans only the value', () => {
    const value = get(root('Value: !Ref   Bucket\n'), 'Value') as CfnFn;
    expect(span(value)).toBe('1:8-1:21');
    expect(span(value.arg)).toBe('1:15-1:21');
  });

  it('splits the GetAtt string at its first dot, with exact positions', () => {
    const value = get(root('Value: !GetAtt Db.Endpoint.Address\n'), 'Value') as CfnFn;
    const [resource, attribute] = (value.arg as CfnSeq).items;
    expect(span(resource)).toBe('1:16-1:18');
    expect(span(attribute)).toBe('1:19-1:35');
    expect(span(value.arg)).toBe('1:16-1:35');
  });

  it('splits a quoted GetAtt string inside the quotes', () => {
    const value = get(root('Value: !GetAtt "Db.Arn"\n'), 'Value') as CfnFn;
    const [resource, attribute] = (value.arg as CfnSeq).items;
    expect(span(resource)).toBe('1:17-1:19');
    expect(span(attribute)).toBe('1:20-1:23');
  });

  it('keeps a GetAtt without a dot as a scalar', () => {
    const value = get(root('Value: !GetAtt Nothing\n'), 'Value') as CfnFn;
    expect(plain(value.arg)).toBe('Nothing');
  });

  it('reads tags inside flow collections', () => {
    expect(plain(root('V: [!Ref a, {k: !GetAtt b.c}]\n'))).toEqual({
      V: [{ '!Ref': 'a' }, { k: { '!Fn::GetAtt': ['b', 'c'] } }],
    });
  });

  it('leaves standard tags alone', () => {
    expect(plain(root('A: !!str 012\nB: !!int "7"\nC: ! 12\n'))).toEqual({ A: '012', B: 7, C: '12' });
  });
});

describe('long-form intrinsics', () => {
  const names = [
    'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::If', 'Fn::Select', 'Fn::Split', 'Fn::FindInMap', 'Fn::ImportValue',
    'Fn::GetAZs', 'Fn::Base64', 'Fn::Cidr', 'Fn::Equals', 'Fn::And', 'Fn::Or', 'Fn::Not', 'Fn::Transform',
    'Fn::ToJsonString', 'Fn::Length', 'Fn::Anything', 'Ref',
  ];
  it.each(names)('%s in YAML and JSON', (name) => {
    const yaml = get(root(`Value:\n  ${name}: [a, b]\n`), 'Value');
    const json = get(root(`{"Value": {"${name}": ["a", "b"]}}`), 'Value');
    for (const value of [yaml, json]) {
      expect(value.kind).toBe('fn');
      expect((value as CfnFn).name).toBe(name);
      expect(plain((value as CfnFn).arg)).toEqual(['a', 'b']);
    }
    expect(span(yaml)).toBe('2:3-2:' + (3 + name.length + 8));
    // JSON: the function key and its argument, without the braces (a multi-line one is placed on the key's line).
    expect(span(json)).toBe(`1:12-1:${11 + name.length + 15}`);
  });

  it('places a JSON function written over several lines on its key line', () => {
    const value = get(root('{\n  "Value": {\n    "Ref": "Role"\n  }\n}'), 'Value');
    expect(value.kind).toBe('fn');
    expect(span(value)).toBe('3:5-3:18');
  });

  it('normalises a GetAtt string in long form too', () => {
    expect(plain(root('{"V": {"Fn::GetAtt": "Role.Arn"}}'))).toEqual({ V: { '!Fn::GetAtt': ['Role', 'Arn'] } });
  });

  it('does not convert a Condition key or a map with more than one key', () => {
    const template = root('A:\n  Condition: IsProd\nB:\n  Ref: X\n  Other: Y\n');
    expect(get(template, 'A').kind).toBe('map');
    expect(get(template, 'B').kind).toBe('map');
  });
});

describe('positions', () => {
  const lines = ['Resources:', '  Role:', '    Type: AWS::IAM::Role', '    Properties:', '      RoleName: "app-role"', ''];

  function checkPositions(text: string, offsetShift: (line: number) => number): void {
    const template = root(text);
    const roleName = get(template, 'Resources', 'Role', 'Properties', 'RoleName') as CfnScalar;
    expect(roleName).toMatchObject({ value: 'app-role', style: 'double' });
    expect(span(roleName)).toBe('5:17-5:27');
    expect(roleName.loc.file).toBe('template.yaml');
    const role = (get(template, 'Resources') as CfnMap).entries[0];
    expect(span({ loc: role.keyLoc })).toBe('2:3-2:7');
    expect(span(role.value)).toBe('3:5-5:27');
    const type = get(template, 'Resources', 'Role', 'Type');
    expect(type.loc.range.start.offset).toBe(text.replace(/^\uFEFF/, '').indexOf('AWS::IAM::Role'));
    expect(type.loc.range.start.offset).toBe(offsetShift(3) + 10);
  }

  it('LF', () => {
    checkPositions(lines.join('\n'), (line) => lines.slice(0, line - 1).join('\n').length + 1);
  });

  it('CRLF', () => {
    checkPositions(lines.join('\r\n'), (line) => lines.slice(0, line - 1).join('\r\n').length + 2);
  });

  it('BOM: columns and offsets count from after the mark', () => {
    checkPositions('\uFEFF' + lines.join('\r\n'), (line) => lines.slice(0, line - 1).join('\r\n').length + 2);
  });

  it('counts columns in UTF-16 code units', () => {
    const value = get(root('A: "😀é"\nB: x\n'), 'B');
    expect(span(value)).toBe('2:4-2:5');
    expect(span(get(root('A: "😀é" # 😀\nB: x\n'), 'A'))).toBe('1:4-1:9');
  });

  it('gives an empty value a zero-width range after its key', () => {
    const template = root('A:\nB: 1\n');
    expect(plain(template)).toEqual({ A: null, B: 1 });
    expect(get(template, 'A').loc.range.start.line).toBe(1);
  });

  it('spans block scalars from the indicator', () => {
    const value = get(root('A: |\n  line one\n  line two\nB: 1\n'), 'A') as CfnScalar;
    expect(value).toMatchObject({ value: 'line one\nline two\n', style: 'block-literal' });
    expect(value.loc.range.start).toMatchObject({ line: 1, column: 4 });
  });
});

describe('scalars', () => {
  it('records the style', () => {
    const template = root("P: plain\nS: 'single'\nD: \"double\"\nL: |\n  lit\nF: >\n  fold\n");
    const styles = template.entries.map((e) => (e.value as CfnScalar).style);
    expect(styles).toEqual(['plain', 'single', 'double', 'block-literal', 'block-folded']);
  });

  it('resolves plain scalars with the YAML 1.2 core schema', () => {
    expect(plain(root('a: 1\nb: 1.5\nc: true\nd: null\ne: ~\nf: yes\ng: 2012-10-17\nh: 0x1F\ni: -3\nj: ""\n'))).toEqual({
      a: 1, b: 1.5, c: true, d: null, e: null, f: 'yes', g: '2012-10-17', h: 31, i: -3, j: '',
    });
  });

  it('keeps account ids with leading zeros, and huge integers, as text', () => {
    expect(plain(root('a: 012345678901\nb: 123456789012\nc: 123456789012345678901\n'))).toEqual({
      a: '012345678901', b: 123456789012, c: '123456789012345678901',
    });
  });

  it('turns non-string keys into their text', () => {
    expect(plain(root('80: http\ntrue: yes\n'))).toEqual({ '80': 'http', true: 'yes' });
  });
});

describe('JSON templates', () => {
  const json = [
    '{',
    '  "AWSTemplateFormatVersion": "2010-09-09",',
    '  "Resources": {',
    '    "Profile": {',
    '      "Type": "AWS::IAM::InstanceProfile",',
    '      "Properties": { "Roles": [ { "Ref": "Role" } ], "Path": "/\\u0061pp/" }',
    '    }',
    '  }',
    '}',
  ].join('\n');

  it('parses with positions, double style and long-form intrinsics', () => {
    const template = root(json);
    const ref = get(template, 'Resources', 'Profile', 'Properties', 'Roles', 0) as CfnFn;
    expect(ref.name).toBe('Ref');
    expect(span(ref)).toBe('6:36-6:49');
    expect(span(ref.arg)).toBe('6:43-6:49');
    expect(ref.arg).toMatchObject({ value: 'Role', style: 'double' });
    expect(get(template, 'Resources', 'Profile', 'Properties', 'Path')).toMatchObject({ value: '/app/' });
    const key = (get(template, 'Resources') as CfnMap).entries[0].keyLoc;
    expect(span({ loc: key })).toBe('4:5-4:14');
  });

  it('parses the same as the YAML reader would', () => {
    const viaJson = parse(json).root;
    const viaYaml = parse('# yaml\n' + json).root;
    expect(plain(viaJson)).toEqual(plain(viaYaml));
  });

  it('numbers, booleans and null are plain', () => {
    const template = root('{"a": 1.5e2, "b": false, "c": null, "d": -0}');
    expect(template.entries.map((e) => [(e.value as CfnScalar).value, (e.value as CfnScalar).style])).toEqual([
      [150, 'plain'], [false, 'plain'], [null, 'plain'], [-0, 'plain'],
    ]);
  });

  it.each([
    ['{"a": 1,}', { a: 1 }, /1:8 Not valid JSON \(trailing comma/],
    ['{a: 1, "b": }', { a: 1, b: null }, /1:2 Not valid JSON \(expected a property name/],
    ['{"a": 01}', { a: '01' }, /1:7 Not valid JSON \(invalid number: leading zeros/],
  ])('reads %s, only valid as YAML, with a warning', (text, expected, warning) => {
    const result = parse(text);
    expect(plain(result.root)).toEqual(expected);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0].severity).toBe('warning');
    const { line, column } = result.diagnostics[0].loc.range.start;
    expect(`${line}:${column} ${result.diagnostics[0].message}`).toMatch(warning);
  });
});

describe('YAML errors', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['tab indentation', 'Resources:\n\tRole: 1\n', '2:1', /Tab character used for indentation/],
    ['unterminated double quote', 'A: "abc\nB: 2\n', '1:4', /Unterminated double-quoted string/],
    ['unterminated single quote', "A: ok\nB: 'abc\nC: 2\n", '2:4', /Unterminated single-quoted string/],
    ['missing colon', 'A:\n  B: 1\n  C\n  D: 2\n', '3:3', /Missing ':' after "C"/],
    ['key without colon before a key', 'a\nb: 1\n', '1:1', /Missing ':' after "a"/],
    ['misaligned key', 'A:\n   B: 1\n  C: 2\n', '3:3', /does not line up/],
    ['over-indented key', 'A:\n  B: 1\n   C: 2\n', '3:4', /indented more than the key above/],
    ['two keys on a line', 'A: b: c\n', '1:4', /Unexpected ':' in a value/],
    ['unclosed flow sequence', 'A: [a, b\nB: 1\n', '1:4', /Unclosed '\['/],
    ['unclosed flow sequence at the end of the file', 'A:\n  B: {C: 1}\n  D: [a,\n    b\n', '3:6', /Unclosed '\['/],
    ['unclosed flow mapping', 'A:\r\n  B: {C: 1, D: [2]\r\n  E: 3\r\n', '2:6', /Unclosed '\{'/],
    ['unclosed flow sequence inside an unclosed flow mapping', 'A:\n  B: {C: [x\n', '2:10', /Unclosed '\['/],
    ['flow sequence closed by the mapping\'s brace', 'A: {B: [1, 2}\nC: 1\n', '1:8', /Unclosed '\['/],
    ['bad escape', 'A: "a\\qb"\n', '1:6', /Invalid escape sequence \\q/],
    ['reserved character', 'A: @x\n', '1:4', /cannot start with '@'/],
    ['stray closing bracket', 'A: 1\n]\n', '2:1', /Unexpected '\]'/],
    ['two documents', 'A: 1\n---\nB: 2\n', '2:1', /single YAML document/],
    ['tag glued to a value', 'A: !Ref[a]\n', '1:8', /followed by a space/],
  ];
  it.each(cases)('%s', (_, text, at, message) => {
    const found = errors(text);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatch(new RegExp(`^${at} `));
    expect(found[0]).toMatch(message);
  });

  it("reports an unclosed '[' inside an unclosed '{' once, at the inner bracket", () => {
    expect(errors('Resources:\n  X:\n    Properties: {ImageId: [unclosed\n')).toEqual([expect.stringMatching(/^3:27 Unclosed '\[' \(a flow sequence\)/)]);
  });

  it('still returns the partial tree when it is a mapping', () => {
    const result = parse('Resources:\n  A: 1\n  B\n');
    expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    expect(result.root?.kind).toBe('map');
  });

  it('accepts quoted continuation lines at the key column, as PyYAML and CloudFormation do', () => {
    const text = 'Parameters:\n  P:\n    Description: "first line,\n    second line"\n    Type: String\n';
    const result = parse(text);
    expect(result.diagnostics).toEqual([]);
    expect(plain(result.root)).toEqual({ Parameters: { P: { Description: 'first line, second line', Type: 'String' } } });
    expect(span(get(result.root as CfnNode, 'Parameters', 'P', 'Description'))).toBe('3:18-4:17');
    expect(span(get(result.root as CfnNode, 'Parameters', 'P', 'Type'))).toBe('5:11-5:17');
  });

  it('reads such continuation lines in a template that also has a duplicate key, reporting only the duplicate', () => {
    const text = 'Parameters:\n  P:\n    Description: "first line,\n    second line"\nResources:\n  T:\n    Type: AWS::SNS::Topic\n  T:\n    Type: AWS::SNS::Topic\n';
    expect(errors(text)).toEqual([expect.stringMatching(/^8:3 Duplicate key "T" at 6:3 and 8:3/)]);
  });

  it('accepts several such strings in a row: each one the yaml lexer closed early threw the next out of step', () => {
    const policy = (name: string) =>
      `        - PolicyName: ${name}\n          PolicyDocument: !Sub '{\n              "Statement": [{ "Effect": "Allow", "Action": "${name}:*", "Resource": "*" }]\n          }'\n`;
    const text = `Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n${['sqs', 'sns', 's3'].map(policy).join('')}`;
    const result = parse(text);
    expect(result.diagnostics).toEqual([]);
    const policies = get(result.root as CfnNode, 'Resources', 'R', 'Properties', 'Policies');
    expect(plain(policies)).toEqual(
      ['sqs', 'sns', 's3'].map((n) => ({ PolicyName: n, PolicyDocument: { '!Fn::Sub': `{ "Statement": [{ "Effect": "Allow", "Action": "${n}:*", "Resource": "*" }] }` } })),
    );
    // The third string, read after two retries, is placed in the original text.
    expect(span(get(policies as CfnNode, 2, 'PolicyDocument'))).toBe('15:27-17:13');
  });

  it('accepts a flow sequence or mapping whose lines sit at the key column, as PyYAML and CloudFormation do', () => {
    const text = [
      'Resources:',
      '  P:',
      '    Type: AWS::IAM::Policy',
      '    Properties:',
      '      Resource: [',
      '      !Sub "arn:${AWS::Partition}:rds:::db:${Db}",',
      '      "arn:aws:rds:::snapshot:*"',
      '      ]',
      '      Schema: {"type": "object",',
      '      "required": ["to", "from"] }',
      '      After: x',
      '',
    ].join('\n');
    const result = parse(text);
    expect(result.diagnostics).toEqual([]);
    expect(plain(get(result.root as CfnNode, 'Resources', 'P', 'Properties'))).toEqual({
      Resource: [{ '!Fn::Sub': 'arn:${AWS::Partition}:rds:::db:${Db}' }, 'arn:aws:rds:::snapshot:*'],
      Schema: { type: 'object', required: ['to', 'from'] },
      After: 'x',
    });
    expect(span(get(result.root as CfnNode, 'Resources', 'P', 'Properties', 'Resource', 1))).toBe('7:7-7:33');
    expect(span(get(result.root as CfnNode, 'Resources', 'P', 'Properties', 'After'))).toBe('11:14-11:15');
  });

  it('reads a lone - before a comma or closing bracket of a flow collection as the string "-", as PyYAML and CloudFormation do', () => {
    const text = [
      'Resources:',
      '  T:',
      '    Type: AWS::SNS::Topic',
      '    Properties:',
      '      TopicName: !Join [-, [!Select [0, !Split [-, !Ref AWS::StackName]], events]]',
      '      Tags: [{Key: tier, Value: -}, {Key: ids, Value: [a, -]}]',
      '      After: x',
      '',
    ].join('\n');
    const result = parse(text);
    expect(result.diagnostics).toEqual([]);
    const props = get(result.root as CfnNode, 'Resources', 'T', 'Properties');
    expect(plain(props)).toEqual({
      TopicName: { '!Fn::Join': ['-', [{ '!Fn::Select': [0, { '!Fn::Split': ['-', { '!Ref': 'AWS::StackName' }] }] }, 'events']] },
      Tags: [{ Key: 'tier', Value: '-' }, { Key: 'ids', Value: ['a', '-'] }],
      After: 'x',
    });
    const join = get(props as CfnNode, 'TopicName') as CfnFn;
    expect(span((join.arg as CfnSeq).items[0])).toBe('5:25-5:26');
    expect(span(get(props as CfnNode, 'Tags', 0, 'Value'))).toBe('6:33-6:34');
    expect(span(get(props as CfnNode, 'After'))).toBe('7:14-7:15');
  });

  it('still reports a flow sequence that is never closed', () => {
    expect(errors('A:\n  B: [x,\n  y\nC: 1\n').length).toBeGreaterThan(0);
  });

  it('says what is wrong with text after a quoted value', () => {
    expect(errors("Description: 'RDS events' (uksb-1tthgi812)\nResources: {}\n")).toEqual([
      "1:27 Unexpected text after the value: a quoted value ends at its closing quote; quote the whole value, or put ' #' before a comment",
    ]);
  });

  it('still reports a quote that is never closed', () => {
    expect(errors('A: "abc\nB: "x"\n')[0]).toMatch(/^1:4 Unterminated double-quoted string/);
  });

  it('stops after 50 messages', () => {
    const result = parse('A: 1\n' + 'b\n  c: [\n'.repeat(200));
    expect(result.diagnostics.length).toBeLessThanOrEqual(51);
    expect(result.diagnostics[result.diagnostics.length - 1].message).toMatch(/\d+ more problems follow/);
  });

  // No clock here: a quadratic reader would run past the test timeout on these.
  it('reads many unclosed quotes and long folded strings', () => {
    expect(errors('a:\n' + '  - "x\n'.repeat(5000)).length).toBeGreaterThan(0);
    const long = parse('a: "' + 'word   \n    '.repeat(50_000) + 'end"\n');
    expect((get(long.root as CfnNode, 'a') as CfnScalar).value).toBe('word '.repeat(50_000) + 'end');
  });

  it('reports an alias to an unknown anchor', () => {
    expect(errors('A: *nope\n')).toEqual([expect.stringMatching(/^1:4 Unknown alias \*nope/)]);
  });
});

describe('JSON errors', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['missing comma', '{\n  "a": 1\n  "b": 2\n}\n', '3:3', /Expected ',' or '}' after the value of "a"/],
    ['unterminated string', '{"a": "abc}\n', '1:12', /Unterminated string: the string opened at 1:7/],
    ['unclosed object', '{"a": {"b": 1}\n', '2:1', /end of file: the '\{' opened at 1:1 is never closed/],
    ['unclosed array', '{"a": [1, 2}', '1:12', /Expected ',' or '\]' between array items/],
    ['extra content', '{"a": 1}}', '1:9', /Expected the end of the file/],
    ['bad escape', '{"a": "\\q"}', '1:8', /Invalid escape "\\q"/],
    ['missing colon', '{"a" 1}', '1:6', /Expected ':' after the property name "a"/],
  ];
  it.each(cases)('%s', (_, text, at, message) => {
    const result = parse(text, 'broken.json');
    const found = result.diagnostics.map((d) => `${d.loc.range.start.line}:${d.loc.range.start.column} ${d.message}`);
    expect(found).toHaveLength(1);
    expect(result.diagnostics[0].severity).toBe('error');
    expect(found[0]).toMatch(new RegExp(`^${at} `));
    expect(found[0]).toMatch(message);
    expect(result.root).toBeNull();
  });
});

describe('duplicate keys', () => {
  it('warn with both places and keep the last value (YAML)', () => {
    const result = parse('Resources:\n  A: 1\n  B: 2\n  A: 3\n');
    expect(plain(result.root)).toEqual({ Resources: { B: 2, A: 3 } });
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ severity: 'error' });
    expect(result.diagnostics[0].message).toMatch(/Duplicate key "A" at 2:3 and 4:3/);
    expect(span(result.diagnostics[0])).toBe('4:3-4:4');
  });

  it('say who rejects them: CloudFormation a template, the Serverless Framework its service file', () => {
    const text = 'service: s\ncustom:\n  region: a\n  region: b\nresources:\n  Resources:\n    Q:\n      Type: AWS::SQS::Queue\n';
    expect(parseCloudFormation(text, 'svc/serverless.yml').diagnostics[0].message).toMatch(/Duplicate key "region" at 3:3 and 4:3: the Serverless Framework's YAML reader \(js-yaml\) rejects a service file/);
    expect(parseCloudFormation(text, 'svc/template.yml').diagnostics[0].message).toMatch(/CloudFormation rejects a template with duplicate keys \(cfn-lint E0000\)/);
  });

  it('warn in JSON too', () => {
    const result = parse('{"A": 1,\n "A": 2}');
    expect(plain(result.root)).toEqual({ A: 2 });
    expect(result.diagnostics[0].message).toMatch(/Duplicate key "A" at 1:2 and 2:2/);
  });

  it('a repeated single key does not hide an intrinsic', () => {
    expect(plain(parse('V:\n  Ref: a\n  Ref: b\n').root)).toEqual({ V: { '!Ref': 'b' } });
  });
});

describe('anchors and aliases', () => {
  it('expands ordinary aliases', () => {
    expect(plain(root('A: &tags [x, y]\nB: *tags\n'))).toEqual({ A: ['x', 'y'], B: ['x', 'y'] });
  });

  it('refuses an alias bomb', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const result = parse(levels.join('\n') + '\n');
    expect(result.root).toBeNull();
    expect(result.diagnostics).toMatchObject([{ severity: 'error', message: expect.stringContaining('alias bomb') }]);
  });

  it('resolves each alias to the latest anchor of that name before it', () => {
    expect(plain(root('a: &x 1\nb: *x\nc: &x 2\nd: *x\n'))).toEqual({ a: 1, b: 1, c: 2, d: 2 });
  });

  // Resolving each alias by searching the document took 40 s here; the test timeout catches a return to that.
  it('reads 20,000 aliases', () => {
    const result = parse('a: &a x\nb: [' + '*a, '.repeat(20_000) + ']\n');
    expect(((result.root as CfnMap).entries[1].value as CfnSeq).items).toHaveLength(20_000);
  });

  it('reports an alias cycle instead of looping', () => {
    const result = parse('a: &x [1, *x]\n');
    expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });
});

describe('deep nesting', () => {
  it.each([
    ['YAML flow sequences', '['.repeat(100_000)],
    ['YAML flow sequences, closed', '[ '.repeat(100_000) + ']'.repeat(100_000)],
    ['YAML block sequences', '- '.repeat(100_000) + 'x'],
    ['YAML block mappings', Array.from({ length: 2000 }, (_, i) => ' '.repeat(i) + `k${i}:`).join('\n')],
    ['JSON arrays', '{"a": ' + '['.repeat(100_000)],
    ['JSON objects', '{"a":'.repeat(100_000)],
  ])('%s give a diagnostic, not a stack overflow', (_, text) => {
    const result = parse(text);
    expect(result.root).toBeNull();
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0].message).toMatch(/deeper than 256 levels/);
  });

  it('accepts nesting up to the limit', () => {
    expect(parse('{"a":'.repeat(200) + '1' + '}'.repeat(200)).diagnostics).toEqual([]);
  });
});

describe('never throws', () => {
  it.each([
    '', ' ', '\uFEFF', '{', '[', '"', "'", '!', '!Ref', '&a', '*a', '- - -', ': :', '? ? ?', '%YAML 1.2', '---\n---\n...',
    '\t', '\r\r\n\n', 'a: !Ref', 'a: !GetAtt', 'a: !GetAtt [', '{"Ref"', '{"a": "\\u12"}', '\u0000', 'a: |\n', '>-\n  x',
  ])('%j', (text) => {
    const result = parse(text);
    expect(Array.isArray(result.diagnostics)).toBe(true);
  });

  it('an empty file has no root and no errors', () => {
    expect(parse('')).toEqual({ root: null, diagnostics: [] });
    expect(parse('# just a comment\n')).toEqual({ root: null, diagnostics: [] });
  });
});
