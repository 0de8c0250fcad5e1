/** CloudFormation list parameters (`CommaDelimitedList`, `List<...>`) are lists, whether defaulted or given. */
import { describe, expect, it } from 'vitest';
import { buildCloudFormation } from '../../src/graph/cloudformation/index.js';
import type { Resource } from '../../src/graph/types.js';
import { objectGet, type Value } from '../../src/graph/value.js';
import { parseCloudFormation } from '../../src/parsers/cloudformation.js';

function tags(text: string, parameters?: Record<string, string>): Value {
  const parsed = parseCloudFormation(text, 't.yaml');
  const built = buildCloudFormation('t.yaml', parsed.root!, text, parameters ? { parameters: new Map(Object.entries(parameters)) } : {});
  const role = built.resources.find((r: Resource) => r.address === 'Role')!;
  return objectGet(role.props, 'Tags')!;
}

const template = (type: string, def?: string) => `Parameters:
  Items:
    Type: ${type}
${def === undefined ? '' : `    Default: "${def}"\n`}Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      Tags: !Ref Items
`;

function texts(v: Value): unknown {
  return v.kind === 'list' ? v.items.map((i) => (i.kind === 'literal' ? i.value : i.kind)) : v.kind;
}

describe('list parameters', () => {
  it('a CommaDelimitedList default is a list of its trimmed items, marked as a default', () => {
    const v = tags(template('CommaDelimitedList', 'a, b ,c'));
    expect(texts(v)).toEqual(['a', 'b', 'c']);
    expect(v.fromInput).toBe('Items');
    expect(v.kind === 'list' && v.items.every((i) => i.fromInput === 'Items')).toBe(true);
  });

  it('a value given with --parameters is split the same way and stays known', () => {
    const v = tags(template('CommaDelimitedList'), { Items: 'repo:acme/a:*,repo:*' });
    expect(texts(v)).toEqual(['repo:acme/a:*', 'repo:*']);
    expect(v.kind === 'list' && v.items[1].commandLine).toBe('--parameters Items=repo:acme/a:*,repo:*');
    expect(v.fromInput).toBeUndefined();
  });

  it('List<...> types are lists too; String is not split; an empty default stays a placeholder', () => {
    expect(texts(tags(template('List<AWS::EC2::Subnet::Id>', 'subnet-1,subnet-2')))).toEqual(['subnet-1', 'subnet-2']);
    expect(tags(template('String', 'a,b'))).toMatchObject({ kind: 'literal', value: 'a,b' });
    expect(tags(template('CommaDelimitedList', ''))).toMatchObject({ kind: 'unknown' });
    expect(tags(template('CommaDelimitedList'))).toMatchObject({ kind: 'unknown' });
  });
});
