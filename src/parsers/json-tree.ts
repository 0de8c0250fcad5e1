import { table } from '../shared/own.js';

/**
 * The one positioned JSON reader: CloudFormation JSON templates, policies
 * inside strings, HCL's JSON syntax, plans and tfvars all go through it.
 * It never recurses and checks the nesting limit before a container is
 * opened, so hostile nesting neither overflows the stack nor allocates. What
 * differs between users is an adapter: a `JsonBuilder` makes their nodes from
 * offsets, a `JsonMessages` words their errors.
 */
export interface JsonBuilder<N, K, M> {
  /** A string value; `start`/`end` include the quotes, `offsets` as `JsonReadOptions.offsets` says. */
  string(value: string, start: number, end: number, offsets: number[] | undefined): N;
  /** A property name, read like a string. */
  key(value: string, start: number, end: number, offsets: number[] | undefined): K;
  number(value: number, raw: string, start: number, end: number): N;
  word(value: boolean | null, start: number, end: number): N;
  member(key: K, value: N): M;
  object(members: M[], start: number, end: number): N;
  array(items: N[], start: number, end: number): N;
  /** A character that starts no JSON value (a placeholder the caller put there): its node, or undefined for an error. */
  other?(at: number): N | undefined;
}

export interface JsonReadOptions {
  /** Containers allowed inside one another; the next one is an error before it is read. */
  maxNesting: number;
  messages: JsonMessages;
  /** Give strings with escapes the source offset of each decoded unit (`jsonStringOffsets`). */
  offsets?: boolean;
}

export interface JsonError {
  message: string;
  start: number;
  end: number;
}

/** Where an error was found: the offset, and the innermost container still open. */
export interface JsonErrorSite {
  text: string;
  at: number;
  open: { map: boolean; at: number; key: string } | undefined;
}

/** How the number at `start` is malformed, found at `at`; `mark` is the `.`, `e` or digit the reading broke on. */
export type NumberFault = 'sign' | 'fraction' | 'exponent' | 'leading-zero';

/** The wording (and exact range) of each error, per dialect. */
export interface JsonMessages {
  tooDeep(site: JsonErrorSite, max: number): JsonError;
  /** No value where one belongs (also at the end of the text). */
  noValue(site: JsonErrorSite): JsonError;
  /** `[1,]` or `{"a":1,}`: `site.at` is the closer. */
  trailingComma(site: JsonErrorSite, closer: '}' | ']'): JsonError;
  noKey(site: JsonErrorSite): JsonError;
  noColon(site: JsonErrorSite, key: string): JsonError;
  noSeparator(site: JsonErrorSite): JsonError;
  afterEnd(site: JsonErrorSite): JsonError;
  /** The text ends inside the string opened at `open`. */
  unterminatedString(site: JsonErrorSite, open: number): JsonError;
  /** A raw control character (`code`) in the string opened at `open`. */
  controlCharacter(site: JsonErrorSite, open: number, code: number): JsonError;
  badUnicodeEscape(site: JsonErrorSite): JsonError;
  badEscape(site: JsonErrorSite): JsonError;
  /** A number read from `start`: an error for `fault`, or (with `fault` null, a `.` or `e` right after a valid number) what this dialect says of it. */
  number(site: JsonErrorSite, start: number, fault: NumberFault | null, mark: number): JsonError | null;
}

export type JsonReadResult<N> = { root: N; error: null } | { root: null; error: JsonError };

export function readJsonTree<N, K, M>(text: string, builder: JsonBuilder<N, K, M>, options: JsonReadOptions): JsonReadResult<N> {
  try {
    return { root: new JsonReader(text, builder, options).read(), error: null };
  } catch (e) {
    if (e instanceof JsonSyntax) return { root: null, error: e.error };
    throw e;
  }
}

/** The first character that is not JSON whitespace, when it opens an object (or, with `arrays`, an array). */
export function startsLikeJson(text: string, arrays = true): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    return c === 123 || (arrays && c === 91);
  }
  return false;
}

/**
 * For the JSON string token whose opening quote is at `quote`, the offset of
 * the source character each decoded UTF-16 unit came from (an escape's
 * backslash), then the closing quote's.
 */
export function jsonStringOffsets(text: string, quote: number): number[] {
  const out: number[] = [];
  let i = quote + 1;
  while (i < text.length && text.charCodeAt(i) !== 34) {
    out.push(i);
    i += text.charCodeAt(i) === 92 ? (text.charCodeAt(i + 1) === 117 ? 6 : 2) : 1;
  }
  out.push(i);
  return out;
}

interface MapFrame<K, M> {
  map: true;
  open: number;
  members: M[];
  key: K | null;
  keyText: string;
}

interface SeqFrame<N> {
  map: false;
  open: number;
  items: N[];
}

class JsonSyntax extends Error {
  constructor(readonly error: JsonError) {
    super(error.message);
  }
}

/** A container was opened, or is still open: no node yet (a builder's node may be anything, null included). */
const OPENED: unique symbol = Symbol('opened');

const ESCAPES: Record<string, string> = table({ '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' });

class JsonReader<N, K, M> {
  private i = 0;
  private readonly frames: Array<MapFrame<K, M> | SeqFrame<N>> = [];

  constructor(
    private readonly text: string,
    private readonly b: JsonBuilder<N, K, M>,
    private readonly o: JsonReadOptions,
  ) {}

  read(): N {
    this.skipSpace();
    for (;;) {
      const value = this.readValueOrOpen();
      if (value === OPENED) continue; // read the container's first member
      const root = this.completeValue(value);
      if (root !== OPENED) return root;
    }
  }

  /** Reads a scalar or an empty container, or opens a container. */
  private readValueOrOpen(): N | typeof OPENED {
    const c = this.text.charCodeAt(this.i);
    if (c === 123 || c === 91) return this.open(c === 123);
    if (c === 34) {
      const start = this.i;
      const value = this.readString();
      return this.b.string(value, start, this.i, this.offsetsOf(value, start));
    }
    if (c === 116) return this.readWord('true', true);
    if (c === 102) return this.readWord('false', false);
    if (c === 110) return this.readWord('null', null);
    if (c === 45 || (c >= 48 && c <= 57)) return this.readNumber();
    const other = this.i < this.text.length ? this.b.other?.(this.i) : undefined;
    if (other === undefined) throw this.fail(this.o.messages.noValue(this.site()));
    this.i++;
    return other;
  }

  private open(isMap: boolean): N | typeof OPENED {
    if (this.frames.length >= this.o.maxNesting) throw this.fail(this.o.messages.tooDeep(this.site(), this.o.maxNesting));
    const open = this.i;
    this.i++;
    this.skipSpace();
    const close = isMap ? 125 : 93;
    if (this.text.charCodeAt(this.i) === close) {
      this.i++;
      return isMap ? this.b.object([], open, this.i) : this.b.array([], open, this.i);
    }
    if (isMap) {
      const frame: MapFrame<K, M> = { map: true, open, members: [], key: null, keyText: '' };
      this.frames.push(frame);
      this.readKey(frame, false);
    } else {
      this.frames.push({ map: false, open, items: [] });
    }
    return OPENED;
  }

  /** Adds `value` to the open containers, closing those that end; returns the root once complete. */
  private completeValue(value: N): N | typeof OPENED {
    let node = value;
    for (;;) {
      const top = this.frames[this.frames.length - 1];
      if (!top) return this.finish(node);
      if (top.map) top.members.push(this.b.member(top.key as K, node));
      else top.items.push(node);
      this.skipSpace();
      const c = this.text.charCodeAt(this.i);
      if (c === 44) {
        this.i++;
        this.skipSpace();
        if (top.map) this.readKey(top, true);
        else if (this.text.charCodeAt(this.i) === 93) throw this.fail(this.o.messages.trailingComma(this.site(), ']'));
        return OPENED;
      }
      if (c === (top.map ? 125 : 93)) {
        this.i++;
        this.frames.pop();
        node = top.map ? this.b.object(top.members, top.open, this.i) : this.b.array(top.items, top.open, this.i);
        continue;
      }
      throw this.fail(this.o.messages.noSeparator(this.site()));
    }
  }

  private finish(root: N): N {
    this.skipSpace();
    if (this.i < this.text.length) throw this.fail(this.o.messages.afterEnd(this.site()));
    return root;
  }

  private readKey(frame: MapFrame<K, M>, afterComma: boolean): void {
    const c = this.text.charCodeAt(this.i);
    if (c !== 34) {
      if (afterComma && c === 125) throw this.fail(this.o.messages.trailingComma(this.site(), '}'));
      throw this.fail(this.o.messages.noKey(this.site()));
    }
    const start = this.i;
    const key = this.readString();
    frame.key = this.b.key(key, start, this.i, this.offsetsOf(key, start));
    frame.keyText = key;
    this.skipSpace();
    if (this.text.charCodeAt(this.i) !== 58) throw this.fail(this.o.messages.noColon(this.site(), key));
    this.i++;
    this.skipSpace();
  }

  /** The decoded string at the opening quote; leaves `i` after the closing one. */
  private readString(): string {
    const text = this.text;
    const open = this.i;
    let i = open + 1;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c === 92 || c < 32 || i >= text.length) return this.readEscapedString(open);
      i++;
    }
    this.i = i + 1;
    return text.slice(open + 1, i);
  }

  private readEscapedString(open: number): string {
    const text = this.text;
    let out = '';
    let i = open + 1;
    let run = i;
    for (;;) {
      if (i >= text.length) throw this.fail(this.o.messages.unterminatedString(this.site(i), open));
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c < 32) throw this.fail(this.o.messages.controlCharacter(this.site(i), open, c));
      if (c !== 92) {
        i++;
        continue;
      }
      out += text.slice(run, i);
      const [decoded, length] = this.escape(i);
      out += decoded;
      i += length;
      run = i;
    }
    out += text.slice(run, i);
    this.i = i + 1;
    return out;
  }

  private escape(i: number): [string, number] {
    const e = this.text[i + 1] ?? '';
    const simple = ESCAPES[e];
    if (simple !== undefined) return [simple, 2];
    if (e === 'u') {
      const hex = this.text.slice(i + 2, i + 6);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) return [String.fromCharCode(parseInt(hex, 16)), 6];
      throw this.fail(this.o.messages.badUnicodeEscape(this.site(i)));
    }
    throw this.fail(this.o.messages.badEscape(this.site(i)));
  }

  /** Escapes make decoded indices differ from source offsets; only then (and when asked) are they listed. */
  private offsetsOf(value: string, start: number): number[] | undefined {
    return this.o.offsets === true && value.length !== this.i - start - 2 ? jsonStringOffsets(this.text, start) : undefined;
  }

  private readNumber(): N {
    const text = this.text;
    const start = this.i;
    let i = start;
    if (text.charCodeAt(i) === 45) i++;
    if (text.charCodeAt(i) === 48) i++;
    else if (isDigit(text.charCodeAt(i))) while (isDigit(text.charCodeAt(i))) i++;
    else return this.badNumber(start, 'sign', i, i);
    if (text.charCodeAt(i) === 46) {
      const dot = i++;
      if (!isDigit(text.charCodeAt(i))) return this.badNumber(start, 'fraction', i, dot);
      while (isDigit(text.charCodeAt(i))) i++;
    }
    const e = text.charCodeAt(i);
    if (e === 101 || e === 69) {
      const mark = i++;
      const sign = text.charCodeAt(i);
      if (sign === 43 || sign === 45) i++;
      if (!isDigit(text.charCodeAt(i))) return this.badNumber(start, 'exponent', i, mark);
      while (isDigit(text.charCodeAt(i))) i++;
    }
    const next = text.charCodeAt(i);
    if (isDigit(next)) return this.badNumber(start, 'leading-zero', i, i);
    // HashiCorp's reader rejects a number followed by `.` or `e` at once; ours leaves it to the separator check.
    const after = next === 46 || next === 101 || next === 69 ? this.o.messages.number(this.site(i), start, null, i) : null;
    if (after !== null) throw this.fail(after);
    this.i = i;
    const raw = text.slice(start, i);
    return this.b.number(Number(raw), raw, start, i);
  }

  private badNumber(start: number, fault: NumberFault, at: number, mark: number): never {
    throw this.fail(this.o.messages.number(this.site(at), start, fault, mark) ?? { message: 'Invalid number', start, end: at + 1 });
  }

  private readWord(word: string, value: boolean | null): N {
    const start = this.i;
    if (!this.text.startsWith(word, start)) throw this.fail(this.o.messages.noValue(this.site()));
    this.i += word.length;
    return this.b.word(value, start, this.i);
  }

  private skipSpace(): void {
    const text = this.text;
    let i = this.i;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
    this.i = i;
  }

  private site(at = this.i): JsonErrorSite {
    const top = this.frames[this.frames.length - 1];
    const open = top && { map: top.map, at: top.open, key: top.map ? top.keyText : '' };
    return { text: this.text, at, open };
  }

  private fail(error: JsonError): JsonSyntax {
    return new JsonSyntax(error);
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
