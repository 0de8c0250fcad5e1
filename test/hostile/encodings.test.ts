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

describe('a template in another encoding is a finding naming the file, never skipped silently', () => {
  const utf32 = (s: string, le: boolean): Buffer => {
    const b = Buffer.alloc([...s].length * 4);
    [...s].forEach((ch, i) => (le ? b.writeUInt32LE(ch.codePointAt(0) ?? 0, i * 4) : b.writeUInt32BE(ch.codePointAt(0) ?? 0, i * 4)));
    return b;
  };
  const be16 = (s: string): Buffer => Buffer.from(s, 'utf16le').swap16();
  const cases: Array<[string, string, Buffer, RegExp]> = [
    ['UTF-16BE with a mark', 'a.yaml', be16(`\ufeff${BAD_YAML}`), /the file is UTF-16BE \(it starts with a UTF-16BE byte-order mark\)/],
    ['UTF-16LE without a mark', 'a.yaml', Buffer.from(BAD_YAML, 'utf16le'), /the file is UTF-16LE \(no byte-order mark/],
    ['UTF-16BE without a mark', 'main.tf', be16(BAD_TF), /the file is UTF-16BE \(no byte-order mark/],
    ['UTF-32LE with a mark', 'a.json', utf32('\ufeff{"Resources": {}}', true), /the file is UTF-32LE \(it starts/],
    ['UTF-32BE without a mark', 'a.template', utf32(BAD_YAML, false), /the file is UTF-32BE \(no byte-order mark/],
    ['two byte-order marks', 'a.yaml', Buffer.from(`\ufeff\ufeff${BAD_YAML}`), /the file starts with two byte-order marks/],
  ];
  it.each(cases)('%s', async (_name, file, bytes, message) => {
    const { findings } = await lint({ paths: ['.'], cwd: tree({ [file]: bytes, 'ok.yaml': BAD_YAML }) });
    expect(findings.map((f) => `${f.file} ${f.rule}`)).toEqual([`${file} parse-error`, 'ok.yaml role-as-instance-profile']);
    expect(findings[0].message).toMatch(message);
  });

  it('YAML that is not a template stays skipped, in any encoding', async () => {
    const { findings } = await lint({ paths: ['.'], cwd: tree({ 'compose.yaml': Buffer.from('services:\n  web:\n    image: x\n', 'utf16le') }) });
    expect(findings).toEqual([]);
  });
});
