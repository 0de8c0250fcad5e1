import type { Body, Expression } from '../../parsers/hcl/ast.js';
import type { Loc } from '../../shared/source.js';
import { childValues, type Value } from '../value.js';
import { attribute } from './body.js';
import { evaluate } from './evaluate.js';
import { locOf, NO_BINDINGS, type Ctx } from './scope.js';

/**
 * `each` and `count` inside a block with `for_each` or `count`.
 *
 * The graph holds one resource for all its instances, so a per-instance
 * value is one of the elements: a `choice`, whose every option the rules
 * check. That is only sound when the collection is known and its elements
 * are all the same kind of thing (all references, all strings, ...); anything
 * else stays unknown (`references.ts` says why).
 */

/** More elements than this and `each`/`count.index` stay unknown: a rule would not gain from listing them. */
const maxElements = 64;

export function repetitionBindings(body: Body, ctx: Ctx): Array<[string, Value]> {
  const forEach = attribute(body, 'for_each');
  if (forEach) {
    const each = eachBinding(repetitionValue(forEach, ctx), locOf(ctx, forEach));
    return each ? [['each', each]] : [];
  }
  const count = attribute(body, 'count');
  if (count) {
    const index = countIndex(repetitionValue(count, ctx), locOf(ctx, count));
    return index ? [['count', { kind: 'object', entries: [{ key: 'index', keyLoc: index.loc, value: index }], loc: index.loc }]] : [];
  }
  return [];
}

/**
 * A block's `count` or `for_each` where nothing is bound or assumed: the same
 * in every such context of its module instance, so evaluated once for whether
 * the block makes instances and again for its `each`/`count`. A reference it
 * cannot resolve is recorded by the first evaluation, as a second one would
 * have found it recorded.
 */
function repetitionValue(expr: Expression, ctx: Ctx): Value {
  if (ctx.env !== NO_BINDINGS || ctx.assumed || ctx.tolerant || ctx.depth !== 0) return evaluate(expr, ctx);
  const cache = ctx.scope.repetitionCache;
  let value = cache.get(expr);
  if (!value) cache.set(expr, (value = evaluate(expr, ctx)));
  return value;
}

/**
 * Whether this `count`/`for_each` was evaluated for the module instance with
 * nothing bound (`repetitionValue`): its references are recorded, so the
 * block's body need not evaluate it again only for them.
 */
export function repetitionEvaluated(expr: Expression, ctx: Ctx): boolean {
  return ctx.scope.repetitionCache.get(expr) !== undefined;
}

/**
 * What a resource's existence says about a condition: `count = C ? 1 : 0` (or
 * `for_each = C ? {...} : {}`) makes instances only where C holds, so C holds
 * throughout its body (and `!C`, with the branches the other way, does not).
 */
export function existenceCondition(body: Body): { condition: Expression; holds: boolean } | undefined {
  const forEach = attribute(body, 'for_each');
  const repeated = conditionForSome(forEach ?? attribute(body, 'count'), forEach !== undefined);
  if (repeated) return repeated;
  // OpenTofu's `lifecycle { enabled = C }` is the condition itself (OpenTofu rejects it beside count or for_each).
  const enabled = enabledExpression(body);
  return enabled && { condition: enabled, holds: true };
}

/**
 * OpenTofu 1.11's `lifecycle { enabled = ... }` on a resource or module call:
 * false makes no instance, as `count = 0` does. Terraform rejects the
 * argument, so code that has it is OpenTofu's, in `.tofu` and `.tf` files
 * alike (OpenTofu reads both).
 */
function enabledExpression(body: Body): Expression | undefined {
  for (const item of body.items) {
    if (item.type === 'Block' && item.blockType === 'lifecycle') {
      const enabled = attribute(item.body, 'enabled');
      if (enabled) return enabled;
    }
  }
  return undefined;
}

/** `C ? some : none` (either way round, `!C` unwrapped): the condition under which `expr` makes something. */
export function conditionForSome(expr: Expression | undefined, collection: boolean): { condition: Expression; holds: boolean } | undefined {
  if (expr?.type !== 'Conditional') return undefined;
  const none = [expr.then, expr.else].map((branch) => makesNone(branch, collection));
  if (none[0] === none[1]) return undefined;
  return expr.condition.type === 'Unary' && expr.condition.op === '!' ? { condition: expr.condition.operand, holds: none[0] } : { condition: expr.condition, holds: none[1] };
}

/** Whether a `count` or `for_each` branch is written to make no instance: `0`, `[]`, `{}`. */
function makesNone(branch: Expression, forEach: boolean): boolean {
  if (!forEach) return branch.type === 'Literal' && (branch.value === 0 || branch.value === '0');
  return (branch.type === 'Tuple' || branch.type === 'Object') && branch.items.length === 0;
}

/** What `count`/`for_each` make, as far as it is known (written or given, not a default): no instance, some, or open. */
export type Instances = 'none' | 'some' | 'open';

/**
 * A resource known to make no instance is not created, so nothing about it
 * can go wrong, as with a CloudFormation `Condition` known to be false; one
 * whose instances rest on a default or on what cannot be known may not be
 * there (`Resource.mayBeAbsent`).
 */
export function instancesOf(body: Body, ctx: Ctx): Instances {
  const enabled = enabledExpression(body);
  return bothMake(repeatedInstances(body, ctx), enabled ? enabledInstances(evaluate(enabled, ctx)) : 'some');
}

/** What two conditions on the same instances make together (a module call's and its resource's, say). */
export function bothMake(a: Instances, b: Instances): Instances {
  if (a === 'none' || b === 'none') return 'none';
  return a === 'open' || b === 'open' ? 'open' : 'some';
}

function enabledInstances(v: Value): Instances {
  if (!isKnown(v)) return 'open';
  if (v.kind === 'literal' && (v.value === false || v.value === 'false')) return 'none';
  return v.kind === 'literal' && (v.value === true || v.value === 'true') ? 'some' : 'open';
}

/** How deep into a `count`/`for_each` value its parts are looked at. */
const MAX_PART_DEPTH = 8;

/** Known: neither a default nor anything that cannot be computed. */
function isKnown(v: Value): boolean {
  return !someUnder(v, (part) => part.fromInput !== undefined || part.kind === 'unknown' || part.kind === 'choice');
}

/**
 * Whether `test` holds for the value or one under it, down to
 * MAX_PART_DEPTH levels; stops at the first. Not `valuesUnder`: its
 * generators, one per value visited, were a tenth of the garbage the
 * HCL evaluation makes on the dev corpus.
 */
function someUnder(v: Value, test: (part: Value) => boolean, depth = 0): boolean {
  if (test(v)) return true;
  if (depth === MAX_PART_DEPTH) return false;
  for (const child of childValues(v)) if (someUnder(child, test, depth + 1)) return true;
  return false;
}

function repeatedInstances(body: Body, ctx: Ctx): Instances {
  const forEach = attribute(body, 'for_each');
  const expr = forEach ?? attribute(body, 'count');
  if (!expr) return 'some';
  const v = repetitionValue(expr, ctx);
  if (someUnder(v, (part) => part.fromInput !== undefined)) return 'open';
  const settled = !someUnder(v, (part) => (part.kind === 'unknown' && !isWholeResource(part)) || part.kind === 'choice');
  if (!forEach) {
    if (v.kind === 'literal' && (v.value === 0 || v.value === '0')) return 'none';
    return settled && v.kind === 'literal' && Number(v.value) >= 1 ? 'some' : 'open';
  }
  const size = v.kind === 'list' ? v.items.length : v.kind === 'object' ? v.entries.length : undefined;
  if (size === 0) return 'none';
  return settled && size !== undefined ? 'some' : 'open';
}

/**
 * How many instances a block's `count`/`for_each`, evaluated as `v`, makes,
 * where that is known (written or given, not a default, nothing computed):
 * what `length()` of the whole resource or module call is. Undefined where it is not known.
 */
export function knownInstanceCount(body: Body, v: Value): number | undefined {
  if (!isKnown(v)) return undefined;
  if (!attribute(body, 'for_each')) return v.kind === 'literal' && (typeof v.value === 'number' || (typeof v.value === 'string' && /^\d+$/.test(v.value))) && Number.isInteger(Number(v.value)) && Number(v.value) >= 0 ? Number(v.value) : undefined;
  if (v.kind === 'object') return v.entries.length;
  return v.kind === 'list' && !v.mayRepeat ? v.items.length : undefined;
}

/** `each` as an object of `key` and `value`, when the collection is a known map or set. */
function eachBinding(collection: Value, loc: Loc): Value | undefined {
  let pairs: Array<{ key: Value; value: Value }>;
  if (collection.kind === 'object') {
    pairs = collection.entries.map((e) => ({ key: { kind: 'literal', value: e.key, loc: e.keyLoc }, value: e.value }));
  } else if (collection.kind === 'list') {
    // A set: each.key is each.value. Instances of a `for_each` resource whose keys are not known stand in for the map of them: no known key.
    pairs = collection.items.map((v) => ({ key: isWholeResource(v) ? { kind: 'unknown', reason: 'the instance keys of a resource not known statically', loc } : v, value: v }));
  } else return undefined;
  if (pairs.length === 0 || pairs.length > maxElements) return undefined;
  const kinds = new Set(pairs.map((p) => p.value.kind));
  // Whole resources (`{ a = aws_iam_role.a }`) are unknown, but each.value.name is each one's name.
  if (kinds.size !== 1 || kinds.has('choice') || (kinds.has('unknown') && !pairs.every((p) => isWholeResource(p.value)))) return undefined;
  const key = oneOf(pairs.map((p) => p.key), loc);
  // Iterating a `for_each` resource, every key's value is the one instance reference (`each.value.name`).
  const value = pairs.every((p) => p.value === pairs[0].value) ? pairs[0].value : oneOf(pairs.map((p) => p.value), loc);
  return {
    kind: 'object',
    entries: [
      { key: 'key', keyLoc: loc, value: key },
      { key: 'value', keyLoc: loc, value },
    ],
    loc,
  };
}

/** The whole of a resource: unknown as a value, but it exists and its attributes are known references. */
function isWholeResource(v: Value): boolean {
  return v.kind === 'unknown' && v.resourceAttributes !== undefined;
}

/** `count.index` when `count` is a known whole number of instances. */
function countIndex(count: Value, loc: Loc): Value | undefined {
  // `var.create ? 1 : 0`: whichever it is, the indices are among those of the largest.
  const options = count.kind === 'choice' ? count.options : [count];
  const numbers = options.map((o) => (o.kind === 'literal' && typeof o.value === 'number' ? o.value : NaN));
  const n = Math.max(...numbers);
  if (!Number.isInteger(n) || n < 1 || n > maxElements) return undefined;
  return oneOf(
    Array.from({ length: n }, (_, i): Value => ({ kind: 'literal', value: i, loc })),
    loc,
  );
}

/** The instances' values: each instance takes one, and every one is taken. */
function oneOf(options: Value[], loc: Loc): Value {
  return options.length === 1 ? options[0] : { kind: 'choice', options, loc, perInstance: true };
}
