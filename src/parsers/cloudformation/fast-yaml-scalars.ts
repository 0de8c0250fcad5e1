import { table } from '../../shared/own.js';
/**
 * Character-level pieces of the fast YAML reader: quoted strings, block
 * scalars, tags. Each either returns a result or throws `BAIL` when the input
 * is outside the plain subset it handles (the complete reader then takes over).
 */
export const BAIL: unique symbol = Symbol('take the complete YAML reader');

export function bail(): never {
  throw BAIL;
}

/** Thrown, with where, when collections nest deeper than MAX_NESTING: a verdict, not a hand-over (the complete reader would build the whole tree first). */
export class TooDeep {
  constructor(readonly offset: number) {}
}

export const SPACE = 32;
export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const DQUOTE = 34;
export const SQUOTE = 39;
const BACKSLASH = 92;

export function isBreak(c: number): boolean {
  return c === LF || c === CR;
}

/** End of the line holding `i`: the offset of its line break, or the text length. */
export function lineEnd(text: string, i: number): number {
  const n = text.indexOf('\n', i);
  const end = n < 0 ? text.length : n;
  return end > i && text.charCodeAt(end - 1) === CR ? end - 1 : end;
}

/** Offset after the line break at `i` (`\r\n` or `\n`). */
export function afterBreak(text: string, i: number): number {
  return text.charCodeAt(i) === CR ? i + 2 : i + 1;
}

const SIMPLE_ESCAPES: Record<string, string> = table({
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
});

const HEX_DIGITS: Record<string, number> = table({ x: 2, u: 4, U: 8 });

export interface QuotedScalar {
  value: string;
  /** Offset after the closing quote. */
  end: number;
  multiline: boolean;
}

/** A quoted scalar at `start` that ends on its line (a key): its text and end; undefined when `start` is not a quote. */
export function quotedOnOneLine(t: string, start: number, indent: number): { text: string; end: number } | undefined {
  const c = t.charCodeAt(start);
  if (c !== DQUOTE && c !== SQUOTE) return undefined;
  const q = readQuoted(t, start, indent);
  if (q.multiline) bail();
  return { text: q.value, end: q.end };
}

/**
 * A quoted scalar opening at `open`. Its continuation lines may sit at any
 * indentation, as PyYAML (and so CloudFormation and cfn-lint) reads them, and
 * as the complete reader does once it has re-indented them (lenient-quotes.ts):
 * folding drops a line's leading blanks either way. An escaped line break still
 * wants its next line indented more than `parentIndent`.
 */
export function readQuoted(text: string, open: number, parentIndent: number): QuotedScalar {
  const quote = text.charCodeAt(open);
  const double = quote === 34;
  let out = '';
  let run = open + 1;
  let i = run;
  let multiline = false;
  // Where the current run of literal blanks starts in the text; a fold drops them.
  let blankStart = -1;
  for (;;) {
    if (i >= text.length) bail();
    const c = text.charCodeAt(i);
    if (c === quote) {
      if (!double && text.charCodeAt(i + 1) === quote) {
        out += text.slice(run, i + 1);
        i += 2;
        run = i;
        blankStart = -1;
        continue;
      }
      break;
    }
    if (c === SPACE || c === TAB) {
      if (blankStart < 0) blankStart = i;
      i++;
      continue;
    }
    if (isBreak(c)) {
      out += text.slice(run, blankStart >= 0 ? blankStart : i);
      const folded = foldQuotedBreaks(text, i);
      out += folded.text;
      i = run = folded.next;
      multiline = true;
      blankStart = -1;
      continue;
    }
    blankStart = -1;
    if (double && c === BACKSLASH) {
      out += text.slice(run, i);
      const escape = readEscape(text, i, parentIndent);
      out += escape.text;
      i = run = escape.next;
      if (escape.text === '') multiline = true;
      continue;
    }
    i++;
  }
  out += text.slice(run, i);
  return { value: out, end: i + 1, multiline };
}

/** One break folds to a space, n breaks to n-1 newlines; leading blanks of the next line go. */
function foldQuotedBreaks(text: string, i: number): { text: string; next: number } {
  let breaks = 0;
  for (;;) {
    i = afterBreak(text, i);
    breaks++;
    const lineStart = i;
    while (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB) i++;
    if (isBreak(text.charCodeAt(i))) continue;
    if (i >= text.length || isDocumentMarker(text, lineStart)) bail();
    return { text: breaks === 1 ? ' ' : '\n'.repeat(breaks - 1), next: i };
  }
}

function readEscape(text: string, i: number, parentIndent: number): { text: string; next: number } {
  const e = text[i + 1] ?? '';
  if (e === '\n' || e === '\r') {
    // An escaped line break joins the lines without a space.
    let j = afterBreak(text, i + 1);
    const lineStart = j;
    while (text.charCodeAt(j) === SPACE) j++;
    if (j - lineStart <= parentIndent || isDocumentMarker(text, lineStart)) bail();
    while (text.charCodeAt(j) === SPACE || text.charCodeAt(j) === TAB) j++;
    if (isBreak(text.charCodeAt(j))) bail();
    return { text: '', next: j };
  }
  const simple = SIMPLE_ESCAPES[e];
  if (simple !== undefined) return { text: simple, next: i + 2 };
  const digits = HEX_DIGITS[e];
  if (digits === undefined) bail();
  const hex = text.slice(i + 2, i + 2 + digits);
  if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) bail();
  const code = parseInt(hex, 16);
  if (code > 0x10ffff) bail();
  return { text: String.fromCodePoint(code), next: i + 2 + digits };
}

export function isDocumentMarker(text: string, lineStart: number): boolean {
  const c = text.charCodeAt(lineStart);
  if (c !== 45 && c !== 46) return false;
  if (text.charCodeAt(lineStart + 1) !== c || text.charCodeAt(lineStart + 2) !== c) return false;
  const after = text.charCodeAt(lineStart + 3);
  return Number.isNaN(after) || after === SPACE || after === TAB || isBreak(after);
}

/** A local tag `!Name` at `i`; returns the offset after it. Other tag forms are left to the complete reader. */
export function readTag(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const c = text.charCodeAt(j);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 58 || c === 46 || c === 45;
    if (!ok) break;
    j++;
  }
  const after = text.charCodeAt(j);
  if (j === i + 1 || !(after === SPACE || isBreak(after) || Number.isNaN(after))) bail();
  return j;
}

export interface BlockScalar {
  value: string;
  /** Offset after the last content character (before its line break). */
  end: number;
  /** Offset of the first line after the scalar. */
  next: number;
}

/**
 * A `|` or `>` scalar whose header is at `header`, as a value of a node at
 * `parentIndent`; the folding follows the yaml package's own resolver.
 */
export function readBlockScalar(text: string, header: number, parentIndent: number): BlockScalar {
  const folded = text.charCodeAt(header) === 62;
  let i = header + 1;
  let strip = false;
  let explicit = 0;
  // An indentation digit and a strip sign, in either order; keep (`+`) is left to the complete reader.
  for (let k = 0; k < 2; k++) {
    const h = text.charCodeAt(i);
    if (h === 45 && !strip) strip = true;
    else if (h >= 49 && h <= 57 && explicit === 0) explicit = h - 48;
    else break;
    i++;
  }
  if (explicit > 0 && parentIndent < 0) bail();
  i = expectLineEnd(text, i);
  const lines: BlockLine[] = [];
  // The digit counts from the indentation of the node holding the scalar (a key's, a `-`'s).
  let contentIndent = explicit > 0 ? parentIndent + explicit : -1;
  let leadingBlankMax = 0;
  let end = lineEnd(text, header);
  while (i < text.length) {
    const start = i;
    while (text.charCodeAt(i) === SPACE) i++;
    const indent = i - start;
    const stop = lineEnd(text, i);
    const blank = onlyBlanks(text, i, stop);
    if (!blank) {
      if (contentIndent < 0) {
        if (indent <= parentIndent) break;
        if (leadingBlankMax > indent) bail();
        contentIndent = indent;
      } else if (indent < contentIndent) {
        // Between the holder's indentation and the one the digit sets: an error, worded by the complete reader.
        if (explicit > 0 && indent > parentIndent) bail();
        break;
      }
      if (indent < contentIndent && text.charCodeAt(i) === TAB) bail();
      lines.push([indent, start, stop]);
      end = stop;
      while (text.charCodeAt(end - 1) === SPACE || text.charCodeAt(end - 1) === TAB) end--;
    } else {
      if (text.charCodeAt(i) === TAB && (contentIndent < 0 || indent < contentIndent)) bail();
      // Spaces past the set indentation on a blank line are content; too rare to read here.
      if (explicit > 0 && indent > contentIndent) bail();
      if (contentIndent < 0) leadingBlankMax = Math.max(leadingBlankMax, indent);
      lines.push([indent, start, stop]);
    }
    i = stop < text.length ? afterBreak(text, stop) : stop;
  }
  while (lines.length > 0 && onlyBlanks(text, lines[lines.length - 1][1], lines[lines.length - 1][2])) {
    const [indent] = lines.pop() as BlockLine;
    if (contentIndent >= 0 && indent > contentIndent) bail();
  }
  const next = lines.length > 0 ? nextLineAfter(text, lineEnd(text, end)) : nextLineAfter(text, lineEnd(text, header));
  if (lines.length === 0) return { value: '', end: lineEnd(text, header), next };
  const value = folded ? foldBlock(text, lines, contentIndent) : literalBlock(text, lines, contentIndent);
  return { value: strip ? value : value + '\n', end, next };
}

function nextLineAfter(text: string, end: number): number {
  return end < text.length ? afterBreak(text, end) : end;
}

/** After a block scalar header: optional blanks and comment, then the line end. */
function expectLineEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c !== SPACE && c !== TAB && !isBreak(c) && !Number.isNaN(c)) bail();
  const stop = lineEnd(text, i);
  let j = i;
  while (text.charCodeAt(j) === SPACE || text.charCodeAt(j) === TAB) j++;
  if (j < stop && (text.charCodeAt(j) !== 35 || j === i)) bail();
  return stop < text.length ? afterBreak(text, stop) : stop;
}

function onlyBlanks(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== SPACE && c !== TAB) return false;
  }
  return true;
}

type BlockLine = [indent: number, start: number, end: number];

/** A line as the yaml package splits it: spaces beyond the content indent, and the rest. */
function lineParts(text: string, [indent, start, end]: BlockLine, trim: number): [extra: string, content: string] {
  return [' '.repeat(Math.max(0, indent - trim)), text.slice(start + indent, end)];
}

/** The lines joined with '\n', each as `lineParts` splits it (the same text, without two strings and an array per line). */
function literalBlock(text: string, lines: BlockLine[], trim: number): string {
  let value = '';
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k];
    const indent = line[0];
    if (k > 0) value += '\n';
    if (indent > trim) value += ' '.repeat(indent - trim);
    value += text.slice(line[1] + indent, line[2]);
  }
  return value;
}

function foldBlock(text: string, lines: BlockLine[], trim: number): string {
  let value = '';
  let sep = '';
  let prevMoreIndented = false;
  let k = 0;
  for (; k < lines.length; k++) {
    const [extra, content] = lineParts(text, lines[k], trim);
    if (content !== '') break;
    value += extra + '\n';
  }
  for (; k < lines.length; k++) {
    const [extra, content] = lineParts(text, lines[k], trim);
    if (lines[k][0] > trim || content.charCodeAt(0) === TAB) {
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      value += sep + extra + content;
      sep = '\n';
      prevMoreIndented = true;
    } else if (content === '') {
      if (sep === '\n') value += '\n';
      else sep = '\n';
    } else {
      value += sep + content;
      sep = ' ';
      prevMoreIndented = false;
    }
  }
  return value;
}
