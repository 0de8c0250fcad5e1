import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/source.js';
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
    expect(index.range(0, text.length)).toEqual({ start: naivePosition(text, 0), end: naivePosition(text, text.length) });
  });
});
