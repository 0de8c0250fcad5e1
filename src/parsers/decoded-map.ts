import type { Position } from '../shared/source.js';

/**
 * Where each UTF-16 unit of a decoded string (a JSON or HCL string with
 * escapes, a heredoc, a file read whole) was written: its source offset,
 * one more entry for the end, and the positions of that source. A finding
 * inside JSON written in a string points at the character it came from.
 */
export interface DecodedMap {
  readonly offsets: ArrayLike<number>;
  readonly index: { position(offset: number): Position };
}

/** The position of decoded unit `i`; an index outside the string is clamped to it. */
export function decodedPosition(map: DecodedMap, i: number): Position {
  const clamped = Math.max(0, Math.min(i, map.offsets.length - 1));
  return map.index.position(map.offsets[clamped]);
}
