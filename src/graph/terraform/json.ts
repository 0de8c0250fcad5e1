import type { Loc, Position } from '../../shared/source.js';
import type { ParseDiagnostic } from '../types.js';
import type { ComputedKeyEntry, ObjectEntry, Value } from '../value.js';
import { readJsonTree, type JsonBuilder, type JsonReadResult } from '../../parsers/json-tree.js';
import { templateMessages } from '../../parsers/json-messages.js';
import { lineIndex, type ModuleScope } from './scope.js';

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

/** Deeper JSON is not read (unknown): no policy or plan nests that deep. */
const MAX_DEPTH = 256;

/** Reads a JSON document into values with positions; undefined when it is not JSON. */
export function readJson(src: JsonSource): Value | undefined {
  return readJsonResult(src).root ?? undefined;
}

function readJsonResult(src: JsonSource): JsonReadResult<Value> {
  // Offsets place the placeholders in strings with escapes.
  const options = { maxNesting: MAX_DEPTH, messages: templateMessages(src.at), offsets: src.holes.size > 0 };
  return readJsonTree(src.text, new ValueNodes(src), options);
}

/** A whole JSON file read: its value, or the reader's error at its own place. */
export type JsonFileRead = { doc: Value; error: null } | { doc: undefined; error: ParseDiagnostic };

/** A whole JSON file (a plan, a `.tfvars.json`), kept among the module's sources for positions. */
export function readJsonFile(scope: ModuleScope, file: string, text: string): JsonFileRead {
  scope.sources.set(file, text);
  const index = lineIndex(scope, file);
  const read = readJsonResult({ text, file, holes: new Map(), at: (i) => index.position(i) });
  if (read.error === null) return { doc: read.root, error: null };
  const { message, start, end } = read.error;
  return { doc: undefined, error: { message, loc: { file, range: { start: index.position(start), end: index.position(end) } }, severity: 'error' } };
}

interface Member {
  key: Value;
  value: Value;
}

/** The reader's nodes as values, a placeholder read as the value it stands for. */
class ValueNodes implements JsonBuilder<Value, Value, Member> {
  constructor(private readonly src: JsonSource) {}

  string(value: string, start: number, end: number, offsets: number[] | undefined): Value {
    const loc = this.loc(start, end);
    if (this.src.holes.size === 0 || !value.includes(HOLE_CHAR)) return { kind: 'literal', value, loc };
    return this.template(value, start, offsets, loc);
  }

  key(value: string, start: number, end: number, offsets: number[] | undefined): Value {
    return this.string(value, start, end, offsets);
  }

  number(value: number, _raw: string, start: number, end: number): Value {
    return { kind: 'literal', value, loc: this.loc(start, end) };
  }

  word(value: boolean | null, start: number, end: number): Value {
    return { kind: 'literal', value, loc: this.loc(start, end) };
  }

  member(key: Value, value: Value): Member {
    return { key, value };
  }

  object(members: Member[], start: number, end: number): Value {
    const entries: ObjectEntry[] = [];
    const computed: ComputedKeyEntry[] = [];
    for (const { key, value } of members) {
      if (key.kind === 'literal' && typeof key.value === 'string') entries.push({ key: key.value, keyLoc: key.loc, value });
      else computed.push({ key, keyLoc: key.loc, value });
    }
    const loc = this.loc(start, end);
    // A key we cannot name could be any key (a condition key, a principal type): the object is not known.
    if (computed.length > 0) return { kind: 'unknown', reason: 'object with a computed key', loc, partialObject: { entries, computed } };
    return { kind: 'object', entries, loc };
  }

  array(items: Value[], start: number, end: number): Value {
    return { kind: 'list', items, loc: this.loc(start, end) };
  }

  other(at: number): Value | undefined {
    return this.src.holes.get(at);
  }

  /** A string with placeholders in it: text between them, and the values they stand for. */
  private template(value: string, start: number, offsets: number[] | undefined, loc: Loc): Value {
    const parts: Array<string | Value> = [];
    let run = 0;
    for (let k = value.indexOf(HOLE_CHAR); k >= 0; k = value.indexOf(HOLE_CHAR, k + 1)) {
      const hole = this.src.holes.get(offsets ? offsets[k] : start + 1 + k);
      if (!hole) continue; // the character itself, written in the text
      if (k > run) parts.push(value.slice(run, k));
      parts.push(hole);
      run = k + 1;
    }
    if (parts.length === 0) return { kind: 'literal', value, loc };
    if (run < value.length) parts.push(value.slice(run));
    return { kind: 'template', parts, loc };
  }

  private loc(start: number, end: number): Loc {
    return { file: this.src.file, range: { start: this.src.at(start), end: this.src.at(end) } };
  }
}

/** The placeholder put in JSON text where a value not known as text was interpolated. */
export const HOLE_CHAR = '\uE000';
