// Positions are exact whatever the encoding details: BOM or not, LF, CRLF or lone CR, tabs, astral characters.
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';
import { BAD_TF, BAD_YAML, cleanup, tree } from './helpers.js';

afterEach(cleanup);

async function positions(file: string, text: string | Buffer): Promise<string[]> {
  const root = tree({ [file]: text });
  const { findings } = await lint({ paths: ['.'], cwd: root });
  return findings.map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.rule}`);
}

describe('line endings and byte-order marks', () => {
  const variants: Array<[string, (s: string) => string]> = [
    ['LF', (s) => s],
    ['CRLF', (s) => s.replace(/\n/g, '\r\n')],
    ['lone CR', (s) => s.replace(/\n/g, '\r')],
    ['BOM + LF', (s) => `\uFEFF${s}`],
    ['BOM + CRLF', (s) => `\uFEFF${s.replace(/\n/g, '\r\n')}`],
  ];
  it.each(variants)('%s: the same positions as LF', async (_name, convert) => {
    expect(await positions('a.yaml', convert(BAD_YAML))).toEqual(await positions('a.yaml', BAD_YAML));
    expect(await positions('main.tf', convert(BAD_TF))).toEqual(await positions('main.tf', BAD_TF));
  });
});

describe('columns count UTF-16 code units', () => {
  it('a tab is one column, an emoji two, an accented letter one', async () => {
    const tf = BAD_TF.replace('  iam_instance_profile = aws_iam_role.app.name', '\tiam_instance_profile = /* é😀 */ aws_iam_role.app.name');
    const col = 1 + '\tiam_instance_profile = /* é😀 */ '.length;
    expect(await positions('main.tf', tf)).toContain(`12:${col}-12:${col + 'aws_iam_role.app.name'.length} role-as-instance-profile`);
  });

  it('a parse error after astral characters sits where an editor using UTF-16 puts it', async () => {
    // After `+` at the end of line 2: column 15 in code units (13 in code points).
    expect(await positions('main.tf', 'locals {\n  a = "😀😀" +\n}\n')).toEqual(['2:15-3:1 parse-error']);
    expect(await positions('a.yaml', 'Resources:\n  A: "😀 unterminated\n')).toEqual([expect.stringMatching(/^2:6-/)]);
  });
});
