import { readJsonTree, type JsonBuilder, type JsonErrorSite, type JsonMessages } from '../json-tree.js';
/**
 * HCL's JSON syntax (hashicorp/hcl `json/spec.md`) through the shared JSON
 * reader, keeping what JSON.parse throws away: property order, repeated
 * property names, the source text of numbers, and where every value is.
 */

export type JsonValue = JsonObject | JsonArray | JsonString | JsonScalar;

export interface JsonObject {
  kind: 'object';
  members: JsonMember[];
  start: number;
  end: number;
}

export interface JsonMember {
  key: JsonString;
  value: JsonValue;
}

export interface JsonArray {
  kind: 'array';
  items: JsonValue[];
  start: number;
  end: number;
}

export interface JsonString {
  kind: 'string';
  value: string;
  /** Offsets of the quotes. */
  start: number;
  end: number;
  /** Source offset of each UTF-16 unit of `value` (and of the closing quote at `value.length`); absent when there are no escapes. */
  offsets?: number[];
}

export interface JsonScalar {
  kind: 'number' | 'boolean' | 'null';
  value: number | boolean | null;
  raw: string;
  start: number;
  end: number;
}

export interface JsonError {
  message: string;
  start: number;
  end: number;
}

/** Nesting cap, as for the native syntax. */
const MAX_DEPTH = 500;

/** `where` renders an offset as `line:column` for messages that point back at an opener. */
export function readJson(text: string, where: (offset: number) => string): { value: JsonValue | null; error: JsonError | null } {
  const result = readJsonTree(text, nodes, { maxNesting: MAX_DEPTH, messages: hclMessages(where), offsets: true });
  return result.error === null ? { value: result.root, error: null } : { value: null, error: result.error };
}

const nodes: JsonBuilder<JsonValue, JsonString, JsonMember> = {
  string: (value, start, end, offsets) => (offsets === undefined ? { kind: 'string', value, start, end } : { kind: 'string', value, start, end, offsets }),
  key: (value, start, end, offsets) => (offsets === undefined ? { kind: 'string', value, start, end } : { kind: 'string', value, start, end, offsets }),
  number: (value, raw, start, end) => ({ kind: 'number', value, raw, start, end }),
  word: (value, start, end) => ({ kind: value === null ? 'null' : 'boolean', value, raw: String(value), start, end }),
  member: (key, value) => ({ key, value }),
  object: (members, start, end) => ({ kind: 'object', members, start, end }),
  array: (items, start, end) => ({ kind: 'array', items, start, end }),
};

/** HashiCorp's wording, lower case, as the native syntax's messages. */
function hclMessages(where: (offset: number) => string): JsonMessages {
  const at = (s: JsonErrorSite, message: string) => ({ message, start: s.at, end: s.at + 1 });
  const expected = (s: JsonErrorSite, what: string) => {
    if (s.at < s.text.length) return at(s, `expected ${what}, found '${s.text[s.at]}'`);
    const open = s.open as NonNullable<JsonErrorSite['open']>;
    const container = open.map ? 'object' : 'array';
    return { message: `unexpected end of file: expected ${what}; the ${container} opened at ${where(open.at)} is not closed`, start: s.at, end: s.at };
  };
  const noValue = (s: JsonErrorSite) =>
    s.at >= s.text.length
      ? { message: 'unexpected end of file: expected a JSON value', start: s.at, end: s.at }
      : at(s, `unexpected character '${s.text[s.at]}': expected a JSON value`);
  const noKey = (s: JsonErrorSite) => expected(s, 'a property name in double quotes');
  return {
    tooDeep: (s, max) => at(s, `nesting too deep: more than ${max} levels of objects and arrays`),
    noValue,
    trailingComma: (s, closer) => (closer === '}' ? noKey(s) : noValue(s)),
    noKey,
    noColon: (s) => expected(s, "':' after the property name"),
    noSeparator: (s) => expected(s, (s.open as NonNullable<JsonErrorSite['open']>).map ? "',' or '}' after a property value" : "',' or ']' after an array element"),
    afterEnd: (s) => at(s, 'unexpected content after the end of the JSON value'),
    unterminatedString: (s, open) => ({ message: 'unterminated string', start: open, end: s.at }),
    controlCharacter: (s) => at(s, 'unterminated string: control characters and line breaks must be escaped in JSON strings'),
    badUnicodeEscape: (s) => ({
      message: "invalid escape sequence: '\\u' must be followed by four hexadecimal digits",
      start: s.at,
      end: s.at + 2 + s.text.slice(s.at + 2, s.at + 6).length,
    }),
    badEscape: (s) => ({ message: `invalid escape sequence '\\${s.text[s.at + 1] ?? ''}'`, start: s.at, end: s.at + 2 }),
    number(s, start, fault, mark) {
      if (fault === 'sign') return { message: 'invalid number', start, end: start + 1 };
      // The longest valid number ends before `mark`: the `.`, `e` or digit that breaks it or follows it.
      return { message: `invalid number "${s.text.slice(start, mark + 1)}"`, start, end: mark + 1 };
    },
  };
}
