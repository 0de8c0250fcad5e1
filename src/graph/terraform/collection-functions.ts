import type { Loc } from '../../shared/source.js';
import type { ListValue, ObjectEntry, Value } from '../value.js';
import { work } from '../build/work.js';
import { failure, relocate, unknownAt, type Ctx } from './scope.js';
import { graphemeClusters, knownText, neverEmpty, withCertainty } from './values.js';

/**
 * Terraform's collection functions over lists, sets and maps known
 * statically, as the Terraform documentation defines them. The graph has no
 * set: a set is a list whose items are distinct; one whose items are not all
 * known may hold items that turn out equal (`ListValue.mayRepeat`), so its
 * length is not known. An item keeps the place it was written.
 */

/** A function of evaluated arguments. */
export type Eager = (args: Value[], loc: Loc, ctx: Ctx) => Value;

type Scalar = string | number | boolean | null;

const literal = (value: Scalar, loc: Loc): Value => ({ kind: 'literal', value, loc });

function listOf(items: Value[], loc: Loc, mayRepeat = false): ListValue {
  return mayRepeat && items.length > 1 ? { kind: 'list', items, loc, mayRepeat } : { kind: 'list', items, loc };
}

/** A scalar known statically: a literal, or a template whose parts are all known. */
export function scalarOf(v: Value): { value: Scalar } | undefined {
  if (v.kind === 'literal') return { value: v.value };
  const text = v.kind === 'template' ? knownText(v) : undefined;
  return text === undefined ? undefined : { value: text };
}

/**
 * Whether two values are equal, as Terraform's `==` and `contains` compare
 * them: undefined when it cannot be told statically. A string and a number
 * written alike are not told apart: a variable's type may convert one into the other.
 */
export function sameValue(a: Value, b: Value): boolean | undefined {
  const [x, y] = [scalarOf(a), scalarOf(b)];
  if (x && y) {
    if (x.value === null || y.value === null) return x.value === y.value;
    if (String(x.value) !== String(y.value)) return false;
    return typeof x.value === typeof y.value ? true : undefined;
  }
  if (a.kind === 'ref' && b.kind === 'ref' && a.target === b.target && a.attribute === b.attribute) return true;
  // A scalar is never a list or a map.
  if ((x && (b.kind === 'list' || b.kind === 'object')) || (y && (a.kind === 'list' || a.kind === 'object'))) return false;
  return undefined;
}

/** A key shared by values known to be equal; undefined for a value whose equality to others cannot be told. */
function identity(v: Value): string | undefined {
  const s = scalarOf(v);
  if (s) return s.value === null ? 'null' : `${typeof s.value}:${String(s.value)}`;
  if (v.kind === 'ref') return `ref:${v.target}\0${v.attribute}`;
  return undefined;
}

/** A string, number or bool literal as text: Terraform converts them so when a list must hold strings. */
function asString(v: Value): Value {
  return v.kind === 'literal' && (typeof v.value === 'number' || typeof v.value === 'boolean') ? { ...v, value: String(v.value) } : v;
}

/** Terraform unifies a tuple's items into one type for a list or set: one string among numbers and bools makes them all strings. */
function unified(items: Value[]): Value[] {
  const stringLike = items.some((i) => (i.kind === 'literal' ? typeof i.value === 'string' : i.kind === 'template' || (i.kind === 'ref' && !i.attribute.startsWith('other:'))));
  return stringLike ? items.map(asString) : items;
}

/** A list argument's items; undefined when the list is not known. */
function itemsOf(v: Value | undefined): Value[] | undefined {
  return v?.kind === 'list' ? v.items : undefined;
}

const isNull = (v: Value | undefined): boolean => v?.kind === 'literal' && v.value === null;

/** The items as a set: the first of equal items kept, in order; `mayRepeat` when some cannot be compared. */
function distinctItems(items: Value[], inputMayRepeat: boolean): { items: Value[]; mayRepeat: boolean } {
  const seen = new Set<string>();
  const out: Value[] = [];
  let unsure = inputMayRepeat;
  for (const item of unified(items)) {
    const key = identity(item);
    if (key !== undefined && seen.has(key)) continue;
    if (key !== undefined) seen.add(key);
    if (key === undefined || key.startsWith('ref:')) unsure = true;
    out.push(item);
  }
  work.elements += items.length;
  // A reference alone is distinct from nothing else in the set.
  return { items: out, mayRepeat: unsure && out.length > 1 };
}

/** Strings by code point (UTF-8 byte order, as Go compares them); numbers by value. */
function compareScalars(a: Scalar, b: Scalar): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const [x, y] = [String(a), String(b)];
  const [p, q] = [Array.from(x), Array.from(y)];
  for (let i = 0; i < Math.min(p.length, q.length); i++) {
    const d = (p[i].codePointAt(0) ?? 0) - (q[i].codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return p.length - q.length;
}

/**
 * A set of known strings or numbers is in Terraform's order, sorted
 * (`tolist(toset(["web", "app"]))[0]` is "app"); one holding a value not
 * known keeps the order written, as Terraform's is not known until it is.
 */
function toSet(items: Value[], loc: Loc, inputMayRepeat: boolean): Value {
  const set = distinctItems(items, inputMayRepeat);
  const keys = set.items.map(scalarOf);
  const sorted = keys.every((k) => k !== undefined && k.value !== null && typeof k.value !== 'boolean') && !set.mayRepeat;
  const order = set.items.map((_, i) => i);
  if (sorted) order.sort((a, b) => compareScalars((keys[a] as { value: Scalar }).value, (keys[b] as { value: Scalar }).value));
  return listOf(order.map((i) => set.items[i]), loc, set.mayRepeat);
}

export const toset: Eager = ([x], loc, ctx) => {
  if (!x) return unknownAt(loc, 'missing argument');
  if (x.kind !== 'list') return x.kind === 'literal' && x.value === null ? relocate(ctx.scope, x, loc, undefined) : unknownAt(loc, 'toset of a collection not known statically');
  return toSet(x.items, loc, x.mayRepeat === true);
};

export const distinct: Eager = ([x], loc) => {
  if (x?.kind !== 'list') return unknownAt(loc, 'distinct of a list not known statically');
  const set = distinctItems(x.items, x.mayRepeat === true);
  return listOf(set.items, loc, set.mayRepeat);
};

export const setunion: Eager = (lists, loc) => {
  if (lists.length === 0 || !lists.every((l) => l.kind === 'list')) return unknownAt(loc, 'setunion of sets not known statically');
  return toSet(
    lists.flatMap((l) => itemsOf(l) ?? []),
    loc,
    lists.some((l) => l.kind === 'list' && l.mayRepeat),
  );
};

/** `setintersection` and `setsubtract`: only sets whose every item is a known value are compared. */
function setFilter(keep: (key: string, others: ReadonlyArray<ReadonlySet<string>>) => boolean, name: string): Eager {
  return (lists, loc) => {
    const known = lists.map((l) => (l.kind === 'list' && !l.mayRepeat ? unified(l.items) : undefined));
    const keys = known.map((items) => items?.map((i) => (scalarOf(i) ? identity(i) : undefined)));
    if (lists.length === 0 || keys.some((k) => !k || k.some((x) => x === undefined))) return unknownAt(loc, `${name} of sets not known statically`);
    const others = keys.slice(1).map((k) => new Set(k as string[]));
    const first = known[0] ?? [];
    const firstKeys = keys[0] as string[];
    work.elements += keys.reduce((n, k) => n + (k?.length ?? 0), 0);
    return toSet(
      first.filter((_, i) => keep(firstKeys[i], others)),
      loc,
      false,
    );
  };
}

export const setintersection = setFilter((key, others) => others.every((o) => o.has(key)), 'setintersection');
export const setsubtract = setFilter((key, others) => !others.some((o) => o.has(key)), 'setsubtract');

/** A list's or map's number of elements, a string's number of characters: known even when the elements are not. */
export const length: Eager = ([x], loc, ctx) => {
  if (!x) return unknownAt(loc, 'missing argument');
  if (x.kind === 'list') return x.mayRepeat ? unknownAt(loc, 'length of a set whose items may turn out equal') : literal(x.instanceCount ?? x.items.length, loc);
  if (x.kind === 'object') return literal(x.entries.length, loc);
  if (isNull(x)) return failure(ctx, loc, 'length of null');
  const text = x.kind === 'literal' && typeof x.value === 'string' ? x.value : x.kind === 'template' ? knownText(x) : undefined;
  if (text === undefined) return unknownAt(loc, 'length of a value not known statically');
  return withCertainty(literal(graphemeClusters(text).length, loc), x.kind === 'template' ? templateValues(x) : []);
};

function templateValues(v: Value): Value[] {
  return v.kind === 'template' ? v.parts.filter((p): p is Value => typeof p !== 'string') : [];
}

/** True as soon as an item is known equal; false only when every item is known not to be. */
export const contains: Eager = ([list, value], loc, ctx) => {
  if (isNull(list)) return failure(ctx, loc, 'contains of null');
  const items = itemsOf(list);
  if (!items || !value) return unknownAt(loc, 'contains of a list not known statically');
  work.elements += items.length;
  let open = false;
  for (const item of items) {
    const same = sameValue(item, value);
    if (same === true) return withCertainty(literal(true, loc), [item, value]);
    if (same === undefined) open = true;
  }
  return open ? unknownAt(loc, 'contains of values not known statically') : withCertainty(literal(false, loc), [value, ...items]);
};

/** The index of the first item equal to the value; an error when none is. */
export const index: Eager = ([list, value], loc, ctx) => {
  const items = itemsOf(list);
  if (!items || !value) return unknownAt(loc, 'index of a list not known statically');
  work.elements += items.length;
  for (let i = 0; i < items.length; i++) {
    const same = sameValue(items[i], value);
    if (same === undefined) return unknownAt(loc, 'index of values not known statically');
    if (same) return withCertainty(literal(i, loc), [value, ...items.slice(0, i + 1)]);
  }
  return failure(ctx, loc, 'index of an item the list does not hold');
};

/** An item as a bool: true, false, "true", "false"; null for null; undefined when not known. */
function truth(v: Value): boolean | null | undefined {
  if (v.kind !== 'literal') return undefined;
  if (v.value === null || typeof v.value === 'boolean') return v.value;
  return v.value === 'true' ? true : v.value === 'false' ? false : undefined;
}

/**
 * `anytrue` (`alltrue`): one item known true (false, or null) decides it,
 * whatever the others are; otherwise every item must be known. Null counts as false.
 */
function quantifier(decisive: boolean, name: string): Eager {
  return ([list], loc) => {
    const items = itemsOf(list);
    if (!items) return unknownAt(loc, `${name} of a list not known statically`);
    work.elements += items.length;
    const truths = items.map(truth);
    const decides = (t: boolean | null | undefined): boolean => (decisive ? t === true : t === false || t === null);
    const deciding = items.find((_, i) => decides(truths[i]));
    if (deciding) return withCertainty(literal(decisive, loc), [deciding]);
    if (truths.some((t) => t === undefined)) return unknownAt(loc, `${name} of values not known statically`);
    return withCertainty(literal(!decisive, loc), items);
  };
}

export const anytrue = quantifier(true, 'anytrue');
export const alltrue = quantifier(false, 'alltrue');

/** The list without null and "" items; unknown when an item may be empty. */
export const compact: Eager = ([list], loc) => {
  const items = itemsOf(list);
  if (!items || list?.kind !== 'list') return unknownAt(loc, 'compact of a list not known statically');
  const out: Value[] = [];
  for (const item of items) {
    const s = scalarOf(item);
    if (s && (s.value === null || s.value === '')) continue;
    if (!s && !neverEmpty(item)) return unknownAt(loc, 'compact of a list whose items may be empty');
    out.push(asString(item));
  }
  return listOf(out, loc, list.mayRepeat === true);
};

/** Nesting beyond this is not flattened (Terraform has no such list in practice). */
const maxNesting = 32;

/** Lists inside the list replaced by their items, at any depth; unknown when an item may itself be a list. */
export const flatten: Eager = ([list], loc) => {
  if (list?.kind !== 'list') return unknownAt(loc, 'flatten of a list not known statically');
  const out: Value[] = [];
  const state = { mayRepeat: false };
  if (!flattenInto(list, out, state, 0)) return unknownAt(loc, 'flatten of a list whose items may be lists');
  return listOf(out, loc, state.mayRepeat);
};

function flattenInto(list: ListValue, out: Value[], state: { mayRepeat: boolean }, depth: number): boolean {
  if (depth > maxNesting) return false;
  if (list.mayRepeat) state.mayRepeat = true;
  for (const item of list.items) {
    if (item.kind === 'list') {
      if (!flattenInto(item, out, state, depth + 1)) return false;
    } else if (mayBeList(item)) return false;
    else out.push(item);
  }
  return true;
}

function mayBeList(v: Value): boolean {
  if (v.kind === 'unknown') return true;
  if (v.kind === 'ref') return v.attribute.startsWith('other:');
  if (v.kind === 'choice') return v.options.some((o) => o.kind === 'list' || mayBeList(o));
  return false;
}

/** A map's entries in Terraform's order: by key, as Go compares strings. */
export function sortedEntries(entries: readonly ObjectEntry[]): ObjectEntry[] {
  return [...entries].sort((a, b) => compareScalars(a.key, b.key));
}

export const keys: Eager = ([map], loc, ctx) => {
  if (map?.kind === 'list' || isNull(map)) return failure(ctx, loc, 'keys of a value that is not a map');
  if (map?.kind !== 'object') return unknownAt(loc, 'keys of a map not known statically');
  return listOf(
    sortedEntries(map.entries).map((e) => literal(e.key, e.keyLoc)),
    loc,
  );
};

export const values: Eager = ([map], loc, ctx) => {
  if (map?.kind === 'list' || isNull(map)) return failure(ctx, loc, 'values of a value that is not a map');
  if (map?.kind !== 'object') return unknownAt(loc, 'values of a map not known statically');
  return listOf(
    sortedEntries(map.entries).map((e) => e.value),
    loc,
  );
};

/** The first list that is not empty (null arguments skipped); unknown when an earlier one may be. */
export const coalescelist: Eager = (lists, loc, ctx) => {
  const passed: Value[] = [];
  for (const l of lists) {
    if (isNull(l)) continue;
    if (l.kind !== 'list') return unknownAt(loc, 'coalescelist of lists not known statically');
    passed.push(l);
    if (l.items.length > 0) return withCertainty(relocate(ctx.scope, l, loc, l.loc), passed);
  }
  return failure(ctx, loc, 'coalescelist of only empty lists');
};

const wholeNumber = (v: Value | undefined): number | undefined => (v?.kind === 'literal' && typeof v.value === 'number' && Number.isInteger(v.value) ? v.value : undefined);

export const slice: Eager = ([list, from, to], loc, ctx) => {
  const [start, end] = [wholeNumber(from), wholeNumber(to)];
  if (list?.kind !== 'list' || list.mayRepeat || start === undefined || end === undefined) return unknownAt(loc, 'slice of a list not known statically');
  if (start < 0 || end > list.items.length || start > end) return failure(ctx, loc, `slice from ${start} to ${end} of a list of ${list.items.length}`);
  return listOf(list.items.slice(start, end), loc);
};

export const reverse: Eager = ([list], loc) => {
  if (list?.kind !== 'list') return unknownAt(loc, 'reverse of a list not known statically');
  return listOf([...list.items].reverse(), loc, list.mayRepeat === true);
};

/** Terraform refuses to make more numbers than this. */
const maxRange = 1024;

/** `range(limit)`, `range(start, limit)`, `range(start, limit, step)`: the limit is not included. */
export const range: Eager = (args, loc, ctx) => {
  const numbers = args.map((a) => (a.kind === 'literal' && typeof a.value === 'number' ? a.value : undefined));
  if (numbers.length < 1 || numbers.length > 3 || numbers.some((n) => n === undefined)) return unknownAt(loc, 'range of numbers not known statically');
  const [start, limit] = numbers.length === 1 ? [0, numbers[0] as number] : [numbers[0] as number, numbers[1] as number];
  const step = numbers.length === 3 ? (numbers[2] as number) : start <= limit ? 1 : -1;
  if (step === 0) return failure(ctx, loc, 'range with a step of 0');
  const items: Value[] = [];
  for (let n = start; step > 0 ? n < limit : n > limit; n += step) {
    if (items.length >= maxRange) return failure(ctx, loc, `range of more than ${maxRange} numbers`);
    items.push(literal(n, loc));
  }
  return listOf(items, loc);
};

/** Strings in lexical order; numbers are sorted as the strings they become. */
export const sort: Eager = ([list], loc, ctx) => {
  if (list?.kind !== 'list') return unknownAt(loc, 'sort of a list not known statically');
  const items = list.items.map(asString);
  const texts = items.map((i) => scalarOf(i)?.value);
  if (texts.some((t) => t === null)) return failure(ctx, loc, 'sort of a list holding null');
  if (texts.some((t) => typeof t !== 'string')) return unknownAt(loc, 'sort of strings not known statically');
  work.elements += items.length;
  return listOf(
    items
      .map((item, i) => ({ item, t: texts[i] ?? null }))
      .sort((a, b) => compareScalars(a.t, b.t))
      .map((e) => e.item),
    loc,
    list.mayRepeat === true,
  );
};

/** A map from a list of keys and a list of values of the same length; a later equal key wins. */
export const zipmap: Eager = ([keyList, valueList], loc, ctx) => {
  if (keyList?.kind !== 'list' || valueList?.kind !== 'list' || keyList.mayRepeat || valueList.mayRepeat) return unknownAt(loc, 'zipmap of lists not known statically');
  if (keyList.items.length !== valueList.items.length) return failure(ctx, loc, 'zipmap of lists of different lengths');
  const entries: ObjectEntry[] = [];
  const at = new Map<string, number>();
  for (let i = 0; i < keyList.items.length; i++) {
    const k = keyList.items[i];
    const key = knownText(k);
    if (key === undefined) return unknownAt(loc, 'zipmap key not known statically');
    const entry = { key, keyLoc: k.loc, value: valueList.items[i] };
    const seen = at.get(key);
    if (seen === undefined) at.set(key, entries.push(entry) - 1);
    else entries[seen] = entry;
  }
  return withCertainty({ kind: 'object', entries, loc }, keyList.items);
};
