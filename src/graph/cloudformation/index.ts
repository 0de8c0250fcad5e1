import { isBeanstalkExtension } from '../../discover/discover.js';
import type { CfnMap, CfnMapEntry, CfnNode } from '../../parsers/cloudformation-tree.js';
import { shadowedEntries } from '../../parsers/cloudformation/nodes.js';
import { startsLikeJson } from '../../parsers/json-tree.js';
import type { Loc } from '../../shared/source.js';
import { canonicalProps } from '../build/canonical.js';
import { kindRow } from '../kinds.js';
import type { NestedIn, Resource, UnresolvedRef } from '../types.js';
import { guardedBy, type Guard, type ObjectValue, type Value } from '../value.js';
import { withDocumentsParsed } from './documents.js';
import { generators } from './generated.js';
import { optionSettingsEnvironment } from './beanstalk.js';
import { samEventNames, samGeneratedRoles, samReferences, withGlobals } from './sam.js';
import { serviceTemplate } from './serverless.js';
import { checkConditionNames, conditionSpace, conditionTruth } from './conditions.js';
import { checkDependsOn, conditionMayExist, literalText, mapGet, toValue, type Scope } from './intrinsics.js';
import { extend } from '../../shared/extend.js';
import { nestedTemplateProperty } from './nested-types.js';

export interface CfnBuildResult {
  resources: Resource[];
  unresolved: UnresolvedRef[];
}

export interface Declared {
  logicalId: string;
  keyLoc: Loc;
  body: CfnMap;
  type: string;
  /** `Fn::ForEach` loops around it, outermost first (it stands for every instance). */
  loops?: readonly ForEachLoop[];
}

/** `Fn::ForEach::Name: [Identifier, Collection, {...}]` (AWS::LanguageExtensions). */
export interface ForEachLoop {
  identifier: string;
  collection: CfnNode;
}

/** A template read as far as it can be without the other templates of the run. */
export interface PreparedTemplate {
  file: string;
  root: CfnMap;
  source: string;
  scope: Scope;
  declared: Declared[];
  /** Written in JSON: its resources' advice is quoted in JSON. */
  json: boolean;
  /** The text of each file of a template written in several (a Serverless service's stack), where not `source`. */
  sources?: ReadonlyMap<string, string>;
}

/** The text a node of the template at `file` was read from. */
export function sourceOf(t: Pick<PreparedTemplate, 'source' | 'sources'>, file: string): string {
  return t.sources?.get(file) ?? t.source;
}

export interface TemplateOptions {
  /** Deploy-time parameter values, overriding defaults. */
  parameters?: ReadonlyMap<string, string>;
  /** Values the stack that deploys this template gives it (a StackSet's `Parameters`), over `parameters`. */
  passed?: ReadonlyMap<string, Value>;
  assembledBy?: string;
  /** The texts of the files a template of several is read from (`PreparedTemplate.sources`). */
  sources?: ReadonlyMap<string, string>;
}

/**
 * First phase: the names a template declares, so that its exports can be
 * computed before any template's imports are resolved.
 */
export function prepareCloudFormation(file: string, tree: CfnNode, source: string, options: TemplateOptions = {}): PreparedTemplate | undefined {
  if (tree.kind !== 'map') return undefined;
  // A Serverless service file's template is its `resources`; the rest of it configures the framework.
  const root = serviceTemplate(tree) ?? tree;
  const section = (name: string): CfnMap | undefined => mergedSection(root, name);
  const resourcesNode = section('Resources') ?? loopOnly(mapGet(root, 'Resources'));
  const declared: Declared[] = [];
  const typed: Array<{ logicalId: string; type: string; hasType: boolean }> = [];
  let loopsOpen = false;
  const declare = (entries: readonly CfnMapEntry[], loops: readonly ForEachLoop[]): void => {
    for (const entry of entries) {
      const loop = entry.key.startsWith('Fn::ForEach::') ? forEachParts(entry.value) : undefined;
      if (entry.key.startsWith('Fn::ForEach::') && !loop) loopsOpen = true;
      if (loop) {
        declare(loop.entries, [...loops, { identifier: loop.identifier, collection: loop.collection }]);
        continue;
      }
      if (entry.value.kind !== 'map') continue;
      const typeNode = mapGet(entry.value, 'Type');
      const type = typeNode?.kind === 'scalar' && typeof typeNode.value === 'string' ? typeNode.value : '';
      typed.push({ logicalId: entry.key, type, hasType: typeNode !== undefined });
      declared.push({ logicalId: entry.key, keyLoc: entry.keyLoc, body: entry.value, type, ...(loops.length > 0 ? { loops } : {}) });
    }
  };
  declare(resourcesNode?.entries ?? [], []);
  // A loop over a collection written out names its instances (instanceNames); any other may create any name.
  loopsOpen ||= declared.some((d) => d.loops !== undefined && !instancesNamed(d.logicalId, d.loops));
  let gens = generators(root, resourcesNode, typed, options.assembledBy, loopsOpen);
  if (isBeanstalkExtension(file)) {
    gens = { ...gens, beanstalk: true };
    const environment = optionSettingsEnvironment(root);
    if (environment) declared.push(environment);
  }
  if (gens.sam) {
    // SAM's Globals apply to every serverless resource; the roles SAM generates are roles like any other.
    declared.splice(0, declared.length, ...declared.map((d) => withGlobals(root, d)));
    gens = { ...gens, samReferences: samReferences(declared), samEvents: samEventNames(declared) };
    declared.push(...samGeneratedRoles(declared));
  }
  const resourceIds: Scope['resourceIds'] = new Map(declared.map((d) => [d.logicalId, { id: `${file}#${d.logicalId}`, kind: kindRow('cloudformation', d.type).kind, type: d.type }]));
  // `!Ref WebRole` names one instance of `${Tier}Role`: where the loops' collections are written out, it is that resource.
  for (const d of declared) {
    const target = resourceIds.get(d.logicalId);
    if (!d.loops || !target) continue;
    for (const name of instanceNames(d.logicalId, d.loops)) if (!resourceIds.has(name)) resourceIds.set(name, target);
  }
  const scope: Scope = {
    file,
    resourceIds,
    parameters: new Map(),
    parameterValues: options.passed?.size ? new Map<string, string | Value>([...(options.parameters ?? []), ...options.passed]) : (options.parameters ?? new Map()),
    mappings: section('Mappings'),
    conditions: section('Conditions'),
    ...(conditionsOpen(root) ? { conditionsOpen: true as const } : {}),
    generators: gens,
    importValue: () => undefined,
    nestedOutput: () => undefined,
    unresolved: [],
    depth: 0,
    ...(options.assembledBy !== undefined ? { serverless: true as const } : {}),
  };
  for (const p of section('Parameters')?.entries ?? []) {
    if (p.value.kind === 'map') scope.parameters.set(p.key, p.value);
  }
  return { file, root, source, scope, declared, json: startsLikeJson(source, false), ...(options.sources ? { sources: options.sources } : {}) };
}

/**
 * The logical ids `Fn::ForEach` creates from an OutputKey (`${Tier}Role`, `&{Tier}Role`), when every loop's
 * collection is a list written out; none otherwise (a parameter's list is only known at deploy time).
 */
function instanceNames(key: string, loops: readonly ForEachLoop[]): string[] {
  let names = [key];
  for (const loop of loops) {
    const elements = literalElements(loop.collection);
    if (!elements || names.length * elements.length > 1024) return [];
    const source = `([$&])\\{${loop.identifier.replace(/[^A-Za-z0-9]/g, '')}\\}`;
    if (!names.some((n) => new RegExp(source).test(n))) continue;
    const placeholder = new RegExp(source, 'g');
    // `&{x}` drops what a logical id may not hold (Fn::ForEach docs).
    names = names.flatMap((n) => elements.map((e) => n.replace(placeholder, (_m, sigil: string) => (sigil === '&' ? e.replace(/[^A-Za-z0-9]/g, '') : e))));
  }
  return names.filter((n) => n !== key && /^[A-Za-z0-9]+$/.test(n));
}

/** Whether every instance a looped resource stands for has a logical id known here. */
function instancesNamed(key: string, loops: readonly ForEachLoop[]): boolean {
  return loops.every((l) => literalElements(l.collection) !== undefined) && instanceNames(key, loops).length > 0;
}

function literalElements(collection: CfnNode): string[] | undefined {
  if (collection.kind !== 'seq' || collection.items.length > 256) return undefined;
  const elements = collection.items.map((i) => (i.kind === 'scalar' && (typeof i.value === 'string' || typeof i.value === 'number') ? String(i.value) : undefined));
  return elements.every((e): e is string => e !== undefined) ? elements : undefined;
}

/** A `Conditions` section that is not a map, or that an `AWS::Include` (`Fn::Transform`) completes, here or for the whole template. */
function conditionsOpen(root: CfnMap): boolean {
  const node = mapGet(root, 'Conditions');
  const included = (n: CfnNode | undefined): boolean => n?.kind === 'fn' && n.name === 'Fn::Transform';
  if (included(node) || root.entries.some((e) => e.key === 'Fn::Transform')) return true;
  return node !== undefined && (node.kind !== 'map' || node.entries.some((e) => e.key === 'Fn::Transform'));
}

/** A section holding one `Fn::ForEach` alone is a one-key map the reader took for an intrinsic: the map again. */
function loopOnly(node: CfnNode | undefined): CfnMap | undefined {
  if (node?.kind !== 'fn' || !node.name.startsWith('Fn::ForEach::')) return undefined;
  return { kind: 'map', entries: [{ key: node.name, keyLoc: node.loc, value: node.arg }], loc: node.loc };
}

/** `[Identifier, Collection, {OutputKey: ...}]`, or undefined when the loop is not written that way. */
function forEachParts(node: CfnNode): { identifier: string; collection: CfnNode; entries: CfnMapEntry[] } | undefined {
  if (node.kind !== 'seq' || node.items.length !== 3) return undefined;
  const [identifier, collection, template] = node.items;
  if (identifier.kind !== 'scalar' || typeof identifier.value !== 'string') return undefined;
  if (template.kind === 'map') return { identifier: identifier.value, collection, entries: template.entries };
  // A nested loop alone in its template is a one-key map the reader took for an intrinsic.
  const nested = loopOnly(template);
  return nested ? { identifier: identifier.value, collection, entries: nested.entries } : undefined;
}

/**
 * A resource inside `Fn::ForEach` is built once for all its instances: each
 * loop identifier (`!Ref Team`, `${Team}`) is every element of a collection
 * known statically (one per instance, as Terraform's `each.value`), else
 * unknown.
 */
function withLoopVariables(d: Declared, scope: Scope): Scope {
  if (!d.loops) return scope;
  const loopVars = new Map(scope.loopVars ?? []);
  for (const loop of d.loops) {
    const inner: Scope = extend(scope, { loopVars });
    const collection = toValue(loop.collection, inner);
    const items = collection.kind === 'list' ? collection.items : [];
    const known = items.length > 0 && items.every((item) => item.kind === 'literal');
    loopVars.set(
      loop.identifier,
      known
        ? { kind: 'choice', options: items, perInstance: true, loc: collection.loc }
        : { kind: 'unknown', reason: `${loop.identifier} is an element of the Fn::ForEach collection`, loc: loop.collection.loc },
    );
  }
  return extend(scope, { loopVars });
}

/**
 * A top-level section; when the template repeats it (an error CloudFormation
 * rejects), the entries of every copy, the last winning a repeated name, so
 * nothing in the first copy goes unchecked.
 */
function mergedSection(root: CfnMap, name: string): CfnMap | undefined {
  const node = mapGet(root, name);
  if (node?.kind !== 'map') return undefined;
  const earlier = (shadowedEntries.get(root) ?? []).flatMap((e) => (e.key === name && e.value.kind === 'map' ? [e.value] : []));
  if (earlier.length === 0) return node;
  const entries = new Map<string, CfnMapEntry>();
  for (const copy of [...earlier, node]) {
    for (const e of copy.entries) {
      entries.delete(e.key);
      entries.set(e.key, e);
    }
  }
  return { ...node, entries: [...entries.values()] };
}

/** The `Outputs` a template exports, by export name, when the name is known statically. */
export function templateExports(t: PreparedTemplate): Array<{ name: string; value: Value }> {
  const outputs = mapGet(t.root, 'Outputs');
  if (outputs?.kind !== 'map') return [];
  // Outputs are evaluated again when the template is built; problems are reported then.
  const quiet: Scope = { ...t.scope, unresolved: [] };
  const found: Array<{ name: string; value: Value }> = [];
  for (const output of outputs.entries) {
    if (output.value.kind !== 'map') continue;
    const exportNode = mapGet(output.value, 'Export');
    const nameNode = exportNode?.kind === 'map' ? mapGet(exportNode, 'Name') : undefined;
    const valueNode = mapGet(output.value, 'Value');
    if (!nameNode || !valueNode) continue;
    const name = literalText(toValue(nameNode, quiet));
    if (name !== undefined) found.push({ name, value: toValue(valueNode, quiet) });
  }
  return found;
}

/** How a template reaches the rest of the run: other stacks' exports, its nested stacks' outputs. */
export interface RunLinks {
  importValue: (name: string) => Value | undefined;
  /**
   * An output of nested stack `stack` of the template built as `parentKey`: a linted template's
   * `PreparedTemplate.file`, or a nested instance's key (its parent's key, '#', its stack), each
   * instance with its own parameters, conditions and nested stacks.
   */
  nestedOutput: (parentKey: string, stack: string, output: string) => Value | undefined;
}

export const noLinks: RunLinks = { importValue: () => undefined, nestedOutput: () => undefined };

/** Second phase: every resource with its values, imports and nested outputs resolved through `links`. */
export function buildPrepared(t: PreparedTemplate, links: RunLinks): CfnBuildResult {
  const scope = linkedScope(t.scope, t.file, links);
  const absent = notCreated(t.declared, scope);
  // Only what is created is checked for references to what is not: a conditional Output may name a conditional resource.
  const building = absent.size > 0 ? extend(scope, { notCreated: absent }) : scope;
  const isMade = (d: Declared): boolean => !absent.has(scope.resourceIds.get(d.logicalId)?.id ?? '');
  const resources = t.declared.filter(isMade).map((d) => buildResource(t, d, withLoopVariables(d, building), `${t.file}#${d.logicalId}`));
  for (const d of t.declared) checkDependsOn(d.body, isMade(d) ? underOwnCondition(d, building) : scope);
  checkConditionNames(t.root, t.declared, scope);
  // Outputs and Conditions still get their references checked.
  for (const name of ['Outputs', 'Conditions']) {
    const node = mapGet(t.root, name);
    if (node?.kind === 'map') toValue(node, scope);
  }
  return { resources, unresolved: scope.unresolved };
}

/** One template alone: no other template's exports are known. */
export function buildCloudFormation(file: string, root: CfnNode, source: string, options: TemplateOptions = {}): CfnBuildResult {
  const prepared = prepareCloudFormation(file, root, source, options);
  return prepared ? buildPrepared(prepared, noLinks) : { resources: [], unresolved: [] };
}

/** `base` linked to the run, its nested stacks looked up as those of the template (or instance) `key`. */
function linkedScope(base: Scope, key: string, links: RunLinks): Scope {
  return { ...base, importValue: links.importValue, nestedOutput: nestedOutputsOf(key, links), unresolved: [] };
}

/** By key, not the template: a scope outlives its template's build (conditions keep it), the parse tree need not. */
function nestedOutputsOf(key: string, links: RunLinks): Scope['nestedOutput'] {
  return (stack, output) => links.nestedOutput(key, stack, output);
}

/**
 * The scope a nested stack's template is built in as instance `instanceOf`:
 * the parent's values for its parameters, and so its own conditions (a
 * condition space per instance), its nested stacks looked up through it.
 */
export function instanceScope(child: PreparedTemplate, parameters: ReadonlyMap<string, Value>, instanceOf: string, links: RunLinks): Scope {
  const ids = new Map([...child.scope.resourceIds].map(([k, v]) => [k, { ...v, id: `${v.id}@${instanceOf}` }]));
  return linkedScope({ ...child.scope, resourceIds: ids, parameterValues: parameters }, instanceOf, links);
}

/**
 * A nested stack: the child template built again in its instance's scope.
 * Its resources keep the child's addresses, so a finding that does not depend
 * on the parent is the same finding as in the child's own build. They exist
 * only where the stacks that create them do (`nestedIn`: the nested stack and
 * those above it, each Condition a guard in its own template's conditions).
 */
export function buildInstance(child: PreparedTemplate, scope: Scope, nestedIn: readonly NestedIn[]): { resources: Resource[]; outputs: Map<string, Value> } {
  const resources = child.declared.filter((d) => created(d, scope)).map((d) => inNestedStacks(buildResource(child, d, scope, scope.resourceIds.get(d.logicalId)?.id ?? d.logicalId), nestedIn));
  const outputs = new Map<string, Value>();
  const outputsNode = mapGet(child.root, 'Outputs');
  for (const o of outputsNode?.kind === 'map' ? outputsNode.entries : []) {
    const valueNode = o.value.kind === 'map' ? mapGet(o.value, 'Value') : undefined;
    if (valueNode) outputs.set(o.key, toValue(valueNode, scope));
  }
  return { resources, outputs };
}

/** A resource of a nested instance: there only where the stacks creating it are. */
function inNestedStacks(r: Resource, nestedIn: readonly NestedIn[]): Resource {
  r.nestedIn = nestedIn;
  const guards = nestedIn.flatMap((n) => (n.guard ? [n.guard] : []));
  if (guards.length === 0) return r;
  r.when = [...(r.when ?? []), ...guards];
  r.mayBeAbsent = true;
  return r;
}

/**
 * What a parent (built in `scope`, its own or an instance's) gives its nested
 * stack `stack`: the values of the child's parameters (`Properties.Parameters`),
 * and the guard of the stack's Condition in the parent's condition space.
 * Undefined where that Condition is known false: the stack is not created.
 */
export function nestedStackInputs(t: PreparedTemplate, scope: Scope, stack: string): { parameters: Map<string, Value>; guard?: Guard } | undefined {
  const d = t.declared.find((x) => x.logicalId === stack);
  if (d && !created(d, scope)) return undefined;
  const props = d ? mapGet(d.body, 'Properties') : undefined;
  const params = props?.kind === 'map' ? mapGet(props, 'Parameters') : undefined;
  // The child exists only where the stack's Condition holds, and so does each value it is given.
  const own = d ? underOwnCondition(d, scope) : scope;
  const guards = own.assumed !== scope.assumed ? (own.assumed ?? []) : [];
  const parameters = new Map(params?.kind === 'map' ? params.entries.map((e) => [e.key, guardedBy(toValue(e.value, own), guards)]) : []);
  return guards.length > 0 ? { parameters, guard: guards[0] } : { parameters };
}

/** A linted template's own scope, linked to the run: the scope its nested stacks are given values in. */
export function templateScope(t: PreparedTemplate, links: RunLinks): Scope {
  return linkedScope(t.scope, t.file, links);
}

/** The local template a nested stack points at (`TemplateURL: ./child.yaml`), or undefined for S3/HTTP URLs. */
export function nestedTemplatePath(t: PreparedTemplate, stack: string): string | undefined {
  const url = templateUrlNode(t, stack);
  if (url?.kind !== 'scalar' || typeof url.value !== 'string' || /^[a-z][a-z0-9+.-]*:\/\//i.test(url.value)) return undefined;
  return url.value;
}

/**
 * The literal end of a computed TemplateURL (`!Sub ${TemplateRoot}/vpc/main.yaml`
 * gives `/vpc/main.yaml`), from a path separator on: where the template was
 * uploaded is the deployer's choice (a parameter, whether or not it has a
 * default or was given), but which file it was is written in the template.
 */
export function nestedTemplateTail(t: PreparedTemplate, stack: string): string | undefined {
  const url = templateUrlNode(t, stack);
  if (url?.kind !== 'fn') return undefined;
  const value = toValue(url, { ...t.scope, unresolved: [] });
  if (value.kind !== 'template') return undefined;
  let tail = '';
  for (let i = value.parts.length - 1; i >= 0; i--) {
    const text = writtenText(value.parts[i]);
    if (text === undefined) break;
    tail = text + tail;
  }
  const slash = tail.indexOf('/');
  const path = slash < 0 ? '' : tail.slice(slash);
  return /\/[^/]+\.(ya?ml|json|template)$/i.test(path) ? path : undefined;
}

/** The text of a URL part written in the template itself; undefined for a parameter's value (a default or given) or a computed one. */
function writtenText(part: string | Value): string | undefined {
  if (typeof part === 'string') return part;
  if (part.fromInput !== undefined || part.commandLine !== undefined) return undefined;
  return literalText(part);
}

function templateUrlNode(t: PreparedTemplate, stack: string): CfnNode | undefined {
  const d = t.declared.find((x) => x.logicalId === stack);
  const property = d && nestedTemplateProperty(d.type);
  if (!d || property === undefined) return undefined;
  const props = mapGet(d.body, 'Properties');
  return props?.kind === 'map' ? mapGet(props, property) : undefined;
}

/** The scope a resource's values are built in: where its `Condition` holds. */
function underOwnCondition(d: Declared, base: Scope): Scope {
  const condition = mapGet(d.body, 'Condition');
  const space = condition?.kind === 'scalar' && conditionMayExist(String(condition.value), base) ? conditionSpace(base) : undefined;
  return space && condition?.kind === 'scalar' ? extend(base, { assumed: [space.guard(String(condition.value), true)] }) : base;
}

/** The resources whose `Condition` is known to be false, by id, with that condition: they are not created. */
function notCreated(declared: readonly Declared[], scope: Scope): Map<string, string> {
  const absent = new Map<string, string>();
  for (const d of declared) {
    const condition = falseCondition(d, scope);
    const id = scope.resourceIds.get(d.logicalId)?.id;
    if (id !== undefined && condition !== undefined) absent.set(id, condition);
  }
  return absent;
}

/** A resource whose `Condition` is known to be false is not created: nothing about it can go wrong. */
function created(d: Declared, scope: Scope): boolean {
  return falseCondition(d, scope) === undefined;
}

/** The resource's `Condition` when it is known to be false. */
function falseCondition(d: Declared, scope: Scope): string | undefined {
  const condition = mapGet(d.body, 'Condition');
  return condition?.kind === 'scalar' && conditionTruth(String(condition.value), scope) === false ? String(condition.value) : undefined;
}

function buildResource(t: PreparedTemplate, d: Declared, base: Scope, id: string): Resource {
  const row = kindRow('cloudformation', d.type);
  const conditionNode = mapGet(d.body, 'Condition');
  // The resource exists only where its Condition holds: its values are built knowing that.
  const scope = underOwnCondition(d, base);
  const when = scope.assumed !== base.assumed ? scope.assumed : undefined;
  const rawProps = mapGet(d.body, 'Properties');
  const propsNode = rawProps?.kind === 'map' ? withDocumentsParsed(rawProps, row.props, sourceOf(t, rawProps.loc.file)) : rawProps;
  const props: ObjectValue =
    propsNode === undefined ? { kind: 'object', entries: [], loc: d.keyLoc } : asObject(toValue(propsNode, scope), propsNode.loc);
  const metadataNode = mapGet(d.body, 'Metadata');
  // The optional fields are set one by one, in this order (no spread of a small object for each).
  const resource: Resource = {
    id,
    kind: row.kind,
    iac: 'cloudformation',
    type: d.type,
    address: d.logicalId,
    unit: t.file,
    loc: d.keyLoc,
    external: false,
    props,
    canonical: canonicalProps(props, row),
  };
  if (conditionNode?.kind === 'scalar') resource.condition = String(conditionNode.value);
  // One resource for every instance of its Fn::ForEach loops: a reference to one instance is not written `!Ref ${Tier}Role`.
  if (d.loops) resource.repeated = 'for_each';
  if (when) resource.when = when;
  // Resources whose Condition is known false are not built at all (created()); an open one may not deploy.
  if (conditionNode?.kind === 'scalar') resource.mayBeAbsent = true;
  if (metadataNode) resource.metadata = toValue(metadataNode, scope);
  if (t.json) resource.json = true;
  return resource;
}

function asObject(v: Value, loc: Loc): ObjectValue {
  return v.kind === 'object' ? v : { kind: 'object', entries: [], loc };
}
