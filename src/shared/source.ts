/**
 * Source positions shared by every stage.
 *
 * Lines and columns are 1-based; columns count UTF-16 code units (what ESLint
 * reports and SARIF's default `columnKind`). `offset` is a 0-based index into
 * the decoded text with any byte-order mark removed. A line ends at `\n`,
 * `\r\n` or a lone `\r`.
 */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Where a value sits: the file (as given to the parser) and its range. */
export interface Loc {
  file: string;
  range: Range;
}

/**
 * A range held as two offsets into its file's line index: one small object
 * where eager positions cost four, on every node of every parsed file. The
 * positions are computed when read; `toJSON` gives the plain shape.
 */
export class SourceRange implements Range {
  constructor(
    readonly lines: LineIndex,
    readonly from: number,
    readonly to: number,
  ) {}

  get start(): Position {
    return this.lines.position(this.from);
  }

  get end(): Position {
    return this.lines.position(this.to);
  }

  toJSON(): Range {
    return plainRange(this);
  }
}

/**
 * Where a range starts, as an offset. A lazy range (a `SourceRange`, a
 * `SourceLoc`) answers from its offsets, without working out lines: most files
 * never need theirs, and `range.start.offset` would find them.
 */
export function startOffset(range: Range): number {
  return range instanceof SourceRange || range instanceof SourceLoc ? clampTo(range.lines, range.from) : range.start.offset;
}

/** Where a range ends, as an offset, as `startOffset`. */
export function endOffset(range: Range): number {
  return range instanceof SourceRange || range instanceof SourceLoc ? clampTo(range.lines, range.to) : range.end.offset;
}

/** The offset `position()` would report: inside the text. */
function clampTo(lines: LineIndex, offset: number): number {
  return Math.max(0, Math.min(offset, lines.text.length));
}

/** A range's plain `{ start, end }` form, for output and for crossing a thread boundary. */
export function plainRange(range: Range): Range {
  return { start: range.start, end: range.end };
}

/**
 * A place as one object: the file and a lazy range, its own `range`. Every parsed node has
 * a place and most values keep theirs to the end of the run; one object where
 * `{ file, range }` took two is a tenth of the graph's heap and of what the collector copies.
 */
export class SourceLoc implements Loc, Range {
  constructor(
    readonly file: string,
    readonly lines: LineIndex,
    readonly from: number,
    readonly to: number,
  ) {}

  get range(): Range {
    return this;
  }

  get start(): Position {
    return this.lines.position(this.from);
  }

  get end(): Position {
    return this.lines.position(this.to);
  }

  toJSON(): Loc {
    return { file: this.file, range: plainRange(this) };
  }
}

/** The line index a lazy range (a `SourceRange`, or a `SourceLoc` as its own range) reads, if it is one. */
export function lazyLines(range: Range): LineIndex | undefined {
  return range instanceof SourceRange || range instanceof SourceLoc ? range.lines : undefined;
}

/** From the start of `first` to the end of `last`: still lazy when both are ranges of the same file. */
export function joinRange(first: Range, last: Range): Range {
  const lines = lazyLines(first);
  if (lines !== undefined && lines === lazyLines(last)) return new SourceRange(lines, (first as SourceRange).from, (last as SourceRange).to);
  return { start: first.start, end: last.end };
}

function lineStartsOf(text: string): Int32Array {
  const starts = [0];
  if (text.indexOf('\r') < 0) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  } else {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
  }
  return Int32Array.from(starts);
}

/** Removes a leading UTF-8 byte-order mark; positions are computed on the result. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Maps offsets to line/column. One scan finds the line starts (`indexOf` when
 * the text has no CR); parsers ask in nearly increasing order, so the line of
 * the previous answer and the next one are tried before a binary search.
 */
export class LineIndex {
  private starts: Int32Array | undefined;
  private last = 0;

  constructor(readonly text: string) {}

  /** Found on first use: most files have no finding, and nothing asks where their lines start. */
  private get lineStarts(): Int32Array {
    return (this.starts ??= lineStartsOf(this.text));
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(clamped);
    return { line: line + 1, column: clamped - this.lineStarts[line] + 1, offset: clamped };
  }

  /** A range whose positions are worked out when read (most are never read: only findings need them). */
  range(start: number, end: number): SourceRange {
    return new SourceRange(this, start, end);
  }

  /** A place in `file` (this index's text), as lazy as `range`. */
  loc(file: string, start: number, end: number): SourceLoc {
    return new SourceLoc(file, this, start, end);
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line - 1, this.lineStarts.length - 1))];
  }

  /** The text of a 1-based line without its line break. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line < this.lineStarts.length ? this.lineStarts[line] : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$|\r$/, '');
  }

  /** 0-based line of an offset already clamped to the text. */
  private lineOf(offset: number): number {
    const starts = this.lineStarts;
    const n = starts.length;
    const l = this.last;
    if (starts[l] <= offset) {
      if (l + 1 >= n || starts[l + 1] > offset) return l;
      if (l + 2 >= n || starts[l + 2] > offset) return (this.last = l + 1);
    }
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return (this.last = lo);
  }
}
