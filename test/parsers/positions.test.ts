import { describe, expect, it } from 'vitest';
import { IncrementalLineIndex } from '../../src/parsers/positions.js';
import { LineIndex } from '../../src/source.js';
import { seededRandom } from './yaml-mutations.js';

describe('IncrementalLineIndex', () => {
  const random = seededRandom(42);
  const pieces = ['a', 'bc', ' ', '\n', '\r\n', '\r', '😀', '\n\n', '\r\r\n'];
  const texts = Array.from({ length: 40 }, () =>
    Array.from({ length: Math.floor(random() * 60) }, () => pieces[Math.floor(random() * pieces.length)]).join(''),
  );

  it.each(texts.map((t, i) => [i, t] as const))('answers like LineIndex, in any order of offsets (text %i)', (_, text) => {
    const reference = new LineIndex(text);
    const incremental = new IncrementalLineIndex(text);
    const offsets = Array.from({ length: 80 }, (_, i) => (i < 40 ? i : Math.floor(random() * (text.length + 3)) - 1));
    for (const offset of offsets) expect(incremental.position(offset)).toEqual(reference.position(offset));
    expect(incremental.range(0, text.length)).toEqual(reference.range(0, text.length));
  });
});
