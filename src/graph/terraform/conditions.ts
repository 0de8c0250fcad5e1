import type { Expression } from '../../parsers/hcl/ast.js';
import type { Guard, GuardSpace, Value } from '../value.js';
import { assignments, caseCount, contradictory, guardsKey, MAX_CASES, TestGuard, type Truth } from '../build/guards.js';
import { evaluate } from './evaluate.js';
import { variableValue } from './variables.js';
import { conditionKey, type Ctx, type ModuleScope, NO_BINDINGS } from './scope.js';

/**
 * The conditions of one Terraform module instance, for guards on its values
 * and resources (Terraform's side of `TemplateConditions`).
 *
 * `count = var.mode == "managed" ? 1 : 0` and `var.mode == "self" ? a : b`
 * test one variable: where the first holds the second cannot. A set of
 * guards is decided by trying every value of the open variables they test
 * (a root default, no value, a caller's default): each literal the
 * conditions compare a variable with plus one value equal to none, or true
 * and false for a variable used as a bool. Only variables every condition
 * uses that way are tried, so the values tried cover every outcome; any
 * other use (a function argument, arithmetic) leaves the variable as it is,
 * and a condition it decides stays open: a finding is kept rather than a
 * branch wrongly ruled out.
 */

/**
 * A condition is evaluated once per combination of its own open variables'
 * values while the module is built, needed or not: past this many it gets no
 * guard (a finding is kept), so the work stays a small multiple of the build.
 */
const MAX_CASES_PER_CONDITION = 8;

/** How many locals to follow when asking which variables a local reads. */
const MAX_LOCALS_FOLLOWED = 4096;

/** How deep to follow locals into locals when reading a condition. */
const MAX_DEPTH = 16;

/** How a condition uses a value at one place: as a bool, compared with literals, or otherwise. */
type Use = { kind: 'bool' } | { kind: 'compared'; with: Scalar[] } | { kind: 'other' };

type Scalar = string | number | boolean | null;

/**
 * One condition, decided for every combination of its open variables'
 * values while the module is built: the guards that outlive the build keep
 * this table, never the module's scope or parse trees (keeping them cost
 * a third more peak memory on the dev corpus).
 */
interface Entry {
  variables: readonly string[];
  domains: ReadonlyArray<readonly Scalar[]>;
  /** Indexed by the combination, the first variable varying slowest. */
  truths: readonly Truth[];
}

/** The conditions of a module instance, made on first use (kept on the scope: no WeakMap, see `ModuleScope`). */
export function moduleConditions(scope: ModuleScope): ModuleConditions {
  return (scope.conditions ??= new ModuleConditions(scope));
}

/** The open variables that decide a condition, and the values worth trying for each. */
interface Shape {
  variables: readonly string[];
  domains: ReadonlyArray<readonly Scalar[]>;
}

/** Reads a module instance's conditions into its `ConditionTable` while the instance is built. */
export class ModuleConditions {
  readonly table = new ConditionTable();
  /** Where each condition seen is written, by key. */
  private readonly written = new Map<string, { expr: Expression; file: string }>();
  /** Which open variables decide each: read from the code alone, nothing evaluated. */
  private readonly shapes = new Map<string, Shape | null>();
  private readonly localVariables = new Map<string, readonly string[] | undefined>();

  constructor(private readonly scope: ModuleScope) {}

  /**
   * A guard that `expr` holds (or not), knowing whether the defaults meet it;
   * undefined when no value of an open variable can change it and the
   * defaults do not decide it: such a guard could say nothing.
   */
  guard(ctx: Ctx, expr: Expression, holds: boolean, value: Value = evaluate(expr, ctx)): Guard | undefined {
    const key = this.register(ctx, expr);
    const byDefault = defaultTruth(value);
    const metByDefault = byDefault === undefined ? undefined : byDefault === holds;
    // A condition no tried value decides (`length(var.x) > 0`) still has an outcome under the defaults.
    return this.entry(key) || metByDefault !== undefined ? new TestGuard(this.table, key, holds, metByDefault) : undefined;
  }

  /** Records where a condition is written (one assumed in `Ctx.assumed`, one asked about); its key. */
  register(ctx: Ctx, expr: Expression): string {
    const key = conditionKey(ctx, expr);
    this.note(key, ctx, expr);
    return key;
  }

  private note(key: string, ctx: Ctx, expr: Expression): void {
    if (!this.written.has(key)) this.written.set(key, { expr, file: ctx.file });
  }

  /** Whether the condition `expr` must hold (or must not) wherever every condition in `assumed` is as given; undefined when either can. */
  impliedBy(assumed: ReadonlyMap<string, boolean>, ctx: Ctx, expr: Expression, key = conditionKey(ctx, expr)): Truth {
    this.note(key, ctx, expr);
    const shape = this.shape(key);
    if (!shape) return undefined;
    // Only conditions on a variable this one reads can decide it; only those are evaluated.
    const related = [...assumed].filter(([k]) => this.shape(k)?.variables.some((v) => shape.variables.includes(v)));
    if (related.length === 0 || !this.entry(key)) return undefined;
    const given = related.filter(([k]) => this.entry(k)).map(([k, holds]) => new TestGuard(this.table, k, holds));
    if (given.length === 0) return undefined;
    const canHold = this.table.satisfiable([...given, new TestGuard(this.table, key, true)]);
    const canFail = this.table.satisfiable([...given, new TestGuard(this.table, key, false)]);
    return canHold === canFail ? undefined : canHold;
  }

  private shape(key: string): Shape | undefined {
    const known = this.shapes.get(key);
    if (known !== undefined) return known ?? undefined;
    const at = this.written.get(key);
    const shape = at && this.readShape(at.file, at.expr);
    this.shapes.set(key, shape ?? null);
    return shape;
  }

  /** The condition's decided table, or undefined when no open variable decides it (or too many combinations would). */
  private entry(key: string): Entry | undefined {
    const known = this.table.entries.get(key);
    if (known !== undefined) return known ?? undefined;
    const shape = this.shape(key);
    const at = this.written.get(key);
    const entry = shape && at && this.decide(shape, at.file, at.expr);
    this.table.entries.set(key, entry ?? null);
    return entry;
  }

  private readShape(file: string, expr: Expression): Shape | undefined {
    const uses = new Map<string, Use[]>();
    readUses(expr, { kind: 'bool' }, { scope: this.scope, file, env: NO_BINDINGS, depth: 0 }, uses, 0);
    const open: Array<[string, Scalar[]]> = [];
    for (const [name, seen] of uses) {
      const values = domainOf(seen, name);
      if (values && this.isOpen(name, file)) open.push([name, values]);
    }
    if (open.length === 0 || caseCount(open.map(([, d]) => d)) > MAX_CASES_PER_CONDITION) return undefined;
    return { variables: open.map(([n]) => n), domains: open.map(([, d]) => d) };
  }

  private decide(shape: Shape, file: string, expr: Expression): Entry | undefined {
    const truths: Truth[] = [];
    for (const values of assignments(shape.variables.map((name, i) => [name, shape.domains[i]] as const))) {
      truths.push(decidedTruth(evaluate(expr, { scope: this.assuming(values), file, env: NO_BINDINGS, depth: 0 })));
    }
    // A condition no combination decides rules nothing out.
    return truths.every((t) => t === undefined) ? undefined : { variables: shape.variables, domains: shape.domains, truths };
  }

  /** The module instance as if its open variables had these values: fresh caches, nothing recorded for the run. */
  private assuming(values: ReadonlyArray<readonly [string, Scalar]>): ModuleScope {
    const assignment = new Map<string, Value>();
    for (const [name, value] of values) {
      const decl = this.scope.variables.get(name);
      if (decl) assignment.set(name, { kind: 'literal', value, loc: { file: decl.file, range: decl.block.typeRange } });
    }
    // What this evaluation makes is dropped once its truth is read; what it
    // reads of the real build is shared, except locals the tried values change.
    const tried = (key: string): boolean => {
      if (!key.startsWith('local.')) return false;
      const read = this.variablesOfLocal(key.slice('local.'.length));
      return read === undefined || read.some((v) => assignment.has(v));
    };
    return {
      ...this.scope,
      assignment,
      conditions: undefined,
      localCache: new Layered(this.scope.localCache, tried),
      propsCache: new Layered(this.scope.propsCache, () => false),
      repetitionCache: new Layered(this.scope.repetitionCache, () => false),
      inProgress: new Set(),
      unresolved: [],
      unresolvedSeen: new Set(),
      failures: new Set(),
      textMaps: new Map(),
      partMaps: new Map(),
      anchored: new Set(),
    };
  }

  /**
   * The variables a local reads, through other locals too (a walk, not a
   * recursion: a chain of thousands of locals is legal HCL); undefined past
   * MAX_LOCALS_FOLLOWED locals, which then counts as reading every variable.
   */
  private variablesOfLocal(name: string): readonly string[] | undefined {
    if (this.localVariables.has(name)) return this.localVariables.get(name);
    const found = new Set<string>();
    const seen = new Set<string>([name]);
    const queue = [name];
    let complete = true;
    for (let i = 0; i < queue.length; i++) {
      if (i >= MAX_LOCALS_FOLLOWED) {
        complete = false;
        break;
      }
      const local = this.scope.locals.get(queue[i]);
      if (!local) continue;
      walk(local.attr.expr, (e) => {
        const named = referenceName(e);
        if (named?.root === 'var') found.add(named.name);
        else if (named && !seen.has(named.name)) {
          seen.add(named.name);
          queue.push(named.name);
        }
      });
    }
    const vars = complete ? [...found] : undefined;
    this.localVariables.set(name, vars);
    return vars;
  }

  /** A variable nobody gave a value: no default, a root default, a default a caller passes on. */
  private isOpen(name: string, file: string): boolean {
    const decl = this.scope.variables.get(name);
    if (!decl) return false;
    const scope = { ...this.scope, unresolved: [], unresolvedSeen: new Set<string>() };
    const v = variableValue(name, { scope, file, env: NO_BINDINGS, depth: 0 }, { file: decl.file, range: decl.block.typeRange });
    return v.fromInput !== undefined || v.kind === 'unknown';
  }
}

/** A module instance's conditions as decided tables: what its guards ask after the build. */
class ConditionTable implements GuardSpace {
  readonly entries = new Map<string, Entry | null>();
  private readonly decided = new Map<string, boolean | 'unsure'>();

  satisfiable(guards: readonly Guard[], unsure = true): boolean {
    const key = guardsKey(guards);
    let answer = this.decided.get(key);
    if (answer === undefined) this.decided.set(key, (answer = this.trySatisfy(guards)));
    return answer === 'unsure' ? unsure : answer;
  }

  private trySatisfy(guards: readonly Guard[]): boolean | 'unsure' {
    if (contradictory(guards)) return false;
    const tested = guards.map((g) => ({ g, entry: this.entries.get(g.test) ?? undefined }));
    const domains = new Map<string, Set<Scalar>>();
    for (const { entry } of tested) {
      entry?.variables.forEach((name, i) => {
        const set = domains.get(name) ?? new Set<Scalar>();
        for (const v of entry.domains[i]) set.add(v);
        domains.set(name, set);
      });
    }
    const open = [...domains].map(([name, set]): [string, Scalar[]] => [name, [...set]]);
    if (caseCount(open.map(([, d]) => d)) > MAX_CASES) return 'unsure';
    for (const values of assignments(open)) {
      const given = new Map(values);
      // A guard these values do not decide (a computed value, an each.value) may hold.
      if (tested.every(({ g, entry }) => !entry || truthAt(entry, given) !== !g.holds)) return true;
    }
    return false;
  }
}

/**
 * An entry's truth where its variables have these values. A value the entry
 * did not try behaves as its "equal to none" value does (it is equal to none
 * of the entry's literals); with no such value, it is undecided.
 */
function truthAt(entry: Entry, given: ReadonlyMap<string, Scalar>): Truth {
  let index = 0;
  for (let i = 0; i < entry.variables.length; i++) {
    const name = entry.variables[i];
    const domain = entry.domains[i];
    const value = given.get(name);
    let at = domain.indexOf(value ?? null);
    if (at < 0) at = domain.indexOf(noneOf(name));
    if (at < 0) return undefined;
    index = index * domain.length + at;
  }
  return entry.truths[index];
}

/** The value tried as equal to none of the literals a variable is compared with. */
function noneOf(name: string): string {
  return `\u0000${name}`;
}

/** The values to try for a variable used these ways, or undefined when one use is of another kind. */
function domainOf(uses: readonly Use[], name: string): Scalar[] | undefined {
  const values = new Set<Scalar>();
  for (const use of uses) {
    if (use.kind === 'other') return undefined;
    if (use.kind === 'bool') values.add(true).add(false);
    else {
      for (const v of use.with) values.add(v);
      values.add(noneOf(name));
    }
  }
  return [...values];
}

/**
 * Walks a condition and records how it uses each `var.x`, following
 * `local.y` into its definition (a local used as a bool passes that use on).
 */
function readUses(expr: Expression, use: Use, ctx: Ctx, out: Map<string, Use[]>, depth: number): void {
  if (depth > MAX_DEPTH) return;
  const named = referenceName(expr);
  if (named) {
    if (named.root === 'var') push(out, named.name, use);
    else {
      const local = ctx.scope.locals.get(named.name);
      if (local) readUses(local.attr.expr, use, { ...ctx, file: local.file }, out, depth + 1);
    }
    return;
  }
  switch (expr.type) {
    case 'Parens':
      return readUses(expr.expr, use, ctx, out, depth + 1);
    case 'Unary':
      return expr.op === '!' ? readUses(expr.operand, { kind: 'bool' }, ctx, out, depth + 1) : markOther(expr.operand, out);
    case 'Conditional':
      readUses(expr.condition, { kind: 'bool' }, ctx, out, depth + 1);
      readUses(expr.then, use, ctx, out, depth + 1);
      return readUses(expr.else, use, ctx, out, depth + 1);
    case 'Binary': {
      if (expr.op === '&&' || expr.op === '||') {
        readUses(expr.left, { kind: 'bool' }, ctx, out, depth + 1);
        return readUses(expr.right, { kind: 'bool' }, ctx, out, depth + 1);
      }
      if (expr.op === '==' || expr.op === '!=') {
        const [l, r] = [literalOf(expr.left), literalOf(expr.right)];
        readUses(expr.left, r ? { kind: 'compared', with: [r.value] } : { kind: 'other' }, ctx, out, depth + 1);
        return readUses(expr.right, l ? { kind: 'compared', with: [l.value] } : { kind: 'other' }, ctx, out, depth + 1);
      }
      return markOther(expr, out);
    }
    default:
      return markOther(expr, out);
  }
}

/**
 * A part of a condition that is not a bool test or an equality with a
 * literal (a function call, arithmetic): its variables are not tried, and
 * locals there are not followed, so that nothing is evaluated again for them.
 */
function markOther(expr: Expression, out: Map<string, Use[]>): void {
  walk(expr, (e) => {
    const named = referenceName(e);
    if (named?.root === 'var') push(out, named.name, { kind: 'other' });
  });
}

function push(out: Map<string, Use[]>, name: string, use: Use): void {
  const list = out.get(name);
  if (list) list.push(use);
  else out.set(name, [use]);
}

/** `var.x` or `local.y`, exactly (no further steps). */
function referenceName(expr: Expression): { root: 'var' | 'local'; name: string } | undefined {
  if (expr.type !== 'GetAttr' || expr.object.type !== 'Variable') return undefined;
  const root = expr.object.name;
  return root === 'var' || root === 'local' ? { root, name: expr.name } : undefined;
}

/** A literal written in place: a number, bool, null, or a string without interpolation. */
function literalOf(expr: Expression): { value: Scalar } | undefined {
  if (expr.type === 'Literal') return { value: expr.value };
  if (expr.type === 'Template' && expr.parts.length === 1 && expr.parts[0].type === 'TemplateLiteral') return { value: expr.parts[0].value };
  if (expr.type === 'Template' && expr.parts.length === 0) return { value: '' };
  return undefined;
}

/** Calls `visit` on an expression and every expression inside it. */
function walk(expr: Expression, visit: (e: Expression) => void, depth = 0): void {
  if (depth > 64) return;
  visit(expr);
  for (const child of children(expr)) walk(child, visit, depth + 1);
}

/**
 * A cache that reads through to the real build's, except for keys the tried
 * values change; what is computed here stays here.
 */
class Layered<K, V> extends Map<K, V> {
  constructor(
    private readonly base: ReadonlyMap<K, V>,
    private readonly changed: (key: K) => boolean,
  ) {
    super();
  }

  override get(key: K): V | undefined {
    return super.get(key) ?? (this.changed(key) ? undefined : this.base.get(key));
  }
}

/** The sub-expressions of an expression, for the walk (template parts' expressions included). */
function children(expr: Expression): Expression[] {
  switch (expr.type) {
    case 'Tuple':
      return expr.items;
    case 'Object':
      return expr.items.flatMap((i) => [i.key, i.value]);
    case 'GetAttr':
      return [expr.object];
    case 'Index':
      return [expr.collection, expr.key];
    case 'Splat':
      return [expr.source, expr.each];
    case 'FunctionCall':
      return expr.args;
    case 'For':
      return [expr.collection, expr.valueExpr, ...(expr.keyExpr ? [expr.keyExpr] : []), ...(expr.condition ? [expr.condition] : [])];
    case 'Parens':
      return [expr.expr];
    case 'Unary':
      return [expr.operand];
    case 'Binary':
      return [expr.left, expr.right];
    case 'Conditional':
      return [expr.condition, expr.then, expr.else];
    case 'Template':
      return expr.parts.flatMap((p) => (p.type === 'TemplateInterpolation' ? [p.expr] : p.type === 'TemplateIf' ? [p.condition] : p.type === 'TemplateFor' ? [p.collection] : []));
    default:
      return [];
  }
}

/** True or false as the defaults decide it (a value resting on a default); undefined for any other value. */
function defaultTruth(v: Value): Truth {
  return v.kind === 'literal' && v.fromInput !== undefined ? decidedTruth({ ...v, fromInput: undefined }) : undefined;
}

/** True or false when written or given (never a default); HCL reads "true" and "false" as bools. */
export function decidedTruth(v: Value): Truth {
  if (v.kind !== 'literal' || v.fromInput !== undefined) return undefined;
  if (typeof v.value === 'boolean') return v.value;
  return v.value === 'true' ? true : v.value === 'false' ? false : undefined;
}
