import type { Attribute as HclAttribute, Block, Expression, HclFile } from '../../parsers/hcl/ast.js';
import type { DecodedMap } from '../../parsers/decoded-map.js';
import { endOffset, LineIndex, type Loc, type Range, SourceLoc, SourceRange, startOffset } from '../../shared/source.js';
import type { Notice, UnresolvedRef } from '../types.js';
import type { Guard, ObjectValue, TemplateValue, UnknownValue, Value } from '../value.js';
import type { ModuleConditions } from './conditions.js';
import type { Instances } from './repetition.js';
import { extend } from '../../shared/extend.js';

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

/** A `module` call or an `output` block of the module. */
export interface DeclaredBlock {
  block: Block;
  file: string;
  /** The same block in override files, in order. */
  overrides?: Array<{ block: Block; file: string }>;
}

/**
 * Where a module instance sits among the module calls from its root module
 * (the directory linted). Resource ids are `<rootDir>#<prefix><address>`.
 */
export interface InstanceInfo {
  rootDir: string;
  /** Call names from the root: `['x', 'y']` is `module.x.module.y`; empty for the root. */
  names: string[];
  /** The calling module and its call, for an instance. */
  caller?: { scope: ModuleScope; call: DeclaredBlock; name: string };
  /** Module instances the whole build may still create (shared), so a wide tree cannot blow up a run. */
  budget: { left: number };
  /**
   * What the calls from the root down to this instance make (`count`,
   * `for_each`, `enabled`): an instance of a call known to make none is
   * still built, so that references into it resolve, but its resources are
   * not created; one that rests on a default may not be there.
   */
  made: Instances;
  /** The open conditions of those calls, each a guard in its caller's conditions: the instance is there only where they hold. */
  when: readonly Guard[];
}

/** Instances one root module may bring in, all levels together. */
export const maxInstances = 256;

/** A module call as followed: the instance built for it, or why none is. */
export type ModuleChild = { scope: ModuleScope; source: string } | { reason: string; source: string };

/** Maps each index of a decoded string to where it was written in `file` (index = length maps to the end). */
export interface TextMap extends DecodedMap {
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
  modules: Map<string, DeclaredBlock>;
  outputs: Map<string, DeclaredBlock>;
  /** Provider blocks, and module and output blocks that repeat a name: walked only for the references they make. */
  otherBlocks: DeclaredBlock[];
  /** Module calls as followed, filled in once the module's blocks are declared. */
  children: Map<string, ModuleChild>;
  instance: InstanceInfo;
  /** Values from tfvars, -var-file and -var; only a root module has them (an instance's come from its call). */
  overrides: VariableOverrides;
  /** Text of every file read, for source slices and position maps. */
  sources: Map<string, string>;
  /** Files `templatefile()` renders, and where: templates for Terraform to fill, not files of their own. */
  rendered: Map<string, Loc>;
  /** What the run must say it did not read (a called module outside the project root), shared by every instance. */
  notices: Notice[];
  lineIndexes: Map<string, LineIndex>;
  unresolved: UnresolvedRef[];
  unresolvedSeen: Set<string>;
  localCache: Map<string, Value>;
  propsCache: Map<string, ObjectValue>;
  /** The `count`/`for_each` of this instance's blocks, evaluated once: whether a block makes instances and its `each`/`count` read the same value. */
  repetitionCache: Map<Expression, Value>;
  /** Graph ids of this instance's resources, each made once: references share the string, whose hash is then computed once. */
  ids: Map<string, string>;
  /** Locals and resource bodies being evaluated, to stop self-reference. */
  inProgress: Set<string>;
  /** Unknowns that would be evaluation errors in Terraform (a missing key), which `try` skips. */
  failures: Set<UnknownValue>;
  /** Ids of the resources an expression read one instance of (`x[0]`) outside `try()`: what a missing instance can break. */
  indexed: Set<string>;
  /** Where the characters of a literal string were written, for parsing JSON inside it. */
  textMaps: Map<Value, TextMap>;
  /** Values that keep their own loc wherever they are used (rendered policy documents); uses go to `via`. */
  anchored: Set<Value>;
  /** The same for each string part of a template. */
  partMaps: Map<TemplateValue, Array<TextMap | undefined>>;
  /** Where files are read from, shared by every module of the run. */
  env: BuildEnv;
  /** For an instance of a call with `count`/`for_each`: `count`/`each` as its arguments see them, bound once for all of them. */
  callEnv?: ReadonlyMap<string, Value>;
  /**
   * Values tried for open variables while deciding conditions
   * (`conditions.ts`): they come before anything else, and such an
   * evaluation makes no guards of its own.
   */
  assignment?: ReadonlyMap<string, Value>;
  /** The instance's conditions, read as guards need them. */
  conditions?: ModuleConditions;
}

/** A configuration file of a module, parsed. */
export interface ParsedFile {
  path: string;
  text: string;
  tree: HclFile;
}

/**
 * What a build needs from its run: where files are and how to read module
 * directories (`module-loader.ts`). One per run, so that a module called from
 * many places is read and parsed once.
 */
export interface BuildEnv {
  /** A display path (as given, relative to the run's working directory) made absolute. */
  resolve(p: string): string;
  /** Parses a configuration file, once per run. */
  parse(path: string, text: string): HclFile;
  /** The configuration files of a module directory called from the root module `rootDir`, or why they are not read. */
  readModule(rootDir: string, dir: string): ParsedFile[] | { reason: string; missing?: true; outside?: true };
  /** Where `terraform init` installed the module call with this key (`x`, `x.y`) of a root module, if it did. */
  installedModule(rootDir: string, key: string): string | undefined;
  /**
   * The text of a file beside the modules (a Terragrunt configuration a unit includes), read as a called
   * module's files are: only inside the project root of root module `rootDir` or a given directory.
   */
  readConfigFile(rootDir: string, file: string): { text: string } | { reason: string; missing?: true };
}

/** Where an expression is evaluated: its file, the resource it belongs to, bound names (for, dynamic, splat). */
export interface Ctx {
  scope: ModuleScope;
  file: string;
  owner?: string;
  env: ReadonlyMap<string, Value>;
  depth: number;
  /**
   * Conditions (their text, spaces removed) known to hold or not wherever the
   * value is there: a resource with `count = var.c ? 1 : 0` exists only where
   * `var.c` holds, so `var.c ? a : b` in its body is `a`.
   */
  assumed?: ReadonlyMap<string, boolean>;
  /**
   * Inside `try()`/`can()`, or a branch a decided condition does not take: a
   * module output that is not there is a failure Terraform never reaches or
   * catches, not an error (references to undeclared names still are).
   */
  tolerant?: true;
}

/** The env of a context that binds no names: one shared map, not a new one per evaluation (`Ctx.env` is read-only). */
export const NO_BINDINGS: ReadonlyMap<string, Value> = new Map();

/** Beyond this many nested variable/local/resource hops we stop rather than chase a cycle. */
export const maxDepth = 32;

/**
 * The scope of a root module, or (with `parent`) of a module instance: an
 * instance shares the side tables of values and files with its root build.
 */
export function createScope(
  dir: string,
  env: BuildEnv,
  parent?: { scope: ModuleScope; call: DeclaredBlock; name: string },
  presence: Pick<InstanceInfo, 'made' | 'when'> = { made: 'some', when: [] },
): ModuleScope {
  const shared = parent?.scope;
  const instance: InstanceInfo = parent
    ? { rootDir: parent.scope.instance.rootDir, names: [...parent.scope.instance.names, parent.name], caller: parent, budget: parent.scope.instance.budget, ...presence }
    : { rootDir: dir, names: [], budget: { left: maxInstances }, ...presence };
  return {
    dir,
    resources: new Map(),
    duplicates: [],
    variables: new Map(),
    locals: new Map(),
    modules: new Map(),
    outputs: new Map(),
    otherBlocks: [],
    children: new Map(),
    instance,
    overrides: new Map(),
    sources: shared?.sources ?? new Map(),
    rendered: shared?.rendered ?? new Map(),
    notices: shared?.notices ?? [],
    lineIndexes: shared?.lineIndexes ?? new Map(),
    unresolved: [],
    unresolvedSeen: new Set(),
    localCache: new Map(),
    propsCache: new Map(),
    repetitionCache: new Map(),
    ids: new Map(),
    inProgress: new Set(),
    failures: shared?.failures ?? new Set(),
    indexed: shared?.indexed ?? new Set(),
    anchored: shared?.anchored ?? new Set(),
    textMaps: shared?.textMaps ?? new Map(),
    partMaps: shared?.partMaps ?? new Map(),
    env,
    // Present from the start, though filled later or only in a copy: a scope
    // then keeps one hidden class, and the copies `conditions.ts` makes with
    // these set share it (V8 gives a spread that adds a key a class of its own).
    callEnv: undefined,
    assignment: undefined,
    conditions: undefined,
  };
}

/** `module.x.module.y.` for an instance, empty for a root module. */
export function addressPrefix(scope: ModuleScope): string {
  return scope.instance.names.map((n) => `module.${n}.`).join('');
}

/** The graph id of a resource declared in this module (instance). */
export function resourceId(scope: ModuleScope, key: string): string {
  let id = scope.ids.get(key);
  if (id === undefined) {
    id = `${scope.instance.rootDir}#${addressPrefix(scope)}${key}`;
    scope.ids.set(key, id);
  }
  return id;
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
  const { range } = node;
  // The parser's ranges are places already (hcl/positions.ts): one object per place, shared by every evaluation of it.
  if (range instanceof SourceLoc && range.file === ctx.file) return range;
  // Otherwise one object, which does not keep the parse tree's range alive (see SourceLoc).
  return range instanceof SourceRange || range instanceof SourceLoc ? new SourceLoc(ctx.file, range.lines, range.from, range.to) : { file: ctx.file, range };
}

/** A condition as written, spaces removed: the key of `Ctx.assumed`. */
export function conditionKey(ctx: Ctx, expr: { range: Range }): string {
  const text = sourceText(ctx, expr.range);
  return /\s/.test(text) ? text.replace(/\s+/g, '') : text;
}

/** The expression as written, for messages. */
export function sourceText(ctx: Ctx, range: Range): string {
  const text = ctx.scope.sources.get(ctx.file);
  return text === undefined ? '' : text.slice(startOffset(range), endOffset(range));
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
  const key = `${ref.loc.file}\0${startOffset(ref.loc.range)}\0${ref.name}`;
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
  if (scope.anchored.has(value)) {
    const kept = anchor(scope, extend(value, { via: bounded([...(value.via ?? []), loc]) }));
    carryMaps(scope, value, kept);
    return kept;
  }
  const via = origin ? bounded(value.via ? [origin, ...value.via] : [origin]) : value.via ? [...value.via] : undefined;
  const moved: Value = via ? extend(value, { loc, via }) : { ...value, loc };
  carryMaps(scope, value, moved);
  return moved;
}

/**
 * A chain of locals may be thousands long (legal HCL): a value keeps its
 * nearest and its farthest hops, so that copying `via` at each hop stays
 * constant work and the run linear in its input.
 */
const MAX_HOPS = 64;

function bounded(via: Loc[]): Loc[] {
  return via.length <= MAX_HOPS ? via : [...via.slice(0, MAX_HOPS / 2), ...via.slice(-MAX_HOPS / 2)];
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
