// The gitignore matcher runs in linear time and agrees with the regex it replaced.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globMatcher, pieceSource, type GlobPiece } from '../../src/discover/glob-match.js';
import { globPieces, globToRegexSource, matchRules, parseIgnoreFile } from '../../src/discover/ignore.js';

describe('glob matching', () => {
  it('agrees with the backtracking regex on random globs and paths', () => {
    const globChar = fc.constantFrom('a', 'b', '/', '*', '**', '?', '[ab]', '[!a]', '.', '\\*');
    const pathChar = fc.constantFrom('a', 'b', '/', '.', '*');
    fc.assert(
      fc.property(fc.array(globChar, { maxLength: 8 }), fc.array(pathChar, { maxLength: 12 }), (g, p) => {
        const glob = g.join('');
        const path = p.join('');
        const expected = new RegExp(`^${globToRegexSource(glob)}$`).test(path);
        expect(globMatcher(globPieces(glob)).test(path), `${glob} vs ${path}`).toBe(expected);
      }),
      { seed: 8, numRuns: 3000 },
    );
  });

  it('agrees with the regex of its pieces, whichever way a pattern is matched (strings or states)', () => {
    const piece = fc.constantFrom<GlobPiece>(
      { kind: 'char', ch: 'a' },
      { kind: 'char', ch: '/' },
      { kind: 'char', ch: '.' },
      { kind: 'star' },
      { kind: 'any' },
      { kind: 'one' },
      { kind: 'some' },
    );
    const pathChar = fc.constantFrom('a', 'b', '/', '.');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), fc.array(pathChar, { maxLength: 10 }), (pieces, p) => {
        const path = p.join('');
        const expected = new RegExp(`^${pieces.map(pieceSource).join('')}$`, 's').test(path);
        expect(globMatcher(pieces).test(path), `${pieces.map(pieceSource).join('')} vs ${path}`).toBe(expected);
      }),
      { seed: 19, numRuns: 3000 },
    );
  });

  // No clock: a backtracking matcher takes seconds per name here, minutes for 200, and the test timeout catches that.
  it('a pattern that makes a backtracking regex take seconds per name is matched', { timeout: 30_000 }, () => {
    const rules = parseIgnoreFile(`${'*a'.repeat(12)}*b\n${'**/'.repeat(12)}x\n`);
    for (let i = 0; i < 200; i++) expect(matchRules(rules, `${'a/'.repeat(30)}${'a'.repeat(200)}`, false)).not.toBe(true);
  });
});
