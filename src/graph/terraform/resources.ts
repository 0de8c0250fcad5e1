import type { Block } from '../../parsers/hcl/ast.js';
import { joinRange, type Loc } from '../../shared/source.js';
import { canonicalProps } from '../build/canonical.js';
import { kindRow } from '../kinds.js';
import type { Resource } from '../types.js';
import type { ChoiceValue, ObjectEntry, ObjectValue, Value } from '../value.js';
import { metaArguments } from './attributes.js';
import { attribute, evaluateBody, mergeOverride } from './body.js';
import { malformedJson, parseJsonString } from './embedded.js';
import { policyDocument } from './policy-document.js';
import { renderings } from './renderings.js';
import { existenceCondition, repetitionBindings, type Instances } from './repetition.js';
import { assuming } from './evaluate.js';
import { moduleConditions } from './conditions.js';
import { addressPrefix, resourceId, type DeclaredResource, type ModuleScope, NO_BINDINGS } from './scope.js';
import { table } from '../../shared/own.js';

/** Attributes holding a policy as a JSON string beyond the kind table's `trustPolicy`/`policyDocument`. */
const extraJsonPaths: Record<string, string[]> = table({
  aws_iam_role: ['inline_policy.policy'],
});

/** The block header: its type and labels; in `.tf.json` the name's key (the type key is lines above it). */
export function headerLoc(file: string, block: Block): Loc {
  const last = block.labels[block.labels.length - 1];
  if (last && file.endsWith('.json')) return { file, range: last.range };
  return { file, range: last ? joinRange(block.typeRange, last.range) : block.typeRange };
}

/** The evaluated body of a resource, once; undefined while it is being evaluated (a cycle). */
export function resourceProps(decl: DeclaredResource, scope: ModuleScope): ObjectValue | undefined {
  const cached = scope.propsCache.get(decl.key);
  if (cached) return cached;
  if (scope.inProgress.has(decl.key)) return undefined;
  scope.inProgress.add(decl.key);
  const props = evaluateResource(decl, scope);
  scope.inProgress.delete(decl.key);
  scope.propsCache.set(decl.key, props);
  return props;
}

function evaluateResource(decl: DeclaredResource, scope: ModuleScope): ObjectValue {
  // `each` and `count` are bound for the body only (for_each itself cannot use them), override blocks included.
  const ctx = { scope, file: decl.file, owner: decl.key, env: NO_BINDINGS, depth: 0 };
  const bindings = repetitionBindings(decl.block.body, ctx);
  // The body is there only where the resource has instances: a condition its count or for_each decides is decided.
  const exists = existenceCondition(decl.block.body);
  const assumed = exists && assuming(ctx, exists.condition, exists.holds).assumed;
  let props = bodyOf(decl.block, decl.file, decl.key, scope, bindings, assumed);
  for (const o of decl.overrides) props = mergeOverride(props, bodyOf(o.block, o.file, decl.key, scope, bindings, assumed));
  props = parsePolicyStrings(props, decl.type, scope);
  if (isPolicyDocument(decl)) {
    const header = headerLoc(decl.file, decl.block);
    props = { ...props, entries: [...props.entries, { key: 'json', keyLoc: header, value: policyDocument(props, header, scope) }] };
  }
  return props;
}

function bodyOf(block: Block, file: string, owner: string, scope: ModuleScope, bindings: Array<[string, Value]>, assumed?: ReadonlyMap<string, boolean>): ObjectValue {
  const ctx = { scope, file, owner, env: new Map<string, Value>(bindings), depth: 0, ...(assumed && { assumed }) };
  return evaluateBody(block.body, ctx, { file, range: block.range }, metaArguments);
}

/** `data.aws_iam_policy_document.x.json`: the document the data source renders. */
export function resourceDocument(decl: DeclaredResource, scope: ModuleScope): ObjectValue | undefined {
  const props = resourceProps(decl, scope);
  const doc = props?.entries.find((e) => e.key === 'json')?.value;
  return doc?.kind === 'object' ? doc : undefined;
}

function isPolicyDocument(decl: DeclaredResource): boolean {
  return decl.mode === 'data' && decl.type === 'aws_iam_policy_document';
}

/** JSON written as a string (heredoc, quoted, `file()`) where a policy is expected becomes a document. */
export function parsePolicyStrings(props: ObjectValue, type: string, scope: ModuleScope): ObjectValue {
  const row = kindRow('terraform', type);
  const paths = [row.props.trustPolicy, row.props.policyDocument, ...(extraJsonPaths[type] ?? [])].filter((p): p is string => !!p);
  return paths.reduce((obj, path) => mapAtPath(obj, path.split('.'), (v) => parsePolicyValue(v, scope)), props);
}

function mapAtPath(obj: ObjectValue, segments: string[], f: (v: Value) => Value): ObjectValue {
  const [head, ...rest] = segments;
  const entries = obj.entries.map((e): ObjectEntry => {
    if (e.key !== head) return e;
    return { ...e, value: rest.length === 0 ? f(e.value) : mapInto(e.value, rest, f) };
  });
  return { ...obj, entries };
}

function mapInto(v: Value, segments: string[], f: (v: Value) => Value): Value {
  if (v.kind === 'object') return mapAtPath(v, segments, f);
  if (v.kind === 'list') return { ...v, items: v.items.map((i) => mapInto(i, segments, f)) };
  return v;
}

function parsePolicyValue(v: Value, scope: ModuleScope): Value {
  if (v.kind === 'choice') return { ...v, options: v.options.map((o) => parsePolicyValue(o, scope)) };
  if (v.kind === 'template') {
    const each = renderings(scope, v);
    if (each.kind === 'choice') return deployableRenderings(each, scope);
  }
  if (v.kind !== 'literal' && v.kind !== 'template') return v;
  const doc = parseJsonString(scope, v);
  if (!doc || (doc.kind !== 'object' && doc.kind !== 'unknown')) return v;
  // The document stands where the string was used; its contents keep their own positions.
  return { ...doc, loc: v.loc, ...(v.via ? { via: v.via } : {}) };
}

/**
 * A template's renderings read as documents. A rendering whose text is all
 * known and is not JSON is a policy IAM rejects (MalformedPolicyDocument),
 * no branch that deploys: such combinations come from `%{if}`s that move
 * together but are tried apart (the comma after every element but the last
 * of a `%{for}` over a default), and would hide the document the others read.
 */
function deployableRenderings(each: ChoiceValue, scope: ModuleScope): Value {
  const parsed = each.options.map((o) => parsePolicyValue(o, scope));
  const deployable = parsed.filter((p, i) => p !== each.options[i] || !malformedJson(scope, p));
  if (deployable.length === 0 || deployable.length === parsed.length) return { ...each, options: parsed };
  return deployable.length === 1 ? deployable[0] : { ...each, options: deployable };
}

/**
 * `when` for a resource whose `count`/`for_each` rests on an open condition:
 * it is there only where that holds, and where the calls of its module
 * instance hold (each guard in the conditions of the module it is written in).
 */
function existenceGuard(decl: DeclaredResource, scope: ModuleScope): Pick<Resource, 'when'> {
  const exists = existenceCondition(decl.block.body);
  const guard = exists && moduleConditions(scope).guard({ scope, file: decl.file, env: NO_BINDINGS, depth: 0 }, exists.condition, exists.holds);
  const when = guard ? [...scope.instance.when, guard] : scope.instance.when;
  return when.length > 0 ? { when } : {};
}

/** The graph resource of a declared block. */
export function toResource(decl: DeclaredResource, scope: ModuleScope, instances: Instances): Resource {
  const row = kindRow('terraform', decl.type);
  const loc = headerLoc(decl.file, decl.block);
  const props = resourceProps(decl, scope) ?? { kind: 'object', entries: [], loc };
  return {
    id: resourceId(scope, decl.key),
    kind: row.kind,
    iac: 'terraform',
    type: decl.type,
    // `module.x.aws_instance.y`: which instance of a module it is.
    address: addressPrefix(scope) + decl.address,
    // An instance's resources belong to the deployment of its root module.
    unit: scope.instance.rootDir,
    loc,
    external: decl.mode === 'data' && !isPolicyDocument(decl),
    ...(decl.repeated ? { repeated: attribute(decl.block.body, 'for_each') ? ('for_each' as const) : ('count' as const) } : {}),
    ...(instances === 'open' ? { mayBeAbsent: true as const, ...existenceGuard(decl, scope) } : {}),
    props,
    canonical: canonicalProps(props, row),
  };
}
