import { relative, sep } from 'node:path';
import type { Body, Expression, GetAttrExpr, IndexExpr, SplatExpr, VariableExpr } from '../../parsers/hcl/ast.js';
import { endOffset, type Loc, startOffset } from '../../shared/source.js';
import { objectGet, PROVIDER_ACCOUNT_ID, type ObjectValue, type Value } from '../value.js';
import { canonicalAttribute, canonicalAttributeNames, documentAttributes, pseudoAttribute } from './attributes.js';
import { attribute } from './body.js';
import { evaluate } from './evaluate.js';
import { resourceDocument, resourceProps } from './resources.js';
import { ignoresChangesTo } from './ignore-changes.js';
import { moduleReference } from './module-values.js';
import { anchor, carryMaps, failure, locOf, recordUnresolved, relocate, resourceId, sourceText, unknownAt, withEnv, type Ctx, type DeclaredResource, type ModuleScope } from './scope.js';
import { knownInstanceCount } from './repetition.js';
import { evaluatedOnce, localValue, variableValue } from './variables.js';
import { table } from '../../shared/own.js';
import { extend } from '../../shared/extend.js';

/** The env name the element of a splat is bound to while its `each` is evaluated. */
export const SPLAT_ITEM = '\0splat';

/** One step after the root of a traversal: `.name` or `[key]`. */
export type Step = { kind: 'attr'; name: string; node: GetAttrExpr } | { kind: 'index'; key: Expression; node: IndexExpr };

/** A traversal as its root expression and the steps applied to it. */
interface Flat {
  root: Expression;
  steps: readonly Step[];
}

/** `a.b[0].c` as its root expression and the steps applied to it. */
export function flatten(expr: Expression): Flat {
  // Collected from the outside in and reversed once: unshift in the loop made 400,000 steps quadratic.
  const steps: Step[] = [];
  let node = expr;
  for (;;) {
    if (node.type === 'GetAttr') {
      steps.push({ kind: 'attr', name: node.name, node });
      node = node.object;
    } else if (node.type === 'Index') {
      steps.push({ kind: 'index', key: node.key, node });
      node = node.collection;
    } else return { root: node, steps: steps.reverse() };
  }
}

export function evaluateTraversal(expr: Expression, ctx: Ctx): Value {
  const loc = locOf(ctx, expr);
  const { root, steps } = flatten(expr);
  const value = root.type === 'Variable' ? resolveRoot(root, steps, expr, ctx) : applySteps(evaluate(root, ctx), steps, ctx);
  if (sameLoc(value.loc, loc) || (value.kind === 'ref' && !instanceAttributes.has(value)) || ctx.scope.anchored.has(value)) return value;
  return relocate(ctx.scope, value, loc, value.loc);
}

function sameLoc(a: Loc, b: Loc): boolean {
  return a.file === b.file && startOffset(a.range) === startOffset(b.range) && endOffset(a.range) === endOffset(b.range);
}

function resolveRoot(root: VariableExpr, steps: readonly Step[], expr: Expression, ctx: Ctx): Value {
  const bound = ctx.env.get(root.name);
  if (bound) return applySteps(bound, steps, ctx);
  const loc = locOf(ctx, expr);
  const first = steps[0];
  const firstName = first?.kind === 'attr' ? first.name : undefined;
  const handler = rootHandlers[root.name];
  if (handler) {
    if (firstName === undefined) return unknownAt(loc, `${root.name} cannot be used on its own`);
    return handler(firstName, steps, expr, ctx);
  }
  return resourceReference('managed', root.name, steps, expr, ctx);
}

type RootHandler = (first: string, steps: readonly Step[], expr: Expression, ctx: Ctx) => Value;

const rootHandlers: Record<string, RootHandler> = table({
  var: (name, steps, _expr, ctx) => applySteps(variableValue(name, ctx, locOf(ctx, steps[0].node)), steps.slice(1), ctx),
  local: (name, steps, _expr, ctx) => applySteps(localValue(name, ctx, locOf(ctx, steps[0].node)), steps.slice(1), ctx),
  data: (type, steps, expr, ctx) => resourceReference('data', type, steps.slice(1), expr, ctx),
  // `resource.T.N` is the explicit spelling of `T.N`.
  resource: (type, steps, expr, ctx) => resourceReference('managed', type, steps.slice(1), expr, ctx),
  ephemeral: (type, _steps, expr, ctx) => unknownAt(locOf(ctx, expr), `ephemeral ${type} exists only while Terraform runs`),
  module: (name, steps, expr, ctx) => moduleReference(name, steps, expr, ctx),
  each: (attr, _steps, expr, ctx) => unknownAt(locOf(ctx, expr), `each.${attr} depends on for_each`),
  count: (attr, _steps, expr, ctx) => unknownAt(locOf(ctx, expr), `count.${attr} depends on count`),
  self: (attr, _steps, expr, ctx) => unknownAt(locOf(ctx, expr), `self.${attr} is known only when the resource exists`),
  terraform: (attr, _steps, expr, ctx) => unknownAt(locOf(ctx, expr), `terraform.${attr} is known only when Terraform runs`),
  // The module directory is where paths are resolved, so it is "." from its own point of view;
  // an instance reaches its root module by the relative path between them.
  path: (attr, steps, expr, ctx) =>
    attr === 'module' || attr === 'root'
      ? applySteps({ kind: 'literal', value: attr === 'root' ? rootPath(ctx) : '.', loc: locOf(ctx, steps[0].node) }, steps.slice(1), ctx)
      : unknownAt(locOf(ctx, expr), `path.${attr} depends on where Terraform runs`),
});

function rootPath(ctx: Ctx): string {
  const { dir, instance } = ctx.scope;
  return relative(dir, instance.rootDir).split(sep).join('/') || '.';
}

/** Addresses of a module's resources by `type` / `data.type`, grouped once per module: every unresolved reference shares the list. */
const addressesByType = new WeakMap<ModuleScope, Map<string, string[]>>();

function sameTypeAddresses(scope: ModuleScope, typeKey: string): string[] {
  let groups = addressesByType.get(scope);
  if (!groups) {
    groups = new Map();
    for (const r of scope.resources.values()) {
      const key = r.mode === 'data' ? `data.${r.type}` : r.type;
      const list = groups.get(key);
      if (list) list.push(r.address);
      else groups.set(key, [r.address]);
    }
    addressesByType.set(scope, groups);
  }
  return groups.get(typeKey) ?? [];
}

/**
 * `T.N[.attr...]` (managed) or, after `data.`, the same for a data source.
 * `steps` starts at the name.
 */
function resourceReference(mode: 'managed' | 'data', type: string, steps: readonly Step[], expr: Expression, ctx: Ctx): Value {
  const loc = locOf(ctx, expr);
  const prefix = mode === 'data' ? 'data.' : '';
  const nameStep = steps[0];
  if (nameStep?.kind !== 'attr') return unknownAt(loc, `${prefix}${type} needs a name`);
  const address = `${prefix}${type}.${nameStep.name}`;
  const decl = lookupResource(ctx, address);
  if (!decl) {
    const candidates = sameTypeAddresses(ctx.scope, `${prefix}${type}`);
    recordUnresolved(ctx, { name: address, loc: locOf(ctx, nameStep.node), expected: mode === 'data' ? 'data source' : 'resource', candidates });
    return unknownAt(loc, `unresolved reference ${address}`);
  }
  let i = 1;
  if (steps[i]?.kind === 'index') {
    const step = steps[i];
    if (step.kind === 'index') evaluate(step.key, ctx);
    // An instance of a counted resource is still that resource; indexing a single one is an error.
    if (!decl.repeated) return failure(ctx, loc, `${address} has no count or for_each to index`);
    if (indexesNoInstance(decl.block.body, decl.file, `resource.${address}`, ctx)) return failure(ctx, loc, `${address} has no instance`);
    i++;
  }
  const attrStep = steps[i];
  if (attrStep === undefined) {
    // `for_each = aws_iam_role.workers` / `aws_iam_role.workers["a"]`: an instance is what its attributes refer to.
    if (decl.repeated && mode === 'managed') {
      const instance = instanceValue('managed', decl.type, address, loc, ctx);
      if (i === 2) return instance;
      // A `for_each` resource is a map by its instance keys: `for_each = aws_iam_role.r` iterates them, `each.key` one of them.
      const keys = instanceKeys(decl, address, ctx);
      if (keys) return { kind: 'object', entries: keys.map((k) => ({ key: k.key, keyLoc: k.loc, value: instance })), loc };
      return allInstances(decl.block.body, decl.file, `resource.${address}`, instance, loc, ctx);
    }
    return extend(unknownAt(loc, `reference to the whole of ${address}`), { resourceAttributes: instanceValue(mode, decl.type, address, loc, ctx) });
  }
  if (attrStep.kind !== 'attr') return unknownAt(loc, `${address} indexed twice`);
  const rest = steps.slice(i + 1);
  const attrLoc = locOf(ctx, attrStep.node);
  const useLoc = rest.length === 0 ? loc : attrLoc;
  const attr = attributeValue(decl.mode, decl.type, address, attrStep.name, useLoc, ctx, sourceText(ctx, attrStep.node.range));
  // `aws_iam_instance_profile.this[0].name` fails the plan where the resource has no instance; `try()` and a branch not taken do not.
  const indexed = i === 2 && attr.kind === 'ref' && !ctx.tolerant;
  if (indexed) ctx.scope.indexed.add(attr.target);
  const value = indexed ? extend(attr, { oneInstance: true as const }) : attr;
  if (rest.length === 0) return value;
  if (value.kind === 'ref') return nestedAttribute(value, rest, loc, `${sourceText(ctx, expr.range)} is known only when ${address} exists`);
  return applySteps(value, rest, ctx);
}

/** The keys of a `for_each` resource's instances, where its collection is known: a map's keys, a set's strings. */
function instanceKeys(decl: DeclaredResource, address: string, ctx: Ctx): Array<{ key: string; loc: Loc }> | undefined {
  const collection = attribute(decl.block.body, 'for_each') && repetitionOf(decl.block.body, decl.file, `resource.${address}`, ctx);
  if (collection?.kind === 'object') return collection.entries.map((e) => ({ key: e.key, loc: e.keyLoc }));
  if (collection?.kind !== 'list') return undefined;
  const keys = collection.items.map((item) => (item.kind === 'literal' && typeof item.value === 'string' ? { key: item.value, loc: item.loc } : undefined));
  return keys.every((k) => k !== undefined) ? keys : undefined;
}

/**
 * The whole of a counted or `for_each` resource or module call
 * (`aws_iam_role.workers`, `module.nodes`): its instances, one standing for
 * all, with the number it is known to make (none: an empty list), so that
 * `length(x) > 0 ? x[0].name : null` takes the branch the deploy takes. Where
 * the number is not known its length is open (`mayRepeat`).
 */
export function allInstances(body: Body, file: string, key: string, instance: Value, loc: Loc, ctx: Ctx): Value {
  const n = instanceCount(body, file, key, ctx);
  if (n === undefined) return { kind: 'list', items: [instance], loc, mayRepeat: true };
  return n === 0 ? { kind: 'list', items: [], loc } : { kind: 'list', items: [instance], loc, instanceCount: n };
}

/** How many instances a counted or `for_each` block is known to make; undefined where that is not known. */
function instanceCount(body: Body, file: string, key: string, ctx: Ctx): number | undefined {
  const v = repetitionOf(body, file, key, ctx);
  return v && knownInstanceCount(body, v);
}

/**
 * A block's `count` or `for_each` as its module instance has it (nothing
 * bound), evaluated once for every `length()`, splat and key read of it.
 * `count = length(aws_iam_role.x)` inside x itself is a cycle Terraform rejects: undefined, its number open.
 */
function repetitionOf(body: Body, file: string, key: string, ctx: Ctx): Value | undefined {
  const expr = attribute(body, 'for_each') ?? attribute(body, 'count');
  return expr && evaluatedOnce(ctx, `${key}.repetition`, expr, file);
}

/**
 * `x[0]` inside `try()`/`can()` where x is known to make no instance: the
 * plan's "Invalid index", which they catch, so the next argument is taken.
 * (Outside them it is reported as not created: `instancesNotCreated`.)
 */
export function indexesNoInstance(body: Body, file: string, key: string, ctx: Ctx): boolean {
  return ctx.tolerant === true && instanceCount(body, file, key, ctx) === 0;
}

/**
 * Whether an expression indexes an instance of a counted or `for_each` data
 * source (`data.aws_iam_role.existing[0]`, `data.aws_iam_role.existing[0].name`):
 * an instance that may not exist, so `try()` may fall through it.
 */
export function indexesRepeatedDataSource(expr: Expression, ctx: Ctx): boolean {
  const { root, steps } = flatten(expr);
  if (root.type !== 'Variable' || root.name !== 'data' || ctx.env.get(root.name)) return false;
  const [typeStep, nameStep, indexStep] = steps;
  if (typeStep?.kind !== 'attr' || nameStep?.kind !== 'attr' || indexStep?.kind !== 'index') return false;
  return lookupResource(ctx, `data.${typeStep.name}.${nameStep.name}`)?.repeated === true;
}

/** `ref.a[0].b`: unknown until the resource exists, but still known to be that attribute of it. */
function nestedAttribute(ref: Value & { kind: 'ref' }, rest: Step[], loc: Loc, reason: string): Value {
  const names = rest.flatMap((step) => (step.kind === 'attr' ? [step.name] : []));
  const path = [ref.attribute.replace(/^other:/, ''), ...names].join('.');
  return extend(unknownAt(loc, reason), { attributeOf: { target: ref.target, path } });
}

/** Attribute references of an instance (`each.value.name`): found where they are used, not at the `for_each`. */
const instanceAttributes = new WeakSet<Value>();

/** One instance of a counted or for_each resource (or a whole single one), as an object of its canonical attributes. */
function instanceValue(mode: 'managed' | 'data', type: string, address: string, loc: Loc, ctx: Ctx): ObjectValue {
  const entries = canonicalAttributeNames(mode, type).map((attr) => {
    const value = attributeValue(mode, type, address, attr, loc, ctx, `${address}.${attr}`);
    instanceAttributes.add(value);
    return { key: attr, keyLoc: loc, value };
  });
  return { kind: 'object', entries, loc };
}

/**
 * The declaration an address names. A directory of independent examples
 * repeats addresses (invalid, reported); each file then sees its own.
 */
function lookupResource(ctx: Ctx, address: string): DeclaredResource | undefined {
  const own = ctx.scope.duplicates.find((d) => d.address === address && d.file === ctx.file);
  return own ?? ctx.scope.resources.get(address);
}

function attributeValue(mode: 'managed' | 'data', type: string, address: string, attr: string, loc: Loc, ctx: Ctx, text: string): Value {
  const decl = lookupResource(ctx, address);
  if (!decl) return unknownAt(loc, `unresolved reference ${address}`);
  const written = (): Value | undefined => {
    const props = resourceProps(decl, ctx.scope);
    return props ? objectGet(props, attr) : undefined;
  };
  if (mode === 'data') {
    const pseudo = pseudoAttribute(type, attr) !== undefined && !written() ? pseudoAttribute(type, attr) : undefined;
    const alias = pseudo && providerAlias(decl);
    // `provider = aws.other` reads another configuration's account or region, not necessarily the deploying one's.
    if (alias && pseudo === 'pseudo:AWS::AccountId') return unknownAt(loc, `${PROVIDER_ACCOUNT_ID}${alias}`);
    if (alias && pseudo === 'pseudo:AWS::Region') return unknownAt(loc, `${address}.${attr} of provider ${alias}`);
    if (pseudo) return unknownAt(loc, pseudo);
    if (type === 'aws_iam_policy_document' && documentAttributes.has(attr)) {
      const doc = resourceDocument(decl, ctx.scope);
      // Findings belong on the statement inside the data block; the use site is where it came through.
      if (doc) return anchor(ctx.scope, extend(doc, { via: [...(doc.via ?? []), loc] }));
    }
  }
  const canonical = canonicalAttribute(mode, type, attr);
  const target = resourceId(ctx.scope, decl.key);
  if (canonical) return { kind: 'ref', target, attribute: canonical, text, loc };
  const value = written();
  if (value && mode === 'managed' && ignoresChangesTo(decl, attr)) return unknownAt(loc, `${address}.${attr} is set outside Terraform after creation (lifecycle ignore_changes)`);
  if (value) return relocate(ctx.scope, value, loc, value.loc);
  return { kind: 'ref', target, attribute: `other:${attr}`, text, loc };
}

/** `aws.other` where a block names an aliased provider configuration (`provider = aws.other`); undefined for the default one. */
function providerAlias(decl: DeclaredResource): string | undefined {
  const expr = attribute(decl.block.body, 'provider');
  if (!expr) return undefined;
  const { root, steps } = flatten(expr);
  const alias = steps[0];
  return root.type === 'Variable' && steps.length === 1 && alias.kind === 'attr' ? `${root.name}.${alias.name}` : undefined;
}

/** Follows `.name` and `[key]` into a value; a missing key is an error Terraform would report. */
export function applySteps(value: Value, steps: readonly Step[], ctx: Ctx): Value {
  let v = value;
  for (const step of steps) v = applyStep(v, step, ctx);
  return v;
}

function applyStep(v: Value, step: Step, ctx: Ctx): Value {
  const loc = locOf(ctx, step.node);
  const key = step.kind === 'attr' ? ({ kind: 'literal', value: step.name, loc } as const) : evaluate(step.key, ctx);
  // `list[count.index]` with count.index one of several: one of the elements.
  if (key.kind === 'choice' && key.options.every((o) => o.kind === 'literal')) {
    return { kind: 'choice', options: key.options.map((k) => applyKey(v, k, step, loc, ctx)), loc };
  }
  return applyKey(v, key, step, loc, ctx);
}

function applyKey(v: Value, key: Value, step: Step, loc: Loc, ctx: Ctx): Value {
  switch (v.kind) {
    case 'unknown': {
      // `local.role.name` where `local.role = aws_iam_role.app`: that attribute of the resource, found where
      // the whole was (one entry of a for_each map), or where it is used when taken in one traversal.
      const attribute = v.resourceAttributes && key.kind === 'literal' ? objectGet(v.resourceAttributes, String(key.value)) : undefined;
      if (attribute) {
        const placed = relocate(ctx.scope, attribute, v.loc, attribute.loc);
        instanceAttributes.add(placed);
        return placed;
      }
      const moved: Value = { ...v, loc };
      carryMaps(ctx.scope, v, moved);
      return moved;
    }
    case 'choice':
      return { kind: 'choice', options: v.options.map((o) => applyKey(o, key, step, loc, ctx)), loc };
    case 'object': {
      if (key.kind !== 'literal') return unknownAt(loc, 'key not known statically');
      const found = objectGet(v, String(key.value));
      return found ?? failure(ctx, loc, `no attribute ${String(key.value)}`);
    }
    case 'list': {
      if (step.kind === 'attr') return failure(ctx, loc, `a list has no attribute ${step.name}`);
      if (key.kind !== 'literal') return unknownAt(loc, 'index not known statically');
      const i = Number(key.value);
      return Number.isInteger(i) && i >= 0 && i < v.items.length ? v.items[i] : failure(ctx, loc, `index ${String(key.value)} out of range`);
    }
    case 'ref':
      return unknownAt(loc, `${v.text} is known only when the resource exists`);
    default:
      return failure(ctx, loc, `cannot take ${step.kind === 'attr' ? `.${step.name}` : 'an index'} of a ${v.kind}`);
  }
}

/**
 * `aws_iam_role.r[*].arn`: a list of one reference (the resource stands for
 * all its instances); other splats map over a known list.
 */
export function evaluateSplat(expr: SplatExpr, ctx: Ctx): Value {
  const loc = locOf(ctx, expr);
  const each = flatten(expr.each);
  const source = flatten(expr.source);
  if (source.root.type === 'Variable' && isResourceRoot(source.root.name, ctx)) {
    const prefixed = source.root.name === 'data' || source.root.name === 'resource';
    const isData = source.root.name === 'data';
    const lead = prefixed ? source.steps.slice(1) : source.steps;
    const type = prefixed ? (source.steps[0]?.kind === 'attr' ? source.steps[0].name : '') : source.root.name;
    if (lead.length === 1 && each.root.type === 'SplatItem') {
      const item = resourceSplat(isData ? 'data' : 'managed', type, lead, each.steps, expr, ctx);
      const nameStep = lead[0];
      const decl = nameStep.kind === 'attr' ? lookupResource(ctx, `${isData ? 'data.' : ''}${type}.${nameStep.name}`) : undefined;
      // One item per instance: none where the count is known to be 0, as `one()` and `concat(..., [fallback])` read it.
      return decl?.repeated ? allInstances(decl.block.body, decl.file, `resource.${decl.address}`, item, loc, ctx) : { kind: 'list', items: [item], loc };
    }
  }
  const base = evaluate(expr.source, ctx);
  const mapItem = (item: Value): Value => evaluate(expr.each, withEnv(ctx, [[SPLAT_ITEM, item]]));
  if (base.kind === 'list') return { kind: 'list', items: base.items.map(mapItem), loc };
  if (base.kind === 'literal' && base.value === null) return { kind: 'list', items: [], loc };
  if (base.kind === 'unknown' || base.kind === 'choice') return unknownAt(loc, base.kind === 'unknown' ? base.reason : 'splat over one of several values');
  return { kind: 'list', items: [mapItem(base)], loc };
}

function resourceSplat(mode: 'managed' | 'data', type: string, lead: readonly Step[], each: readonly Step[], expr: SplatExpr, ctx: Ctx): Value {
  const nameStep = lead[0];
  const address = `${mode === 'data' ? 'data.' : ''}${type}.${nameStep.kind === 'attr' ? nameStep.name : ''}`;
  const decl = lookupResource(ctx, address);
  const attr = each[0];
  if (!decl || attr?.kind !== 'attr') return resourceReference(mode, type, [...lead, ...each], expr, ctx);
  const loc = locOf(ctx, expr);
  const value = attributeValue(mode, type, address, attr.name, loc, ctx, sourceText(ctx, expr.range));
  const rest = each.slice(1);
  if (rest.length === 0) return value;
  return value.kind === 'ref' ? nestedAttribute(value, rest, loc, `${sourceText(ctx, expr.range)} is known only when ${address} exists`) : applySteps(value, rest, ctx);
}

function isResourceRoot(name: string, ctx: Ctx): boolean {
  return !ctx.env.has(name) && (name === 'data' || name === 'resource' || !(name in rootHandlers));
}
