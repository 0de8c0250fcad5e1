import type { Position } from '../shared/source.js';
import type { JsonError, JsonErrorSite, JsonMessages, NumberFault } from './json-tree.js';

/** The messages of CloudFormation JSON templates (and of JSON inside their strings); `position` places an opener. */
export function templateMessages(position: (offset: number) => Position): JsonMessages {
  return {
    tooDeep: (s, max) => ({ message: `Nesting is deeper than ${max} levels`, start: s.at, end: s.at + 1 }),
    noValue: (s) => unexpected(s, 'a value', position),
    trailingComma: (s, closer) => {
      // At the comma itself, which may stand lines before the closer.
      let comma = s.at - 1;
      while (comma > 0 && s.text.charCodeAt(comma) !== 44) comma--;
      return { message: `Trailing comma before '${closer}' is not allowed in JSON`, start: comma, end: comma + 1 };
    },
    noKey: (s) => unexpected(s, 'a property name in double quotes', position),
    noColon: (s, key) => unexpected(s, `':' after the property name "${key}"`, position),
    noSeparator(s) {
      const top = s.open as NonNullable<JsonErrorSite['open']>;
      const open = position(top.at);
      const where = `the ${top.map ? "'{'" : "'['"} opened at ${open.line}:${open.column}`;
      if (s.at >= s.text.length) return { message: `Unexpected end of file: ${where} is never closed`, start: s.at, end: s.at };
      const expected = top.map ? `',' or '}' after the value of "${top.key}"` : "',' or ']' between array items";
      return unexpected(s, `${expected} (in ${where})`, position);
    },
    afterEnd: (s) => unexpected(s, 'the end of the file (the JSON value is already complete)', position),
    unterminatedString: (_s, open) => ({ message: 'Unterminated string: no closing \'"\' before the end of the file', start: open, end: open + 1 }),
    controlCharacter(s, open, c) {
      if (c === 10 || c === 13) {
        const p = position(open);
        return {
          message: `Unterminated string: the string opened at ${p.line}:${p.column} reaches the end of the line (write a line break as \\n)`,
          start: s.at,
          end: s.at + 1,
        };
      }
      const name = c === 9 ? 'a tab' : `control character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
      return { message: `Raw ${name} inside a string is not allowed in JSON (escape it, e.g. \\t)`, start: s.at, end: s.at + 1 };
    },
    badUnicodeEscape: (s) => ({ message: 'Invalid \\u escape in string: expected four hexadecimal digits', start: s.at, end: s.at + 2 }),
    badEscape: (s) => ({
      message: `Invalid escape "\\${s.text[s.at + 1] ?? ''}" in string (JSON allows \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)`,
      start: s.at,
      end: s.at + 2,
    }),
    number: (s, start, fault) => (fault === null ? null : { message: numberMessages[fault], start, end: s.at + 1 }),
  };
}

const numberMessages: Record<NumberFault, string> = {
  sign: 'Invalid number',
  fraction: 'Invalid number: expected a digit after the decimal point',
  exponent: 'Invalid number: expected a digit in the exponent',
  'leading-zero': 'Invalid number: leading zeros are not allowed in JSON',
};

function unexpected(s: JsonErrorSite, expected: string, position: (offset: number) => Position): JsonError {
  if (s.at >= s.text.length) {
    const top = s.open;
    const open = top ? position(top.at) : null;
    const hint = open && top ? `; the ${top.map ? "'{'" : "'['"} opened at ${open.line}:${open.column} is never closed` : '';
    return { message: `Unexpected end of file: expected ${expected}${hint}`, start: s.at, end: s.at };
  }
  return { message: `Expected ${expected}, found ${describeChar(s.text, s.at)}`, start: s.at, end: s.at + 1 };
}

function describeChar(text: string, i: number): string {
  const c = text.codePointAt(i) ?? 0;
  if (c === 34) return `a string (${/^"(?:[^"\\\n]|\\.){0,30}"?/.exec(text.slice(i, i + 40))?.[0] ?? '"'})`;
  if (c < 32 || c === 127) return `control character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(i, i + 40));
  if (word) return `'${word[0]}'`;
  return `'${String.fromCodePoint(c)}'`;
}
