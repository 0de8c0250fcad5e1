import { HOLE, knownString, perInstanceStrings, stringShape } from './strings.js';
import type { Graph, Resource } from '../types.js';
import { asList, valuesUnder, type Attribute, type Value } from '../value.js';
import { endOffset, startOffset } from '../../shared/source.js';

/** What a value stands for, as far as the code tells. */
export type Denotation =
  | { entity: 'role' | 'instance-profile'; form: 'name' | 'arn' | 'unique-id'; resource?: Resource; name?: string }
  /** A literal name with nothing saying what it names. */
  | { entity: 'name'; name: string }
  /** Some other resource (and the attribute referenced) or ARN. */
  | { entity: 'other'; resource?: Resource; attribute?: Attribute }
  | { entity: 'unknown'; reason: string };

const iamArn = /^arn:[^:]*:iam::[^:]*:(role|instance-profile)\/(.+)$/;

export function denote(value: Value, graph: Graph, depth = 0): Denotation {
  if (depth > 8) return { entity: 'unknown', reason: 'reference chain too long' };
  if (value.kind === 'template') {
    const nonText = value.parts.filter((p) => typeof p !== 'string' || p !== '');
    if (nonText.length === 1 && typeof nonText[0] !== 'string') return denote(nonText[0], graph, depth + 1);
  }
  if (value.kind === 'ref') return denoteRef(value, graph, depth);
  if (value.kind === 'unknown') return { entity: 'unknown', reason: value.reason };
  if (value.kind === 'choice') return { entity: 'unknown', reason: 'one of several values' };
  const shape = stringShape(value, graph);
  if (!shape) return { entity: 'other' };
  const arn = iamArn.exec(shape.text);
  if (arn) {
    const entity = arn[1] === 'role' ? 'role' : 'instance-profile';
    const lastSegment = arn[2].slice(arn[2].lastIndexOf('/') + 1);
    if (!lastSegment.includes(HOLE)) {
      return { entity, form: 'arn', name: lastSegment, resource: namedResource(graph, entity, lastSegment, value) };
    }
    // `arn:...:role/${Role}`: the name part is exactly one reference.
    const last = shape.holes[shape.holes.length - 1];
    if (lastSegment === HOLE && last?.kind === 'ref') {
      const inner = denoteRef(last, graph, depth);
      if (inner.entity === entity && inner.form === 'name') return { ...inner, form: 'arn' };
    }
    return { entity, form: 'arn' };
  }
  if (shape.holes.length > 0) return { entity: 'unknown', reason: 'built from values not known statically' };
  if (shape.text.startsWith('arn:')) return { entity: 'other' };
  return { entity: 'name', name: shape.text };
}

function denoteRef(ref: Value & { kind: 'ref' }, graph: Graph, depth: number): Denotation {
  const target = graph.resource(ref.target);
  if (!target) return { entity: 'unknown', reason: `${ref.text} is not in the analysed code` };
  const name = literalName(target, graph);
  const withName = name !== undefined ? { name } : {};
  if (target.kind === 'iam.role' || target.kind === 'iam.instance-profile') {
    const entity = target.kind === 'iam.role' ? 'role' : 'instance-profile';
    switch (ref.attribute) {
      case 'name':
      case 'id':
        return { entity, form: 'name', resource: target, ...withName };
      case 'arn':
        return { entity, form: 'arn', resource: target, ...withName };
      case 'unique-id':
        return { entity, form: 'unique-id', resource: target, ...withName };
      case 'role-name':
      case 'role-arn':
        return heldRole(target, ref.attribute === 'role-arn' ? 'arn' : 'name', graph, depth);
      default:
        return { entity: 'other', resource: target, attribute: ref.attribute };
    }
  }
  return { entity: 'other', resource: target, attribute: ref.attribute };
}

/** `aws_iam_instance_profile.p.role`: the role inside a profile. */
function heldRole(profile: Resource, form: 'name' | 'arn', graph: Graph, depth: number): Denotation {
  const roles = asList(profile.canonical.roles);
  if (roles.length === 1) {
    const inner = denote(roles[0], graph, depth + 1);
    if (inner.entity === 'role') return { ...inner, form };
    if (inner.entity === 'name') return { entity: 'role', form, name: inner.name, resource: namedResource(graph, 'role', inner.name, roles[0]) };
  }
  return { entity: 'role', form };
}

/** The physical name of a role or profile when the code states it. */
export function literalName(resource: Resource, graph: Graph): string | undefined {
  const name = resource.canonical.name;
  return name ? knownString(name, graph) : undefined;
}

/**
 * A key that is equal for two values exactly when they are known to be the
 * same name: the same literal text, or references to the same resource's
 * generated name. Undefined when unknown.
 */
export function nameKey(value: Value, graph: Graph, depth = 0): string | undefined {
  const text = knownString(value, graph);
  if (text !== undefined) return `lit:${text}`;
  if (value.kind === 'template') {
    const nonText = value.parts.filter((p) => typeof p !== 'string' || p !== '');
    if (nonText.length === 1 && typeof nonText[0] !== 'string') return nameKey(nonText[0], graph, depth + 1);
  }
  if (value.kind === 'ref' && (value.attribute === 'name' || value.attribute === 'id') && depth < 8) {
    const target = graph.resource(value.target);
    return target ? resourceNameKey(target, graph, depth + 1) : undefined;
  }
  return undefined;
}

/** The name key of a role or profile; a generated name is unique to the resource. */
export function resourceNameKey(resource: Resource, graph: Graph, depth = 0): string | undefined {
  const name = resource.canonical.name;
  if (!name) return resource.external ? undefined : `res:${resource.id}`;
  return nameKey(name, graph, depth);
}

/**
 * A key equal for two roles or profiles whose names are provably the same,
 * even when the name cannot be computed: the same known text, a reference to
 * the other's name, or the same expression written in the same unit (the
 * same `"${var.prefix}-app"` in one module is the same string for both).
 * Different keys do not prove different names; callers use it to find the
 * profile that may share a role's name, never to prove a name unknown.
 */
export function sameNameKey(resource: Resource, graph: Graph, depth = 0): string | undefined {
  const name = resource.canonical.name;
  if (!name) return resource.external ? undefined : `res:${resource.id}`;
  return valueNameKey(name, instanceScope(resource), graph, depth);
}

/** The unit and the module or nested-stack instance a resource belongs to: one expression means one value only within it. */
function instanceScope(r: Resource): string {
  const at = r.id.indexOf('@');
  const nested = at < 0 ? '' : r.id.slice(at);
  const module = r.iac === 'terraform' ? (/^((?:module\.[^.]+(?:\[[^\]]*\])?\.)*)/.exec(r.address)?.[1] ?? '') : '';
  return `${r.unit}|${module}${nested}`;
}

function valueNameKey(value: Value, scope: string, graph: Graph, depth: number): string | undefined {
  const known = nameKey(value, graph);
  if (known !== undefined || depth > 8) return known;
  if (value.kind === 'template') {
    const nonText = value.parts.filter((p) => typeof p !== 'string' || p !== '');
    if (nonText.length === 1 && typeof nonText[0] !== 'string') return valueNameKey(nonText[0], scope, graph, depth + 1);
  }
  if (value.kind === 'ref' && (value.attribute === 'name' || value.attribute === 'id')) {
    const target = graph.resource(value.target);
    if (target && (target.kind === 'iam.role' || target.kind === 'iam.instance-profile')) return sameNameKey(target, graph, depth + 1);
  }
  const text = graph.sources.get(value.loc.file)?.slice(startOffset(value.loc.range), endOffset(value.loc.range)).trim();
  return text ? `expr:${scope}\0${text}` : undefined;
}

/**
 * The names of a repeated role or profile whose name differs per instance
 * (`"app-${each.key}"`): one per instance, each a name that surely exists.
 */
function instanceNames(resource: Resource, graph: Graph): string[] {
  const name = resource.canonical.name;
  return resource.repeated && name ? (perInstanceStrings(name, graph) ?? []) : [];
}

/** The physical names the code states for a role or profile: its name, or each of its instances'. */
export function statedNames(resource: Resource, graph: Graph): string[] {
  const name = literalName(resource, graph);
  return name !== undefined ? [name] : instanceNames(resource, graph);
}

/** Whether the resource's physical name, or each of its instances' names, is known (or generated, unique to it). */
export function hasNameKeys(resource: Resource, graph: Graph): boolean {
  return resourceNameKey(resource, graph) !== undefined || instanceNames(resource, graph).length > 0;
}

interface GraphIndex {
  byNameKey: Map<string, Resource[]>;
  /** Kind and `sameNameKey` -> resources. */
  bySameNameKey: Map<string, Resource[]>;
  /** Role id -> profiles whose role is that role. */
  holders: Map<string, Resource[]>;
}

const indexes = new WeakMap<Graph, GraphIndex>();

function index(graph: Graph): GraphIndex {
  let idx = indexes.get(graph);
  if (idx) return idx;
  idx = { byNameKey: new Map(), bySameNameKey: new Map(), holders: new Map() };
  for (const r of graph.resources) {
    if (r.kind !== 'iam.role' && r.kind !== 'iam.instance-profile') continue;
    const key = resourceNameKey(r, graph);
    for (const k of key !== undefined ? [key] : instanceNames(r, graph).map((text) => `lit:${text}`)) push(idx.byNameKey, `${r.kind}|${k}`, r);
    const same = key ?? sameNameKey(r, graph);
    if (same) push(idx.bySameNameKey, `${r.kind}|${same}`, r);
  }
  indexes.set(graph, idx);
  for (const profile of graph.resources) {
    if (profile.kind !== 'iam.instance-profile') continue;
    for (const item of asList(profile.canonical.roles)) {
      const role = roleOf(item, graph);
      if (role) push(idx.holders, role.id, profile);
    }
  }
  return idx;
}

function push(map: Map<string, Resource[]>, key: string, r: Resource): void {
  const list = map.get(key);
  if (list) list.push(r);
  else map.set(key, [r]);
}

/** The role a value in a role slot stands for, when it is in the analysed code. */
export function roleOf(value: Value, graph: Graph): Resource | undefined {
  const d = denote(value, graph);
  if (d.entity === 'role') return d.resource;
  if (d.entity === 'name') return namedResource(graph, 'role', d.name, value);
  return undefined;
}

function namedResource(graph: Graph, entity: 'role' | 'instance-profile', name: string, from?: Value): Resource | undefined {
  return from ? resourcesNamed(graph, entity, name, from)[0] : resourcesWithNameKey(graph, entity, `lit:${name}`)[0];
}

/**
 * Roles or profiles whose name is `name`, as a value written at `from` may
 * mean them: those of its own unit first; those of another unit only when
 * both names are known (written or given, not a default). Otherwise a run
 * over unrelated folders would link them by a coincidence of defaults.
 */
export function resourcesNamed(graph: Graph, entity: 'role' | 'instance-profile', name: string, from: Value): Resource[] {
  const all = resourcesWithNameKey(graph, entity, `lit:${name}`);
  const near = all.filter((r) => sameUnit(r, from.loc.file));
  if (restsOnDefault(from)) return near;
  return [...near, ...all.filter((r) => !near.includes(r) && !(r.canonical.name && restsOnDefault(r.canonical.name)))];
}

/** The value, or a part of it, is a parameter or variable default. */
export function restsOnDefault(v: Value): boolean {
  for (const part of valuesUnder(v, 8)) if (part.fromInput !== undefined) return true;
  return false;
}

/** A file of the resource's unit: its template, its module's directory, or under its root module. */
function sameUnit(r: Resource, file: string): boolean {
  // A file named without a directory (`b.tf`, linted from its own directory) is in the directory ''.
  const dir = (f: string) => f.slice(0, Math.max(f.lastIndexOf('/'), f.lastIndexOf('\\'), 0));
  return r.unit === file || r.loc.file === file || dir(r.loc.file) === dir(file) || file.startsWith(`${r.unit}/`) || file.startsWith(`${r.unit}\\`);
}

export function resourcesWithNameKey(graph: Graph, entity: 'role' | 'instance-profile', key: string): Resource[] {
  return index(graph).byNameKey.get(`iam.${entity}|${key}`) ?? [];
}

/** Roles or profiles whose name is provably that of `resource` (see `sameNameKey`). */
export function resourcesWithSameName(graph: Graph, entity: 'role' | 'instance-profile', resource: Resource): Resource[] {
  const key = sameNameKey(resource, graph);
  return key === undefined ? [] : (index(graph).bySameNameKey.get(`iam.${entity}|${key}`) ?? []);
}

/** Instance profiles in the code that hold this role. */
export function profilesHolding(role: Resource, graph: Graph): Resource[] {
  return index(graph).holders.get(role.id) ?? [];
}
