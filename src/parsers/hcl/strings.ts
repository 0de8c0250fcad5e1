import { table } from '../../shared/own.js';
/**
 * Decoding of template literal text (hclsyntax `ParseStringLiteralToken`):
 * quoted strings take backslash escapes; every template turns `$${` into
 * `${` and `%%{` into `%{`.
 */

export interface DecodeError {
  message: string;
  /** Offsets into the source text. */
  start: number;
  end: number;
}

export function decodeLiteral(text: string, start: number, end: number, quoted: boolean, errors: DecodeError[]): string {
  let plain = true;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 36 || c === 37 || (quoted && c === 92)) {
      plain = false;
      break;
    }
  }
  if (plain) return text.slice(start, end);
  let out = '';
  let run = start;
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if ((c === 36 || c === 37) && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === 123 && i + 2 < end) {
      out += text.slice(run, i + 1) + '{';
      i += 3;
      run = i;
      continue;
    }
    if (c !== 92 || !quoted) {
      i++;
      continue;
    }
    out += text.slice(run, i);
    const r = escape(text, i, end, errors);
    out += r.value;
    i = r.next;
    run = i;
  }
  return out + text.slice(run, end);
}

const SIMPLE: Record<string, string> = table({ n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' });

function escape(text: string, i: number, end: number, errors: DecodeError[]): { value: string; next: number } {
  if (i + 1 >= end) {
    errors.push({ message: 'invalid escape sequence: a backslash must be followed by an escape character', start: i, end: i + 1 });
    return { value: '\\', next: i + 1 };
  }
  const sel = text[i + 1];
  const simple = SIMPLE[sel];
  if (simple !== undefined) return { value: simple, next: i + 2 };
  if (sel === 'u' || sel === 'U') return unicodeEscape(text, i, end, sel === 'u' ? 4 : 8, errors);
  const cp = text.codePointAt(i + 1) ?? 0;
  const width = cp > 0xffff ? 2 : 1;
  const ch = text.slice(i + 1, i + 1 + width);
  errors.push({ message: `invalid escape sequence '\\${ch}'`, start: i, end: i + 1 + width });
  return { value: ch, next: i + 1 + width };
}

function unicodeEscape(
  text: string,
  i: number,
  end: number,
  digits: number,
  errors: DecodeError[],
): { value: string; next: number } {
  let j = i + 2;
  while (j < end && j < i + 2 + digits && isHex(text.charCodeAt(j))) j++;
  const sel = text[i + 1];
  if (j - (i + 2) !== digits) {
    errors.push({
      message: `invalid escape sequence: '\\${sel}' must be followed by ${digits === 4 ? 'four' : 'eight'} hexadecimal digits`,
      start: i,
      end: j,
    });
    return { value: text.slice(i, j), next: j };
  }
  const cp = parseInt(text.slice(i + 2, j), 16);
  if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
    const hex = cp.toString(16).toUpperCase().padStart(4, '0');
    errors.push({ message: `invalid escape sequence: cannot encode character U+${hex}`, start: i, end: j });
    return { value: text.slice(i, j), next: j };
  }
  return { value: String.fromCodePoint(cp), next: j };
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** Go's `unicode.IsSpace`, which strip markers and heredoc indentation use. */
export function isUnicodeSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0x85) return false;
  return (
    c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

export function trimLeftSpace(s: string): string {
  let i = 0;
  while (i < s.length && isUnicodeSpace(s.charCodeAt(i))) i++;
  return i === 0 ? s : s.slice(i);
}

export function trimRightSpace(s: string): string {
  let i = s.length;
  while (i > 0 && isUnicodeSpace(s.charCodeAt(i - 1))) i--;
  return i === s.length ? s : s.slice(0, i);
}
