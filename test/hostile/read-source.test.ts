// How files are read: bytes, checked as UTF-8 with the offset of the first bad byte.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify, firstInvalidUtf8 } from '../../src/discover/read-source.js';

const fatal = new TextDecoder('utf-8', { fatal: true });

function decodes(bytes: Uint8Array): boolean {
  try {
    fatal.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

describe('firstInvalidUtf8', () => {
  it('agrees with a fatal TextDecoder on random bytes, and the prefix before it decodes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const at = firstInvalidUtf8(bytes);
        expect(at === bytes.length).toBe(decodes(bytes));
        expect(decodes(bytes.subarray(0, at))).toBe(true);
      }),
      { seed: 3, numRuns: 20_000 },
    );
  });

  it('agrees on valid text with one byte changed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.nat(), fc.integer({ min: 0, max: 255 }), (s, i, b) => {
        const bytes = Buffer.from(s, 'utf8');
        if (bytes.length > 0) bytes[i % bytes.length] = b;
        expect(firstInvalidUtf8(bytes) === bytes.length).toBe(decodes(bytes));
      }),
      { seed: 4, numRuns: 20_000 },
    );
  });

  it.each([
    ['overlong', [0xc0, 0xaf], 0],
    ['surrogate', [0x61, 0xed, 0xa0, 0x80], 1],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['truncated', [0x61, 0x62, 0xe2, 0x82], 2],
    ['stray continuation', [0x80], 0],
  ])('%s', (_name, bytes, at) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(at);
  });
});

describe('classify', () => {
  it('text, binary, UTF-16 and bad UTF-8', () => {
    expect(classify(Buffer.from('\ufeffResources: {}\n'))).toEqual({ kind: 'text', text: '\ufeffResources: {}\n' });
    expect(classify(Buffer.from('a\0b'))).toMatchObject({ kind: 'binary', offset: 1 });
    expect(classify(Buffer.from('\ufeffa', 'utf16le'))).toMatchObject({ kind: 'encoding', offset: 0, message: expect.stringContaining('UTF-16LE') });
    expect(classify(Buffer.from([0x61, 0x0a, 0x62, 0xff]))).toMatchObject({ kind: 'encoding', offset: 3, prefix: 'a\nb', message: 'invalid UTF-8 at byte offset 3 (0xFF); the file must be saved as UTF-8' });
  });
});
