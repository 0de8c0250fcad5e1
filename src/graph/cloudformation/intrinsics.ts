import type { CfnFn, CfnMap, CfnMapEntry, CfnNode, CfnScalar } from '../../parsers/cloudformation-tree.js';
import type { Loc } from '../../shared/source.js';
import type { Kind, UnresolvedRef } from '../types.js';
import { guardedBy, type Attribute, type Guard, type ObjectEntry, type Value } from '../value.js';
import { boundedTemplate, parseSubString, type SubVariable } from '../build/sub.js';
import { decodedRangeMapper } from '../../parsers/string-index.js';
import { conditionSpace, conditionTruth } from './conditions.js';
import { generatedBy, missingSamReference, type Generators } from './generated.js';
import { table } from '../../shared/own.js';
import { work } from '../build/work.js';
import { serverlessString } from './serverless.js';
import { dynamicReferenceParts, dynamicReferenceString } from './dynamic-references.js';
import { extend } from '../../shared/extend.js';
import { preprocessorExpression } from './preprocessors.js';
import { isNestedStack } from './nested-types.js';

/** What `Ref` returns for each kind; everything not listed returns its physical id. */
const refAttribute: Partial<Record<Kind, Attribute>> = {
  'iam.role': 'name',
  'iam.instance-profile': 'name',
  'iam.policy': 'arn',
  'iam.oidc-provider': 'arn',
};

/** `Fn::GetAtt` attribute names with a canonical meaning. */
const getAttAttribute: Record<string, Attribute> = table({ Arn: 'arn', RoleId: 'unique-id' });

const pseudoParameters = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

/** Everything a value in one template can refer to. */
export interface Scope {
  file: string;
  resourceIds: Map<string, { id: string; kind: Kind; type: string }>;
  parameters: Map<string, CfnMap>;
  /**
   * Values given for parameters, which win over defaults: strings at deploy
   * time (`--parameters`), values from a parent stack's `Parameters`.
   */
  parameterValues: ReadonlyMap<string, string | Value>;
  mappings: CfnMap | undefined;
  /** The template's `Conditions` section, evaluated where its inputs are known (`conditions.ts`). */
  conditions?: CfnMap;
  /** `Conditions` that an `AWS::Include` snippet completes (or that is not a map): a condition of every name may be declared. */
  conditionsOpen?: true;
  generators: Generators;
  /** The value another template exports under a name, if it is in the run. */
  importValue: (name: string) => Value | undefined;
  /** The value of output `output` of the nested stack `stack` (`!GetAtt Stack.Outputs.X`), when its template is local. */
  nestedOutput: (stack: string, output: string) => Value | undefined;
  unresolved: UnresolvedRef[];
  /** Guards parameter defaults that refer to themselves through Sub/Join. */
  depth: number;
  /**
   * The conditions the value being built is there under: the resource's
   * `Condition`, the `Fn::If` branches around it. A branch they rule out is
   * never taken.
   */
  assumed?: readonly Guard[];
  /** `Fn::ForEach` identifiers in scope (`!Ref Team`, `${Team}`). */
  loopVars?: ReadonlyMap<string, Value>;
  /** A Serverless Framework fragment: its `${self:...}`, `${sls:...}` variables are resolved before deploy (`serverless.ts`). */
  serverless?: true;
  /**
   * While a resource that is created is built: the resources whose `Condition`
   * is known to be false (by `Resource.id`), each with that condition. A
   * reference to one fails the deploy ("Unresolved resource dependencies").
   */
  notCreated?: ReadonlyMap<string, string>;
}

/** The names a Ref could mean, listed once per template: 50,000 unresolved Refs share one list, not 50,000 copies. */
const refCandidates = new WeakMap<Scope, string[]>();
const getAttCandidates = new WeakMap<Scope, string[]>();

function candidatesOf(scope: Scope, withParameters: boolean): string[] {
  const cache = withParameters ? refCandidates : getAttCandidates;
  let names = cache.get(scope);
  if (!names) {
    // A Ref may also name what SAM generates (`MyFunction.Version`), where it does.
    const sam = withParameters ? [...scope.generators.samReferences].flatMap(([name, r]) => (r.created ? [name] : [])) : [];
    names = withParameters ? [...scope.resourceIds.keys(), ...scope.parameters.keys(), ...sam] : [...scope.resourceIds.keys()];
    cache.set(scope, names);
  }
  return names;
}

/*
 * `AWS::NoValue` (written, or the branch a known condition takes) removes an item or a property.
 * An array from `map` has exactly its length (one grown by `push` or `filter` keeps spare room, in
 * every kept value); it is filtered only when an element is `AWS::NoValue`, which is rare.
 */

function listItems(nodes: CfnNode[], scope: Scope): Value[] {
  let noValue = false;
  const items = nodes.map((n) => {
    const v = toValue(n, scope);
    if (isNoValue(v)) noValue = true;
    return v;
  });
  return noValue ? items.filter((v) => !isNoValue(v)) : items;
}

function objectEntries(nodes: CfnMapEntry[], scope: Scope): ObjectEntry[] {
  let noValue = false;
  const entries = nodes.map((e): ObjectEntry => {
    const value = toValue(e.value, scope);
    if (isNoValue(value)) noValue = true;
    return { key: e.key, keyLoc: e.keyLoc, value };
  });
  return noValue ? entries.filter((e) => !isNoValue(e.value)) : entries;
}

export function mapGet(map: CfnMap, key: string): CfnNode | undefined {
  // Indexed, not for-of: called for nearly every node, mostly before V8 has optimised it, where an iterator costs.
  const entries = map.entries;
  for (let i = 0; i < entries.length; i++) if (entries[i].key === key) return entries[i].value;
  return undefined;
}

export function toValue(node: CfnNode, scope: Scope): Value {
  work.evaluations++;
  switch (node.kind) {
    case 'scalar':
      if (typeof node.value === 'string') {
        const resolved =
          (scope.serverless && node.value.includes('${') && serverlessString(node.value, node.loc)) ||
          dynamicReferenceString(node.value, node.loc) ||
          preprocessorExpression(node.value, node.loc);
        if (resolved) return resolved;
      }
      return { kind: 'literal', value: node.value, loc: node.loc };
    case 'seq':
      return { kind: 'list', items: listItems(node.items, scope), loc: node.loc };
    case 'map':
      return { kind: 'object', entries: objectEntries(node.entries, scope), loc: node.loc };
    case 'fn':
      return intrinsic(node, scope);
  }
}

function isNoValue(v: Value): boolean {
  return v.kind === 'unknown' && v.reason === 'pseudo:AWS::NoValue';
}

type Intrinsic = (fn: CfnFn, scope: Scope) => Value;

const intrinsics: Record<string, Intrinsic> = table({
  Ref: (fn, scope) => (fn.arg.kind === 'scalar' ? refTo(String(fn.arg.value), fn.loc, scope, fn.arg.loc) : computedRef(fn, scope)),
  'Fn::GetAtt': getAtt,
  'Fn::Sub': sub,
  'Fn::Join': join,
  'Fn::If': fnIf,
  'Fn::Select': select,
  'Fn::Split': split,
  'Fn::FindInMap': findInMap,
  'Fn::ImportValue': importValue,
  'Fn::Base64': encoded,
  // AWS::LanguageExtensions.
  'Fn::ToJsonString': encoded,
  'Fn::Length': length,
});

/**
 * An encoding of its argument (`Fn::Base64`, `Fn::ToJsonString`): the content is what rules
 * care about (user data scanned for keys; a policy document is read alike as an object or as its JSON text).
 */
function encoded(fn: CfnFn, scope: Scope): Value {
  return { ...toValue(fn.arg, scope), loc: fn.loc };
}

/** `Fn::Length` of a list whose items are known in number (each may still be unknown). */
function length(fn: CfnFn, scope: Scope): Value {
  const list = toValue(fn.arg, scope);
  // The length of a parameter's default list is a default too.
  return list.kind === 'list' ? asSureAs({ kind: 'literal', value: list.items.length, loc: fn.loc }, [list]) : unknown(fn, 'Fn::Length of a list not known statically');
}

function intrinsic(fn: CfnFn, scope: Scope): Value {
  const handler = intrinsics[fn.name];
  if (handler) return handler(fn, scope);
  // Walk the arguments anyway so references inside are still checked.
  toValue(fn.arg, scope);
  return unknown(fn, `${fn.name} is not evaluated`);
}

function unknown(fn: { loc: Loc }, reason: string): Value {
  return { kind: 'unknown', reason, loc: fn.loc };
}

/**
 * `Ref` of a computed name (AWS::LanguageExtensions): inside `Fn::ForEach`, `!Ref {Fn::Sub: ${Tier}Role}` is the
 * resource the loop declares as `${Tier}Role`, in every instance; elsewhere the name as computed, when it is known.
 */
function computedRef(fn: CfnFn, scope: Scope): Value {
  const arg = fn.arg;
  if (arg.kind === 'fn' && arg.name === 'Fn::Sub' && arg.arg.kind === 'scalar' && typeof arg.arg.value === 'string' && scope.loopVars) {
    const template = arg.arg.value;
    if (scope.resourceIds.has(template) && usesLoopVariable(template, scope.loopVars)) return refTo(template, fn.loc, scope, arg.loc);
  }
  const name = literalText(toValue(arg, scope));
  return name === undefined ? unknown(fn, 'Ref of a computed name') : refTo(name, fn.loc, scope, arg.loc);
}

function usesLoopVariable(template: string, loopVars: ReadonlyMap<string, Value>): boolean {
  return [...template.matchAll(/[$&]\{([^{}]+)\}/g)].some((m) => loopVars.has(m[1]));
}

/** `Ref` (or `${Name}` in `Fn::Sub`) at `loc`, of `name` written at `nameLoc`: an unresolved name is reported where it is written, as `Fn::GetAtt`'s is. */
function refTo(name: string, loc: Loc, scope: Scope, nameLoc: Loc = loc): Value {
  const loopVar = scope.loopVars?.get(name);
  if (loopVar) return { ...loopVar, loc };
  const target = scope.resourceIds.get(name);
  if (target) {
    checkCreated(name, target.id, nameLoc, scope);
    return { kind: 'ref', target: target.id, attribute: refAttribute[target.kind] ?? 'id', text: name, loc };
  }
  const param = scope.parameters.get(name);
  if (param) return parameterValue(name, param, loc, scope);
  if (pseudoParameters.has(name)) return { kind: 'unknown', reason: `pseudo:${name}`, loc };
  const generated = generatedBy(name, scope.generators);
  if (generated) return { kind: 'unknown', reason: `${name}: ${generated}`, loc };
  const needs = missingSamReference(name, scope.generators);
  scope.unresolved.push({
    name,
    loc: nameLoc,
    expected: 'resource or parameter',
    ...(needs ? { hint: `SAM creates ${name} only when ${needs}` } : { candidates: candidatesOf(scope, true) }),
  });
  return { kind: 'unknown', reason: `unresolved reference ${name}`, loc };
}

/**
 * A reference to a resource whose `Condition` is known false, from one that is created: there is nothing to refer to.
 * Made under conditions the defaults do not meet, the reference may never be made.
 */
function checkCreated(name: string, id: string, loc: Loc, scope: Scope): void {
  const condition = scope.notCreated?.get(id);
  if (condition === undefined) return;
  scope.unresolved.push({ name, loc, expected: 'resource', notCreated: `its Condition ${condition} is false`, ...(scope.assumed?.some((g) => g.metByDefault !== true) ? { conditional: true as const } : {}) });
}

/**
 * A resource's `DependsOn` (a name or a list of names) must name resources of
 * the template: CloudFormation rejects the template otherwise ("Unresolved
 * resource dependencies"). SAM resolves `<Id>.<Property>` in Ref, GetAtt and
 * Sub only, never here.
 */
export function checkDependsOn(body: CfnMap, scope: Scope): void {
  const node = mapGet(body, 'DependsOn');
  const names = node?.kind === 'scalar' ? [node] : node?.kind === 'seq' ? node.items : [];
  for (const n of names) {
    if (n.kind !== 'scalar' || typeof n.value !== 'string') continue;
    const name = n.value;
    const target = scope.resourceIds.get(name);
    if (target) {
      checkCreated(name, target.id, n.loc, scope);
      continue;
    }
    const samProperty = scope.generators.samReferences.has(name) && !scope.generators.openTransform;
    if (!samProperty && generatedBy(name, scope.generators)) continue;
    scope.unresolved.push({ name, loc: n.loc, expected: 'resource', candidates: candidatesOf(scope, false) });
  }
}

/**
 * A condition named by `Fn::If`, a resource's or an output's `Condition`, or
 * `Condition` inside another condition must be declared in `Conditions`:
 * CloudFormation rejects the template otherwise ("Unresolved condition
 * dependencies"). Where other files or a transform complete the template, it
 * may be declared there.
 */
export function checkConditionName(node: CfnNode, scope: Scope): void {
  if (node.kind !== 'scalar' || typeof node.value !== 'string' || conditionMayExist(node.value, scope)) return;
  scope.unresolved.push({ name: node.value, loc: node.loc, expected: 'condition', candidates: scope.conditions?.entries.map((e) => e.key) ?? [] });
}

/**
 * Whether condition `name` is declared, or may be by what completes the
 * template. One that is not guards nothing: the template is rejected, which
 * `checkConditionName` reports, not a resource made under it.
 */
export function conditionMayExist(name: string, scope: Scope): boolean {
  if (scope.conditions && mapGet(scope.conditions, name)) return true;
  const g = scope.generators;
  return scope.conditionsOpen === true || g.openTransform || g.assembledBy !== undefined || g.preprocessedBy !== undefined || g.moduleIds.length > 0 || scope.serverless === true;
}

function parameterValue(name: string, param: CfnMap, loc: Loc, scope: Scope): Value {
  const type = mapGet(param, 'Type');
  if (type?.kind === 'scalar' && String(type.value).startsWith('AWS::SSM::Parameter::Value')) {
    return { kind: 'unknown', reason: `parameter ${name} is read from SSM at deploy time`, loc };
  }
  const list = isListParameter(type);
  const given = scope.parameterValues.get(name);
  if (typeof given === 'string') {
    const value: Value = { kind: 'literal', value: given, loc, via: [param.loc], commandLine: `--parameters ${name}=${given}` };
    return list ? listOf(value) : value;
  }
  // A parent stack's value is reported where the parent wrote it; the use here is its path.
  if (given !== undefined) {
    const value = extend(given, { via: [loc, ...(given.via ?? [])] });
    return list ? listOf(value) : value;
  }
  const def = mapGet(param, 'Default');
  if (!def || scope.depth > 8) return { kind: 'unknown', reason: `parameter ${name} has no default`, loc };
  // An empty default is a placeholder for the deployer to fill, never a name or a setting.
  if (def.kind === 'scalar' && (def.value === '' || def.value === null)) {
    return { kind: 'unknown', reason: `parameter ${name} has an empty default (a placeholder)`, loc, via: [def.loc], fromInput: name };
  }
  if (def.kind === 'scalar' && !defaultCanDeploy(name, String(def.value), scope)) {
    return { kind: 'unknown', reason: `parameter ${name} is not at its default ${String(def.value)} here: the conditions this value is under need another value`, loc, via: [def.loc], fromInput: name };
  }
  const defaulted = def.kind === 'scalar' ? scalarDefault(def, name, loc) : nodeDefault(def, name, loc, scope);
  return list ? listOf(defaulted) : defaulted;
}

/**
 * Whether a parameter's default can be what deploys where a value is built: not where the
 * conditions it is under (an `Fn::If` branch, the resource's `Condition`) hold only with another value.
 */
function defaultCanDeploy(name: string, text: string, scope: Scope): boolean {
  if (!scope.assumed?.length) return true;
  const space = conditionSpace(scope);
  return !space || space.admits(scope.assumed, name, text);
}

/** A written default (nearly every one): the literal `toValue` makes of it, placed at the use. */
function scalarDefault(def: CfnScalar, name: string, loc: Loc): Value {
  work.evaluations++;
  return { kind: 'literal', value: def.value, loc, via: [def.loc], fromInput: name };
}

function nodeDefault(def: CfnNode, name: string, loc: Loc, scope: Scope): Value {
  scope.depth++;
  const value = toValue(def, scope);
  scope.depth--;
  return extend(defaultOf(value, name), { loc, via: [def.loc, ...(value.via ?? [])] });
}

/** Marked copies already made: an export imported under a default name 1,000 times is copied once. */
const markedCopies = new WeakMap<Value, Value>();

/** `v` as the default of input `name`, in every part: what is taken out of it (an item, an entry) is a default too. */
function defaultOf(v: Value, name: string): Value {
  if (v.fromInput !== undefined) return v;
  const known = markedCopies.get(v);
  if (known?.fromInput === name) return known;
  let out: Value;
  if (v.kind === 'list') out = extend(v, { items: v.items.map((i) => defaultOf(i, name)), fromInput: name });
  else if (v.kind === 'object') out = extend(v, { entries: v.entries.map((e) => ({ ...e, value: defaultOf(e.value, name) })), fromInput: name });
  else out = extend(v, { fromInput: name });
  markedCopies.set(v, out);
  return out;
}

/**
 * A value computed or chosen from others (a `Fn::Select` index and list, a
 * `Fn::FindInMap` key, an imported name) is only a default when one of them is:
 * a deployer who gives that input gets another value.
 */
function asSureAs(v: Value, sources: readonly Value[]): Value {
  const input = sources.find((s) => s.fromInput !== undefined)?.fromInput;
  return input === undefined ? v : defaultOf(v, input);
}

/** `CommaDelimitedList` and `List<...>` parameters are lists, given as one comma-separated string. */
function isListParameter(type: CfnNode | undefined): boolean {
  if (type?.kind !== 'scalar') return false;
  const name = String(type.value);
  return name === 'CommaDelimitedList' || name.startsWith('List<');
}

/** A literal string split as CloudFormation splits a list parameter (on commas, each item trimmed), keeping where it came from. */
function listOf(value: Value): Value {
  if (value.kind !== 'literal' || typeof value.value !== 'string') return value;
  const { value: text, ...source } = value;
  return { ...source, kind: 'list', items: text.split(',').map((item) => ({ ...source, kind: 'literal', value: item.trim() })) };
}

function getAtt(fn: CfnFn, scope: Scope): Value {
  const parts = getAttParts(fn.arg);
  if (!parts) return unknown(fn, 'Fn::GetAtt with a computed argument');
  return attributeOf(parts[0], parts[1], fn.loc, fn.arg.kind === 'seq' ? fn.arg.items[0].loc : fn.arg.loc, scope);
}

/** `Fn::GetAtt` (or `${Name.Attr}` in `Fn::Sub`) at `loc`, of resource `name` written at `nameLoc`. */
function attributeOf(name: string, attr: string, loc: Loc, nameLoc: Loc, scope: Scope): Value {
  const target = scope.resourceIds.get(name);
  if (!target) {
    const generated = generatedBy(name, scope.generators);
    if (generated) return { kind: 'unknown', reason: `${name}: ${generated}`, loc };
    scope.unresolved.push({ name, loc: nameLoc, expected: 'resource', candidates: candidatesOf(scope, false) });
    return { kind: 'unknown', reason: `unresolved reference ${name}`, loc };
  }
  checkCreated(name, target.id, nameLoc, scope);
  if (isNestedStack(target.type) && attr.startsWith('Outputs.')) {
    const output = scope.nestedOutput(name, attr.slice('Outputs.'.length));
    if (output) return extend(output, { loc, via: [output.loc, ...(output.via ?? [])] });
    return { kind: 'unknown', reason: `output ${attr} of nested stack ${name} is not known`, loc };
  }
  return { kind: 'ref', target: target.id, attribute: getAttAttribute[attr] ?? `other:${attr}`, text: `${name}.${attr}`, loc };
}

function getAttParts(arg: CfnNode): [string, string] | undefined {
  if (arg.kind === 'scalar' && typeof arg.value === 'string') {
    const dot = arg.value.indexOf('.');
    return dot > 0 ? [arg.value.slice(0, dot), arg.value.slice(dot + 1)] : undefined;
  }
  if (arg.kind === 'seq' && arg.items.length === 2) {
    const a = arg.items[0];
    const b = arg.items[1];
    if (a.kind === 'scalar' && b.kind === 'scalar') return [String(a.value), String(b.value)];
  }
  return undefined;
}

function sub(fn: CfnFn, scope: Scope): Value {
  let textNode: CfnNode | undefined = fn.arg;
  let vars: CfnMap | undefined;
  if (fn.arg.kind === 'seq') {
    textNode = fn.arg.items[0];
    const second = fn.arg.items[1];
    vars = second?.kind === 'map' ? second : undefined;
  }
  if (textNode?.kind !== 'scalar' || typeof textNode.value !== 'string') return unknown(fn, 'Fn::Sub of a computed string');
  const parts: Array<string | Value> = [];
  // Each variable is evaluated once and shared by all its uses: `${Y}${Y}` nested n deep is n evaluations, not 2^n.
  const evaluated = vars ? new Map<string, Value>() : undefined;
  const text = textNode;
  let placeOf: ((from: number, to: number) => Loc) | undefined;
  // A variable that names a resource or parameter is placed where it is written in the string (found on first use).
  const placed = (part: SubVariable): Loc => (placeOf ??= decodedRangeMapper(text.loc, text.style) ?? (() => text.loc))(part.from, part.to);
  const written = parseSubString(textNode.value);
  // Indexed: the first few hundred Subs run before V8 optimises this, where an iterator costs.
  for (let i = 0; i < written.length; i++) {
    const part = written[i];
    if (typeof part === 'string') {
      const pieces = dynamicReferenceParts(part, text.loc);
      if (pieces) parts.push(...pieces);
      else parts.push(part);
      continue;
    }
    const local = vars ? mapGet(vars, part.name) : undefined;
    const shared = evaluated?.get(part.name);
    if (shared) parts.push(shared);
    else if (local) {
      const value = toValue(local, scope);
      evaluated?.set(part.name, value);
      parts.push(value);
    } else if (part.attribute !== undefined) {
      const loc = placed(part);
      parts.push(attributeOf(part.name, part.attribute, loc, loc, scope));
    } else parts.push(refTo(part.name, placed(part), scope));
  }
  return boundedTemplate({ kind: 'template', parts, loc: fn.loc });
}

function join(fn: CfnFn, scope: Scope): Value {
  if (fn.arg.kind !== 'seq' || fn.arg.items.length !== 2) return unknown(fn, 'malformed Fn::Join');
  const delimNode = fn.arg.items[0];
  const listNode = fn.arg.items[1];
  const list = toValue(listNode, scope);
  if (delimNode.kind !== 'scalar' || list.kind !== 'list') return unknown(fn, 'Fn::Join of a computed list');
  const delimiter = String(delimNode.value ?? '');
  const parts: Array<string | Value> = [];
  list.items.forEach((item, i) => {
    if (i > 0 && delimiter) parts.push(delimiter);
    parts.push(item);
  });
  return asSureAs(boundedTemplate({ kind: 'template', parts, loc: fn.loc }), [list]);
}

function fnIf(fn: CfnFn, scope: Scope): Value {
  if (fn.arg.kind !== 'seq' || fn.arg.items.length !== 3) return unknown(fn, 'malformed Fn::If');
  const conditionNode = fn.arg.items[0];
  checkConditionName(conditionNode, scope);
  const branchNodes = [fn.arg.items[1], fn.arg.items[2]];
  const name = conditionNode.kind === 'scalar' ? String(conditionNode.value) : undefined;
  const space = name === undefined || !conditionMayExist(name, scope) ? undefined : conditionSpace(scope);
  // A branch the conditions rule out is never taken, so never checked: known inputs decide, and so
  // do the conditions the value is there under (a resource's own Condition, an enclosing branch).
  let truth = name === undefined ? undefined : conditionTruth(name, scope);
  if (truth === undefined && name !== undefined && space && scope.assumed?.length) truth = space.impliedBy(scope.assumed, name);
  const guards = truth === undefined && name !== undefined && space ? [space.guard(name, true), space.guard(name, false)] : undefined;
  // Both branches are built either way: a reference to nothing is an error in a branch not taken too.
  const branches = branchNodes.map((n, i) => {
    const when = guards && [guards[i]];
    // A reference to what is not created fails only where its branch can be taken: avoiding that is what Fn::If is for.
    // In an open branch it is checked under the branch's guard (a warning unless the defaults take it).
    const surely = truth === undefined || truth === (i === 0) || !scope.notCreated ? scope : extend(scope, { notCreated: undefined });
    return guardedBy(toValue(n, when ? extend(surely, { assumed: [...(surely.assumed ?? []), ...when] }) : surely), when);
  });
  if (truth !== undefined) return branches[truth ? 0 : 1];
  const options = branches.filter((v) => !(v.kind === 'unknown' && v.reason === 'pseudo:AWS::NoValue'));
  if (options.length === 1) return options[0];
  return { kind: 'choice', options, loc: fn.loc };
}

function select(fn: CfnFn, scope: Scope): Value {
  if (fn.arg.kind !== 'seq' || fn.arg.items.length !== 2) return unknown(fn, 'malformed Fn::Select');
  const index = toValue(fn.arg.items[0], scope);
  const list = toValue(fn.arg.items[1], scope);
  const i = index.kind === 'literal' ? Number(index.value) : NaN;
  if (list.kind === 'list' && Number.isInteger(i) && i >= 0 && i < list.items.length) return asSureAs(list.items[i], [index, list]);
  return unknown(fn, 'Fn::Select of a computed list or index');
}

/**
 * `Fn::Split` of a string whose text is known or a default: the list of its
 * pieces, each as sure as the string (a default stays a default). A piece of
 * a string written in place is placed where it is written.
 */
function split(fn: CfnFn, scope: Scope): Value {
  if (fn.arg.kind !== 'seq' || fn.arg.items.length !== 2) return unknown(fn, 'malformed Fn::Split');
  const delimiterNode = fn.arg.items[0];
  const sourceNode = fn.arg.items[1];
  const source = toValue(sourceNode, scope);
  const text = literalText(source);
  if (delimiterNode.kind !== 'scalar' || typeof delimiterNode.value !== 'string' || delimiterNode.value === '' || text === undefined) {
    return unknown(fn, 'Fn::Split of a computed string');
  }
  const delimiter = delimiterNode.value;
  const placeOf = sourceNode.kind === 'scalar' ? decodedRangeMapper(sourceNode.loc, sourceNode.style) : undefined;
  const { fromInput, commandLine, via } = source;
  const sure = { ...(via && { via }), ...(fromInput !== undefined && { fromInput }), ...(commandLine !== undefined && { commandLine }) };
  const items: Value[] = [];
  let from = 0;
  for (const piece of text.split(delimiter)) {
    items.push({ kind: 'literal', value: piece, loc: placeOf?.(from, from + piece.length) ?? source.loc, ...sure });
    from += piece.length + delimiter.length;
  }
  return { kind: 'list', items, loc: fn.loc };
}

function findInMap(fn: CfnFn, scope: Scope): Value {
  if (fn.arg.kind !== 'seq' || fn.arg.items.length < 3) return unknown(fn, 'malformed Fn::FindInMap');
  const keys = fn.arg.items.slice(0, 3).map((n) => toValue(n, scope));
  // A key may be computed from what is known (`!Join`, `!Sub`, `!Select` of literals and parameter values).
  const names = keys.map(literalText);
  if (!names.every((k): k is string => k !== undefined)) return unknown(fn, 'Fn::FindInMap with a computed key');
  let node: CfnNode | undefined = scope.mappings;
  for (const name of names) node = node?.kind === 'map' ? mapGet(node, name) : undefined;
  // `DefaultValue` (AWS::LanguageExtensions): what a missing entry gives instead of failing the deploy.
  const fallback = defaultValueOf(fn.arg.items[3]);
  if (!node && fallback) return asSureAs(extend(toValue(fallback, scope), { loc: fn.loc, via: [fallback.loc] }), keys);
  if (!node) {
    scope.unresolved.push({ name: names.join('.'), loc: fn.loc, expected: 'mapping entry' });
    return unknown(fn, 'Fn::FindInMap names no entry');
  }
  const value = toValue(node, scope);
  return asSureAs(extend(value, { loc: fn.loc, via: [node.loc] }), keys);
}

/** The `DefaultValue` of `Fn::FindInMap`'s fourth argument (`{ DefaultValue: x }`), if it has one. */
function defaultValueOf(node: CfnNode | undefined): CfnNode | undefined {
  return node?.kind === 'map' ? mapGet(node, 'DefaultValue') : undefined;
}

/** `Fn::ImportValue` resolves against the exports of the other templates in the run; unmatched, it is unknown. */
function importValue(fn: CfnFn, scope: Scope): Value {
  const nameValue = toValue(fn.arg, scope);
  const name = literalText(nameValue);
  if (name === undefined) return unknown(fn, 'Fn::ImportValue of a name that is not known statically');
  const exported = scope.importValue(name);
  if (!exported) return unknown(fn, `no template in the run exports "${name}"`);
  // Marked before it is placed here, so an export imported many times under a default name is marked once.
  return extend(asSureAs(exported, [nameValue]), { loc: fn.loc, via: [exported.loc, ...(exported.via ?? [])] });
}

/** A string value made only of literals (a `Fn::Sub` of parameter defaults, say), or undefined. */
export function literalText(v: Value): string | undefined {
  if (v.kind === 'literal') return v.value === null ? undefined : String(v.value);
  if (v.kind !== 'template') return undefined;
  let text = '';
  for (const part of v.parts) {
    const t = typeof part === 'string' ? part : literalText(part);
    if (t === undefined) return undefined;
    text += t;
  }
  return text;
}
