import type { ConditionalExpr, Expression, ObjectExpr, TemplateExpr, TemplateFor, TemplateLiteral, TemplatePart } from '../../parsers/hcl/ast.js';
import { guardedBy, type ComputedKeyEntry, type ObjectEntry, type Value } from '../value.js';
import { decidedTruth, moduleConditions } from './conditions.js';
import { boundedTemplate } from '../build/sub.js';
import { work } from '../build/work.js';
import { callFunction } from './functions.js';
import { evaluateFor, evaluateOperator } from './operators.js';
import { evaluateSplat, evaluateTraversal, SPLAT_ITEM } from './references.js';
import { carryMaps, conditionKey, locOf, unknownAt, type Ctx, type TextMap } from './scope.js';
import { literalTextMap, withOffsets } from './text-map.js';
import { knownText } from './values.js';
import { renderTemplateFor } from './template-for.js';
import { endOffset, startOffset } from '../../shared/source.js';
import { extend } from '../../shared/extend.js';

/** An HCL expression as a graph value, with the exact position it was written at. */
export function evaluate(expr: Expression, ctx: Ctx): Value {
  work.evaluations++;
  // The position is made only where this function builds the value: the others make their own.
  switch (expr.type) {
    case 'Literal':
      return { kind: 'literal', value: expr.value, loc: locOf(ctx, expr) };
    case 'Template':
      return evaluateTemplate(expr, ctx);
    case 'Tuple':
      return { kind: 'list', items: expr.items.map((e) => evaluate(e, ctx)), loc: locOf(ctx, expr) };
    case 'Object':
      return evaluateObject(expr, ctx);
    case 'Variable':
    case 'GetAttr':
    case 'Index':
      return evaluateTraversal(expr, ctx);
    case 'Splat':
      return evaluateSplat(expr, ctx);
    case 'SplatItem':
      return ctx.env.get(SPLAT_ITEM) ?? unknownAt(locOf(ctx, expr), 'splat element outside a splat');
    case 'FunctionCall':
      return callFunction(expr, ctx);
    case 'Conditional':
      return evaluateConditional(expr, ctx);
    case 'Unary':
    case 'Binary':
      return evaluateOperator(expr, ctx);
    case 'For':
      return evaluateFor(expr, ctx);
    case 'Parens':
      return evaluate(expr.expr, ctx);
  }
}

/**
 * `C ? a : b`. A condition written in the code or given by the user (tfvars,
 * `--var`, a module argument) takes one branch; so does one the value's
 * existence decides (`Ctx.assumed`). Otherwise both are kept: a condition
 * that rests on a default keeps both branches, since a caller or deployer
 * may give another value. `condition` is the condition's value where the
 * caller has it already.
 */
export function evaluateConditional(expr: ConditionalExpr, ctx: Ctx, condition: Value = evaluate(expr.condition, ctx)): Value {
  const taken = decidedTruth(condition) ?? assumedBranch(expr.condition, ctx);
  // A branch never taken is never evaluated by Terraform: a missing module output there is no error.
  const branchCtx = (holds: boolean): Ctx => (taken === !holds ? extend(ctx, { tolerant: true as const }) : ctx);
  const options = [evaluate(expr.then, branchCtx(true)), evaluate(expr.else, branchCtx(false))];
  return taken === undefined ? { kind: 'choice', options: openBranches(expr, condition, options, ctx), loc: locOf(ctx, expr) } : decidedBy(options[taken ? 0 : 1], condition, ctx);
}

/** Each branch of an open condition under its guard: a rule can tell the branch the defaults take, and relate it to other guarded values. */
function openBranches(expr: ConditionalExpr, condition: Value, options: Value[], ctx: Ctx): Value[] {
  const conditions = moduleConditions(ctx.scope);
  return options.map((branch, i) => {
    const guard = conditions.guard(ctx, expr.condition, i === 0, condition);
    if (!guard) return branch;
    const guarded = guardedBy(branch, [guard]);
    carryMaps(ctx.scope, branch, guarded);
    if (ctx.scope.anchored.has(branch)) ctx.scope.anchored.add(guarded);
    return guarded;
  });
}

/** `ctx` where `condition` is known to hold (or not). */
export function assuming(ctx: Ctx, condition: Expression, holds: boolean): Ctx {
  const key = moduleConditions(ctx.scope).register(ctx, condition);
  return extend(ctx, { assumed: new Map([...(ctx.assumed ?? []), [key, holds]]) });
}

/**
 * The branch a condition takes wherever the value is there (`Ctx.assumed`):
 * as written, negated with `!`, or implied (`var.mode == "a"` assumed rules
 * out `var.mode == "b"`).
 */
function assumedBranch(condition: Expression, ctx: Ctx): boolean | undefined {
  if (!ctx.assumed) return undefined;
  // The key is the condition's text, worked out once for the lookups below.
  const key = conditionKey(ctx, condition);
  const direct = ctx.assumed.get(key);
  if (direct !== undefined) return direct;
  if (condition.type === 'Unary' && condition.op === '!') {
    const negated = ctx.assumed.get(conditionKey(ctx, condition.operand));
    if (negated !== undefined) return !negated;
  }
  return ctx.scope.assignment ? undefined : moduleConditions(ctx.scope).impliedBy(ctx.assumed, ctx, condition, key);
}

/** The branch taken, carrying where the user gave what decided it (a tfvars line, `--var`). */
function decidedBy(branch: Value, condition: Value, ctx: Ctx): Value {
  if (!condition.via && condition.commandLine === undefined) return branch;
  const moved: Value = {
    ...branch,
    via: [...(branch.via ?? []), ...(condition.via ?? [])],
    ...(condition.commandLine !== undefined && branch.commandLine === undefined ? { commandLine: condition.commandLine } : {}),
  };
  carryMaps(ctx.scope, branch, moved);
  if (ctx.scope.anchored.has(branch)) ctx.scope.anchored.add(moved);
  return moved;
}

/** A string piece of a template with where its characters were written. */
interface TextPiece {
  text: string;
  map: TextMap | undefined;
}

function evaluateTemplate(expr: TemplateExpr, ctx: Ctx): Value {
  const quoted = !expr.heredoc;
  // Most templates are a plain string: one piece, nothing to join or trim.
  if (expr.parts.length === 1 && expr.parts[0].type === 'TemplateLiteral') return plainString(expr.parts[0], expr, ctx, quoted);
  const nonEmpty = expr.parts.filter((p) => !(p.type === 'TemplateLiteral' && p.value === ''));
  // `"${x}"` is x itself: a reference stays a reference, a document stays a document.
  if (nonEmpty.length === 1 && nonEmpty[0].type === 'TemplateInterpolation') return evaluate(nonEmpty[0].expr, ctx);
  const loc = locOf(ctx, expr);
  const parts: Array<TextPiece | Value> = [];
  expr.parts.forEach((part, i) => {
    if (part.type === 'TemplateLiteral') {
      const piece: TextPiece = { text: part.value, map: literalTextMap(ctx, part, quoted) };
      const before = expr.parts[i - 1];
      const after = expr.parts[i + 1];
      if (before?.type === 'TemplateInterpolation' && before.stripRight) trimStart(piece);
      if (after?.type === 'TemplateInterpolation' && after.stripLeft) trimEnd(piece);
      parts.push(piece);
    } else if (part.type === 'TemplateFor') parts.push(...templateForPieces(part, ctx, expr.heredoc));
    else parts.push(templatePart(part, ctx, expr.heredoc));
  });
  const strings = parts.filter((p): p is TextPiece => 'text' in p && !('kind' in p));
  if (strings.length === parts.length) {
    const text = strings.map((p) => p.text).join('');
    const value: Value = { kind: 'literal', value: text, loc };
    const map = joinMaps(strings);
    if (map) ctx.scope.textMaps.set(value, map);
    return value;
  }
  const out: Array<string | Value> = [];
  const maps: Array<TextMap | undefined> = [];
  for (const p of parts) {
    if ('kind' in p) {
      out.push(p);
      maps.push(undefined);
    } else if (p.text !== '') {
      out.push(p.text);
      maps.push(p.map);
    }
  }
  const value = boundedTemplate({ kind: 'template', parts: out, loc });
  if (value.kind === 'template') ctx.scope.partMaps.set(value, maps);
  return value;
}

/** A template of one literal piece: the string, with where its characters were written. */
function plainString(part: TemplateLiteral, expr: TemplateExpr, ctx: Ctx, quoted: boolean): Value {
  const value: Value = { kind: 'literal', value: part.value, loc: locOf(ctx, expr) };
  const map = literalTextMap(ctx, part, quoted);
  if (map) ctx.scope.textMaps.set(value, map);
  return value;
}

function templatePart(part: Exclude<TemplatePart, { type: 'TemplateLiteral' }>, ctx: Ctx, heredoc?: TemplateExpr['heredoc']): Value {
  if (part.type === 'TemplateInterpolation') {
    const v = evaluate(part.expr, ctx);
    if (v.kind === 'literal' && typeof v.value === 'string') return v;
    const text = v.kind === 'literal' ? knownText(v) : undefined;
    if (text !== undefined) {
      const asString: Value = { kind: 'literal', value: text, loc: v.loc };
      carryMaps(ctx.scope, v, asString);
      return asString;
    }
    return v;
  }
  // `%{if C}a%{else}b%{endif}` is `C ? "a" : "b"`: the branch a known condition takes, else either.
  if (part.type === 'TemplateIf') {
    const condition = evaluate(part.condition, ctx);
    const taken = decidedTruth(condition) ?? assumedBranch(part.condition, ctx);
    // Both branches are evaluated, as a conditional's are: references in the one not taken are still checked.
    const branch = (parts: TemplatePart[], holds: boolean): Value =>
      evaluateTemplate({ type: 'Template', parts, range: part.range, ...(heredoc ? { heredoc } : {}) }, taken === !holds ? { ...ctx, tolerant: true } : ctx);
    const options = [branch(part.then, true), branch(part.else ?? [], false)];
    return taken === undefined ? { kind: 'choice', options, loc: locOf(ctx, part) } : decidedBy(options[taken ? 0 : 1], condition, ctx);
  }
  // Walk the directive for the references it makes, its body too, then give up on its text.
  {
    evaluate(part.collection, ctx);
    const env = new Map(ctx.env);
    for (const name of [part.valueVar, part.keyVar]) if (name !== undefined) env.set(name, unknownAt(locOf(ctx, part), `${name} of a template %{for}`));
    walkParts(part.body, { ...ctx, env });
  }
  return unknownAt(locOf(ctx, part), 'template directive %{for} is not evaluated');
}

/**
 * `%{for}` over a collection known as a whole: each element's rendering of the
 * body spliced into the template as its own text and values, so that a list
 * the loop writes reads as JSON structure; otherwise unknown, as before.
 */
function templateForPieces(part: TemplateFor, ctx: Ctx, heredoc?: TemplateExpr['heredoc']): Array<TextPiece | Value> {
  const body = (inner: Ctx): Value => evaluateTemplate({ type: 'Template', parts: part.body, range: part.range, ...(heredoc ? { heredoc } : {}) }, inner);
  const renderings = renderTemplateFor(part, evaluate(part.collection, ctx), ctx, body);
  if (!renderings) return [templatePart(part, ctx, heredoc)];
  return renderings.flatMap((r): Array<TextPiece | Value> => {
    // Text written in the template; a value that came from an input (a default, a --var) keeps saying so.
    if (r.kind === 'literal' && typeof r.value === 'string' && r.fromInput === undefined && r.commandLine === undefined && !r.when) return [{ text: r.value, map: ctx.scope.textMaps.get(r) }];
    if (r.kind !== 'template') return [r];
    const maps = ctx.scope.partMaps.get(r) ?? [];
    return r.parts.map((q, j) => (typeof q === 'string' ? { text: q, map: maps[j] } : q));
  });
}

function walkParts(parts: readonly TemplatePart[], ctx: Ctx): void {
  for (const p of parts) if (p.type !== 'TemplateLiteral') templatePart(p, ctx);
}

function trimStart(piece: TextPiece): void {
  const cut = piece.text.length - piece.text.trimStart().length;
  piece.text = piece.text.slice(cut);
  if (piece.map) piece.map = withOffsets(piece.map, piece.map.offsets.slice(cut));
}

function trimEnd(piece: TextPiece): void {
  const keep = piece.text.trimEnd().length;
  piece.text = piece.text.slice(0, keep);
  if (piece.map) piece.map = withOffsets(piece.map, piece.map.offsets.slice(0, keep + 1));
}

function joinMaps(pieces: TextPiece[]): TextMap | undefined {
  if (pieces.length === 1) return pieces[0].map;
  const first = pieces.find((p) => p.map)?.map;
  if (!first || pieces.some((p) => !p.map)) return undefined;
  const offsets: number[] = [];
  for (const p of pieces) if (p.map) offsets.push(...p.map.offsets.slice(0, p.text.length));
  const last = pieces[pieces.length - 1].map;
  offsets.push(last ? last.offsets[last.offsets.length - 1] : 0);
  return withOffsets(first, offsets);
}

function evaluateObject(expr: ObjectExpr, ctx: Ctx): Value {
  const loc = locOf(ctx, expr);
  const entries: ObjectEntry[] = [];
  const computed: ComputedKeyEntry[] = [];
  let computedKey: string | undefined;
  for (const item of expr.items) {
    const value = evaluate(item.value, ctx);
    const keyLoc = locOf(ctx, item.key);
    const bareKey = item.key.type === 'Literal' && item.key.bareKey ? String(item.key.value) : undefined;
    const keyValue = bareKey === undefined ? evaluateKey(item.key, ctx) : undefined;
    const key = bareKey ?? (keyValue ? knownText(keyValue) : undefined);
    if (key !== undefined) entries.push({ key, keyLoc, value });
    else {
      computedKey ??= ctx.scope.sources.get(ctx.file)?.slice(startOffset(item.key.range), endOffset(item.key.range)) ?? '';
      if (keyValue) computed.push({ key: keyValue, keyLoc, value });
    }
  }
  // A key we cannot name could be any key (a condition key, a principal type): the object is not known.
  if (computedKey !== undefined) return { ...unknownAt(loc, `object key ${computedKey} is computed`), partialObject: { entries, computed } };
  // A copy has exactly its length: pushed arrays keep spare room, and objects are kept to the end of the run.
  return { kind: 'object', entries: entries.slice(), loc };
}

/** A bare identifier that is not a literal names itself (`{ aws_iam_role = 1 }` is not a reference). */
function evaluateKey(key: Expression, ctx: Ctx): Value {
  if (key.type === 'Variable') return { kind: 'literal', value: key.name, loc: locOf(ctx, key) };
  return evaluate(key, ctx);
}
