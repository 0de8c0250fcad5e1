import type { Attribute as HclAttribute, Block, Expression } from '../../parsers/hcl/ast.js';
import { LineIndex, type Loc, type Range } from '../../source.js';
import type { UnresolvedRef } from '../types.js';
import type { ObjectValue, TemplateValue, UnknownValue, Value } from '../value.js';

/** A `resource` or `data` block of the module. */
export interface DeclaredResource {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** `aws_iam_role.r` or `data.aws_iam_role.r`. */
  address: string;
  /** The address, or for a duplicate declaration the address and where it is: unique in the module. */
  key: string;
  block: Block;
  file: string;
  /** `count` or `for_each` is set: indexing it names the same resource. */
  repeated: boolean;
  /** Blocks of the same address in override files, applied in order. */
  overrides: Array<{ block: Block; file: string }>;
}

export interface DeclaredVariable {
  block: Block;
  file: string;
}

export interface DeclaredLocal {
  attr: HclAttribute;
  file: string;
}

/** Maps each index of a decoded string to where it was written (index = length maps to the end). */
export interface TextMap {
  readonly file: string;
  readonly offsets: number[];
  readonly index: LineIndex;
}

/** A value set in `terraform.tfvars` / `*.auto.tfvars`; it already carries its own locs. */
export type VariableOverrides = Map<string, Value>;

/**
 * Everything one module directory declares, and the caches of its evaluation.
 * It lives for one module build, so side tables are plain Maps/Sets: WeakMap
 * ephemerons cost far more garbage-collection time at this volume.
 */
export interface ModuleScope {
  dir: string;
  resources: Map<string, DeclaredResource>;
  /** Blocks that repeat an address (invalid, reported): still built so their contents are linted. */
  duplicates: DeclaredResource[];
  variables: Map<string, DeclaredVariable>;
  locals: Map<string, DeclaredLocal>;
  modules: Set<string>;
  overrides: VariableOverrides;
  /** Text of every file read, for source slices and position maps. */
  sources: Map<string, string>;
  lineIndexes: Map<string, LineIndex>;
  unresolved: UnresolvedRef[];
  unresolvedSeen: Set<string>;
  localCache: Map<string, Value>;
  propsCache: Map<string, ObjectValue>;
  /** Locals and resource bodies being evaluated, to stop self-reference. */
  inProgress: Set<string>;
  /** Unknowns that would be evaluation errors in Terraform (a missing key), which `try` skips. */
  failures: Set<UnknownValue>;
  /** Where the characters of a literal string were written, for parsing JSON inside it. */
  textMaps: Map<Value, TextMap>;
  /** Values that keep their own loc wherever they are used (rendered policy documents); uses go to `via`. */
  anchored: Set<Value>;
  /** The same for each string part of a template. */
  partMaps: Map<TemplateValue, Array<TextMap | undefined>>;
}

/** Where an expression is evaluated: its file, the resource it belongs to, bound names (for, dynamic, splat). */
export interface Ctx {
  scope: ModuleScope;
  file: string;
  owner?: string;
  env: ReadonlyMap<string, Value>;
  depth: number;
}

/** Beyond this many nested variable/local/resource hops we stop rather than chase a cycle. */
export const maxDepth = 32;

export function createScope(dir: string): ModuleScope {
  return {
    dir,
    resources: new Map(),
    duplicates: [],
    variables: new Map(),
    locals: new Map(),
    modules: new Set(),
    overrides: new Map(),
    sources: new Map(),
    lineIndexes: new Map(),
    unresolved: [],
    unresolvedSeen: new Set(),
    localCache: new Map(),
    propsCache: new Map(),
    inProgress: new Set(),
    failures: new Set(),
    anchored: new Set(),
    textMaps: new Map(),
    partMaps: new Map(),
  };
}

export function lineIndex(scope: ModuleScope, file: string): LineIndex {
  let idx = scope.lineIndexes.get(file);
  if (!idx) {
    idx = new LineIndex(scope.sources.get(file) ?? '');
    scope.lineIndexes.set(file, idx);
  }
  return idx;
}

export function locOf(ctx: Ctx, node: { range: Range }): Loc {
  return { file: ctx.file, range: node.range };
}

/** The expression as written, for messages. */
export function sourceText(ctx: Ctx, range: Range): string {
  const text = ctx.scope.sources.get(ctx.file);
  return text === undefined ? '' : text.slice(range.start.offset, range.end.offset);
}

export function unknownAt(loc: Loc, reason: string): UnknownValue {
  return { kind: 'unknown', reason, loc };
}

/** An unknown that stands for a Terraform evaluation error, not a deploy-time value. */
export function failure(ctx: Ctx, loc: Loc, reason: string): UnknownValue {
  const v = unknownAt(loc, reason);
  ctx.scope.failures.add(v);
  return v;
}

export function recordUnresolved(ctx: Ctx, ref: Omit<UnresolvedRef, 'resource'>): void {
  const key = `${ref.loc.file}\0${ref.loc.range.start.offset}\0${ref.name}`;
  if (ctx.scope.unresolvedSeen.has(key)) return;
  ctx.scope.unresolvedSeen.add(key);
  // `resource` is filled in once the resources exist; the owner address rides along until then.
  const entry: UnresolvedRef & { owner?: string } = { ...ref };
  if (ctx.owner) entry.owner = ctx.owner;
  ctx.scope.unresolved.push(entry);
}

/**
 * The value as seen from where it was used: the use site as `loc`, where it
 * came from in `via`. Position maps of strings travel with it.
 */
export function relocate(scope: ModuleScope, value: Value, loc: Loc, origin: Loc | undefined): Value {
  if (scope.anchored.has(value)) return anchor(scope, { ...value, via: [...(value.via ?? []), loc] });
  const via = [...(origin ? [origin] : []), ...(value.via ?? [])];
  const moved: Value = { ...value, loc, ...(via.length ? { via } : {}) };
  carryMaps(scope, value, moved);
  return moved;
}

/** Marks a value to keep its loc when used elsewhere. */
export function anchor<T extends Value>(scope: ModuleScope, value: T): T {
  scope.anchored.add(value);
  return value;
}

export function carryMaps(scope: ModuleScope, from: Value, to: Value): void {
  const map = scope.textMaps.get(from);
  if (map) scope.textMaps.set(to, map);
  if (from.kind === 'template' && to.kind === 'template') {
    const parts = scope.partMaps.get(from);
    if (parts) scope.partMaps.set(to, parts);
  }
  if (from.kind === 'unknown' && to.kind === 'unknown' && scope.failures.has(from)) scope.failures.add(to);
}

export function withEnv(ctx: Ctx, bindings: Array<[string, Value]>): Ctx {
  const env = new Map(ctx.env);
  for (const [k, v] of bindings) env.set(k, v);
  return { ...ctx, env };
}

export type { Expression };
