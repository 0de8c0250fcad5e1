import type { CfnFn, CfnMap, CfnNode } from '../parsers/cloudformation-tree.js';
import { parseEmbeddedJson, stringIndexMapper } from '../parsers/embedded-json.js';
import type { Loc } from '../source.js';
import { kindRow } from './kinds.js';
import { canonicalProps } from './canonical.js';
import { parseSubString } from './sub.js';
import type { Kind, Resource, UnresolvedRef } from './types.js';
import type { Attribute, ObjectValue, Value } from './value.js';

/** What `Ref` returns for each kind; everything not listed returns its physical id. */
const refAttribute: Partial<Record<Kind, Attribute>> = {
  'iam.role': 'name',
  'iam.instance-profile': 'name',
  'iam.policy': 'arn',
};

/** `Fn::GetAtt` attribute names with a canonical meaning. */
const getAttAttribute: Record<string, Attribute> = { Arn: 'arn', RoleId: 'unique-id' };

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

export interface CfnBuildResult {
  resources: Resource[];
  unresolved: UnresolvedRef[];
}

interface Scope {
  file: string;
  /** Logical ids of modules (registry `::MODULE` types, `Rain::Module`): they create resources named `<id><Inner>`. */
  moduleIds: string[];
  /** A transform other than SAM may create any resource. */
  openTransform: boolean;
  /** Logical ids of SAM resources, when the SAM transform is on: SAM names what it creates after them. */
  samPrefixes: string[];
  sam: boolean;
  resourceIds: Map<string, { id: string; kind: Kind }>;
  parameters: Map<string, CfnMap>;
  mappings: CfnMap | undefined;
  unresolved: UnresolvedRef[];
  /** Guards parameter defaults that refer to themselves through Sub/Join. */
  depth: number;
}

/** Canonical props that hold a policy document, which CloudFormation also accepts as a JSON string. */
const documentProps = ['trustPolicy', 'policyDocument'] as const;

/** The unit id of a template is its file. `source` is the decoded text, for positions inside JSON strings. */
export function buildCloudFormation(file: string, root: CfnNode, source: string): CfnBuildResult {
  const result: CfnBuildResult = { resources: [], unresolved: [] };
  if (root.kind !== 'map') return result;
  const section = (name: string): CfnMap | undefined => {
    const node = mapGet(root, name);
    return node?.kind === 'map' ? node : undefined;
  };
  const resourcesNode = section('Resources');
  const transforms = transformNames(mapGet(root, 'Transform'));
  const scope: Scope = {
    file,
    moduleIds: [],
    openTransform: transforms.some((t) => !knownTransforms.has(t)) || hasForEach(resourcesNode),
    sam: transforms.includes(samTransform),
    samPrefixes: [],
    resourceIds: new Map(),
    parameters: new Map(),
    mappings: section('Mappings'),
    unresolved: result.unresolved,
    depth: 0,
  };
  for (const p of section('Parameters')?.entries ?? []) {
    if (p.value.kind === 'map') scope.parameters.set(p.key, p.value);
  }
  const declared: Array<{ logicalId: string; keyLoc: Loc; body: CfnMap; type: string }> = [];
  for (const entry of resourcesNode?.entries ?? []) {
    if (entry.value.kind !== 'map') continue;
    const typeNode = mapGet(entry.value, 'Type');
    const type = typeNode?.kind === 'scalar' && typeof typeNode.value === 'string' ? typeNode.value : '';
    if (typeNode && (type === '' || type.endsWith('::MODULE'))) scope.moduleIds.push(entry.key);
    if (scope.sam && type.startsWith('AWS::Serverless::')) scope.samPrefixes.push(entry.key);
    const kind = kindRow('cloudformation', type).kind;
    scope.resourceIds.set(entry.key, { id: `${file}#${entry.key}`, kind });
    declared.push({ logicalId: entry.key, keyLoc: entry.keyLoc, body: entry.value, type });
  }
  for (const d of declared) {
    const row = kindRow('cloudformation', d.type);
    const rawProps = mapGet(d.body, 'Properties');
    const propsNode = rawProps?.kind === 'map' ? withDocumentsParsed(rawProps, row.props, source) : rawProps;
    const props: ObjectValue =
      propsNode === undefined
        ? { kind: 'object', entries: [], loc: d.keyLoc }
        : asObject(toValue(propsNode, scope), propsNode.loc);
    const conditionNode = mapGet(d.body, 'Condition');
    const metadataNode = mapGet(d.body, 'Metadata');
    const resource: Resource = {
      id: `${file}#${d.logicalId}`,
      kind: row.kind,
      iac: 'cloudformation',
      type: d.type,
      address: d.logicalId,
      unit: file,
      loc: d.keyLoc,
      external: false,
      props,
      canonical: canonicalProps(props, row),
      ...(conditionNode?.kind === 'scalar' ? { condition: String(conditionNode.value) } : {}),
      ...(metadataNode ? { metadata: toValue(metadataNode, scope) } : {}),
    };
    result.resources.push(resource);
  }
  // Outputs and Conditions still get their references checked.
  for (const name of ['Outputs', 'Conditions']) {
    const node = section(name);
    if (node) toValue(node, scope);
  }
  return result;
}

/**
 * Policy documents written as a JSON string are parsed in place, with every
 * node's position mapped back into the template, so rules see one shape.
 */
function withDocumentsParsed(props: CfnMap, paths: Partial<Record<string, string>>, source: string): CfnMap {
  const keys = new Set(documentProps.map((p) => paths[p]).filter((k): k is string => k !== undefined && !k.includes('.')));
  if (keys.size === 0) return props;
  return {
    ...props,
    entries: props.entries.map((e) => {
      if (!keys.has(e.key) || e.value.kind !== 'scalar' || typeof e.value.value !== 'string') return e;
      const parsed = parseEmbeddedJson(e.value.value, stringIndexMapper(source, e.value.loc, e.value.style), e.value.loc.file);
      return parsed ? { ...e, value: parsed } : e;
    }),
  };
}

const samTransform = 'AWS::Serverless-2016-10-31';
/** Transforms whose generated resources are known: SAM's are named after its own; LanguageExtensions adds none but Fn::ForEach. */
const knownTransforms = new Set([samTransform, 'AWS::LanguageExtensions']);

/**
 * Suffixes of the resources SAM generates after a resource's logical id
 * (SAM docs, "Generated AWS CloudFormation resources"): `<Function>Role`,
 * `<Function>Version<hash>`, `<Function>Alias<name>`, `<Function><Event>Permission`,
 * `<Api>Deployment<hash>`, `<Api><stage>Stage`, ...
 */
const samGenerated =
  /^(Role|Policy|Version[A-Za-z0-9]*|Alias[A-Za-z0-9]+|DeploymentGroup|Deployment[A-Za-z0-9]*|[A-Za-z0-9]*(Permission|Stage|Rule|Topic|Queue|Subscription|EventSourceMapping|EventInvokeConfig|ApiKey|UsagePlan|UsagePlanKey|DomainName|BasePathMapping|RecordSetGroup|LogGroup|Url|Connector))$/;

function transformNames(node: CfnNode | undefined): string[] {
  if (!node) return [];
  if (node.kind === 'scalar') return [String(node.value)];
  if (node.kind === 'seq') return node.items.flatMap((n) => (n.kind === 'scalar' ? [String(n.value)] : ['(computed)']));
  return ['(computed)'];
}

/** `Fn::ForEach::Name` keys in Resources (AWS::LanguageExtensions) create resources with computed ids. */
function hasForEach(resources: CfnMap | undefined): boolean {
  return resources?.entries.some((e) => e.key.startsWith('Fn::ForEach::')) ?? false;
}

/** Why a name that is not declared may still exist, or undefined when it is simply missing. */
function generatedBy(name: string, scope: Scope): string | undefined {
  if (scope.openTransform) return 'a transform may create it';
  const module = scope.moduleIds.find((id) => name.startsWith(id) && name.length > id.length);
  if (module) return `created by module ${module}`;
  if (scope.sam && (name.startsWith('Serverless') || scope.samPrefixes.some((p) => name.startsWith(p) && samGenerated.test(name.slice(p.length))))) {
    return 'created by the SAM transform';
  }
  return undefined;
}

function asObject(v: Value, loc: Loc): ObjectValue {
  return v.kind === 'object' ? v : { kind: 'object', entries: [], loc };
}

function mapGet(map: CfnMap, key: string): CfnNode | undefined {
  for (const e of map.entries) if (e.key === key) return e.value;
  return undefined;
}

export function toValue(node: CfnNode, scope: Scope): Value {
  switch (node.kind) {
    case 'scalar':
      return { kind: 'literal', value: node.value, loc: node.loc };
    case 'seq':
      return { kind: 'list', items: node.items.map((n) => toValue(n, scope)), loc: node.loc };
    case 'map':
      return {
        kind: 'object',
        entries: node.entries.map((e) => ({ key: e.key, keyLoc: e.keyLoc, value: toValue(e.value, scope) })),
        loc: node.loc,
      };
    case 'fn':
      return intrinsic(node, scope);
  }
}

type Intrinsic = (fn: CfnFn, scope: Scope) => Value;

const intrinsics: Record<string, Intrinsic> = {
  Ref: (fn, scope) => (fn.arg.kind === 'scalar' ? refTo(String(fn.arg.value), fn.loc, scope) : unknown(fn, 'Ref of a non-string')),
  'Fn::GetAtt': getAtt,
  'Fn::Sub': sub,
  'Fn::Join': join,
  'Fn::If': fnIf,
  'Fn::Select': select,
  'Fn::FindInMap': findInMap,
  // The decoded content is what rules care about (user data scanned for keys).
  'Fn::Base64': (fn, scope) => ({ ...toValue(fn.arg, scope), loc: fn.loc }),
};

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

function refTo(name: string, loc: Loc, scope: Scope): Value {
  const target = scope.resourceIds.get(name);
  if (target) {
    return { kind: 'ref', target: target.id, attribute: refAttribute[target.kind] ?? 'id', text: name, loc };
  }
  const param = scope.parameters.get(name);
  if (param) return parameterValue(name, param, loc, scope);
  if (pseudoParameters.has(name)) return { kind: 'unknown', reason: `pseudo:${name}`, loc };
  const generated = generatedBy(name, scope);
  if (generated) return { kind: 'unknown', reason: `${name}: ${generated}`, loc };
  scope.unresolved.push({ name, loc, expected: 'resource or parameter', candidates: [...scope.resourceIds.keys(), ...scope.parameters.keys()] });
  return { kind: 'unknown', reason: `unresolved reference ${name}`, loc };
}

function parameterValue(name: string, param: CfnMap, loc: Loc, scope: Scope): Value {
  const type = mapGet(param, 'Type');
  if (type?.kind === 'scalar' && String(type.value).startsWith('AWS::SSM::Parameter::Value')) {
    return { kind: 'unknown', reason: `parameter ${name} is read from SSM at deploy time`, loc };
  }
  const def = mapGet(param, 'Default');
  if (!def || scope.depth > 8) return { kind: 'unknown', reason: `parameter ${name} has no default`, loc };
  scope.depth++;
  const value = toValue(def, scope);
  scope.depth--;
  return { ...value, loc, via: [def.loc, ...(value.via ?? [])] };
}

function getAtt(fn: CfnFn, scope: Scope): Value {
  const parts = getAttParts(fn.arg);
  if (!parts) return unknown(fn, 'Fn::GetAtt with a computed argument');
  const [name, attr] = parts;
  const target = scope.resourceIds.get(name);
  if (!target) {
    const generated = generatedBy(name, scope);
    if (generated) return unknown(fn, `${name}: ${generated}`);
    scope.unresolved.push({
      name,
      loc: fn.arg.kind === 'seq' ? fn.arg.items[0].loc : fn.arg.loc,
      expected: 'resource',
      candidates: [...scope.resourceIds.keys()],
    });
    return unknown(fn, `unresolved reference ${name}`);
  }
  return { kind: 'ref', target: target.id, attribute: getAttAttribute[attr] ?? `other:${attr}`, text: `${name}.${attr}`, loc: fn.loc };
}

function getAttParts(arg: CfnNode): [string, string] | undefined {
  if (arg.kind === 'scalar' && typeof arg.value === 'string') {
    const dot = arg.value.indexOf('.');
    return dot > 0 ? [arg.value.slice(0, dot), arg.value.slice(dot + 1)] : undefined;
  }
  if (arg.kind === 'seq' && arg.items.length === 2) {
    const [a, b] = arg.items;
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
  for (const part of parseSubString(textNode.value)) {
    if (typeof part === 'string') {
      parts.push(part);
      continue;
    }
    const local = vars ? mapGet(vars, part.name) : undefined;
    if (local) parts.push(toValue(local, scope));
    else if (part.attribute !== undefined) {
      parts.push(getAtt({ kind: 'fn', name: 'Fn::GetAtt', arg: { kind: 'scalar', value: `${part.name}.${part.attribute}`, loc: textNode.loc, style: 'plain' }, loc: textNode.loc }, scope));
    } else parts.push(refTo(part.name, textNode.loc, scope));
  }
  return { kind: 'template', parts, loc: fn.loc };
}

function join(fn: CfnFn, scope: Scope): Value {
  if (fn.arg.kind !== 'seq' || fn.arg.items.length !== 2) return unknown(fn, 'malformed Fn::Join');
  const [delimNode, listNode] = fn.arg.items;
  const list = toValue(listNode, scope);
  if (delimNode.kind !== 'scalar' || list.kind !== 'list') return unknown(fn, 'Fn::Join of a computed list');
  const delimiter = String(delimNode.value ?? '');
  const parts: Array<string | Value> = [];
  list.items.forEach((item, i) => {
    if (i > 0 && delimiter) parts.push(delimiter);
    parts.push(item);
  });
  return { kind: 'template', parts, loc: fn.loc };
}

function fnIf(fn: CfnFn, scope: Scope): Value {
  if (fn.arg.kind !== 'seq' || fn.arg.items.length !== 3) return unknown(fn, 'malformed Fn::If');
  const options = fn.arg.items.slice(1).map((n) => toValue(n, scope)).filter((v) => !(v.kind === 'unknown' && v.reason === 'pseudo:AWS::NoValue'));
  if (options.length === 1) return options[0];
  return { kind: 'choice', options, loc: fn.loc };
}

function select(fn: CfnFn, scope: Scope): Value {
  if (fn.arg.kind !== 'seq' || fn.arg.items.length !== 2) return unknown(fn, 'malformed Fn::Select');
  const index = toValue(fn.arg.items[0], scope);
  const list = toValue(fn.arg.items[1], scope);
  const i = index.kind === 'literal' ? Number(index.value) : NaN;
  if (list.kind === 'list' && Number.isInteger(i) && i >= 0 && i < list.items.length) return list.items[i];
  return unknown(fn, 'Fn::Select of a computed list or index');
}

function findInMap(fn: CfnFn, scope: Scope): Value {
  if (fn.arg.kind !== 'seq' || fn.arg.items.length < 3) return unknown(fn, 'malformed Fn::FindInMap');
  const keys = fn.arg.items.slice(0, 3).map((n) => toValue(n, scope));
  if (!keys.every((k) => k.kind === 'literal')) return unknown(fn, 'Fn::FindInMap with a computed key');
  let node: CfnNode | undefined = scope.mappings;
  for (const k of keys) node = node?.kind === 'map' ? mapGet(node, String((k as { value: unknown }).value)) : undefined;
  if (!node) {
    scope.unresolved.push({ name: keys.map((k) => String((k as { value: unknown }).value)).join('.'), loc: fn.loc, expected: 'mapping entry' });
    return unknown(fn, 'Fn::FindInMap names no entry');
  }
  const value = toValue(node, scope);
  return { ...value, loc: fn.loc, via: [node.loc] };
}
