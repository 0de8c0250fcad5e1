import type { CfnScalar } from './cloudformation-tree.js';
import { endOffset, lazyLines, type Loc, type Position, startOffset, stripBom } from '../shared/source.js';

/**
 * For a scalar written in `source` at `loc` in `style`, maps an index into its
 * decoded value to the file position of the character it came from, so that a
 * finding inside an embedded JSON policy points at the right spot in the file.
 * Indices that cannot be placed map to the scalar's start.
 */
export function stringIndexMapper(source: string, loc: Loc, style: CfnScalar['style']): (i: number) => Position {
  const text = stripBom(source);
  const from = startOffset(loc.range);
  const to = Math.min(endOffset(loc.range), text.length);
  const offsets = decodedOffsets(text, from, to, style);
  const start = loc.range.start;
  if (!offsets) return () => ({ ...start });
  const position = regionPositions(text, start, to);
  return (i) => (i >= 0 && i < offsets.length ? position(offsets.at(i)) : { ...start });
}

/**
 * For a scalar written at `loc` (a lazy range of `lines`), maps a range of its
 * decoded value to a place in the file: `${Missing}` inside a 40-line `Fn::Sub`
 * script is reported where it is written. Undefined when the scalar cannot be
 * placed character by character.
 */
export function decodedRangeMapper(loc: Loc, style: CfnScalar['style']): ((from: number, to: number) => Loc) | undefined {
  const lines = lazyLines(loc.range);
  if (!lines) return undefined;
  const start = startOffset(loc.range);
  const end = Math.min(endOffset(loc.range), lines.text.length);
  // A JSON string decodes as a YAML double-quoted one does, without line folding (it has no line breaks).
  const offsets = decodedOffsets(lines.text, start, end, style === 'json' ? 'double' : style);
  if (!offsets) return undefined;
  const quoting = style === 'json' ? 'double' : style;
  return (from, to) => {
    if (from < 0 || to <= from || to > offsets.length) return loc;
    const last = offsets.at(to - 1);
    return lines.loc(loc.file, offsets.at(from), last + writtenWidth(lines.text, last, quoting));
  };
}

/** How many characters of the source the unit written at `at` takes: an escape (`\"`, `\u00e9`) or a doubled quote more than one. */
function writtenWidth(text: string, at: number, style: CfnScalar['style']): number {
  const c = text.charCodeAt(at);
  if (style === 'double' && c === BACKSLASH && !isBreak(text.charCodeAt(at + 1))) return escapeSpan(text, at)[0];
  if (style === 'single' && c === SQUOTE && text.charCodeAt(at + 1) === SQUOTE) return 2;
  return 1;
}

/**
 * The source offset of every decoded UTF-16 unit of a scalar, plus one entry
 * for the end of the value, held as runs: unit `dec[k] + n` was written at
 * `src[k] + n` up to the next run. A 60-line `Fn::Sub` script is one run a
 * line, not one array slot a character.
 */
class DecodedOffsets {
  /** Units pushed so far. */
  length = 0;
  private readonly dec: number[] = [];
  private readonly src: number[] = [];

  /** The next unit was written at `offset`. */
  push(offset: number): void {
    const k = this.src.length - 1;
    if (k < 0 || offset !== this.src[k] + (this.length - this.dec[k])) {
      this.dec.push(this.length);
      this.src.push(offset);
    }
    this.length++;
  }

  /** The next units were written at `from` up to `to`, one for one. */
  pushRun(from: number, to: number): void {
    if (from >= to) return;
    this.push(from);
    this.length += to - from - 1;
  }

  /** Where unit `i` (0 <= i < length) was written. */
  at(i: number): number {
    const run = lastAtMost(this.dec, i);
    return this.src[run] + (i - this.dec[run]);
  }
}

/** Source offset of every decoded character, plus one entry for the end of the value. */
function decodedOffsets(text: string, from: number, to: number, style: CfnScalar['style']): DecodedOffsets | null {
  switch (style) {
    case 'double':
      return text.charCodeAt(from) === DQUOTE ? (asWritten(text, from + 1, to, DOUBLE_SPECIAL) ?? flowOffsets(text, from + 1, to, 'double')) : null;
    case 'single':
      return text.charCodeAt(from) === SQUOTE ? (asWritten(text, from + 1, to, SINGLE_SPECIAL) ?? flowOffsets(text, from + 1, to, 'single')) : null;
    case 'plain':
      return asWritten(text, from, to, PLAIN_SPECIAL) ?? flowOffsets(text, from, to, 'plain');
    case 'block-literal':
    case 'block-folded':
      return blockOffsets(text, from, to, style === 'block-folded');
    default:
      // 'json' nodes already carry file positions of their own.
      return null;
  }
}

/*
 * What flowOffsets must look at in each style: without any of these before its end, a scalar is
 * its source text one for one (no escape, quote pair or fold), which nearly every one is. Each
 * search stops at the scalar's end at the latest: its closing quote, or its line's break.
 */
const DOUBLE_SPECIAL = /["\\\n\r]/g;
const SINGLE_SPECIAL = /['\n\r]/g;
const PLAIN_SPECIAL = /[\n\r]/g;

/** The offsets flowOffsets gives a scalar written as it reads (from `from`, the first character after any quote), or undefined. */
function asWritten(text: string, from: number, to: number, special: RegExp): DecodedOffsets | undefined {
  special.lastIndex = from;
  const hit = special.test(text) ? special.lastIndex - 1 : text.length;
  const quoted = special !== PLAIN_SPECIAL;
  // Quoted: the first special character must be the closing quote, the last of the scalar (not the first of a `''` pair).
  if (quoted ? hit !== to - 1 || text.charCodeAt(hit) !== text.charCodeAt(from - 1) || text.charCodeAt(hit + 1) === SQUOTE : hit < to) return undefined;
  const end = quoted ? hit : to;
  const out = new DecodedOffsets();
  out.pushRun(from, end + 1);
  return out;
}

const DQUOTE = 34;
const SQUOTE = 39;
const BACKSLASH = 92;
const LF = 10;
const CR = 13;

function isBreak(c: number): boolean {
  return c === LF || c === CR;
}

/** A character `trim()` never removes: a line starting with one has content, without slicing it out to see. */
function isVisibleAscii(c: number): boolean {
  return c > 32 && c < 127;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

function breakLength(text: string, i: number): number {
  return text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
}

/** Escape sequence length in source code units, and how many UTF-16 units it decodes to. */
function escapeSpan(text: string, i: number): [number, number] {
  switch (text.charCodeAt(i + 1)) {
    case 120: // \xXX
      return [4, 1];
    case 117: // \uXXXX
      return [6, 1];
    case 85: {
      // \UXXXXXXXX may need a surrogate pair
      const cp = parseInt(text.slice(i + 2, i + 10), 16);
      return [10, cp > 0xffff ? 2 : 1];
    }
    default:
      return [2, 1];
  }
}

/** Quoted and plain scalars: escapes (double), `''` (single), and line folding (all three). */
function flowOffsets(text: string, from: number, to: number, mode: 'double' | 'single' | 'plain'): DecodedOffsets {
  const out = new DecodedOffsets();
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (mode === 'double' && c === DQUOTE) break;
    if (mode === 'single' && c === SQUOTE) {
      if (text.charCodeAt(i + 1) !== SQUOTE) break;
      out.push(i);
      i += 2;
      continue;
    }
    if (mode === 'double' && c === BACKSLASH) {
      if (isBreak(text.charCodeAt(i + 1))) {
        i = skipBlanks(text, i + 1 + breakLength(text, i + 1));
        continue;
      }
      const [length, units] = escapeSpan(text, i);
      for (let u = 0; u < units; u++) out.push(i);
      i += length;
      continue;
    }
    if (isBlank(c)) {
      const j = skipBlanks(text, i);
      if (isBreak(text.charCodeAt(j))) {
        i = j; // trailing blanks before a fold are dropped
        continue;
      }
      out.pushRun(i, j);
      i = j;
      continue;
    }
    if (isBreak(c)) {
      i = foldBreaks(text, i, out);
      continue;
    }
    // A run of characters that stand for themselves, up to the next one that may not.
    const j = ordinaryEnd(text, i + 1, to);
    out.pushRun(i, j);
    i = j;
  }
  out.push(i);
  return out;
}

/** The first offset from `i` (before `to`) of a quote, backslash, blank or line break: where `flowOffsets` must look again. */
function ordinaryEnd(text: string, i: number, to: number): number {
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE || c === BACKSLASH || c === 32 || c === 9 || c === LF || c === CR) return i;
  }
  return to;
}

/** One line break folds to a space; n breaks keep n-1 newlines. Returns the offset after the fold. */
function foldBreaks(text: string, i: number, out: DecodedOffsets): number {
  const breaks: number[] = [];
  while (isBreak(text.charCodeAt(i))) {
    breaks.push(i);
    i = skipBlanks(text, i + breakLength(text, i));
  }
  if (breaks.length === 1) out.push(breaks[0]);
  else for (let k = 1; k < breaks.length; k++) out.push(breaks[k]);
  return i;
}

function skipBlanks(text: string, i: number): number {
  while (isBlank(text.charCodeAt(i))) i++;
  return i;
}

interface BlockLine {
  /** Offset of the first content character (after the indentation). */
  content: number;
  /** Offset of the line break (or the end of the region). */
  end: number;
  empty: boolean;
  moreIndented: boolean;
}

/** `|` and `>` scalars; an explicit indentation indicator is too rare to model here. */
function blockOffsets(text: string, from: number, to: number, folded: boolean): DecodedOffsets | null {
  let i = from + 1;
  let comment = false;
  while (i < to && !isBreak(text.charCodeAt(i))) {
    const c = text.charCodeAt(i);
    // An indentation indicator (`|2`) is not handled; a digit in the header's comment is just text.
    if (c === 35) comment = true;
    else if (c >= 49 && c <= 57 && !comment) return null;
    i++;
  }
  const lines = blockLines(text, i, to);
  if (!lines) return null;
  const out = new DecodedOffsets();
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k];
    out.pushRun(line.content, line.end);
    if (!folded || line.empty || line.moreIndented) {
      out.push(line.end);
      continue;
    }
    const next = nextContentLine(lines, k);
    if (!next || next.moreIndented) out.push(line.end);
    else if (next === lines[k + 1]) out.push(line.end); // folds to a space at the break
    // else: the break before empty lines is dropped; the empty lines supply the newlines
  }
  out.push(to);
  return out;
}

function nextContentLine(lines: BlockLine[], k: number): BlockLine | undefined {
  for (let j = k + 1; j < lines.length; j++) if (!lines[j].empty) return lines[j];
  return undefined;
}

function blockLines(text: string, headerEnd: number, to: number): BlockLine[] | null {
  const lines: BlockLine[] = [];
  let indent = -1;
  let i = headerEnd;
  while (i < to && isBreak(text.charCodeAt(i))) {
    i += breakLength(text, i);
    let j = i;
    while (text.charCodeAt(j) === 32) j++;
    let end = j;
    while (end < text.length && !isBreak(text.charCodeAt(end))) end++;
    const blankLine = end === j || (!isVisibleAscii(text.charCodeAt(j)) && text.slice(j, end).trim() === '');
    if (!blankLine && indent < 0) indent = j - i;
    if (!blankLine && j - i < indent) break;
    if (i >= to) break;
    const content = blankLine ? Math.min(end, i + Math.max(indent, 0)) : i + indent;
    lines.push({ content, end, empty: blankLine, moreIndented: !blankLine && isBlank(text.charCodeAt(content)) });
    i = end;
  }
  return indent < 0 && lines.length === 0 ? null : lines;
}

/** Offsets in `[start, to]` to positions, counting lines from the scalar's start. */
function regionPositions(text: string, start: Position, to: number): (offset: number) => Position {
  const lineStarts = [start.offset - (start.column - 1)];
  for (let i = start.offset; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) lineStarts.push(i + 1);
  }
  return (offset) => {
    const line = lastAtMost(lineStarts, offset);
    return { line: start.line + line, column: offset - lineStarts[line] + 1, offset };
  };
}

/** The last index of an ascending list whose element is at most `x` (0 when none is). */
function lastAtMost(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
