import { joinRange, type Range } from '../../shared/source.js';
import type { HclDiagnostic } from './ast.js';
import type { PositionSource } from './positions.js';
import { T, TokenStream, tokenName } from './tokens.js';

/**
 * Deeper nesting than this is reported instead of parsed, so the call stack
 * stays bounded: a cold (unoptimised) run overflows Node's default stack
 * between 700 and 1000 levels of nested calls or for expressions.
 */
export const MAX_DEPTH = 500;

/**
 * Parser state shared by the structure, expression and template parsers:
 * the token stream, HCL's "are newlines significant here" stack, error
 * recovery state and diagnostics.
 */
export class Cursor {
  readonly types: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly count: number;
  pos = 0;
  /** Index of the last consumed token, -1 before any. */
  last = -1;
  /** Newlines are tokens in bodies and objects, whitespace inside brackets and parentheses. */
  newlines = true;
  private readonly newlineStack: boolean[] = [];
  /**
   * Set after an error that left the cursor somewhere unhelpful; callers
   * bail out and resynchronise rather than pile up follow-on errors.
   */
  recovery = false;
  /** Set when nesting exceeded MAX_DEPTH: everything unwinds to the enclosing body item. */
  aborted = false;
  private depthReported = false;
  depth = 0;
  /** Blocks being parsed: outside any, a stray closer cannot belong to an enclosing construct. */
  openBlocks = 0;
  /** See `TokenStream.cutShort`. */
  readonly cutShort: boolean;

  constructor(
    readonly text: string,
    tokens: TokenStream,
    readonly positions: PositionSource,
    readonly diagnostics: HclDiagnostic[],
  ) {
    this.types = tokens.types;
    this.starts = tokens.starts;
    this.ends = tokens.ends;
    this.count = tokens.count;
    this.cutShort = tokens.cutShort;
  }

  /** Index of the next significant token (skipping newlines where they are whitespace). */
  peek(): number {
    let i = this.pos;
    if (!this.newlines) while (this.types[i] === T.Newline) i++;
    return i;
  }

  peekType(): number {
    return this.types[this.peek()];
  }

  /** Consumes and returns the next significant token; EOF is never consumed past. */
  next(): number {
    const i = this.peek();
    if (i < this.count - 1) this.pos = i + 1;
    else this.pos = this.count - 1;
    this.last = i;
    return i;
  }

  pushNewlines(significant: boolean): void {
    this.newlineStack.push(this.newlines);
    this.newlines = significant;
  }

  popNewlines(): void {
    this.newlines = this.newlineStack.pop() ?? true;
  }

  tokenText(i: number): string {
    return this.text.slice(this.starts[i], this.ends[i]);
  }

  isKeyword(i: number, word: string): boolean {
    return this.types[i] === T.Ident && this.ends[i] - this.starts[i] === word.length && this.text.startsWith(word, this.starts[i]);
  }

  range(start: number, end: number): Range {
    return this.positions.range(start, end);
  }

  tokenRange(i: number): Range {
    return this.positions.range(this.starts[i], this.ends[i]);
  }

  /** From an offset to the end of a node's range. */
  spanTo(start: number, last: Range): Range {
    return joinRange(this.positions.range(start, start), last);
  }

  /** From the start of a node's range to an offset. */
  spanFrom(first: Range, end: number): Range {
    return joinRange(first, this.positions.range(end, end));
  }

  /** `line:column` of an offset, for messages that point back at an opener. */
  where(offset: number): string {
    const p = this.positions.at(offset);
    return `${p.line}:${p.column}`;
  }

  /** A readable name for what token `i` is, for "expected X, found Y" messages. */
  describe(i: number): string {
    const t = this.types[i];
    if (t === T.Ident) return `"${this.tokenText(i)}"`;
    if (t === T.Number) return `the number ${this.tokenText(i)}`;
    if (t === T.Invalid) return `'${this.tokenText(i)}'`;
    return tokenName(t);
  }

  error(message: string, start: number, end: number): void {
    this.diagnostics.push({ message, range: this.range(start, end), severity: 'error' });
  }

  errorRange(message: string, range: Range): void {
    this.diagnostics.push({ message, range, severity: 'error' });
  }

  errorAt(message: string, i: number): void {
    this.error(message, this.starts[i], this.ends[i]);
  }

  /** Reports an error unless already recovering (where it would likely be noise), and enters recovery. */
  fail(message: string, i: number): void {
    // Invalid characters were reported by the lexer, and so was a string, heredoc or comment that swallowed
    // the rest of the file: a second message (a closer missing at the end) would be noise.
    const explained = this.types[i] === T.Invalid || (this.types[i] === T.EOF && this.cutShort);
    if (!this.recovery && !explained) this.errorAt(message, i);
    this.recovery = true;
  }

  /** Enters one nesting level; false (after reporting once) when the cap is exceeded. */
  enter(at: number): boolean {
    if (++this.depth <= MAX_DEPTH) return true;
    if (!this.depthReported) {
      this.depthReported = true;
      this.error(`nesting too deep: more than ${MAX_DEPTH} levels of brackets, blocks or templates`, at, at + 1);
    }
    this.aborted = true;
    this.recovery = true;
    return false;
  }

  leave(): void {
    this.depth--;
  }

  /**
   * Skips to the token closing the construct we are in (`end`), counting
   * nested pairs, and consumes it; stops at EOF. Returns the token reached.
   */
  recover(end: T): number {
    const open = opener(end);
    this.recovery = true;
    let nest = 0;
    const types = this.types;
    for (;;) {
      const i = this.pos;
      const t = types[i];
      if (t === T.EOF) {
        this.last = i;
        return i;
      }
      this.pos = i + 1;
      this.last = i;
      if (t === open || (end === T.TemplateSeqEnd && t === T.TemplateControl)) nest++;
      else if (t === end) {
        if (nest === 0) return i;
        nest--;
      }
    }
  }

  /**
   * Skips the rest of a broken body item: to the end of its line, jumping
   * over anything bracketed. Inside a block, a `}` with nothing open
   * belongs to the enclosing block and is left in place.
   */
  recoverAfterBodyItem(): void {
    this.recovery = true;
    const types = this.types;
    const open: number[] = [];
    for (;;) {
      const i = this.pos;
      const t = types[i];
      if (t === T.EOF) return;
      if (t === T.Newline && open.length === 0) {
        this.pos = i + 1;
        this.last = i;
        return;
      }
      if (isOpener(t)) open.push(t);
      else if (isCloser(t)) {
        if (open.length === 0 && t === T.CBrace && this.openBlocks > 0) return;
        const o = t === T.TemplateSeqEnd ? -1 : opener(t);
        while (open.length > 0) {
          const top = open.pop() ?? 0;
          if (top === o || (o === -1 && (top === T.TemplateInterp || top === T.TemplateControl))) break;
        }
      }
      this.pos = i + 1;
      this.last = i;
    }
  }
}

function opener(close: number): number {
  switch (close) {
    case T.CBrace: return T.OBrace;
    case T.CBrack: return T.OBrack;
    case T.CParen: return T.OParen;
    case T.CQuote: return T.OQuote;
    case T.CHeredoc: return T.OHeredoc;
    case T.TemplateSeqEnd: return T.TemplateInterp;
    default: return -1;
  }
}

function isOpener(t: number): boolean {
  return (
    t === T.OBrace || t === T.OBrack || t === T.OParen || t === T.OQuote ||
    t === T.OHeredoc || t === T.TemplateInterp || t === T.TemplateControl
  );
}

function isCloser(t: number): boolean {
  return (
    t === T.CBrace || t === T.CBrack || t === T.CParen || t === T.CQuote ||
    t === T.CHeredoc || t === T.TemplateSeqEnd
  );
}
