import { T, TokenStream } from './tokens.js';

/**
 * Lexer for the HCL native syntax (hashicorp/hcl `hclsyntax/scan_tokens.rl`).
 *
 * The language is modal: inside quoted strings and heredocs text is literal
 * until `${` or `%{`, whose sequence switches back to expression mode until the
 * matching `}`. The whole file is scanned up front into a flat token stream,
 * with a mode stack instead of recursion so that nesting depth cannot blow
 * the call stack.
 */

export interface LexDiagnostic {
  message: string;
  start: number;
  end: number;
}

export interface LexResult {
  tokens: TokenStream;
  diagnostics: LexDiagnostic[];
}

/** Where lexing starts: a configuration file, or a bare template (the content of a `.tf.json` string). */
export type LexMode = 'config' | 'template';

const MAIN = 0;
const QUOTED = 1;
const HEREDOC = 2;
const BARE = 3;

interface Mode {
  kind: number;
  /** Heredoc only: the closing marker, where the heredoc started, and whether we are at a line start. */
  marker: string;
  openStart: number;
  lineStart: boolean;
}

const C_TAB = 9;
const C_LF = 10;
const C_CR = 13;
const C_SPACE = 32;

export function lex(text: string, mode: LexMode = 'config'): LexResult {
  return new Lexer(text, mode).run();
}

class Lexer {
  private readonly tokens: TokenStream;
  private readonly diagnostics: LexDiagnostic[] = [];
  private readonly modes: Mode[] = [];
  private braces = 0;
  /** Brace depths at which a `}` ends a template sequence rather than an object or block. */
  private readonly retBraces: number[] = [];
  private pos = 0;

  constructor(
    private readonly text: string,
    startMode: LexMode,
  ) {
    this.tokens = new TokenStream((text.length >> 2) + 16);
    this.modes.push(mode(startMode === 'config' ? MAIN : BARE));
  }

  run(): LexResult {
    const len = this.text.length;
    while (this.pos < len) {
      const top = this.modes[this.modes.length - 1];
      switch (top.kind) {
        case MAIN:
          this.lexMain();
          break;
        case QUOTED:
          this.lexQuoted();
          break;
        default:
          this.lexTemplateText(top);
      }
    }
    this.closeOpenModesAtEof();
    this.tokens.push(T.EOF, len, len);
    return { tokens: this.tokens, diagnostics: this.diagnostics };
  }

  private error(message: string, start: number, end: number): void {
    this.diagnostics.push({ message, start, end });
  }

  /** Closes what is still open at the end; one message is enough, as the innermost explains the rest. */
  private closeOpenModesAtEof(): void {
    const len = this.text.length;
    let reported = false;
    for (let i = this.modes.length - 1; i > 0; i--) {
      const m = this.modes[i];
      if (m.kind === QUOTED) {
        if (!reported) this.error('unterminated string', len, len);
        this.tokens.push(T.CQuote, len, len);
        reported = true;
      } else if (m.kind === HEREDOC) {
        if (!reported) this.error(`heredoc "${m.marker}" has no closing marker`, m.openStart, m.openStart + 2 + m.marker.length);
        this.tokens.push(T.CHeredoc, len, len);
        reported = true;
      }
    }
  }

  /** Scans expression-mode tokens until the mode changes or the input ends. */
  private lexMain(): void {
    const text = this.text;
    const len = text.length;
    const tokens = this.tokens;
    let p = this.pos;
    while (p < len) {
      const c = text.charCodeAt(p);
      if (c === C_SPACE || c === C_TAB) {
        p++;
        continue;
      }
      if (c === C_LF) {
        tokens.push(T.Newline, p, p + 1);
        p++;
        continue;
      }
      if (c === C_CR) {
        const e = text.charCodeAt(p + 1) === C_LF ? p + 2 : p + 1;
        tokens.push(T.Newline, p, e);
        p = e;
        continue;
      }
      if (isIdentStartAscii(c)) {
        const s = p++;
        while (p < len && isIdentContinueAscii(text.charCodeAt(p))) p++;
        if (p < len && text.charCodeAt(p) >= 0x80) p = scanUnicodeIdentRest(text, p);
        tokens.push(T.Ident, s, p);
        continue;
      }
      if (c >= 48 && c <= 57) {
        const e = scanNumber(text, p);
        tokens.push(T.Number, p, e);
        p = e;
        continue;
      }
      const n = text.charCodeAt(p + 1);
      switch (c) {
        case 35: // #
          p = this.lineComment(p + 1);
          continue;
        case 47: // /
          if (n === 47) {
            p = this.lineComment(p + 2);
            continue;
          }
          if (n === 42) {
            p = this.blockComment(p);
            continue;
          }
          tokens.push(T.Slash, p, p + 1);
          p++;
          continue;
        case 34: // "
          tokens.push(T.OQuote, p, p + 1);
          this.pos = p + 1;
          this.modes.push(mode(QUOTED));
          return;
        case 123: // {
          tokens.push(T.OBrace, p, p + 1);
          this.braces++;
          p++;
          continue;
        case 125: // }
          if (this.closesTemplateSequence()) {
            tokens.push(T.TemplateSeqEnd, p, p + 1);
            this.pos = p + 1;
            return;
          }
          tokens.push(T.CBrace, p, p + 1);
          this.braces--;
          p++;
          continue;
        case 126: // ~
          if (n === 125) {
            tokens.push(T.TemplateSeqEnd, p, p + 2);
            // A stray `~}` is still emitted as a sequence end so the parser reports it.
            if (this.closesTemplateSequence()) {
              this.pos = p + 2;
              return;
            }
            this.braces--;
            p += 2;
            continue;
          }
          this.invalid(p, 'bitwise operators are not supported; did you mean "!"?');
          p++;
          continue;
        case 60: // <
          if (n === 60) {
            const heredocEnd = this.tryHeredoc(p);
            if (heredocEnd > 0) {
              this.pos = heredocEnd;
              return;
            }
          }
          if (n === 61) {
            tokens.push(T.Le, p, p + 2);
            p += 2;
          } else {
            tokens.push(T.Lt, p, p + 1);
            p++;
          }
          continue;
        default: {
          const e = this.punctuation(c, n, p);
          if (e > 0) {
            p = e;
            continue;
          }
          p = this.unexpectedChar(p);
        }
      }
    }
    this.pos = p;
  }

  /** Pops back to the enclosing template when this `}` matches a `${` or `%{`. */
  private closesTemplateSequence(): boolean {
    const rb = this.retBraces;
    if (rb.length > 0 && rb[rb.length - 1] === this.braces) {
      rb.pop();
      this.braces--;
      this.modes.pop();
      return true;
    }
    return false;
  }

  /** Single- and double-character operators; returns the offset after the token, or 0. */
  private punctuation(c: number, n: number, p: number): number {
    let t: T;
    let width = 1;
    switch (c) {
      case 91: t = T.OBrack; break;
      case 93: t = T.CBrack; break;
      case 40: t = T.OParen; break;
      case 41: t = T.CParen; break;
      case 44: t = T.Comma; break;
      case 42: t = T.Star; break;
      case 37: t = T.Percent; break;
      case 43: t = T.Plus; break;
      case 45: t = T.Minus; break;
      case 63: t = T.Question; break;
      case 46: // .
        if (n === 46 && this.text.charCodeAt(p + 2) === 46) {
          t = T.Ellipsis;
          width = 3;
        } else t = T.Dot;
        break;
      case 61: // =
        if (n === 61) (t = T.EqualOp), (width = 2);
        else if (n === 62) (t = T.FatArrow), (width = 2);
        else t = T.Equal;
        break;
      case 33: // !
        if (n === 61) (t = T.NotEqual), (width = 2);
        else t = T.Bang;
        break;
      case 62: // >
        if (n === 61) (t = T.Ge), (width = 2);
        else t = T.Gt;
        break;
      case 58: // :
        if (n === 58) (t = T.DoubleColon), (width = 2);
        else t = T.Colon;
        break;
      case 38: // &
        if (n !== 38) return this.invalid(p, 'bitwise operators are not supported; did you mean "&&"?');
        t = T.And;
        width = 2;
        break;
      case 124: // |
        if (n !== 124) return this.invalid(p, 'bitwise operators are not supported; did you mean "||"?');
        t = T.Or;
        width = 2;
        break;
      case 94: // ^
        return this.invalid(p, 'bitwise operators are not supported');
      case 59: // ;
        return this.invalid(p, "unexpected character ';': separate arguments with newlines and collection items with commas");
      case 39: // '
        return this.invalid(p, "unexpected character \"'\": use double quotes to enclose strings");
      case 96: // `
        return this.invalid(p, 'unexpected character \'`\': use a heredoc ("<<EOT") for multi-line strings');
      default:
        return 0;
    }
    this.tokens.push(t, p, p + width);
    return p + width;
  }

  private invalid(p: number, message: string): number {
    this.error(message, p, p + 1);
    this.tokens.push(T.Invalid, p, p + 1);
    return p + 1;
  }

  private unexpectedChar(p: number): number {
    const text = this.text;
    const cp = text.codePointAt(p) ?? 0;
    if (cp >= 0x80 && isIdStart(cp)) {
      const e = scanUnicodeIdentRest(text, p);
      this.tokens.push(T.Ident, p, e);
      return e;
    }
    const e = p + (cp > 0xffff ? 2 : 1);
    const ch = text.slice(p, e);
    const hint = cp === 0x201c || cp === 0x201d ? ' (curly quotes are not valid; use a straight quote)' : '';
    this.error(`unexpected character '${printable(ch)}'${hint}`, p, e);
    this.tokens.push(T.Invalid, p, e);
    return e;
  }

  /** Skips a `#` or `//` comment; the line break ending it still separates body items. */
  private lineComment(p: number): number {
    const text = this.text;
    const len = text.length;
    while (p < len) {
      const c = text.charCodeAt(p);
      if (c === C_LF || c === C_CR) return p;
      p++;
    }
    return p;
  }

  private blockComment(start: number): number {
    const end = this.text.indexOf('*/', start + 2);
    if (end < 0) {
      this.error('unterminated comment: "/*" has no closing "*/"', start, start + 2);
      return this.text.length;
    }
    return end + 2;
  }

  /** `<<EOT` or `<<-EOT` followed by a line break; returns the offset after the break, or 0. */
  private tryHeredoc(p: number): number {
    const text = this.text;
    let q = p + 2;
    if (text.charCodeAt(q) === 45) q++;
    const idStart = q;
    const c = text.charCodeAt(q);
    if (!(isIdentStartAscii(c) || (c >= 0x80 && isIdStart(text.codePointAt(q) ?? 0)))) return 0;
    q++;
    while (q < text.length && isIdentContinueAscii(text.charCodeAt(q))) q++;
    if (q < text.length && text.charCodeAt(q) >= 0x80) q = scanUnicodeIdentRest(text, q);
    const idEnd = q;
    const b = text.charCodeAt(q);
    if (b === C_LF) q++;
    else if (b === C_CR) q += text.charCodeAt(q + 1) === C_LF ? 2 : 1;
    else return 0;
    this.tokens.push(T.OHeredoc, p, idEnd);
    const m = mode(HEREDOC);
    m.marker = text.slice(idStart, idEnd);
    m.openStart = p;
    this.modes.push(m);
    return q;
  }

  private lexQuoted(): void {
    const text = this.text;
    const len = text.length;
    let p = this.pos;
    let litStart = p;
    while (p < len) {
      const c = text.charCodeAt(p);
      if (c === 34) {
        this.literal(T.QuotedLit, litStart, p);
        this.tokens.push(T.CQuote, p, p + 1);
        this.modes.pop();
        this.pos = p + 1;
        return;
      }
      if (c === 92) {
        const n = text.charCodeAt(p + 1);
        p += p + 1 < len && n !== C_LF && n !== C_CR ? 2 : 1;
        continue;
      }
      if (c === C_LF || c === C_CR) {
        this.literal(T.QuotedLit, litStart, p);
        this.error('unterminated string: a quoted string cannot span lines; use "\\n" or a heredoc', p, p);
        this.unwindQuoted(p);
        this.pos = p;
        return;
      }
      if ((c === 36 || c === 37) && text.charCodeAt(p + 1) === 123) {
        this.literal(T.QuotedLit, litStart, p);
        this.pos = this.beginSequence(c, p);
        return;
      }
      if ((c === 36 || c === 37) && text.charCodeAt(p + 1) === c && text.charCodeAt(p + 2) === 123) {
        p += 3;
        continue;
      }
      p++;
    }
    this.literal(T.QuotedLit, litStart, p);
    this.pos = p;
  }

  /**
   * Closes the unterminated string at a line break, and the strings whose
   * interpolations it sits in, with zero-width tokens: the following lines
   * are then lexed as code again, which recovers far better than HCL's
   * reading the rest of the file as string text.
   */
  private unwindQuoted(p: number): void {
    const modes = this.modes;
    this.tokens.push(T.CQuote, p, p);
    modes.pop();
    while (modes.length > 2 && modes[modes.length - 1].kind === MAIN && modes[modes.length - 2].kind === QUOTED) {
      this.tokens.push(T.TemplateSeqEnd, p, p);
      this.braces = (this.retBraces.pop() ?? 1) - 1;
      modes.pop();
      this.tokens.push(T.CQuote, p, p);
      modes.pop();
    }
  }

  /** Heredoc and bare-template text: literal up to `${`, `%{`, a heredoc's closing marker, or the end. */
  private lexTemplateText(m: Mode): void {
    const text = this.text;
    const len = text.length;
    const heredoc = m.kind === HEREDOC;
    let p = this.pos;
    let litStart = p;
    while (p < len) {
      if (heredoc && m.lineStart && p === litStart) {
        const closeEnd = this.closingMarkerAt(p, m.marker);
        if (closeEnd > 0) {
          this.modes.pop();
          this.pos = closeEnd;
          return;
        }
        m.lineStart = false;
      }
      const c = text.charCodeAt(p);
      if (c === C_LF || c === C_CR) {
        p += c === C_CR && text.charCodeAt(p + 1) === C_LF ? 2 : 1;
        if (heredoc) {
          this.literal(T.StringLit, litStart, p);
          litStart = p;
          m.lineStart = true;
        }
        continue;
      }
      if ((c === 36 || c === 37) && text.charCodeAt(p + 1) === 123) {
        this.literal(T.StringLit, litStart, p);
        m.lineStart = false;
        this.pos = this.beginSequence(c, p);
        return;
      }
      if ((c === 36 || c === 37) && text.charCodeAt(p + 1) === c && text.charCodeAt(p + 2) === 123) {
        p += 3;
        continue;
      }
      p++;
    }
    this.literal(T.StringLit, litStart, p);
    this.pos = p;
  }

  /** If the line at `p` holds only the marker (and spaces), emits its token and returns where the marker ends. */
  private closingMarkerAt(p: number, marker: string): number {
    const text = this.text;
    let s = p;
    while (isLineSpace(text.charCodeAt(s))) s++;
    if (!text.startsWith(marker, s)) return 0;
    const e = s + marker.length;
    let q = e;
    while (isLineSpace(text.charCodeAt(q))) q++;
    const c = text.charCodeAt(q);
    // HCL requires a line break after the marker; a marker ending the file is accepted too.
    if (q < text.length && c !== C_LF && c !== C_CR) return 0;
    this.tokens.push(T.CHeredoc, s, e);
    return q;
  }

  private beginSequence(c: number, p: number): number {
    let e = p + 2;
    if (this.text.charCodeAt(e) === 126) e++;
    this.tokens.push(c === 36 ? T.TemplateInterp : T.TemplateControl, p, e);
    this.braces++;
    this.retBraces.push(this.braces);
    this.modes.push(mode(MAIN));
    return e;
  }

  private literal(type: T, start: number, end: number): void {
    if (end > start) this.tokens.push(type, start, end);
  }
}

function mode(kind: number): Mode {
  return { kind, marker: '', openStart: 0, lineStart: true };
}

function isLineSpace(c: number): boolean {
  return c === C_SPACE || c === C_TAB || c === 11 || c === 12;
}

function isIdentStartAscii(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isIdentContinueAscii(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

const ID_START = /\p{ID_Start}/u;
const ID_CONTINUE = /\p{ID_Continue}/u;

function isIdStart(cp: number): boolean {
  return ID_START.test(String.fromCodePoint(cp));
}

/** Continues an identifier through non-ASCII characters (rare, so the slow path is fine). */
function scanUnicodeIdentRest(text: string, p: number): number {
  while (p < text.length) {
    const c = text.charCodeAt(p);
    if (c < 0x80) {
      if (!isIdentContinueAscii(c)) return p;
      p++;
      continue;
    }
    const cp = text.codePointAt(p) ?? 0;
    if (!ID_CONTINUE.test(String.fromCodePoint(cp))) return p;
    p += cp > 0xffff ? 2 : 1;
  }
  return p;
}

/**
 * `digit (digit | '.' | [eE][+-]?digit)*` not ending in '.', as HCL's scanner
 * does: `foo.0.1` is a traversal with the number `0.1`, which the parser rejects.
 */
function scanNumber(text: string, p: number): number {
  const len = text.length;
  let q = p + 1;
  let lastGood = q;
  while (q < len) {
    const c = text.charCodeAt(q);
    if (c >= 48 && c <= 57) {
      q++;
      lastGood = q;
    } else if (c === 46) {
      q++;
    } else if (c === 101 || c === 69) {
      let r = q + 1;
      const s = text.charCodeAt(r);
      if (s === 43 || s === 45) r++;
      const d = text.charCodeAt(r);
      if (!(d >= 48 && d <= 57)) break;
      q = r + 1;
      lastGood = q;
    } else {
      break;
    }
  }
  return lastGood;
}

function printable(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c < 32 || c === 127) return `\\u${c.toString(16).padStart(4, '0')}`;
  return ch;
}
