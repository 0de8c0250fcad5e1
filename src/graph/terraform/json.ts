import type { Loc, Position } from '../../shared/source.js';
import type { ComputedKeyEntry, ObjectEntry, Value } from '../value.js';
import { table } from '../../shared/own.js';

/**
 * JSON text to read into values. Interpolations that were not known as text
 * (`"arn:aws:iam::${var.account}:root"`, `"Statement": ${local.s}`) sit in the
 * text as one placeholder character each, listed in `holes` by index.
 */
export interface JsonSource {
  text: string;
  file: string;
  at(index: number): Position;
  holes: ReadonlyMap<number, Value>;
}

class JsonError extends Error {}

/** Reads a JSON document into values with positions; undefined when it is not JSON. */
export function readJson(src: JsonSource): Value | undefined {
  const reader = new Reader(src);
  try {
    reader.skipSpace();
    const value = reader.value();
    reader.skipSpace();
    return reader.atEnd() ? value : undefined;
  } catch (e) {
    if (e instanceof JsonError) return undefined;
    throw e;
  }
}

const escapes: Record<string, string> = table({ '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' });

/** Deeper JSON is not read (unknown): the reader recurses, and no policy nests that deep. */
const MAX_DEPTH = 256;

class Reader {
  private i = 0;
  private depth = 0;
  constructor(private readonly src: JsonSource) {}

  atEnd(): boolean {
    return this.i >= this.src.text.length;
  }

  skipSpace(): void {
    const t = this.src.text;
    while (this.i < t.length && !this.src.holes.has(this.i) && /[ \t\r\n]/.test(t[this.i])) this.i++;
  }

  private loc(start: number, end: number): Loc {
    return { file: this.src.file, range: { start: this.src.at(start), end: this.src.at(end) } };
  }

  private fail(): never {
    throw new JsonError();
  }

  value(): Value {
    const hole = this.src.holes.get(this.i);
    if (hole) {
      this.i++;
      return hole;
    }
    const c = this.src.text[this.i];
    if (c === '{' || c === '[') {
      if (++this.depth > MAX_DEPTH) this.fail();
      const v = c === '{' ? this.object() : this.array();
      this.depth--;
      return v;
    }
    if (c === '"') return this.string().value;
    return this.scalar();
  }

  private object(): Value {
    const start = this.i++;
    const entries: ObjectEntry[] = [];
    const computed: ComputedKeyEntry[] = [];
    this.skipSpace();
    if (this.src.text[this.i] === '}') {
      this.i++;
      return { kind: 'object', entries, loc: this.loc(start, this.i) };
    }
    for (;;) {
      this.skipSpace();
      if (this.src.text[this.i] !== '"') this.fail();
      const key = this.string();
      this.skipSpace();
      if (this.src.text[this.i] !== ':') this.fail();
      this.i++;
      this.skipSpace();
      const value = this.value();
      if (key.value.kind === 'literal' && typeof key.value.value === 'string') {
        entries.push({ key: key.value.value, keyLoc: key.value.loc, value });
      } else computed.push({ key: key.value, keyLoc: key.value.loc, value });
      this.skipSpace();
      const c = this.src.text[this.i++];
      if (c === '}') break;
      if (c !== ',') this.fail();
    }
    const loc = this.loc(start, this.i);
    // A key we cannot name could be any key (a condition key, a principal type): the object is not known.
    if (computed.length > 0) return { kind: 'unknown', reason: 'object with a computed key', loc, partialObject: { entries, computed } };
    return { kind: 'object', entries, loc };
  }

  private array(): Value {
    const start = this.i++;
    const items: Value[] = [];
    this.skipSpace();
    if (this.src.text[this.i] === ']') {
      this.i++;
      return { kind: 'list', items, loc: this.loc(start, this.i) };
    }
    for (;;) {
      this.skipSpace();
      items.push(this.value());
      this.skipSpace();
      const c = this.src.text[this.i++];
      if (c === ']') break;
      if (c !== ',') this.fail();
    }
    return { kind: 'list', items, loc: this.loc(start, this.i) };
  }

  /** A string token; with holes inside it becomes a template. */
  private string(): { value: Value } {
    const t = this.src.text;
    const start = this.i++;
    const parts: Array<string | Value> = [];
    let text = '';
    for (;;) {
      if (this.i >= t.length) this.fail();
      const hole = this.src.holes.get(this.i);
      if (hole) {
        if (text) parts.push(text);
        text = '';
        parts.push(hole);
        this.i++;
        continue;
      }
      const c = t[this.i];
      if (c === '"') break;
      if (c === '\\') {
        const e = t[this.i + 1];
        if (e === 'u') {
          const hex = t.slice(this.i + 2, this.i + 6);
          if (!/^[0-9A-Fa-f]{4}$/.test(hex)) this.fail();
          text += String.fromCharCode(parseInt(hex, 16));
          this.i += 6;
        } else if (e !== undefined && e in escapes) {
          text += escapes[e];
          this.i += 2;
        } else this.fail();
        continue;
      }
      if (c.charCodeAt(0) < 0x20) this.fail();
      text += c;
      this.i++;
    }
    this.i++;
    const loc = this.loc(start, this.i);
    if (parts.length === 0) return { value: { kind: 'literal', value: text, loc } };
    if (text) parts.push(text);
    return { value: { kind: 'template', parts, loc } };
  }

  private scalar(): Value {
    const t = this.src.text;
    const start = this.i;
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(t.slice(this.i, this.i + 64));
    if (!m) this.fail();
    this.i += m[0].length;
    const word = m[0];
    const value = word === 'true' ? true : word === 'false' ? false : word === 'null' ? null : Number(word);
    return { kind: 'literal', value, loc: this.loc(start, this.i) };
  }
}

/** The placeholder put in JSON text where a value not known as text was interpolated. */
export const HOLE_CHAR = '\uE000';
