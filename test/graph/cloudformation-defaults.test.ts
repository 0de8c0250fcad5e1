/**
 * A value computed from a CloudFormation parameter default is only a default
 * (`fromInput`), whatever function computes it: Fn::Select, Fn::Split,
 * Fn::Join, Fn::Sub, Fn::FindInMap, Fn::ImportValue. A given value
 * (`--parameters`) makes the same value known.
 */
import { describe, expect, it } from 'vitest';
import { buildCloudFormation } from '../../src/graph/cloudformation/index.js';
import { literalText } from '../../src/graph/cloudformation/intrinsics.js';
import type { Resource } from '../../src/graph/types.js';
import { objectGet, type Value } from '../../src/graph/value.js';
import { parseCloudFormation } from '../../src/parsers/cloudformation.js';

const template = (expr: string) => `Parameters:
  Names:
    Type: CommaDelimitedList
    Default: ops-host,batch-host
  Csv:
    Type: String
    Default: web-host,api-host
  Env:
    Type: String
    Default: staging
  Index:
    Type: Number
    Default: 1
Mappings:
  Profiles:
    staging: { Name: staging-host }
    prod: { Name: prod-host }
Resources:
  Host:
    Type: AWS::EC2::Instance
    Properties:
      IamInstanceProfile: ${expr}
`;

function profileValue(expr: string, parameters?: Record<string, string>): Value {
  const text = template(expr);
  const parsed = parseCloudFormation(text, 't.yaml');
  const built = buildCloudFormation('t.yaml', parsed.root!, text, parameters ? { parameters: new Map(Object.entries(parameters)) } : {});
  const host = built.resources.find((r: Resource) => r.address === 'Host')!;
  return objectGet(host.props, 'IamInstanceProfile')!;
}

const cases: Array<[string, string, string, Record<string, string>]> = [
  ['!Select [0, !Ref Names]', 'ops-host', 'Names', { Names: 'a,b' }],
  ['!Select [1, !Split [",", !Ref Csv]]', 'api-host', 'Csv', { Csv: 'a,b' }],
  ['!Select [1, !Split [",", !Join [",", !Ref Names]]]', 'batch-host', 'Names', { Names: 'a,b' }],
  ['!Join ["-", [!Ref Env, "host"]]', 'staging-host', 'Env', { Env: 'prod' }],
  ['!Join ["", [!Select [0, !Ref Names]]]', 'ops-host', 'Names', { Names: 'a,b' }],
  ['!Sub "${Env}-host"', 'staging-host', 'Env', { Env: 'prod' }],
  ['!Sub ["${E}-host", { E: !Ref Env }]', 'staging-host', 'Env', { Env: 'prod' }],
  ['!FindInMap [Profiles, !Ref Env, Name]', 'staging-host', 'Env', { Env: 'prod' }],
  // No "staging-eu" entry: the DefaultValue deploys because of the default key.
  ['!FindInMap [Profiles, !Join ["", [!Ref Env, "-eu"]], Name, { DefaultValue: eu-host }]', 'eu-host', 'Env', { Env: 'prod' }],
  ['!Select [!Ref Index, [first-host, second-host]]', 'second-host', 'Index', { Index: '0' }],
];

describe('a value computed from a parameter default is a default', () => {
  it.each(cases)('%s keeps the default mark', (expr, text, input) => {
    const v = profileValue(expr);
    expect(literalText(v)).toBe(text);
    expect(v.fromInput).toBe(input);
  });

  it.each(cases)('%s is known when the parameter is given', (expr, _text, _input, given) => {
    expect(profileValue(expr, given).fromInput).toBeUndefined();
  });

  it('written values stay known', () => {
    expect(profileValue('!Select [1, !Split [",", !Join [",", [a-host, b-host]]]]')).toMatchObject({ kind: 'literal', value: 'b-host' });
    expect(profileValue('!Select [1, !Split [",", !Join [",", [a-host, b-host]]]]').fromInput).toBeUndefined();
    expect(profileValue('!Sub "${AWS::Region}-host"').fromInput).toBeUndefined();
  });
});
