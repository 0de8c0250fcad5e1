import type { FunctionCallExpr } from '../../parsers/hcl/ast.js';
import type { Loc } from '../../shared/source.js';
import { guardedBy, objectGet, type ObjectEntry, type UnknownValue, type Value } from '../value.js';
import { decodeJsonString } from './embedded.js';
import { evaluate } from './evaluate.js';
import { fileContents, templateFileContents } from './files.js';
import { carryMaps, failure, locOf, relocate, unknownAt, type Ctx, type TextMap } from './scope.js';
import { graphemeClusters, knownText, neverEmpty, withCertainty } from './values.js';
import { indexesRepeatedDataSource } from './references.js';
import * as collections from './collection-functions.js';
import type { Eager } from './collection-functions.js';
import { decodedPosition } from '../../parsers/decoded-map.js';
import { withOffsets } from './text-map.js';
import { regexIsSafe } from './regex-guard.js';
import { table } from '../../shared/own.js';
import { boundedCollection, boundedLiteral, boundedTemplate, defaultInputOf } from '../build/sub.js';
import { work } from '../build/work.js';
import { extend } from '../../shared/extend.js';

/** A function that decides which arguments to evaluate (`try`). */
type Lazy = (call: FunctionCallExpr, ctx: Ctx) => Value;

type FunctionDef = { eager: Eager } | { lazy: Lazy };

const literal = (value: string | number | boolean | null, loc: Loc): Value => ({ kind: 'literal', value, loc });

/** The value itself, standing at the call: the content is what rules read (user data, policies). */
const passThrough: Eager = ([x], loc, ctx) => (x ? relocate(ctx.scope, x, loc, undefined) : unknownAt(loc, 'missing argument'));

function stringFn(f: (s: string) => string): Eager {
  return ([x], loc) => {
    const text = x ? knownText(x) : undefined;
    return text === undefined ? unknownAt(loc, 'argument not known statically') : literal(f(text), loc);
  };
}

const functions: Record<string, FunctionDef> = table({
  // A document written with jsonencode is a real document, with its own positions.
  jsonencode: { eager: ([x], loc) => x ?? unknownAt(loc, 'missing argument') },
  jsondecode: { eager: jsondecode },
  base64encode: { eager: passThrough },
  sensitive: { eager: passThrough },
  nonsensitive: { eager: passThrough },
  tolist: { eager: passThrough },
  toset: { eager: collections.toset },
  tomap: { eager: passThrough },
  tostring: { eager: tostring },
  tobool: { eager: tobool },
  tonumber: { eager: tonumber },
  lower: { eager: stringFn((s) => s.toLowerCase()) },
  upper: { eager: stringFn((s) => s.toUpperCase()) },
  title: { eager: stringFn(title) },
  trimspace: { eager: stringFn((s) => s.trim()) },
  chomp: { eager: stringFn((s) => s.replace(/(?:\r\n?|\n)*$/, '')) },
  trim: { eager: trimAffix(trimCutset) },
  split: { eager: split },
  substr: { eager: substr },
  regex: { eager: regexFn(false) },
  regexall: { eager: regexFn(true) },
  startswith: { eager: affixTest((s, a) => s.startsWith(a), 'start') },
  endswith: { eager: affixTest((s, a) => s.endsWith(a), 'end') },
  strcontains: { eager: affixTest((s, a) => s.includes(a), 'none') },
  format: { eager: format },
  formatlist: { eager: formatlist },
  length: { eager: collections.length },
  contains: { eager: collections.contains },
  index: { eager: collections.index },
  anytrue: { eager: collections.anytrue },
  alltrue: { eager: collections.alltrue },
  compact: { eager: collections.compact },
  distinct: { eager: collections.distinct },
  flatten: { eager: collections.flatten },
  keys: { eager: collections.keys },
  values: { eager: collections.values },
  setunion: { eager: collections.setunion },
  setintersection: { eager: collections.setintersection },
  setsubtract: { eager: collections.setsubtract },
  coalescelist: { eager: collections.coalescelist },
  slice: { eager: collections.slice },
  reverse: { eager: collections.reverse },
  range: { eager: collections.range },
  sort: { eager: collections.sort },
  zipmap: { eager: collections.zipmap },
  min: { eager: numbers((xs) => Math.min(...xs), 1) },
  max: { eager: numbers((xs) => Math.max(...xs), 1) },
  abs: { eager: numbers(([x]) => Math.abs(x), 1, 1) },
  ceil: { eager: numbers(([x]) => Math.ceil(x), 1, 1) },
  floor: { eager: numbers(([x]) => Math.floor(x), 1, 1) },
  join: { eager: join },
  concat: { eager: concat },
  merge: { eager: merge },
  lookup: { eager: lookup },
  element: { eager: element },
  one: { eager: one },
  coalesce: { eager: coalesce },
  replace: { eager: replace },
  trimprefix: { eager: trimAffix((s, a) => (a !== '' && s.startsWith(a) ? [a.length, s.length] : [0, s.length])) },
  trimsuffix: { eager: trimAffix((s, a) => (a !== '' && s.endsWith(a) ? [0, s.length - a.length] : [0, s.length])) },
  file: { eager: ([p], loc, ctx) => (p ? fileContents(ctx, p, loc) : unknownAt(loc, 'missing argument')) },
  templatefile: { eager: ([p, vars], loc, ctx) => (p ? templateFileContents(ctx, p, vars, loc) : unknownAt(loc, 'missing argument')) },
  try: { lazy: tryFn },
  can: { lazy: canFn },
  // The AWS provider's own functions (Terraform 1.8, OpenTofu 1.7): an ARN built from its parts, a role ARN without its path.
  'provider::aws::arn_build': { eager: arnBuild },
  'provider::aws::trim_iam_role_path': { eager: trimRolePath },
});

/** A role's ARN without its path: written text is cut; a reference is still that role's ARN. */
function trimRolePath([arn]: Value[], loc: Loc): Value {
  if (arn === undefined) return unknownAt(loc, 'missing argument');
  const text = knownText(arn);
  return text === undefined ? arn : literal(text.replace(/^(arn:[^:]*:iam::[^:]*:role\/)(?:[^/]*\/)*([^/]+)$/, '$1$2'), loc);
}

/** `provider::aws::arn_build(partition, service, region, account_id, resource)`. */
function arnBuild(args: Value[], loc: Loc): Value {
  if (args.length !== 5) return unknownAt(loc, 'arn_build takes five arguments');
  return format([literal('arn:%s:%s:%s:%s:%s', loc), ...args], loc);
}

export function callFunction(call: FunctionCallExpr, ctx: Ctx): Value {
  const loc = locOf(ctx, call);
  const def = Object.hasOwn(functions, call.name) ? functions[call.name] : undefined;
  if (def && 'lazy' in def) return def.lazy(call, ctx);
  const args = call.args.map((a) => evaluate(a, ctx));
  if (!def) return unknownAt(loc, `function ${call.name} is not modelled`);
  // An error in an argument is the call's error: only try() and can() catch it.
  const failed = args.find((a) => a.kind === 'unknown' && ctx.scope.failures.has(a));
  if (failed) return failedFrom(ctx, failure(ctx, loc, `an argument of ${call.name} fails`), [failed]);
  if (call.expandFinal) {
    const last = args.pop();
    if (last?.kind !== 'list') return unknownAt(loc, `${call.name}(...) of a list not known statically`);
    args.push(...last.items);
  }
  const chosen = overChoice(def.eager, args, loc, ctx);
  if (chosen) return chosen;
  // join, format, replace, concat...: each result is bounded, so a chain of them cannot double without end.
  const result = certain(ctx, def.eager(args, loc, ctx), args);
  if (result.kind === 'list') work.elements += result.items.length;
  else if (result.kind === 'object') work.elements += result.entries.length;
  return result.kind === 'template' ? boundedTemplate(result) : boundedCollection(boundedLiteral(result));
}

/** Most options a function is applied to one by one; past this a choice argument leaves the result as it was. */
const maxChoiceOptions = 8;

/**
 * A function of one argument that is one of several values (`C ? a : b`,
 * `each.value`): the function of each, one of which is the result, under
 * the same conditions. One value when every option gives the same literal.
 * Undefined when no argument, or more than one, is a choice.
 */
function overChoice(eager: Eager, args: Value[], loc: Loc, ctx: Ctx): Value | undefined {
  const at = args.findIndex((a) => a.kind === 'choice');
  if (at < 0 || args.some((a, i) => i !== at && a.kind === 'choice')) return undefined;
  const choice = args[at];
  if (choice.kind !== 'choice' || choice.options.length > maxChoiceOptions) return undefined;
  const results = choice.options.map((option) => {
    const withOption = args.map((a, i) => (i === at ? option : a));
    const result = certain(ctx, eager(withOption, loc, ctx), withOption);
    if (result.kind === 'list') work.elements += result.items.length;
    return guardedBy(result.kind === 'template' ? boundedTemplate(result) : boundedCollection(boundedLiteral(result)), option.when);
  });
  const [first] = results;
  const same = results.every((r) => r.kind === 'literal' && first.kind === 'literal' && r.value === first.value && r.fromInput === first.fromInput);
  if (same && everyCase(results)) return unguarded(first);
  return { kind: 'choice', options: results, loc, ...(choice.perInstance ? { perInstance: true as const } : {}), ...(choice.when ? { when: choice.when } : {}) };
}

/** The value without the guards it was there under. */
function unguarded(v: Value): Value {
  if (!v.when) return v;
  const { when: _guards, ...rest } = v;
  return rest;
}

/** Unguarded, or the two sides of one test (`C ? a : b`): whichever way it goes, one of them is there. */
function everyCase(results: Value[]): boolean {
  if (results.every((r) => !r.when)) return true;
  const guards = results.map((r) => (r.when?.length === 1 ? r.when[0] : undefined));
  const [first] = guards;
  return first !== undefined && guards.every((g) => g?.test === first.test && g.space === first.space) && new Set(guards.map((g) => g?.holds)).size === 2;
}

/**
 * The result as sure as the arguments it was computed from (`withCertainty`):
 * a rendered document keeps its own place and marks.
 */
function certain(ctx: Ctx, result: Value, args: Value[]): Value {
  if (ctx.scope.anchored.has(result)) return result;
  if (result.kind === 'unknown') return ctx.scope.failures.has(result) ? failedFrom(ctx, result, args) : result;
  const out = withCertainty(
    result,
    args.filter((a) => a !== result),
  );
  if (out !== result) carryMaps(ctx.scope, result, out);
  return out;
}

/**
 * An error computed from a default (`tobool(var.x)` with x's default) is
 * only the default's error: it carries `fromInput`, so that what `try` and
 * `can` make of it is only a default too.
 */
function failedFrom(ctx: Ctx, error: UnknownValue, sources: Value[]): UnknownValue {
  const input = error.fromInput ?? sources.find((s) => s.fromInput !== undefined)?.fromInput;
  if (input === undefined || error.fromInput !== undefined) return error;
  const marked: UnknownValue = extend(error, { fromInput: input });
  ctx.scope.failures.add(marked);
  return marked;
}

/**
 * The first argument that evaluates without error. An argument that is
 * merely unknown until deploy time is not an error, so it is the result.
 * Errors skipped because of a default make the result only a default.
 * An argument that indexes an instance of a counted data source
 * (`try(data.aws_iam_role.existing[0], aws_iam_role.created[0])`, the
 * "look it up if named, else create it" pattern) fails where that lookup
 * is not made, so what the arguments after it give is a possible result
 * too: a choice of both. A fallback that is nothing (`null`, `""`) stands
 * for "absent", which is where the whole block is not created either.
 */
function tryFn(call: FunctionCallExpr, ctx: Ctx): Value {
  const loc = locOf(ctx, call);
  const values = call.args.map((a) => evaluate(a, extend(ctx, { tolerant: true as const })));
  return firstSucceeding(values, call, 0, loc, ctx);
}

function firstSucceeding(values: Value[], call: FunctionCallExpr, from: number, loc: Loc, ctx: Ctx): Value {
  const skipped: Value[] = [];
  for (let i = from; i < values.length; i++) {
    const v = values[i];
    if (v.kind === 'unknown' && ctx.scope.failures.has(v)) {
      skipped.push(v);
      continue;
    }
    const result = v.kind === 'unknown' && !v.resourceAttributes ? unknownAt(loc, v.reason) : v;
    const sure = skipped.some((f) => f.fromInput !== undefined) ? certain(ctx, result, skipped) : result;
    if (i + 1 === values.length || !indexesRepeatedDataSource(call.args[i], ctx)) return sure;
    const rest = firstSucceeding(values, call, i + 1, loc, ctx);
    const nothing = (rest.kind === 'unknown' && ctx.scope.failures.has(rest)) || (rest.kind === 'literal' && (rest.value === null || rest.value === ''));
    return nothing ? sure : { kind: 'choice', options: [sure, rest], loc };
  }
  return failedFrom(ctx, failure(ctx, loc, 'no argument of try succeeds'), skipped);
}

function canFn(call: FunctionCallExpr, ctx: Ctx): Value {
  const loc = locOf(ctx, call);
  const v = call.args[0] ? evaluate(call.args[0], extend(ctx, { tolerant: true as const })) : undefined;
  if (!v) return unknownAt(loc, 'missing argument');
  if (v.kind === 'unknown') return ctx.scope.failures.has(v) ? withCertainty(literal(false, loc), [v]) : unknownAt(loc, v.reason);
  return withCertainty(literal(true, loc), [v]);
}

function jsondecode([x]: Value[], loc: Loc, ctx: Ctx): Value {
  if (!x) return unknownAt(loc, 'missing argument');
  // jsonencode keeps the value itself, so jsondecode(jsonencode(v)) is v.
  if (x.kind === 'object' || x.kind === 'list') return x;
  if (x.kind !== 'literal' && x.kind !== 'template') return unknownAt(loc, 'jsondecode of a string not known statically');
  const decoded = decodeJsonString(ctx.scope, x);
  if (decoded) return decoded;
  return x.kind === 'literal' ? failure(ctx, loc, 'jsondecode of text that is not JSON') : unknownAt(loc, 'jsondecode of a string not known statically');
}

function tostring([x]: Value[], loc: Loc, ctx: Ctx): Value {
  if (!x) return unknownAt(loc, 'missing argument');
  if (x.kind === 'literal' && x.value !== null && typeof x.value !== 'string') return literal(String(x.value), loc);
  if (x.kind === 'object' || x.kind === 'list') return failure(ctx, loc, 'tostring of a collection');
  return relocate(ctx.scope, x, loc, undefined);
}

/** `%s`, `%v`, `%d` and `%%`; flags, widths and other verbs are not evaluated. */
function format(args: Value[], loc: Loc): Value {
  const [fmt, ...rest] = args;
  const spec = fmt ? knownText(fmt) : undefined;
  if (spec === undefined) return unknownAt(loc, 'format string not known statically');
  const parts: Array<string | Value> = [];
  let text = '';
  let next = 0;
  for (let i = 0; i < spec.length; i++) {
    if (spec[i] !== '%') {
      text += spec[i];
      continue;
    }
    const verb = spec[++i];
    if (verb === '%') {
      text += '%';
      continue;
    }
    if (verb !== 's' && verb !== 'v' && verb !== 'd') return unknownAt(loc, `format verb %${verb ?? ''} is not evaluated`);
    const arg = rest[next++];
    if (!arg) return unknownAt(loc, 'format has too few arguments');
    if (text) parts.push(text);
    text = '';
    parts.push(arg);
  }
  if (text) parts.push(text);
  return templateOrLiteral(parts, loc);
}

/** `format` over the items of its list arguments, one string per item; other arguments are used whole. */
function formatlist(args: Value[], loc: Loc, ctx: Ctx): Value {
  const lists = args.slice(1).filter((a) => a.kind === 'list');
  if (args.slice(1).some((a) => a.kind !== 'list' && a.kind !== 'literal' && a.kind !== 'template' && a.kind !== 'ref')) return unknownAt(loc, 'formatlist of values not known statically');
  if (lists.length === 0) return unknownAt(loc, 'formatlist without a list');
  const n = lists[0].kind === 'list' ? lists[0].items.length : 0;
  if (lists.some((l) => l.kind !== 'list' || l.items.length !== n || l.mayRepeat)) return failure(ctx, loc, 'formatlist of lists of different lengths');
  const items: Value[] = [];
  for (let i = 0; i < n; i++) items.push(format([args[0], ...args.slice(1).map((a) => (a.kind === 'list' ? a.items[i] : a))], loc));
  work.elements += n;
  return { kind: 'list', items, loc };
}

/** A template of known text parts is a literal string, only a default when a part is (a template is marked when bounded). */
function templateOrLiteral(parts: Array<string | Value>, loc: Loc): Value {
  const texts = parts.map((p) => (typeof p === 'string' ? p : p.kind === 'literal' ? knownText(p) : undefined));
  if (!texts.every((t) => t !== undefined)) return { kind: 'template', parts, loc };
  const input = defaultInputOf(parts);
  return input === undefined ? literal(texts.join(''), loc) : extend(literal(texts.join(''), loc), { fromInput: input });
}

function join([sep, ...lists]: Value[], loc: Loc, ctx: Ctx): Value {
  const separator = sep ? knownText(sep) : undefined;
  if (separator === undefined) return unknownAt(loc, 'join separator not known statically');
  if (!lists.every((l) => l.kind === 'list')) return unknownAt(loc, 'join of a list not known statically');
  const items = lists.flatMap((l) => (l.kind === 'list' ? l.items : []));
  // `join("", data.d[*].json)`: the one element itself, so a policy document stays a document.
  if (items.length === 1) return relocate(ctx.scope, items[0], loc, items[0].loc);
  const parts: Array<string | Value> = [];
  items.forEach((item, i) => {
    if (i > 0 && separator) parts.push(separator);
    parts.push(item);
  });
  return templateOrLiteral(parts, loc);
}

function concat(lists: Value[], loc: Loc): Value {
  const items = lists.flatMap((l) => (l.kind === 'list' ? l.items : []));
  if (lists.every((l) => l.kind === 'list')) return { kind: 'list', items, loc };
  // The known lists' items are in the result whatever the others hold; a literal that is no list makes it an error.
  const partial = items.length > 0 && !lists.some((l) => l.kind === 'literal') ? { partialList: items } : {};
  return { ...unknownAt(loc, 'concat of a list not known statically'), ...partial };
}

function merge(objects: Value[], loc: Loc): Value {
  const entries: ObjectEntry[] = [];
  // Where each key is in `entries`: a later map's value replaces an earlier one's in its place.
  const at = new Map<string, number>();
  for (const o of objects) {
    if (o.kind === 'literal' && o.value === null) continue;
    if (o.kind !== 'object') return unknownAt(loc, 'merge of a map not known statically');
    for (const e of o.entries) {
      const i = at.get(e.key);
      if (i === undefined) at.set(e.key, entries.push(e) - 1);
      else entries[i] = e;
    }
  }
  return { kind: 'object', entries, loc };
}

function lookup([map, key, fallback]: Value[], loc: Loc, ctx: Ctx): Value {
  const k = key ? knownText(key) : undefined;
  if (map?.kind !== 'object' || k === undefined) return unknownAt(loc, 'lookup in a map not known statically');
  const found = objectGet(map, k);
  if (found) return relocate(ctx.scope, found, loc, found.loc);
  return fallback ?? failure(ctx, loc, `no key ${k}`);
}

function element([list, index]: Value[], loc: Loc, ctx: Ctx): Value {
  const i = index?.kind === 'literal' ? Number(index.value) : NaN;
  if (list?.kind !== 'list' || !Number.isInteger(i)) return unknownAt(loc, 'element of a list not known statically');
  if (list.items.length === 0) return failure(ctx, loc, 'element of an empty list');
  const item = list.items[((i % list.items.length) + list.items.length) % list.items.length];
  return relocate(ctx.scope, item, loc, item.loc);
}

function one([list]: Value[], loc: Loc, ctx: Ctx): Value {
  if (list?.kind !== 'list') return unknownAt(loc, 'one of a list not known statically');
  if (list.items.length === 0) return literal(null, loc);
  if (list.items.length > 1) return failure(ctx, loc, 'one of a list of several');
  return relocate(ctx.scope, list.items[0], loc, list.items[0].loc);
}

/** The first argument that is not null or "", as long as every earlier one is known to be. */
function coalesce(args: Value[], loc: Loc, ctx: Ctx): Value {
  for (const a of args) {
    if (a.kind === 'literal' && (a.value === null || a.value === '')) continue;
    if (!neverEmpty(a)) return unknownAt(loc, 'coalesce of values that may be empty');
    return relocate(ctx.scope, a, loc, a.loc);
  }
  return failure(ctx, loc, 'coalesce of only empty values');
}

/** Each word's first letter in upper case, as Go's strings.Title: a word starts after anything but a letter, digit or `_`. */
function title(s: string): string {
  let out = '';
  let inWord = false;
  for (const c of s) {
    out += inWord ? c : c.toUpperCase();
    inWord = /[\p{L}\p{N}_]/u.test(c);
  }
  return out;
}

/** `trim`: the characters of the cutset removed from both ends; the UTF-16 range kept. */
function trimCutset(s: string, cutset: string): [number, number] {
  const cut = new Set(cutset);
  const chars = Array.from(s);
  let [from, to] = [0, chars.length];
  while (from < to && cut.has(chars[from])) from++;
  while (to > from && cut.has(chars[to - 1])) to--;
  const offset = (n: number): number => chars.slice(0, n).join('').length;
  return [offset(from), offset(to)];
}

/** `split(separator, string)`: each piece a string placed where its characters were written. */
function split([sep, s]: Value[], loc: Loc, ctx: Ctx): Value {
  const separator = sep ? knownText(sep) : undefined;
  const text = s ? knownText(s) : undefined;
  if (separator === undefined || text === undefined || !s) return unknownAt(loc, 'split of strings not known statically');
  // Go splits "" into one empty piece and splits by "" into characters.
  const pieces = separator === '' ? Array.from(text) : text.split(separator);
  const map = ctx.scope.textMaps.get(s);
  const items: Value[] = [];
  let at = 0;
  for (const piece of pieces) {
    const item = piecePlaced(ctx, piece, map, at, at + piece.length, s.loc);
    // Each piece is as sure as the string: a piece of a default is a default.
    if (s.fromInput !== undefined) item.fromInput = s.fromInput;
    items.push(item);
    at += piece.length + separator.length;
  }
  return { kind: 'list', items, loc };
}

/** A piece of a string, at its characters when the string's map is known, else where the string is. */
function piecePlaced(ctx: Ctx, piece: string, map: TextMap | undefined, from: number, to: number, fallback: Loc): Value {
  if (!map) return literal(piece, fallback);
  const value = literal(piece, { file: map.file, range: { start: decodedPosition(map, from), end: decodedPosition(map, to) } });
  ctx.scope.textMaps.set(value, withOffsets(map, map.offsets.slice(from, to + 1)));
  return value;
}

/**
 * `startswith`, `endswith`, `strcontains`. A template whose known text at
 * that end already decides it (`"arn:${x}"` starts with `"arn:"`) is decided.
 */
function affixTest(test: (s: string, affix: string) => boolean, end: 'start' | 'end' | 'none'): Eager {
  return ([s, affix], loc, ctx) => {
    const a = affix ? knownText(affix) : undefined;
    if (isNullValue(s) || isNullValue(affix)) return failure(ctx, loc, 'null argument');
    if (!s || a === undefined) return unknownAt(loc, 'string not known statically');
    const text = knownText(s);
    if (text !== undefined) return literal(test(text, a), loc);
    const known = end === 'none' || s.kind !== 'template' ? undefined : knownEnd(s.parts, end);
    if (known !== undefined && known.length >= a.length) return literal(test(known, a), loc);
    return unknownAt(loc, 'string not known statically');
  };
}

/** The text a template certainly starts (ends) with: its string parts up to the first computed one. */
function knownEnd(parts: Array<string | Value>, end: 'start' | 'end'): string {
  const ordered = end === 'start' ? parts : [...parts].reverse();
  let text = '';
  for (const p of ordered) {
    const t = typeof p === 'string' ? p : knownText(p);
    if (t === undefined) break;
    text = end === 'start' ? text + t : t + text;
  }
  return text;
}

const isNullValue = (v: Value | undefined): boolean => v?.kind === 'literal' && v.value === null;

/** `tobool`: a bool, "true" or "false", or null; anything else is an error. */
function tobool([x]: Value[], loc: Loc, ctx: Ctx): Value {
  if (x?.kind !== 'literal') return unknownAt(loc, 'tobool of a value not known statically');
  if (x.value === null || typeof x.value === 'boolean') return literal(x.value, loc);
  if (x.value === 'true' || x.value === 'false') return literal(x.value === 'true', loc);
  return failure(ctx, loc, `cannot convert ${JSON.stringify(x.value)} to bool`);
}

/**
 * A pattern in RE2's syntax (Terraform's) as a JavaScript regex, when both
 * read it alike: named groups `(?P<name>...)` are renamed; inline flags,
 * the anchors `\A` and `\z`, quoting with `\Q`, `\C` and POSIX classes are RE2's alone, so such a
 * pattern is not evaluated (nor one the engine could backtrack on without end).
 */
function jsRegex(pattern: string, textLength: number): RegExp | undefined {
  if (/\(\?(?!:|P?<[A-Za-z_][A-Za-z0-9_]*>)/.test(pattern) || /\\[AzQEC]|\[\[:/.test(pattern)) return undefined;
  const source = pattern.replace(/\(\?P</g, '(?<');
  if (!regexIsSafe(source, textLength)) return undefined;
  try {
    return new RegExp(source, 'gu');
  } catch {
    return undefined;
  }
}

/**
 * `regex(pattern, s)`: the match, its groups as a list, or its named groups
 * as a map (a group that took no part is null); no match is an error.
 * `regexall`: every match so, possibly none.
 */
function regexFn(all: boolean): Eager {
  return ([p, s], loc, ctx) => {
    const pattern = p ? knownText(p) : undefined;
    const text = s ? knownText(s) : undefined;
    if (pattern === undefined || text === undefined) return unknownAt(loc, 'regex of strings not known statically');
    const re = jsRegex(pattern, text.length);
    if (!re) return unknownAt(loc, `regular expression ${pattern} is not evaluated`);
    const matches = [...text.matchAll(re)];
    work.elements += matches.length;
    // The pattern or nothing matches "": its groups, none taking part.
    const probe = new RegExp(`${re.source}|`, 'u').exec('');
    const groupCount = probe ? probe.length - 1 : 0;
    const names = probe?.groups ? Object.keys(probe.groups) : [];
    if (names.length > 0 && names.length !== groupCount) return failure(ctx, loc, 'regex mixing named and unnamed groups');
    const result = (m: RegExpMatchArray): Value => {
      if (groupCount === 0) return literal(m[0], loc);
      if (m.groups) return { kind: 'object', entries: Object.entries(m.groups).map(([key, g]) => ({ key, keyLoc: loc, value: literal(g ?? null, loc) })), loc };
      return { kind: 'list', items: m.slice(1).map((g) => literal(g ?? null, loc)), loc };
    };
    if (all) return { kind: 'list', items: matches.map(result), loc };
    return matches[0] ? result(matches[0]) : failure(ctx, loc, `regex ${pattern} does not match`);
  };
}

/**
 * `substr(s, offset, length)` in characters as Terraform counts them: a
 * negative offset counts from the end (clamped to the start), a negative
 * length takes the rest, and an offset past the end gives "".
 */
function substr([s, o, l]: Value[], loc: Loc): Value {
  const text = s ? knownText(s) : undefined;
  const [offset, length] = [o, l].map((v) => (v?.kind === 'literal' && typeof v.value === 'number' && Number.isInteger(v.value) ? v.value : undefined));
  if (text === undefined || offset === undefined || length === undefined) return unknownAt(loc, 'substr of a string not known statically');
  const chars = graphemeClusters(text);
  const from = offset < 0 ? Math.max(0, offset + chars.length) : offset;
  return literal((length < 0 ? chars.slice(from) : chars.slice(from, from + length)).join(''), loc);
}

/** Decimal text as Terraform reads a number: sign, digits, point, exponent; no spaces. */
const decimal = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** `tonumber`: a number, a string of one, or null; anything else is an error. */
function tonumber([x]: Value[], loc: Loc, ctx: Ctx): Value {
  if (x?.kind !== 'literal') return unknownAt(loc, 'tonumber of a value not known statically');
  if (x.value === null || typeof x.value === 'number') return literal(x.value, loc);
  if (typeof x.value === 'string' && decimal.test(x.value)) return literal(Number(x.value), loc);
  return failure(ctx, loc, `cannot convert ${JSON.stringify(x.value)} to number`);
}

/** `min`/`max` of at least `least` numbers, `abs`/`ceil`/`floor` of exactly one. */
function numbers(f: (xs: number[]) => number, least: number, most = Infinity): Eager {
  return (args, loc) => {
    const xs = args.map((a) => (a.kind === 'literal' && typeof a.value === 'number' ? a.value : undefined));
    if (xs.length < least || xs.length > most || xs.some((x) => x === undefined)) return unknownAt(loc, 'numbers not known statically');
    return literal(f(xs as number[]), loc);
  };
}

/**
 * `trimprefix`/`trimsuffix`: a string with a known affix removed (once) when
 * known; what is left stays where its characters were written, so a value a
 * caller passes into a module keeps the caller's place.
 */
function trimAffix(kept: (s: string, affix: string) => [number, number]): Eager {
  return ([s, affix], loc, ctx) => {
    const text = s ? knownText(s) : undefined;
    const a = affix ? knownText(affix) : undefined;
    if (!s || text === undefined || a === undefined) return unknownAt(loc, 'trimprefix/trimsuffix of strings not known statically');
    const [from, to] = kept(text, a);
    return piecePlaced(ctx, text.slice(from, to), ctx.scope.textMaps.get(s), from, to, loc);
  };
}

function replace([s, search, replacement]: Value[], loc: Loc, ctx: Ctx): Value {
  const texts = [s, search, replacement].map((v) => (v ? knownText(v) : undefined));
  const [text, from, to] = texts;
  if (text === undefined || from === undefined || to === undefined) return unknownAt(loc, 'replace of strings not known statically');
  const regex = /^\/(.*)\/$/s.exec(from);
  if (regex && !regexIsSafe(regex[1], text.length)) return unknownAt(loc, `regular expression ${from} is not evaluated (it could backtrack without end)`);
  let out: string;
  try {
    out = regex ? text.replace(new RegExp(regex[1], 'g'), to) : text.split(from).join(to);
  } catch {
    return unknownAt(loc, `regular expression ${from} is not evaluated`);
  }
  const value = literal(out, loc);
  if (out === text && s) carryMaps(ctx.scope, s, value);
  return value;
}

/** Names of the functions the evaluator models, for documentation and tests. */
export const modelledFunctions: readonly string[] = Object.keys(functions);


