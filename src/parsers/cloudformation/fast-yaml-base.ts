import type { CfnScalar } from '../cloudformation-tree.js';
import { MAX_NESTING, type CfnTreeBuilder } from './nodes.js';
import { afterBreak, bail, DQUOTE, isBreak, isDocumentMarker, lineEnd, readQuoted, SPACE, SQUOTE, TAB, TooDeep } from './fast-yaml-scalars.js';

export const HASH = 35;
export const COLON = 58;
export const DASH = 45;
export const BANG = 33;
export { DQUOTE, SQUOTE } from './fast-yaml-scalars.js';
export const COMMA = 44;
export const GT = 62;
export const PIPE = 124;
export const LBRACKET = 91;
export const RBRACKET = 93;
export const LBRACE = 123;
export const RBRACE = 125;
const QUESTION = 63;
const AMP = 38;
const STAR = 42;
const PERCENT = 37;
const AT = 64;
const BACKTICK = 96;

/**
 * Position and line handling shared by the block and flow parts of the fast
 * YAML reader. After a block value, `i` is at the first non-space character of
 * the next content line and `indent` is that line's indentation (or `i` is at
 * the end of the text).
 */
export abstract class YamlCursor {
  protected i = 0;
  protected indent = 0;
  protected lineStart = 0;
  protected depth = 0;
  /** Smallest indentation of a comment line passed by the last `skipToContent`. */
  protected commentIndent = Infinity;

  constructor(
    protected readonly t: string,
    protected readonly b: CfnTreeBuilder,
  ) {}

  /** Moves to the first non-space character of the next line at or after `from` holding content. */
  protected skipToContent(from: number, markerAllowed = false): void {
    const t = this.t;
    let i = from;
    this.commentIndent = Infinity;
    for (;;) {
      const start = i;
      while (t.charCodeAt(i) === SPACE) i++;
      const c = t.charCodeAt(i);
      if (c === TAB) bail();
      if (c === HASH && i - start < this.commentIndent) this.commentIndent = i - start;
      if (i >= t.length) {
        this.i = t.length;
        this.indent = -1;
        return;
      }
      if (isBreak(c) || c === HASH) {
        const end = lineEnd(t, i);
        if (end >= t.length) {
          this.i = t.length;
          this.indent = -1;
          return;
        }
        i = afterBreak(t, end);
        continue;
      }
      if (i === start && !markerAllowed && isDocumentMarker(t, i)) bail();
      this.i = i;
      this.indent = i - start;
      this.lineStart = start;
      return;
    }
  }

  /** After a value on its line: blanks, an optional comment, the line end; then the next content line. */
  protected endOfValueLine(): void {
    const t = this.t;
    let i = this.i;
    while (t.charCodeAt(i) === SPACE) i++;
    const c = t.charCodeAt(i);
    if (c === TAB) bail();
    if (c === HASH) {
      if (i === this.i) bail();
    } else if (!isBreak(c) && i < t.length) bail();
    this.skipToContent(lineEnd(t, i));
  }

  protected column(): number {
    return this.i - this.lineStart;
  }

  protected quoted(parent: number): CfnScalar {
    const start = this.i;
    const q = readQuoted(this.t, start, parent);
    this.i = q.end;
    return this.b.scalar(q.value, this.t.charCodeAt(start) === DQUOTE ? 'double' : 'single', this.b.loc(start, q.end));
  }

  protected enter(): void {
    if (++this.depth > MAX_NESTING) throw new TooDeep(this.i);
  }

  protected skipBlanks(): void {
    while (this.t.charCodeAt(this.i) === SPACE) this.i++;
    if (this.t.charCodeAt(this.i) === TAB) bail();
  }

  /** At the end of the line, or at a comment (which needs a blank before it). */
  protected atLineEnd(): boolean {
    const c = this.t.charCodeAt(this.i);
    if (this.i >= this.t.length || isBreak(c)) return true;
    if (c !== HASH) return false;
    const prev = this.t.charCodeAt(this.i - 1);
    if (prev !== SPACE) bail();
    return true;
  }

  protected isSeparated(i: number): boolean {
    const c = this.t.charCodeAt(i);
    return c === SPACE || isBreak(c) || i >= this.t.length || c === TAB;
  }

  protected isFlowSeparated(i: number): boolean {
    const c = this.t.charCodeAt(i);
    return this.isSeparated(i) || c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;
  }
}

/** Characters that cannot start a plain scalar; `-`, `?` and `:` can when a non-blank follows. */
export function isPlainStart(t: string, i: number, flow: boolean): boolean {
  const c = t.charCodeAt(i);
  switch (c) {
    case LBRACKET: case RBRACKET: case LBRACE: case RBRACE: case COMMA: case HASH: case AMP: case STAR: case BANG:
    case PIPE: case GT: case SQUOTE: case DQUOTE: case PERCENT: case AT: case BACKTICK: case SPACE: case TAB:
      return false;
    case DASH: case QUESTION: case COLON: {
      const d = t.charCodeAt(i + 1);
      if (d === SPACE || d === TAB || isBreak(d) || i + 1 >= t.length) return false;
      return !(flow && (d === COMMA || d === LBRACKET || d === RBRACKET || d === LBRACE || d === RBRACE));
    }
    default:
      return !isBreak(c) && i < t.length;
  }
}
