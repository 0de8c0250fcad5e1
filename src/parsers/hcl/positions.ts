import type { Position, Range } from '../../source.js';

/** Turns offsets into the token stream's text into positions in the file being reported on. */
export interface PositionSource {
  at(offset: number): Position;
  range(start: number, end: number): Range;
}

/**
 * Offset → position, with the same line rules as `LineIndex` (`\n`, `\r\n`,
 * lone `\r`). Parsers ask in nearly increasing order, so the line of the
 * previous answer is tried first before falling back to binary search.
 */
export class PositionMap implements PositionSource {
  private readonly starts: Int32Array;
  private readonly lines: number;
  private last = 0;

  constructor(readonly text: string) {
    const starts: number[] = [0];
    const len = text.length;
    let i = text.indexOf('\n');
    const hasCr = text.indexOf('\r') >= 0;
    if (!hasCr) {
      while (i >= 0) {
        starts.push(i + 1);
        i = text.indexOf('\n', i + 1);
      }
    } else {
      for (let j = 0; j < len; j++) {
        const c = text.charCodeAt(j);
        if (c === 10) starts.push(j + 1);
        else if (c === 13) {
          if (text.charCodeAt(j + 1) === 10) j++;
          starts.push(j + 1);
        }
      }
    }
    this.starts = Int32Array.from(starts);
    this.lines = starts.length;
  }

  at(offset: number): Position {
    const o = offset < 0 ? 0 : offset > this.text.length ? this.text.length : offset;
    const line = this.lineOf(o);
    return { line: line + 1, column: o - this.starts[line] + 1, offset: o };
  }

  range(start: number, end: number): Range {
    return { start: this.at(start), end: this.at(end) };
  }

  private lineOf(o: number): number {
    const starts = this.starts;
    const n = this.lines;
    let l = this.last;
    if (starts[l] <= o) {
      if (l + 1 >= n || starts[l + 1] > o) return l;
      if (l + 2 >= n || starts[l + 2] > o) return (this.last = l + 1);
    }
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return (this.last = lo);
  }
}
