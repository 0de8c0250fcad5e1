import { table } from '../../shared/own.js';
/**
 * A JSON reader for HCL's JSON syntax (hashicorp/hcl `json/spec.md`), which
 * needs what JSON.parse throws away: property order, repeated property
 * names, the source text of numbers, and where every value is.
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
  offsets?: Int32Array;
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

/** Nesting cap, as for the native syntax: the reader recurses. */
const MAX_DEPTH = 500;

/** `where` renders an offset as `line:column` for messages that point back at an opener. */
export function readJson(text: string, where: (offset: number) => string): { value: JsonValue | null; error: JsonError | null } {
  const r = new JsonReader(text, where);
  try {
    r.skipSpace();
    const value = r.value(0);
    r.skipSpace();
    if (r.pos < text.length) r.fail('unexpected content after the end of the JSON value', r.pos, r.pos + 1);
    return { value, error: null };
  } catch (err) {
    if (err instanceof JsonSyntaxError) return { value: null, error: err.detail };
    throw err;
  }
}

class JsonSyntaxError extends Error {
  constructor(readonly detail: JsonError) {
    super(detail.message);
  }
}

const ESCAPES: Record<string, string> = table({ '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' });

class JsonReader {
  pos = 0;

  constructor(
    private readonly text: string,
    private readonly where: (offset: number) => string,
  ) {}

  fail(message: string, start: number, end: number): never {
    throw new JsonSyntaxError({ message, start, end });
  }

  skipSpace(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 32 || c === 10 || c === 13 || c === 9) p++;
      else break;
    }
    this.pos = p;
  }

  value(depth: number): JsonValue {
    const t = this.text;
    const p = this.pos;
    if (p >= t.length) this.fail('unexpected end of file: expected a JSON value', p, p);
    const c = t.charCodeAt(p);
    if (c === 123 || c === 91) {
      if (depth >= MAX_DEPTH) this.fail(`nesting too deep: more than ${MAX_DEPTH} levels of objects and arrays`, p, p + 1);
      return c === 123 ? this.object(depth + 1) : this.array(depth + 1);
    }
    if (c === 34) return this.string();
    if (c === 45 || (c >= 48 && c <= 57)) return this.number();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (t.startsWith(word, p)) {
        this.pos = p + word.length;
        return { kind: value === null ? 'null' : 'boolean', value, raw: word, start: p, end: this.pos };
      }
    }
    return this.fail(`unexpected character '${t[p]}': expected a JSON value`, p, p + 1);
  }

  private object(depth: number): JsonObject {
    const start = this.pos++;
    const members: JsonMember[] = [];
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 125) {
      this.pos++;
      return { kind: 'object', members, start, end: this.pos };
    }
    for (;;) {
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 34) this.expected('a property name in double quotes', start);
      const key = this.string();
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 58) this.expected("':' after the property name", start);
      this.pos++;
      this.skipSpace();
      members.push({ key, value: this.value(depth) });
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === 125) return { kind: 'object', members, start, end: this.pos };
      if (c !== 44) {
        this.pos--;
        this.expected("',' or '}' after a property value", start);
      }
    }
  }

  private array(depth: number): JsonArray {
    const start = this.pos++;
    const items: JsonValue[] = [];
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 93) {
      this.pos++;
      return { kind: 'array', items, start, end: this.pos };
    }
    for (;;) {
      this.skipSpace();
      items.push(this.value(depth));
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === 93) return { kind: 'array', items, start, end: this.pos };
      if (c !== 44) {
        this.pos--;
        this.expected("',' or ']' after an array element", start);
      }
    }
  }

  private expected(what: string, openedAt: number): never {
    const p = this.pos;
    if (p >= this.text.length) {
      const what2 = this.text[openedAt] === '{' ? 'object' : 'array';
      this.fail(`unexpected end of file: expected ${what}; the ${what2} opened at ${this.where(openedAt)} is not closed`, p, p);
    }
    return this.fail(`expected ${what}, found '${this.text[p]}'`, p, p + 1);
  }

  private string(): JsonString {
    const t = this.text;
    const start = this.pos;
    let p = start + 1;
    let run = p;
    let value = '';
    let offsets: number[] | null = null;
    for (;;) {
      if (p >= t.length) this.fail('unterminated string', start, p);
      const c = t.charCodeAt(p);
      if (c === 34) break;
      if (c < 32) this.fail('unterminated string: control characters and line breaks must be escaped in JSON strings', p, p + 1);
      if (c !== 92) {
        p++;
        continue;
      }
      if (offsets === null) {
        offsets = [];
        for (let i = start + 1; i < run; i++) offsets.push(i);
      }
      for (let i = run; i < p; i++) offsets.push(i);
      value += t.slice(run, p);
      const e = t[p + 1];
      let decoded: string;
      let width = 2;
      if (e === 'u') {
        const hex = t.slice(p + 2, p + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("invalid escape sequence: '\\u' must be followed by four hexadecimal digits", p, p + 2 + hex.length);
        decoded = String.fromCharCode(parseInt(hex, 16));
        width = 6;
      } else {
        const simple = e === undefined ? undefined : ESCAPES[e];
        if (simple === undefined) this.fail(`invalid escape sequence '\\${e ?? ''}'`, p, p + 2);
        decoded = simple;
      }
      value += decoded;
      offsets.push(p);
      p += width;
      run = p;
    }
    this.pos = p + 1;
    if (offsets === null) return { kind: 'string', value: t.slice(start + 1, p), start, end: this.pos };
    for (let i = run; i < p; i++) offsets.push(i);
    value += t.slice(run, p);
    offsets.push(p);
    return { kind: 'string', value, start, end: this.pos, offsets: Int32Array.from(offsets) };
  }

  private number(): JsonScalar {
    const t = this.text;
    const start = this.pos;
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = start;
    const match = m.exec(t);
    if (match === null) return this.fail('invalid number', start, start + 1);
    this.pos = start + match[0].length;
    const next = t.charCodeAt(this.pos);
    if ((next >= 48 && next <= 57) || next === 46 || next === 101 || next === 69) this.fail(`invalid number "${t.slice(start, this.pos + 1)}"`, start, this.pos + 1);
    return { kind: 'number', value: Number(match[0]), raw: match[0], start, end: this.pos };
  }
}
