import type { Position, Range } from '../source.js';

/** What the parsers need from a line index: `LineIndex` and `IncrementalLineIndex` both fit. */
export interface Positions {
  readonly text: string;
  position(offset: number): Position;
  range(start: number, end: number): Range;
}

/**
 * `LineIndex` semantics (`\n`, `\r\n` and a lone `\r` end a line), but the line
 * starts are found while the parser moves forward: no separate pass over the
 * text, and the offsets a parser asks for, mostly increasing, resolve on the
 * current line in O(1). Earlier offsets fall back to a binary search.
 */
export class IncrementalLineIndex implements Positions {
  private readonly starts: number[] = [0];
  /** Everything before this offset has been scanned for line breaks. */
  private scanned = 0;
  /** Index into `starts` of the line that answered last. */
  private line = 0;

  constructor(readonly text: string) {}

  position(offset: number): Position {
    const at = offset < 0 ? 0 : offset > this.text.length ? this.text.length : offset;
    if (at > this.scanned) this.scanTo(at);
    let k = this.line;
    if (!this.onLine(k, at)) {
      k = this.onLine(k + 1, at) ? k + 1 : this.search(at);
      this.line = k;
    }
    return { line: k + 1, column: at - this.starts[k] + 1, offset: at };
  }

  private onLine(k: number, at: number): boolean {
    const starts = this.starts;
    return k < starts.length && starts[k] <= at && (k + 1 === starts.length || at < starts[k + 1]);
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  private scanTo(offset: number): void {
    const text = this.text;
    const starts = this.starts;
    for (let i = this.scanned; i < offset; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
    }
    this.scanned = offset;
  }

  private search(offset: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
