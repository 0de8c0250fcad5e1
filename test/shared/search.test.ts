import { describe, expect, it } from 'vitest';
import { partitionPoint } from '../../src/shared/search.js';

describe('partitionPoint', () => {
  it('finds the first index past the prefix, for every bound and length', () => {
    for (let n = 0; n <= 9; n++) {
      const sorted = Array.from({ length: n }, (_, i) => 2 * i);
      for (let bound = -1; bound <= 2 * n; bound++) {
        const expected = sorted.findIndex((x) => x >= bound);
        expect(partitionPoint(n, (i) => sorted[i] < bound)).toBe(expected === -1 ? n : expected);
      }
    }
  });
});
