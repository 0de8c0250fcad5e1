import { describe, expect, it } from 'vitest';
import { parseCloudFormation } from '../../src/parsers/cloudformation.js';
import type { CfnNode, CfnScalar } from '../../src/parsers/cloudformation-tree.js';
import { decodedRangeMapper, stringIndexMapper } from '../../src/parsers/string-index.js';

/** The scalar under `Resources.Script.Properties.<prop>` of a YAML template. */
function scalarOf(yaml: string, prop: string): { scalar: CfnScalar; text: string } {
  const root = parseCloudFormation(yaml, 't.yaml').root;
  const get = (node: CfnNode | null | undefined, key: string): CfnNode | undefined =>
    node?.kind === 'map' ? node.entries.find((e) => e.key === key)?.value : undefined;
  const scalar = get(get(get(get(root, 'Resources'), 'Script'), 'Properties'), prop);
  if (scalar?.kind !== 'scalar' || typeof scalar.value !== 'string') throw new Error(`no string at ${prop}`);
  return { scalar, text: scalar.value };
}

/** Line and column where characters `from` to `to` of the decoded value were written. */
function placed(scalar: CfnScalar, from: number, to: number): string {
  const loc = decodedRangeMapper(scalar.loc, scalar.style)?.(from, to);
  if (!loc) return 'unplaced';
  return `${loc.range.start.line}:${loc.range.start.column}-${loc.range.end.line}:${loc.range.end.column}`;
}

function template(lines: string[]): string {
  return ['Resources:', '  Script:', '    Type: AWS::SSM::Document', '    Properties:', ...lines, ''].join('\n');
}

describe('decoded string positions', () => {
  it('places a variable after escapes that decode to one unit and to a surrogate pair', () => {
    // Decoded: a, U+1F600 (two UTF-16 units), b, space, then ${X}: '$' is unit 5.
    const { scalar, text } = scalarOf(template(['      Body: "a\\U0001F600b \\x41${X}"']), 'Body');
    expect(text.indexOf('${X}')).toBe(6);
    // Line 5: `      Body: "` puts the opening quote at column 13; a=14, \U0001F600=15..24, b=25, space=26, \x41=27..30, $=31.
    expect(placed(scalar, 6, 10)).toBe('5:31-5:35');
    // A range ends where the escape of its last unit ends: the emoji's ten characters, all of them.
    expect(placed(scalar, 1, 3)).toBe('5:15-5:25');
    expect(placed(scalar, 2, 3)).toBe('5:15-5:25');
  });

  it('ends a range after the whole escape or doubled quote of its last character', () => {
    // Decoded: {"AWS": "*"} and it's; the quotes around * are written \" and '' is one quote.
    const yaml = template(['      Double: "{\\"AWS\\": \\"*\\"}"', "      Single: 'it''s'"]);
    const double = scalarOf(yaml, 'Double');
    expect(double.text).toBe('{"AWS": "*"}');
    // `      Double: "` puts the opening quote at column 15: { is 16, \" 17-18, AWS 19-21, \" 22-23, : 24, \"*\" 26-30.
    expect(placed(double.scalar, double.text.indexOf('"*"'), double.text.indexOf('"*"') + 3)).toBe('5:26-5:31');
    const single = scalarOf(yaml, 'Single');
    expect(single.text).toBe("it's");
    expect(placed(single.scalar, 1, 3)).toBe('6:17-6:20');
  });

  it('places text across the lines of a folded plain scalar and a literal block', () => {
    const yaml = template(['      Plain: one ${A}', '        two ${B}', '      Block: |', '        first', '          ${C} indented', '', '        ${D}']);
    const plain = scalarOf(yaml, 'Plain');
    expect(plain.text).toBe('one ${A} two ${B}');
    expect(placed(plain.scalar, plain.text.indexOf('${B}'), plain.text.indexOf('${B}') + 4)).toBe('6:13-6:17');
    expect(placed(plain.scalar, 3, 4)).toBe('5:17-5:18');
    const block = scalarOf(yaml, 'Block');
    expect(block.text).toBe('first\n  ${C} indented\n\n${D}\n');
    expect(placed(block.scalar, block.text.indexOf('${C}'), block.text.indexOf('${C}') + 4)).toBe('9:11-9:15');
    expect(placed(block.scalar, block.text.indexOf('${D}'), block.text.indexOf('${D}') + 4)).toBe('11:9-11:13');
  });

  it('places a variable in scalars written as they read, a comment or another quote after them', () => {
    const yaml = template([`      Double: "arn:\${A}"  # "quoted" note`, "      Single: 'x \${B}' # it's", '      Plain: y \${C} # \${D}']);
    const at = (prop: string, name: string): string => {
      const { scalar, text } = scalarOf(yaml, prop);
      return placed(scalar, text.indexOf(name), text.indexOf(name) + name.length);
    };
    // Each property starts at column 7; its value two columns after the colon.
    expect(at('Double', '${A}')).toBe('5:20-5:24');
    expect(at('Single', '${B}')).toBe('6:18-6:22');
    expect(at('Plain', '${C}')).toBe('7:16-7:20');
  });

  it('maps each index of a single-quoted scalar with a doubled quote, and clamps outside it to the start', () => {
    const yaml = template(["      Quoted: 'it''s ${Z}'"]);
    const { scalar, text } = scalarOf(yaml, 'Quoted');
    expect(text).toBe("it's ${Z}");
    const at = stringIndexMapper(yaml, scalar.loc, scalar.style);
    // `'it''s`: the quote opens at column 15; i=16, t=17, the doubled quote 18-19 is one character, s=20.
    expect([0, 1, 2, 3, 5].map((i) => at(i).column)).toEqual([16, 17, 18, 20, 22]);
    expect(at(-1).column).toBe(15);
    expect(at(text.length + 1).column).toBe(15);
  });
});
