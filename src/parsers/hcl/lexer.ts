import {
  C_CR,
  C_LF,
  C_SPACE,
  C_TAB,
  isIdStart,
  isIdentContinueAscii,
  isIdentStartAscii,
  printable,
  scanNumber,
  scanUnicodeIdentRest,
} from './chars.js';
import { BARE, HEREDOC, LexerState, MAIN, QUOTED, mode } from './lexer-state.js';
import { lexQuoted, lexTemplateText } from './lexer-text.js';
import { T, type TokenStream } from './tokens.js';

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

export function lex(text: string, start: LexMode = 'config'): LexResult {
  return new Lexer(text, start).run();
}

class Lexer extends LexerState {
  constructor(text: string, startMode: LexMode) {
    super(text);
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
          lexQuoted(this);
          break;
        default:
          lexTemplateText(this, top);
      }
    }
    this.closeOpenModesAtEof();
    this.tokens.push(T.EOF, len, len);
    return { tokens: this.tokens, diagnostics: this.diagnostics };
  }


  /** Closes what is still open at the end; one message is enough, as the innermost explains the rest. */
  private closeOpenModesAtEof(): void {
    const len = this.text.length;
    let reported = false;
    for (let i = this.modes.length - 1; i > 0; i--) {
      const m = this.modes[i];
      if (m.kind === QUOTED) {
        this.tokens.cutShort = true;
        if (!reported) this.error('unterminated string', len, len);
        this.tokens.push(T.CQuote, len, len);
        reported = true;
      } else if (m.kind === HEREDOC) {
        this.tokens.cutShort = true;
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
      this.tokens.cutShort = true;
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






}
