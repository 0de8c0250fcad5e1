/**
 * Token kinds of the HCL native syntax. Numbers rather than strings so the
 * token stream fits in typed arrays (see `TokenStream`).
 */
export const enum T {
  EOF = 0,
  Newline,
  Ident,
  Number,
  OBrace,
  CBrace,
  OBrack,
  CBrack,
  OParen,
  CParen,
  Comma,
  Dot,
  Ellipsis,
  Star,
  Slash,
  Percent,
  Plus,
  Minus,
  Equal,
  EqualOp,
  NotEqual,
  Lt,
  Gt,
  Le,
  Ge,
  And,
  Or,
  Bang,
  Question,
  Colon,
  DoubleColon,
  FatArrow,
  /** `"` opening a quoted template. */
  OQuote,
  /** `"` closing a quoted template; zero-width when the lexer closed an unterminated string. */
  CQuote,
  /** `<<EOT` or `<<-EOT` (the newline after the marker is not part of the token). */
  OHeredoc,
  /** The closing marker of a heredoc (without surrounding spaces); zero-width when missing. */
  CHeredoc,
  /** Literal text of a quoted template (raw, escapes not yet decoded). */
  QuotedLit,
  /** Literal text of a heredoc or bare template, a heredoc line including its line break. */
  StringLit,
  /** `${` or `${~` */
  TemplateInterp,
  /** `%{` or `%{~` */
  TemplateControl,
  /** `}` or `~}` closing a template sequence. */
  TemplateSeqEnd,
  /** A character the language does not use (already reported by the lexer). */
  Invalid,
}

const NAMES: Record<number, string> = {
  [T.EOF]: 'end of file',
  [T.Newline]: 'newline',
  [T.Ident]: 'identifier',
  [T.Number]: 'number',
  [T.OBrace]: "'{'",
  [T.CBrace]: "'}'",
  [T.OBrack]: "'['",
  [T.CBrack]: "']'",
  [T.OParen]: "'('",
  [T.CParen]: "')'",
  [T.Comma]: "','",
  [T.Dot]: "'.'",
  [T.Ellipsis]: "'...'",
  [T.Star]: "'*'",
  [T.Slash]: "'/'",
  [T.Percent]: "'%'",
  [T.Plus]: "'+'",
  [T.Minus]: "'-'",
  [T.Equal]: "'='",
  [T.EqualOp]: "'=='",
  [T.NotEqual]: "'!='",
  [T.Lt]: "'<'",
  [T.Gt]: "'>'",
  [T.Le]: "'<='",
  [T.Ge]: "'>='",
  [T.And]: "'&&'",
  [T.Or]: "'||'",
  [T.Bang]: "'!'",
  [T.Question]: "'?'",
  [T.Colon]: "':'",
  [T.DoubleColon]: "'::'",
  [T.FatArrow]: "'=>'",
  [T.OQuote]: 'a string',
  [T.CQuote]: "'\"'",
  [T.OHeredoc]: 'a heredoc',
  [T.CHeredoc]: 'the end of a heredoc',
  [T.QuotedLit]: 'string text',
  [T.StringLit]: 'template text',
  [T.TemplateInterp]: "'${'",
  [T.TemplateControl]: "'%{'",
  [T.TemplateSeqEnd]: "'}'",
  [T.Invalid]: 'an invalid character',
};

export function tokenName(type: number): string {
  return NAMES[type] ?? 'token';
}

/** Tokens as parallel typed arrays: one allocation per file instead of one object per token. */
export class TokenStream {
  types: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  count = 0;
  /** The text ended inside a string, heredoc or comment (the lexer said so): what is left open after it is no news. */
  cutShort = false;

  constructor(capacity: number) {
    const n = Math.max(16, capacity);
    this.types = new Uint8Array(n);
    this.starts = new Int32Array(n);
    this.ends = new Int32Array(n);
  }

  push(type: T, start: number, end: number): void {
    if (this.count === this.types.length) this.grow();
    const i = this.count++;
    this.types[i] = type;
    this.starts[i] = start;
    this.ends[i] = end;
  }

  private grow(): void {
    const n = this.types.length * 2;
    const types = new Uint8Array(n);
    const starts = new Int32Array(n);
    const ends = new Int32Array(n);
    types.set(this.types);
    starts.set(this.starts);
    ends.set(this.ends);
    this.types = types;
    this.starts = starts;
    this.ends = ends;
  }
}
