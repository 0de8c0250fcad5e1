import { kindRow, launchesInstances, type KindRow } from './kinds.js';
import { slotsForType, slotUses } from './slots.js';
import type { CanonicalProp, Graph, Iac, Notice, ParseDiagnostic, Resource, UnresolvedRef } from './types.js';
import type { ObjectEntry, ObjectValue, Value } from './value.js';

export interface GraphParts {
  resources: Resource[];
  unresolved: UnresolvedRef[];
  parseDiagnostics: ParseDiagnostic[];
  sources: Map<string, string>;
  notices?: Notice[];
}

/** Assembles the one graph of a run from the resources every builder produced. */
export function createGraph(parts: GraphParts): Graph {
  // Filled in a loop: no [id, resource] pair per resource (a later id wins, as with the Map constructor).
  const byId = new Map<string, Resource>();
  for (const r of parts.resources) byId.set(r.id, r);
  return {
    resources: parts.resources,
    slots: parts.resources.flatMap(slotUses),
    unresolved: parts.unresolved,
    parseDiagnostics: parts.parseDiagnostics,
    sources: parts.sources,
    notices: parts.notices ?? [],
    resource: (id) => byId.get(id),
  };
}

/**
 * The resource as the rules read it. Rules read a resource's properties
 * through two tables only: the kind table's canonical paths (`kinds.ts`) and
 * the slot table's paths with their sibling conditions (`slots.ts`); of a
 * resource that launches instances they also scan every value (a secret in
 * any property). Everything else a resource holds (a queue's settings, a
 * role's inline permission policies, the statement blocks a policy document
 * was rendered from: 24% of the dev corpus's values beside the 29% of
 * resources of no kind and no slot), and the canonical properties in
 * `UNREAD_CANONICAL`, no rule reads. A run that hands no graph
 * out keeps only what the rules read, unit by unit as each is built, so that
 * the run never holds the rest together. What the build needs from the rest
 * (a reference's attribute, an unresolved reference) it takes before this.
 */
export function asRulesRead(resource: Resource): Resource {
  if (launchesInstances(resource.kind)) return resource;
  const props = resource.props.entries.length === 0 ? resource.props : pruned(resource.props, readPaths(resource.iac, resource.type));
  const canonical = UNREAD_CANONICAL.some((p) => resource.canonical[p] !== undefined) ? withoutUnread(resource.canonical) : resource.canonical;
  return props === resource.props && canonical === resource.canonical ? resource : { ...resource, props, canonical };
}

/**
 * Canonical properties the build reads and no rule does: the rules judge who
 * may assume a role, not what a permission policy allows (a policy's or an
 * inline role policy's document: 8% of the dev corpus's values).
 */
const UNREAD_CANONICAL: readonly CanonicalProp[] = ['policyDocument'];

function withoutUnread(canonical: Resource['canonical']): Resource['canonical'] {
  const out = { ...canonical };
  for (const p of UNREAD_CANONICAL) delete out[p];
  return out;
}

/** The property paths the rules read of a type, as a tree of segments; an empty node keeps the value whole. */
interface PathTree {
  readonly children: Map<string, PathTree>;
  /** A path ends here: the value is kept as it is, whatever lies below. */
  whole: boolean;
}

const readTrees = new Map<string, PathTree>();

function readPaths(iac: Iac, type: string): PathTree {
  const key = `${iac}\0${type}`;
  let tree = readTrees.get(key);
  if (!tree) readTrees.set(key, (tree = pathTree(readPathList(iac, type))));
  return tree;
}

/** Canonical paths (current and older spellings), slot paths, and the siblings a slot's `when` compares. */
function readPathList(iac: Iac, type: string): string[] {
  const row = kindRow(iac, type);
  const read = (props: KindRow['props'] = {}) => (Object.keys(props) as CanonicalProp[]).filter((p) => !UNREAD_CANONICAL.includes(p)).map((p) => props[p]);
  const paths = [...read(row.props), ...read(row.legacyProps)];
  for (const slot of slotsForType(iac, type)) {
    paths.push(slot.path);
    const parent = slot.path.includes('.') ? `${slot.path.slice(0, slot.path.lastIndexOf('.'))}.` : '';
    for (const sibling of Object.keys(slot.when ?? {})) paths.push(`${parent}${sibling}`);
  }
  return paths.filter((p): p is string => p !== undefined);
}

function pathTree(paths: readonly string[]): PathTree {
  const root: PathTree = { children: new Map(), whole: false };
  for (const path of paths) {
    let node = root;
    for (const segment of path.split('.').map((s) => s.replace(/\[\]$/, ''))) {
      let child = node.children.get(segment);
      if (!child) node.children.set(segment, (child = { children: new Map(), whole: false }));
      node = child;
    }
    node.whole = true;
  }
  return root;
}

/**
 * `value` with only the entries on the tree's paths, the same object where
 * nothing is dropped. Lists are entered as path lookups enter them; any other
 * value on the way (a choice, a reference) is kept whole, as is every value
 * where a path ends, so a rule finds the same objects at the same paths.
 */
function pruned(value: ObjectValue, tree: PathTree): ObjectValue;
function pruned(value: Value, tree: PathTree): Value;
function pruned(value: Value, tree: PathTree): Value {
  if (tree.whole) return value;
  if (value.kind === 'list') {
    const items = value.items.map((item) => pruned(item, tree));
    return items.every((item, i) => item === value.items[i]) ? value : { ...value, items };
  }
  if (value.kind !== 'object') return value;
  const entries: ObjectEntry[] = [];
  for (const e of value.entries) {
    const child = tree.children.get(e.key);
    if (!child) continue;
    const v = pruned(e.value, child);
    entries.push(v === e.value ? e : { ...e, value: v });
  }
  return entries.length === value.entries.length && entries.every((e, i) => e === value.entries[i]) ? value : { ...value, entries };
}
