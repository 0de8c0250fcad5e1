import { describe, expect, it } from 'vitest';
import { joinRange, lazyLines, LineIndex, plainRange, SourceRange } from '../../src/shared/source.js';
import { seededRandom } from './yaml-mutations.js';

/** Line and column by walking the text from the start: slow and obviously right. */
function naivePosition(text: string, offset: number) {
  const at = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let start = 0;
  for (let i = 0; i < at; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: at - start + 1, offset: at };
}

describe('LineIndex (with its previous-line shortcut)', () => {
  const random = seededRandom(42);
  const pieces = ['a', 'bc', ' ', '\n', '\r\n', '\r', '😀', '\n\n', '\r\r\n'];
  const texts = Array.from({ length: 40 }, () =>
    Array.from({ length: Math.floor(random() * 60) }, () => pieces[Math.floor(random() * pieces.length)]).join(''),
  );

  it.each(texts.map((t, i) => [i, t] as const))('answers like a walk from the start, in any order of offsets (text %i)', (_, text) => {
    const index = new LineIndex(text);
    const offsets = Array.from({ length: 80 }, (_, i) => (i < 40 ? i : Math.floor(random() * (text.length + 3)) - 1));
    for (const offset of offsets) expect(index.position(offset)).toEqual(naivePosition(text, offset));
    expect(plainRange(index.range(0, text.length))).toEqual({ start: naivePosition(text, 0), end: naivePosition(text, text.length) });
  });
});

describe('SourceRange (positions worked out when read)', () => {
  const text = 'a: 1\r\nbb: [x, y]\nccc: z\n';
  const index = new LineIndex(text);
  const at = (s: string) => text.indexOf(s);

  it('reads the same positions as the line index, whenever they are read', () => {
    const range = index.range(at('[x'), at('ccc') + 3);
    expect(range).toBeInstanceOf(SourceRange);
    expect(range.start).toEqual(naivePosition(text, at('[x')));
    expect(range.end).toEqual(naivePosition(text, at('ccc') + 3));
    expect(range.start).toEqual({ line: 2, column: 5, offset: 10 });
  });

  it('joins two ranges of the same file lazily, and of different files or mapped ranges plainly', () => {
    const joined = joinRange(index.range(0, 1), index.range(at('bb'), at('bb') + 2));
    expect(joined).toBeInstanceOf(SourceRange);
    expect(plainRange(joined)).toEqual({ start: naivePosition(text, 0), end: naivePosition(text, at('bb') + 2) });
    const other = new LineIndex('zz\nzz').range(3, 5);
    const mixed = joinRange(index.range(0, 1), other);
    expect(mixed).not.toBeInstanceOf(SourceRange);
    expect(mixed).toEqual({ start: naivePosition(text, 0), end: { line: 2, column: 3, offset: 5 } });
  });

  it('prints as the plain { start, end } shape', () => {
    const range = index.range(at('x'), at('y') + 1);
    const plain = { start: naivePosition(text, at('x')), end: naivePosition(text, at('y') + 1) };
    expect(JSON.parse(JSON.stringify({ loc: { file: 'f', range } }))).toEqual({ loc: { file: 'f', range: plain } });
  });
});

describe('SourceLoc (a place as one object: the file and its own lazy range)', () => {
  const text = 'a: 1\r\nbb: [x, y]\nccc: z\n';
  const index = new LineIndex(text);
  const at = (s: string) => text.indexOf(s);

  it('is its own range, with the positions the line index gives', () => {
    const loc = index.loc('t.yaml', at('[x'), at('ccc') + 3);
    expect(loc.file).toBe('t.yaml');
    expect(loc.range).toBe(loc);
    expect(loc.range.start).toEqual(naivePosition(text, at('[x')));
    expect(loc.range.end).toEqual(naivePosition(text, at('ccc') + 3));
  });

  it('joins lazily with ranges of the same file, as a range does', () => {
    const joined = joinRange(index.loc('t.yaml', 0, 1).range, index.range(at('bb'), at('bb') + 2));
    expect(joined).toBeInstanceOf(SourceRange);
    expect(plainRange(joined)).toEqual({ start: naivePosition(text, 0), end: naivePosition(text, at('bb') + 2) });
    expect(lazyLines(index.loc('t.yaml', 0, 1))).toBe(index);
  });

  it('prints as the plain { file, range: { start, end } } shape', () => {
    const loc = index.loc('t.yaml', at('x'), at('y') + 1);
    const plain = { start: naivePosition(text, at('x')), end: naivePosition(text, at('y') + 1) };
    expect(JSON.parse(JSON.stringify({ loc }))).toEqual({ loc: { file: 't.yaml', range: plain } });
  });
});
