import type { BinaryExpr, BinaryOp, Expression, ForExpr, UnaryExpr } from '../../parsers/hcl/ast.js';
import type { Loc } from '../../shared/source.js';
import type { LiteralValue, ObjectEntry, Value } from '../value.js';
import { sortedEntries } from './collection-functions.js';
import { evaluate } from './evaluate.js';
import { locOf, unknownAt, withEnv, type Ctx } from './scope.js';
import { knownText, withCertainty } from './values.js';

type Scalar = LiteralValue['value'];

const arithmetic: Partial<Record<BinaryOp, (a: number, b: number) => number>> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
};

const comparison: Partial<Record<BinaryOp, (a: number, b: number) => boolean>> = {
  '<': (a, b) => a < b,
  '>': (a, b) => a > b,
  '<=': (a, b) => a <= b,
  '>=': (a, b) => a >= b,
};

/** Operators on literals; anything else is unknown (no guessing about deploy-time values). */
export function evaluateOperator(expr: UnaryExpr | BinaryExpr, ctx: Ctx): Value {
  if (expr.type === 'Unary') return evaluateUnary(expr, ctx);
  // `a+b+c+...` is left-deep: fold its left spine in a loop, so a chain's length never becomes stack depth.
  const spine: BinaryExpr[] = [];
  let first: Expression = expr;
  for (; first.type === 'Binary'; first = first.left) spine.push(first);
  let acc = evaluate(first, ctx);
  for (let i = spine.length - 1; i >= 0; i--) acc = binary(spine[i], acc, evaluate(spine[i].right, ctx), ctx);
  return acc;
}

function evaluateUnary(expr: UnaryExpr, ctx: Ctx): Value {
  const v = evaluate(expr.operand, ctx);
  return withCertainty(unary(expr.op, v, locOf(ctx, expr)), [v]);
}


function literal(value: Scalar, loc: Loc): Value {
  return { kind: 'literal', value, loc };
}

function unary(op: UnaryExpr['op'], v: Value, loc: Loc): Value {
  if (v.kind !== 'literal') return unknownAt(loc, `${op} of a value not known statically`);
  if (op === '!' && typeof v.value === 'boolean') return literal(!v.value, loc);
  if (op === '-' && typeof v.value === 'number') return literal(-v.value, loc);
  return unknownAt(loc, `${op} of a ${typeof v.value}`);
}

function binary(expr: BinaryExpr, a: Value, b: Value, ctx: Ctx): Value {
  const loc = locOf(ctx, expr);
  if (expr.op === '&&' || expr.op === '||') return logical(expr.op, a, b, loc);
  return withCertainty(compare(expr.op, a, b, loc), [a, b]);
}

function logical(op: '&&' | '||', a: Value, b: Value, loc: Loc): Value {
  // false && x and true || x are known whatever x is, as sure as the operand that decides.
  const decisive = op === '||';
  const deciding = [a, b].filter((v) => v.kind === 'literal' && v.value === decisive);
  if (deciding.length > 0) return withCertainty(literal(decisive, loc), [deciding.find((v) => v.fromInput === undefined) ?? deciding[0]]);
  if (a.kind === 'literal' && b.kind === 'literal' && typeof a.value === 'boolean' && typeof b.value === 'boolean') {
    return withCertainty(literal(!decisive, loc), [a, b]);
  }
  return unknownAt(loc, `${op} of values not known statically`);
}

function compare(op: BinaryOp, a: Value, b: Value, loc: Loc): Value {
  // `x != null` for an x that exists (a resource's name, a document, a list) is known.
  if ((op === '==' || op === '!=') && ((isNull(a) && neverNull(b)) || (isNull(b) && neverNull(a)))) return literal(op === '!=', loc);
  if (a.kind !== 'literal' || b.kind !== 'literal') {
    if ((op === '==' || op === '!=') && (a.kind === 'list' || a.kind === 'object' || b.kind === 'list' || b.kind === 'object')) {
      return unknownAt(loc, `${op} of collections is not evaluated`);
    }
    return unknownAt(loc, `${op} of values not known statically`);
  }
  if (op === '==' || op === '!=') return literal(equalScalars(a.value, b.value) === (op === '=='), loc);
  const x = toNumber(a.value);
  const y = toNumber(b.value);
  if (x === undefined || y === undefined) return unknownAt(loc, `${op} of values that are not numbers`);
  const arith = arithmetic[op];
  if (arith) return literal(arith(x, y), loc);
  const cmp = comparison[op];
  return cmp ? literal(cmp(x, y), loc) : unknownAt(loc, `operator ${op} is not evaluated`);
}

function isNull(v: Value): boolean {
  return v.kind === 'literal' && v.value === null;
}

function neverNull(v: Value): boolean {
  if (v.kind === 'literal') return v.value !== null;
  if (v.kind === 'ref') return !v.attribute.startsWith('other:');
  return v.kind === 'object' || v.kind === 'list' || v.kind === 'template';
}

/** HCL converts between strings and numbers for comparison; "1" == 1 is false in HCL, so compare types too. */
function equalScalars(a: Scalar, b: Scalar): boolean {
  return typeof a === typeof b && a === b;
}

function toNumber(v: Scalar): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

/** `[for k, v in coll : expr if cond]` and `{for ... : k => v}` over a collection known statically. */
export function evaluateFor(expr: ForExpr, ctx: Ctx): Value {
  const loc = locOf(ctx, expr);
  const collection = evaluate(expr.collection, ctx);
  const elements = elementsOf(collection);
  if (!elements) {
    // Walk the body once for the references it makes; its result depends on elements we cannot list.
    const unknownElement = unknownAt(collection.loc, 'an element of a collection not known statically');
    const inner = withEnv(ctx, bindings(expr, unknownElement, unknownElement));
    if (expr.keyExpr) evaluate(expr.keyExpr, inner);
    evaluate(expr.valueExpr, inner);
    if (expr.condition) evaluate(expr.condition, inner);
    return unknownAt(loc, 'for expression over a collection not known statically');
  }
  const items: Value[] = [];
  const entries: ObjectEntry[] = [];
  // Which elements there are rests on the collection and on each filter: an empty
  // result from a default (`[for k, v in var.m : k if v.enabled]`, `var.m` defaulting
  // to `{}`) is only a default, not a known "none".
  const filters: Value[] = [];
  for (const [key, value] of elements) {
    const inner = withEnv(ctx, bindings(expr, key, value));
    if (expr.condition) {
      const keep = evaluate(expr.condition, inner);
      if (keep.kind !== 'literal' || typeof keep.value !== 'boolean') return unknownAt(loc, 'for expression filter not known statically');
      filters.push(keep);
      if (!keep.value) continue;
    }
    const v = evaluate(expr.valueExpr, inner);
    if (!expr.keyExpr) {
      items.push(v);
      continue;
    }
    const k = evaluate(expr.keyExpr, inner);
    const text = knownText(k);
    if (text === undefined) return unknownAt(loc, 'for expression key not known statically');
    entries.push({ key: text, keyLoc: k.loc, value: v });
  }
  const result: Value = expr.keyExpr ? { kind: 'object', entries: expr.grouping ? grouped(entries, loc) : entries, loc } : { kind: 'list', items, loc };
  // A filter known false for every element (`if false`) leaves nothing whatever the collection.
  const noneWhatever = filters.length > 0 && filters.every((keep) => keep.kind === 'literal' && keep.value === false && keep.fromInput === undefined);
  return noneWhatever ? result : withCertainty(result, [collection, ...filters]);
}

/** `{ for s in xs : s.k => s... }`: each key once, its values in a list in the order they came. */
function grouped(entries: readonly ObjectEntry[], loc: Loc): ObjectEntry[] {
  const byKey = new Map<string, ObjectEntry & { value: Value & { kind: 'list' } }>();
  for (const e of entries) {
    const group = byKey.get(e.key);
    if (group) group.value.items.push(e.value);
    else byKey.set(e.key, { key: e.key, keyLoc: e.keyLoc, value: { kind: 'list', items: [e.value], loc } });
  }
  return [...byKey.values()];
}

function bindings(expr: ForExpr, key: Value, value: Value): Array<[string, Value]> {
  const out: Array<[string, Value]> = [[expr.valueVar, value]];
  if (expr.keyVar) out.push([expr.keyVar, key]);
  return out;
}

function elementsOf(v: Value): Array<[Value, Value]> | undefined {
  // A default's keys and indices are defaults too: a filter on them (`if k == "a"`) decides nothing for sure.
  const input = v.fromInput === undefined ? {} : { fromInput: v.fromInput };
  if (v.kind === 'list') return v.items.map((item, i) => [{ kind: 'literal', value: i, loc: item.loc, ...input }, item]);
  // Terraform walks a map or object by key, not as written: `[for k, v in m : v][0]` is the first key's value.
  if (v.kind === 'object') return sortedEntries(v.entries).map((e) => [{ kind: 'literal', value: e.key, loc: e.keyLoc, ...input }, e.value]);
  return undefined;
}
