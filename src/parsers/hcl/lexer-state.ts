import type { LexDiagnostic } from './lexer.js';
import { T, TokenStream } from './tokens.js';

export const MAIN = 0;
export const QUOTED = 1;
export const HEREDOC = 2;
export const BARE = 3;

/** One level of the lexer's mode stack. */
export interface Mode {
  kind: number;
  /** Heredoc only: the closing marker, where the heredoc started, and whether we are at a line start. */
  marker: string;
  openStart: number;
  lineStart: boolean;
}

export function mode(kind: number): Mode {
  return { kind, marker: '', openStart: 0, lineStart: true };
}

/** What the expression-mode and template-text scanners share. */
export class LexerState {
  readonly tokens: TokenStream;
  readonly diagnostics: LexDiagnostic[] = [];
  readonly modes: Mode[] = [];
  braces = 0;
  /** Brace depths at which a `}` ends a template sequence rather than an object or block. */
  readonly retBraces: number[] = [];
  pos = 0;

  constructor(readonly text: string) {
    this.tokens = new TokenStream((text.length >> 2) + 16);
  }

  error(message: string, start: number, end: number): void {
    this.diagnostics.push({ message, start, end });
  }

  /** `${` or `%{`, with an optional strip marker: expression mode until the matching `}`. */
  beginSequence(c: number, p: number): number {
    let e = p + 2;
    if (this.text.charCodeAt(e) === 126) e++;
    this.tokens.push(c === 36 ? T.TemplateInterp : T.TemplateControl, p, e);
    this.braces++;
    this.retBraces.push(this.braces);
    this.modes.push(mode(MAIN));
    return e;
  }

  literal(type: T, start: number, end: number): void {
    if (end > start) this.tokens.push(type, start, end);
  }
}
