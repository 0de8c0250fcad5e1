import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/shared/source.js';
import { readYamlFast } from '../../src/parsers/cloudformation/fast-yaml.js';
import { CfnTreeBuilder } from '../../src/parsers/cloudformation/nodes.js';
import { parseYamlTemplate } from '../../src/parsers/cloudformation/yaml-template.js';
import { mutate, seededRandom } from './yaml-mutations.js';

/** A template using every construct the fast reader handles. */
const TEMPLATE = `--- # doc
AWSTemplateFormatVersion: "2010-09-09"
Description: >-
  A folded
  description

    more indented
  last
Parameters:
  Env: {Type: String, Default: prod, AllowedValues: [dev, "prod", 'stage']}
  Count:
    Type: Number
    Default: 012
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Both: !And
    - !Condition IsProd
    - !Not [!Equals [!Ref Env, dev]]
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: 2012-10-17
        Statement:
        - Effect: Allow
          Principal: { Service: [ ec2.amazonaws.com ] }
          Action:
            - sts:AssumeRole   # trailing
          Condition:
            "StringEquals": {"aws:SourceAccount": !Ref "AWS::AccountId"}
      Path: '/it''s/'
      Policies:
        -
          PolicyName: p
          PolicyDocument: "{\\"Version\\": \\"2012-10-17\\",
            \\"Statement\\": []}"
        - - nested
          - seq
        - !If
          - IsProd
          - {a: 1}
          - !Ref AWS::NoValue
  Profile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [!Ref Role]
      InstanceProfileName: !Sub "\${AWS::StackName}-profile"
  Instance:
    Type: AWS::EC2::Instance
    Properties:
      IamInstanceProfile: !Ref Profile
      ImageId: !FindInMap [Map, !Ref "AWS::Region", Ami]
      UserData: !Base64
        Fn::Sub: |
          #!/bin/bash
          echo \${Env}

            indented
          done
      Tags:
      - Key: Name
        Value: plain value
          continued here
      - Key: Empty
        Value:
      - Key: Tagged
        Value: !GetAtt Role.Arn
      Other: !Sub
        - "\${A}"
        - A: !GetAtt [Role, Arn]
      Json: [
        1, 2,
        3
        ]
Outputs:
  Out:
    Value: !GetAtt
      - Role
      - Arn
    Export:
      Name: !Join ['', [!Ref "AWS::StackName", -out]]
Extra:
  Select: !Select [0, Fn::GetAZs: !Ref "AWS::Region"]
  Pairs: [a: 1, "b": [x], c: {d: e}]
  Closing: [
    one,
    two
  ]
  Map: {
    "k": "v"
  }
  Text: first line
    'quoted' continuation - with [brackets] and "quotes"
    ? and more
# a comment at column 0
  Seq:
# another
    - a
    -   b
    -
      c
  Tagged:
  # lower comment
    - !Sub "x"
  Lit: |-
    keep
      this
`;

function fastAccepts(text: string): boolean {
  return readYamlFast(text, new CfnTreeBuilder('t.yaml', new LineIndex(text))) !== null;
}

/** Both readers on the same text: the fast one (when it takes the file) must match the complete one exactly. */
function bothReaders(text: string) {
  const lines = new LineIndex(text);
  return {
    fast: parseYamlTemplate(text, 't.yaml', lines, { fast: true, relax: true }),
    complete: parseYamlTemplate(text, 't.yaml', lines, { fast: false, relax: true }),
  };
}

describe('the fast YAML reader', () => {
  it('reads the whole sample template itself', () => {
    expect(fastAccepts(TEMPLATE)).toBe(true);
  });

  it('agrees with the complete reader on every node, position and diagnostic', () => {
    const { fast, complete } = bothReaders(TEMPLATE);
    expect(fast).toEqual(complete);
  });

  it('agrees with CRLF line ends too', () => {
    const crlf = TEMPLATE.replace(/\n/g, '\r\n');
    expect(fastAccepts(crlf)).toBe(true);
    const { fast, complete } = bothReaders(crlf);
    expect(fast).toEqual(complete);
  });

  it('agrees with the complete reader on 2,000 mutated templates', () => {
    const random = seededRandom(20240901);
    let taken = 0;
    for (let k = 0; k < 2000; k++) {
      let text = mutate(TEMPLATE, random);
      if (random() < 0.5) text = mutate(text, random);
      if (!fastAccepts(text)) continue;
      taken++;
      const { fast, complete } = bothReaders(text);
      if (JSON.stringify(fast) !== JSON.stringify(complete)) expect({ text, fast }).toEqual({ text, fast: complete });
    }
    expect(taken).toBeGreaterThan(500);
  });

  it.each([
    ['anchors and aliases', 'A: &a [1]\nB: *a\n'],
    ['explicit keys', '? A\n: 1\n'],
    ['tabs as separators', 'A:\t1\n'],
    ['directives', '%YAML 1.2\n---\nA: 1\n'],
    ['a second document', 'A: 1\n---\nB: 2\n'],
    ['keep chomping', 'A: |+\n  x\n\nB: 1\n'],
    ['an indentation indicator with keep chomping', 'A: |2+\n   x\n\nB: 1\n'],
    ['an indentation indicator on a document-level scalar', '|2\n   x\n'],
    ['a line between the holder and the indentation the indicator sets', 'A:\n  B: |3\n    x\n'],
    ['a blank line with spaces past the indentation the indicator sets', 'A: |1\n    \n  x\n'],
    ['a lone CR', 'A: 1\rB: 2\r'],
    ['a standard tag', 'A: !!str 1\n'],
    ['an error', 'A: b: c\n'],
  ])('leaves %s to the complete reader', (_, text) => {
    expect(fastAccepts(text)).toBe(false);
  });

  it('agrees with the complete reader on 3,000 generated block scalars with an indentation indicator', () => {
    const random = seededRandom(20261205);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const sp = (n: number): string => ' '.repeat(Math.max(0, n));
    let taken = 0;
    for (let k = 0; k < 3000; k++) {
      const base = pick([0, 2, 4]);
      const digit = pick([1, 2, 3, 4]);
      const header = pick(['|', '>']) + pick([`${digit}`, `${digit}-`, `-${digit}`]);
      // Where the scalar sits: a key's value, a sequence item, a tagged value, alone on the next line, a nested key's value.
      const holder = pick(['key', 'item', 'tagged', 'next-line', 'nested']);
      const holderIndent = base + (holder === 'nested' ? 2 : 0);
      const body = Array.from({ length: 1 + Math.floor(random() * 4) }, () => {
        const r = random();
        if (r < 0.15) return '';
        if (r < 0.25) return sp(Math.floor(random() * (holderIndent + digit + 3)));
        return sp(holderIndent + digit + pick([0, 0, 0, 1, 2, -1])) + pick(['x', 'a b', '# c', '- d', 'e: f', '  g']);
      });
      const head = {
        key: `${sp(base)}A: ${header}`,
        item: `${sp(base)}- ${header}`,
        tagged: `${sp(base)}A: !Sub ${header}`,
        'next-line': `${sp(base)}A:\n${sp(base + 2)}${header}`,
        nested: `${sp(base)}A:\n${sp(base + 2)}B: ${header}`,
      }[holder];
      const text = `${base > 0 ? 'R:\n' : ''}${head}\n${body.join('\n')}\n${sp(base)}${holder === 'item' ? '- z' : 'Z: 1'}\n`;
      if (!fastAccepts(text)) continue;
      taken++;
      const { fast, complete } = bothReaders(text);
      if (JSON.stringify(fast) !== JSON.stringify(complete)) expect({ text, fast }).toEqual({ text, fast: complete });
    }
    expect(taken).toBeGreaterThan(1500);
  });

  // The digit counts from the indentation of the key or `-` holding the scalar; what it leaves is content.
  it.each([
    ['a key\'s literal', 'A: |2\n   x\n  y\nB: 1\n'],
    ['a sequence item', 'A:\n  - |2\n      exit 1\n  - |1\n     || x\n'],
    ['a nested key, folded and stripped', 'A:\n  B: >2-\n      a\n     b\n\n     c\n  C: 1\n'],
    ['strip before the digit', 'A: |-1\n  x\n'],
    ['a tagged scalar', 'A: !Sub |2\n    ${X}\n'],
    ['a header on its own line', 'A:\n  |2\n    x\n'],
    ['inner and trailing blank lines', 'A: |2\n   x\n\n   y\n\nB: 1\n'],
    ['a scalar ended by a less indented key', 'A:\n  B: |4\n        x\n  C: 1\n'],
  ])('reads an indentation indicator (%s) as the complete reader does', (_, text) => {
    expect(fastAccepts(text)).toBe(true);
    const { fast, complete } = bothReaders(text);
    expect(fast).toEqual(complete);
  });
});
