import { C_CR, C_LF, isLineSpace } from './chars.js';
import { HEREDOC, MAIN, QUOTED, type LexerState, type Mode } from './lexer-state.js';
import { T } from './tokens.js';

/**
 * Template text: quoted strings, heredocs and bare templates are literal up
 * to `${` or `%{` (whose sequence switches back to expression mode), the
 * closing quote, or a heredoc's closing marker.
 */

export function lexQuoted(s: LexerState): void {
  const text = s.text;
  const len = text.length;
  let p = s.pos;
  let litStart = p;
  while (p < len) {
    const c = text.charCodeAt(p);
    if (c === 34) {
      s.literal(T.QuotedLit, litStart, p);
      s.tokens.push(T.CQuote, p, p + 1);
      s.modes.pop();
      s.pos = p + 1;
      return;
    }
    if (c === 92) {
      const n = text.charCodeAt(p + 1);
      p += p + 1 < len && n !== C_LF && n !== C_CR ? 2 : 1;
      continue;
    }
    if (c === C_LF || c === C_CR) {
      s.literal(T.QuotedLit, litStart, p);
      s.error('unterminated string: a quoted string cannot span lines; use "\\n" or a heredoc', p, p);
      unwindQuoted(s, p);
      s.pos = p;
      return;
    }
    const marker = templateMarker(text, p, c);
    if (marker === OPENS) {
      s.literal(T.QuotedLit, litStart, p);
      s.pos = s.beginSequence(c, p);
      return;
    }
    p += marker;
  }
  s.literal(T.QuotedLit, litStart, p);
  s.pos = p;
}

/**
 * Closes the unterminated string at a line break, and the strings whose
 * interpolations it sits in, with zero-width tokens: the following lines
 * are then lexed as code again, which recovers far better than HCL's
 * reading the rest of the file as string text.
 */
export function unwindQuoted(s: LexerState, p: number): void {
  const modes = s.modes;
  s.tokens.push(T.CQuote, p, p);
  modes.pop();
  while (modes.length > 2 && modes[modes.length - 1].kind === MAIN && modes[modes.length - 2].kind === QUOTED) {
    s.tokens.push(T.TemplateSeqEnd, p, p);
    s.braces = (s.retBraces.pop() ?? 1) - 1;
    modes.pop();
    s.tokens.push(T.CQuote, p, p);
    modes.pop();
  }
}

/** Heredoc and bare-template text: literal up to `${`, `%{`, a heredoc's closing marker, or the end. */
export function lexTemplateText(s: LexerState, m: Mode): void {
  const text = s.text;
  const len = text.length;
  const heredoc = m.kind === HEREDOC;
  let p = s.pos;
  let litStart = p;
  while (p < len) {
    if (heredoc && m.lineStart && p === litStart) {
      const closeEnd = closingMarkerAt(s, p, m.marker);
      if (closeEnd > 0) {
        s.modes.pop();
        s.pos = closeEnd;
        return;
      }
      m.lineStart = false;
    }
    const c = text.charCodeAt(p);
    if (c === C_LF || c === C_CR) {
      p += c === C_CR && text.charCodeAt(p + 1) === C_LF ? 2 : 1;
      if (heredoc) {
        s.literal(T.StringLit, litStart, p);
        litStart = p;
        m.lineStart = true;
      }
      continue;
    }
    const marker = templateMarker(text, p, c);
    if (marker === OPENS) {
      s.literal(T.StringLit, litStart, p);
      m.lineStart = false;
      s.pos = s.beginSequence(c, p);
      return;
    }
    p += marker;
  }
  s.literal(T.StringLit, litStart, p);
  s.pos = p;
}

const OPENS = 0;

/**
 * At `c` (the character at `p`): `${` or `%{` opens a sequence (OPENS);
 * `$${` and `%%{` are escapes, literal text of 3 characters; anything else is 1.
 */
function templateMarker(text: string, p: number, c: number): number {
  if (c !== 36 && c !== 37) return 1;
  const next = text.charCodeAt(p + 1);
  if (next === 123) return OPENS;
  return next === c && text.charCodeAt(p + 2) === 123 ? 3 : 1;
}

/** If the line at `p` holds only the marker (and spaces), emits its token and returns where the marker ends. */
export function closingMarkerAt(s: LexerState, p: number, marker: string): number {
  const text = s.text;
  let b = p;
  while (isLineSpace(text.charCodeAt(b))) b++;
  if (!text.startsWith(marker, b)) return 0;
  const e = b + marker.length;
  let q = e;
  while (isLineSpace(text.charCodeAt(q))) q++;
  const c = text.charCodeAt(q);
  // HCL requires a line break after the marker; a marker ending the file is accepted too.
  if (q < text.length && c !== C_LF && c !== C_CR) return 0;
  s.tokens.push(T.CHeredoc, b, e);
  return q;
}
