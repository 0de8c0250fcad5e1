import { isServiceFile } from '../../discover/serverless.js';
import { endOffset, joinRange, lazyLines, LineIndex, type Loc, type Position, type Range, SourceLoc, startOffset } from '../../shared/source.js';
import type { Positions } from '../positions.js';
import type { CfnFn, CfnMap, CfnMapEntry, CfnNode, CfnParseResult, CfnScalar, CfnSeq } from '../cloudformation-tree.js';
import { stringIndexMapper } from '../string-index.js';

export type Diagnostic = CfnParseResult['diagnostics'][number];

/** The value of a mapping entry made when its key is read, until its value is (both readers make the entry first). */
export const PENDING_VALUE: CfnNode = Object.freeze({ kind: 'scalar', value: null, style: 'plain', loc: Object.freeze({ file: '', range: Object.freeze({ start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } }) }) });

/** Deeper than any real template; keeps every recursive consumer far from the stack limit. */
export const MAX_NESTING = 256;

export function nestingMessage(): string {
  return `Nesting is deeper than ${MAX_NESTING} levels; no CloudFormation template needs that, so the file is not read further`;
}

/** In file order, so that output is deterministic whichever reader produced it. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => startOffset(a.loc.range) - startOffset(b.loc.range));
}

/**
 * A long-form intrinsic's place: its key (`"Ref"`, `"Fn::GetAtt"`) and
 * argument, without the braces around them. Written over several lines (`{`
 * alone on the property's line, as JSON templates are formatted), the
 * function's own line is the one a reader, a diff and cfn-lint point at. An
 * edit of the whole value widens to the braces (fix/reference.ts).
 */
function fromKey(entry: CfnMapEntry, loc: Loc): Loc {
  const lines = lazyLines(loc.range);
  if (lines === undefined || lines !== lazyLines(entry.keyLoc.range) || lines !== lazyLines(entry.value.loc.range)) return loc;
  return lines.loc(loc.file, startOffset(entry.keyLoc.range), endOffset(entry.value.loc.range));
}

/**
 * Builds `CfnNode`s from offsets, shared by the YAML and JSON readers so that
 * positions, intrinsic functions and duplicate keys are handled in one place.
 */
export class CfnTreeBuilder {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly file: string,
    readonly lines: Positions,
  ) {}

  position(offset: number): Position {
    return this.lines.position(offset);
  }

  loc(start: number, end: number): Loc {
    return this.lines instanceof LineIndex ? this.lines.loc(this.file, start, end) : { file: this.file, range: this.lines.range(start, end) };
  }

  /** From an offset (a tag's `!`) to the end of a loc already made. */
  locFrom(start: number, last: Loc): Loc {
    if (this.lines instanceof LineIndex && lazyLines(last.range) === this.lines) return new SourceLoc(this.file, this.lines, start, (last.range as SourceLoc).to);
    return { file: this.file, range: joinRange(this.lines.range(start, start), last.range) };
  }

  report(severity: Diagnostic['severity'], message: string, start: number, end: number): void {
    this.diagnostics.push({ message, loc: this.loc(start, end), severity });
  }

  scalar(value: CfnScalar['value'], style: CfnScalar['style'], loc: Loc): CfnScalar {
    return { kind: 'scalar', value, loc, style };
  }

  seq(items: CfnNode[], loc: Loc): CfnSeq {
    return { kind: 'seq', items, loc };
  }

  /** A mapping, or an intrinsic function when it is a single `Ref` / `Fn::*` key (long form). */
  map(entries: CfnMapEntry[], loc: Loc): CfnMap | CfnFn {
    const unique = this.dropDuplicateKeys(entries);
    if (unique.length === 1 && isLongFormIntrinsic(unique[0].key)) {
      return this.fn(unique[0].key, unique[0].value, fromKey(unique[0], loc));
    }
    const map: CfnMap = { kind: 'map', entries: unique, loc };
    if (unique.length < entries.length) shadowedEntries.set(map, entries.filter((e) => !unique.includes(e)));
    return map;
  }

  /** A short-form tag (`!Ref`, `!GetAtt`, `!Foo`) applied to `arg`; `loc` spans tag and value. */
  tagged(tag: string, arg: CfnNode, loc: Loc): CfnNode {
    return this.fn(intrinsicName(tag), arg, loc);
  }

  private fn(name: string, arg: CfnNode, loc: Loc): CfnFn {
    const normalised = name === 'Fn::GetAtt' && arg.kind === 'scalar' ? this.splitGetAtt(arg) : arg;
    return { kind: 'fn', name, arg: normalised, loc };
  }

  /** `A.B.C` becomes `[A, B.C]`: CloudFormation splits a GetAtt string at its first dot. */
  private splitGetAtt(arg: CfnScalar): CfnNode {
    if (typeof arg.value !== 'string') return arg;
    const dot = arg.value.indexOf('.');
    if (dot < 0) return arg;
    const range = this.rangeMapper(arg);
    const { file } = arg.loc;
    const resource: CfnScalar = { kind: 'scalar', value: arg.value.slice(0, dot), style: arg.style, loc: { file, range: range(0, dot) } };
    const attribute: CfnScalar = {
      kind: 'scalar',
      value: arg.value.slice(dot + 1),
      style: arg.style,
      loc: { file, range: range(dot + 1, arg.value.length) },
    };
    return { kind: 'seq', items: [resource, attribute], loc: arg.loc };
  }

  /** The range of characters `i` to `j` of a scalar's value in the file: lazy for a plain one-line scalar, as most are. */
  private rangeMapper(arg: CfnScalar): (i: number, j: number) => Range {
    const { range } = arg.loc;
    if (arg.style === 'plain' && lazyLines(range) === this.lines) {
      const from = startOffset(range);
      if (!hasLineBreak(this.lines.text, from, endOffset(range))) return (i, j) => this.lines.range(from + i, from + j);
    }
    const at = this.indexMapper(arg);
    return (i, j) => ({ start: at(i), end: at(j) });
  }

  private indexMapper(arg: CfnScalar): (i: number) => Position {
    const start = arg.loc.range.start;
    if (arg.style === 'plain' && start.line === arg.loc.range.end.line) {
      return (i) => ({ line: start.line, column: start.column + i, offset: start.offset + i });
    }
    return stringIndexMapper(this.lines.text, arg.loc, arg.style);
  }

  private dropDuplicateKeys(entries: CfnMapEntry[]): CfnMapEntry[] {
    if (entries.length < 2 || (entries.length <= 8 && !hasRepeatedKey(entries))) return entries;
    const seen = new Map<string, number>();
    let dropped: Set<number> | null = null;
    for (let i = 0; i < entries.length; i++) {
      const key = entries[i].key;
      const first = seen.get(key);
      if (first !== undefined) {
        dropped ??= new Set();
        dropped.add(first);
        this.warnDuplicate(entries[first], entries[i]);
      }
      seen.set(key, i);
    }
    return dropped ? entries.filter((_, i) => !dropped.has(i)) : entries;
  }

  private warnDuplicate(earlier: CfnMapEntry, later: CfnMapEntry): void {
    const a = earlier.keyLoc.range.start;
    const b = later.keyLoc.range.start;
    this.diagnostics.push({
      severity: 'error',
      loc: later.keyLoc,
      message: `${duplicateKeyMessage} "${later.key}" at ${a.line}:${a.column} and ${b.line}:${b.column}: ${isServiceFile(this.file) ? SERVICE_FILE_REJECTS : TEMPLATE_REJECTS}; remove or rename one (the last value is used here)`,
    });
  }
}

/** Who refuses a duplicate key: CloudFormation a template's; the Serverless Framework its service file, whose keys never reach CloudFormation as written. */
const TEMPLATE_REJECTS = 'CloudFormation rejects a template with duplicate keys (cfn-lint E0000)';
const SERVICE_FILE_REJECTS = "the Serverless Framework's YAML reader (js-yaml) rejects a service file with duplicate keys";

/** How a duplicate-key diagnostic starts: an error that still leaves the template readable. */
export const duplicateKeyMessage = 'Duplicate key';

/** An error after which the template cannot be read as written (a duplicate key can: the last value wins). */
export function isUnreadable(d: Diagnostic): boolean {
  return d.severity === 'error' && !d.message.startsWith(duplicateKeyMessage);
}

/**
 * The entries a mapping lost to a later duplicate key. The graph reads a
 * template's duplicated top-level sections (two `Resources:`) as one, so the
 * error does not hide what the first section holds.
 */
export const shadowedEntries = new WeakMap<CfnMap, CfnMapEntry[]>();

/** Most mappings are small; comparing keys pairwise beats building a Map for them. */
function hasRepeatedKey(entries: CfnMapEntry[]): boolean {
  for (let i = 1; i < entries.length; i++) {
    for (let j = 0; j < i; j++) if (entries[i].key === entries[j].key) return true;
  }
  return false;
}

export function isLongFormIntrinsic(key: string): boolean {
  return key === 'Ref' || key.startsWith('Fn::');
}

/** `!Ref` → `Ref`, `!Condition` → `Condition`, `!GetAtt` → `Fn::GetAtt`, any other `!Foo` → `Fn::Foo`. */
export function intrinsicName(tag: string): string {
  const bare = tag.startsWith('!') ? tag.slice(1) : tag;
  if (bare === 'Ref' || bare === 'Condition' || bare.startsWith('Fn::')) return bare;
  return `Fn::${bare}`;
}

/** A tag we turn into an intrinsic: a local `!Name`, not `!` alone, not `!!str`, not a verbatim `!<...>`. */
export function isIntrinsicTag(tag: string): boolean {
  return tag.length > 1 && tag.charCodeAt(0) === 33 && tag.charCodeAt(1) !== 33 && tag.charCodeAt(1) !== 60;
}

function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}
