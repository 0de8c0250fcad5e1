/** Character classes and scanners of the HCL lexer (hclsyntax `scan_tokens.rl`). */

export const C_TAB = 9;
export const C_LF = 10;
export const C_CR = 13;
export const C_SPACE = 32;

export function isLineSpace(c: number): boolean {
  return c === C_SPACE || c === C_TAB || c === 11 || c === 12;
}

export function isIdentStartAscii(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

export function isIdentContinueAscii(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

const ID_START = /\p{ID_Start}/u;
const ID_CONTINUE = /\p{ID_Continue}/u;

export function isIdStart(cp: number): boolean {
  return ID_START.test(String.fromCodePoint(cp));
}

/** Continues an identifier through non-ASCII characters (rare, so the slow path is fine). */
export function scanUnicodeIdentRest(text: string, p: number): number {
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
export function scanNumber(text: string, p: number): number {
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

export function printable(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c < 32 || c === 127) return `\\u${c.toString(16).padStart(4, '0')}`;
  return ch;
}
