import type { Loc, Position, Range } from '../shared/source.js';
import type { CfnMapEntry, CfnNode, CfnScalar } from './cloudformation-tree.js';
import { table } from '../shared/own.js';

/**
 * A strict JSON reader that keeps the source position of every value. It is
 * iterative (no recursion), so hostile nesting cannot overflow the stack, and
 * it is the fast path for JSON templates as well as the reader for JSON
 * policies embedded in strings.
 */
export interface JsonTreeOptions {
  file: string;
  /** Offset in the parsed text → file position (identity-like for files, remapped for embedded JSON). */
  position: (offset: number) => Position;
  /** Offsets in the parsed text → the file range a node covers (lazy for files, see `SourceRange`). */
  range: (start: number, end: number) => Range;
  stringStyle: CfnScalar['style'];
  otherStyle: CfnScalar['style'];
  /** Builds an object node; lets the caller add intrinsic functions and duplicate-key reports. */
  makeMap: (entries: CfnMapEntry[], loc: Loc) => CfnNode;
  maxNesting: number;
}

export interface JsonSyntaxError {
  message: string;
  start: number;
  end: number;
}

export type JsonTreeResult = { root: CfnNode; error: null } | { root: null; error: JsonSyntaxError };

interface MapFrame {
  map: true;
  open: number;
  entries: CfnMapEntry[];
  key: string;
  keyLoc: Loc | null;
}

interface SeqFrame {
  map: false;
  open: number;
  items: CfnNode[];
}

type Frame = MapFrame | SeqFrame;

class JsonSyntax extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number = start + 1,
  ) {
    super(message);
  }
}

export function parseJsonTree(text: string, options: JsonTreeOptions): JsonTreeResult {
  try {
    return { root: new JsonReader(text, options).read(), error: null };
  } catch (e) {
    if (e instanceof JsonSyntax) return { root: null, error: { message: e.message, start: e.start, end: e.end } };
    throw e;
  }
}

const ESCAPES: Record<string, string> = table({ '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' });

class JsonReader {
  private i = 0;
  private readonly frames: Frame[] = [];

  constructor(
    private readonly text: string,
    private readonly o: JsonTreeOptions,
  ) {}

  read(): CfnNode {
    this.skipSpace();
    for (;;) {
      const value = this.readValueOrOpen();
      if (value === null) continue; // a container was opened; read its first member
      const root = this.completeValue(value);
      if (root !== null) return root;
    }
  }

  /** Reads a scalar, an empty container, or opens a container and returns null. */
  private readValueOrOpen(): CfnNode | null {
    const c = this.text.charCodeAt(this.i);
    if (c === 123 || c === 91) return this.open(c === 123);
    if (c === 34) return this.readString();
    if (c === 116) return this.readWord('true', true);
    if (c === 102) return this.readWord('false', false);
    if (c === 110) return this.readWord('null', null);
    if (c === 45 || (c >= 48 && c <= 57)) return this.readNumber();
    throw this.unexpected('a value');
  }

  private open(isMap: boolean): CfnNode | null {
    if (this.frames.length >= this.o.maxNesting) {
      throw new JsonSyntax(`Nesting is deeper than ${this.o.maxNesting} levels`, this.i);
    }
    const open = this.i;
    this.i++;
    this.skipSpace();
    const close = isMap ? 125 : 93;
    if (this.text.charCodeAt(this.i) === close) {
      this.i++;
      const loc = this.loc(open, this.i);
      return isMap ? this.o.makeMap([], loc) : { kind: 'seq', items: [], loc };
    }
    if (isMap) {
      const frame: MapFrame = { map: true, open, entries: [], key: '', keyLoc: null };
      this.frames.push(frame);
      this.readKey(frame, false);
    } else {
      this.frames.push({ map: false, open, items: [] });
    }
    return null;
  }

  /** Adds `value` to the open containers, closing those that end; returns the root once complete. */
  private completeValue(value: CfnNode): CfnNode | null {
    let node = value;
    for (;;) {
      const top = this.frames[this.frames.length - 1];
      if (!top) return this.finish(node);
      if (top.map) top.entries.push({ key: top.key, keyLoc: top.keyLoc as Loc, value: node });
      else top.items.push(node);
      this.skipSpace();
      const c = this.text.charCodeAt(this.i);
      if (c === 44) {
        this.i++;
        this.skipSpace();
        if (top.map) this.readKey(top, true);
        else if (this.text.charCodeAt(this.i) === 93) throw new JsonSyntax("Trailing comma before ']' is not allowed in JSON", this.i - 1);
        return null;
      }
      if (c === (top.map ? 125 : 93)) {
        this.i++;
        this.frames.pop();
        const loc = this.loc(top.open, this.i);
        node = top.map ? this.o.makeMap(top.entries, loc) : { kind: 'seq', items: top.items, loc };
        continue;
      }
      throw this.missingSeparator(top);
    }
  }

  private finish(root: CfnNode): CfnNode {
    this.skipSpace();
    if (this.i < this.text.length) throw this.unexpected('the end of the file (the JSON value is already complete)');
    return root;
  }

  private readKey(frame: MapFrame, afterComma: boolean): void {
    const c = this.text.charCodeAt(this.i);
    if (c !== 34) {
      if (afterComma && c === 125) throw new JsonSyntax("Trailing comma before '}' is not allowed in JSON", this.i - 1);
      throw this.unexpected('a property name in double quotes');
    }
    const key = this.readString();
    frame.key = key.value as string;
    frame.keyLoc = key.loc;
    this.skipSpace();
    if (this.text.charCodeAt(this.i) !== 58) throw this.unexpected(`':' after the property name "${frame.key}"`);
    this.i++;
    this.skipSpace();
  }

  private readString(): CfnScalar {
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
    return this.scalar(text.slice(open + 1, i), this.o.stringStyle, open);
  }

  private readEscapedString(open: number): CfnScalar {
    const text = this.text;
    let out = '';
    let i = open + 1;
    let run = i;
    for (;;) {
      if (i >= text.length) throw new JsonSyntax('Unterminated string: no closing \'"\' before the end of the file', open);
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c < 32) throw this.controlCharacter(open, i, c);
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
    return this.scalar(out, this.o.stringStyle, open);
  }

  private escape(i: number): [string, number] {
    const e = this.text[i + 1] ?? '';
    const simple = ESCAPES[e];
    if (simple !== undefined) return [simple, 2];
    if (e === 'u') {
      const hex = this.text.slice(i + 2, i + 6);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) return [String.fromCharCode(parseInt(hex, 16)), 6];
      throw new JsonSyntax('Invalid \\u escape in string: expected four hexadecimal digits', i, i + 2);
    }
    throw new JsonSyntax(`Invalid escape "\\${e}" in string (JSON allows \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)`, i, i + 2);
  }

  private controlCharacter(open: number, at: number, c: number): JsonSyntax {
    if (c === 10 || c === 13) {
      const p = this.o.position(open);
      return new JsonSyntax(
        `Unterminated string: the string opened at ${p.line}:${p.column} reaches the end of the line (write a line break as \\n)`,
        at,
      );
    }
    const name = c === 9 ? 'a tab' : `control character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
    return new JsonSyntax(`Raw ${name} inside a string is not allowed in JSON (escape it, e.g. \\t)`, at);
  }

  private readNumber(): CfnScalar {
    const text = this.text;
    const start = this.i;
    let i = start;
    if (text.charCodeAt(i) === 45) i++;
    if (text.charCodeAt(i) === 48) i++;
    else if (isDigit(text.charCodeAt(i))) while (isDigit(text.charCodeAt(i))) i++;
    else throw new JsonSyntax('Invalid number', start, i + 1);
    if (text.charCodeAt(i) === 46) {
      i++;
      if (!isDigit(text.charCodeAt(i))) throw new JsonSyntax('Invalid number: expected a digit after the decimal point', start, i + 1);
      while (isDigit(text.charCodeAt(i))) i++;
    }
    const e = text.charCodeAt(i);
    if (e === 101 || e === 69) {
      i++;
      const sign = text.charCodeAt(i);
      if (sign === 43 || sign === 45) i++;
      if (!isDigit(text.charCodeAt(i))) throw new JsonSyntax('Invalid number: expected a digit in the exponent', start, i + 1);
      while (isDigit(text.charCodeAt(i))) i++;
    }
    if (isDigit(text.charCodeAt(i))) throw new JsonSyntax('Invalid number: leading zeros are not allowed in JSON', start, i + 1);
    this.i = i;
    return this.scalar(Number(text.slice(start, i)), this.o.otherStyle, start);
  }

  private readWord(word: string, value: boolean | null): CfnScalar {
    const start = this.i;
    if (!this.text.startsWith(word, start)) throw this.unexpected('a value');
    this.i += word.length;
    return this.scalar(value, this.o.otherStyle, start);
  }

  private scalar(value: CfnScalar['value'], style: CfnScalar['style'], start: number): CfnScalar {
    return { kind: 'scalar', value, style, loc: this.loc(start, this.i) };
  }

  private loc(start: number, end: number): Loc {
    return { file: this.o.file, range: this.o.range(start, end) };
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

  private missingSeparator(top: Frame): JsonSyntax {
    const open = this.o.position(top.open);
    const where = `the ${top.map ? "'{'" : "'['"} opened at ${open.line}:${open.column}`;
    if (this.i >= this.text.length) return new JsonSyntax(`Unexpected end of file: ${where} is never closed`, this.i, this.i);
    const expected = top.map ? `',' or '}' after the value of "${top.key}"` : "',' or ']' between array items";
    return this.unexpected(`${expected} (in ${where})`);
  }

  private unexpected(expected: string): JsonSyntax {
    if (this.i >= this.text.length) {
      const top = this.frames[this.frames.length - 1];
      const open = top ? this.o.position(top.open) : null;
      const hint = open && top ? `; the ${top.map ? "'{'" : "'['"} opened at ${open.line}:${open.column} is never closed` : '';
      return new JsonSyntax(`Unexpected end of file: expected ${expected}${hint}`, this.i, this.i);
    }
    const found = describeChar(this.text, this.i);
    return new JsonSyntax(`Expected ${expected}, found ${found}`, this.i);
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function describeChar(text: string, i: number): string {
  const c = text.codePointAt(i) ?? 0;
  if (c === 34) return `a string (${/^"(?:[^"\\\n]|\\.){0,30}"?/.exec(text.slice(i, i + 40))?.[0] ?? '"'})`;
  if (c < 32 || c === 127) return `control character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(i, i + 40));
  if (word) return `'${word[0]}'`;
  return `'${String.fromCodePoint(c)}'`;
}
