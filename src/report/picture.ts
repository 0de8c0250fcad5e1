import { slotLabel } from '../graph/queries/describe.js';
import { denote, resourcesWithNameKey } from '../graph/queries/denote.js';
import { HOLE, stringShape } from '../graph/queries/strings.js';
import { roleTrustPolicy } from '../graph/queries/trust.js';
import type { Graph, Kind, Resource } from '../graph/types.js';
import { alternatives, asList, type Value } from '../graph/value.js';
import type { Finding } from '../shared/finding.js';
import type { Loc } from '../shared/source.js';
import { forOutput } from '../engine/mask.js';
import { displayFile } from './paths.js';

/**
 * The picture `--format mermaid|dot|html` draw: per unit (template or
 * module), the resources that matter for instance profiles, the references
 * between them, and the findings on them. Drawing is left to each format.
 */
export type Layer = 'consumer' | 'profile' | 'role' | 'principal';

export interface PictureNode {
  id: string;
  label: string;
  /** `AWS::EC2::Instance`, `aws_iam_role`, `Service`, `name` (a literal name that no resource declares). */
  type: string;
  layer: Layer;
  /** Rule ids of findings on the node itself. */
  rules: string[];
}

export interface PictureEdge {
  from: string;
  to: string;
  label: string;
  rules: string[];
}

export interface PictureUnit {
  unit: string;
  nodes: PictureNode[];
  edges: PictureEdge[];
}

/** Rows of the kind table: which layer a resource kind is drawn in. Kinds absent here are drawn only when they use a slot. */
const LAYER_OF_KIND: Partial<Record<Kind, Layer>> = {
  'ec2.instance': 'consumer',
  'ec2.launch-template': 'consumer',
  'autoscaling.launch-configuration': 'consumer',
  'autoscaling.group': 'consumer',
  'ecs.task-definition': 'consumer',
  'eks.nodegroup': 'consumer',
  'emr.cluster': 'consumer',
  'iam.instance-profile': 'profile',
  'iam.role': 'role',
};

/** References drawn besides slot uses: from canonical properties, with their labels. */
const REFERENCE_PROPS = [
  ['launchTemplate', 'launch template'],
  ['taskRole', 'task role'],
  ['executionRole', 'execution role'],
  ['roles', 'role'],
] as const;

export function buildPicture(graph: Graph, findings: readonly Finding[], cwd: string): PictureUnit[] {
  const units = new Map<string, PictureUnit>();
  const nodeIds = new Map<string, PictureNode>();
  const edgeKeys = new Set<string>();
  const edgeAt = new Map<string, PictureEdge>();
  const unitOf = (r: Resource): PictureUnit => {
    const key = displayFile(r.unit, cwd);
    let u = units.get(key);
    if (!u) units.set(key, (u = { unit: key, nodes: [], edges: [] }));
    return u;
  };
  const addNode = (u: PictureUnit, node: Omit<PictureNode, 'rules'>): PictureNode => {
    const existing = nodeIds.get(node.id);
    if (existing) return existing;
    // Labels quote the user's names and values: the one place the drawings' text is made safe.
    const made = { ...node, label: forOutput(node.label), rules: [] };
    nodeIds.set(node.id, made);
    u.nodes.push(made);
    return made;
  };
  const addResource = (r: Resource, layer: Layer): PictureNode => addNode(unitOf(r), { id: r.id, label: r.address, type: r.type, layer });
  const addEdge = (u: PictureUnit, from: string, to: string, label: string, at?: Loc): void => {
    const key = `${from}\0${to}\0${label}`;
    if (edgeKeys.has(key)) return;
    edgeKeys.add(key);
    const edge = { from, to, label: forOutput(label), rules: [] };
    u.edges.push(edge);
    if (at) edgeAt.set(locKey(at.file, at.range.start.line, at.range.start.column), edge);
  };

  for (const r of graph.resources) {
    const layer = LAYER_OF_KIND[r.kind];
    if (layer && !r.address.startsWith('data.aws_iam_policy_document')) addResource(r, layer);
  }
  for (const use of graph.slots) {
    const from = addResource(use.resource, LAYER_OF_KIND[use.resource.kind] ?? 'consumer');
    const u = unitOf(use.resource);
    const target = targetOf(use.value, graph, u, addNode, addResource, use.slot.expects === 'role' ? 'role' : 'profile');
    if (target) addEdge(u, from.id, target.id, slotLabel(use.slot), use.value.loc);
  }
  for (const r of graph.resources) {
    const from = nodeIds.get(r.id);
    if (!from) continue;
    const u = unitOf(r);
    for (const [prop, label] of REFERENCE_PROPS) {
      for (const v of asList(r.canonical[prop]).flatMap(alternatives)) {
        const target = targetOf(v, graph, u, addNode, addResource, prop === 'launchTemplate' ? 'consumer' : 'role');
        if (target && target.id !== from.id) addEdge(u, from.id, target.id, label, v.loc);
      }
    }
    if (r.kind === 'iam.role') addTrust(r, graph, u, from, addNode, addEdge);
  }
  markFindings(findings, nodeIds, edgeAt, graph);
  return [...units.values()].filter((u) => u.nodes.length > 0).sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
}

type AddNode = (u: PictureUnit, node: Omit<PictureNode, 'rules'>) => PictureNode;

/**
 * What a value points at: a resource in the graph (by reference, or by a
 * literal name a resource declares), or else the literal name drawn as a
 * node of its own in the layer the slot expects.
 */
function targetOf(
  v: Value,
  graph: Graph,
  u: PictureUnit,
  addNode: AddNode,
  addResource: (r: Resource, l: Layer) => PictureNode,
  expected: Layer,
): PictureNode | undefined {
  const d = denote(v, graph);
  if ((d.entity === 'role' || d.entity === 'instance-profile' || d.entity === 'other') && d.resource) {
    return addResource(d.resource, LAYER_OF_KIND[d.resource.kind] ?? 'consumer');
  }
  const name = d.entity === 'name' ? d.name : d.entity === 'role' || d.entity === 'instance-profile' ? d.name : undefined;
  if (name === undefined) return undefined;
  const named = [...resourcesWithNameKey(graph, 'instance-profile', `lit:${name}`), ...resourcesWithNameKey(graph, 'role', `lit:${name}`)][0];
  if (named) return addResource(named, LAYER_OF_KIND[named.kind] ?? expected);
  const layer: Layer = d.entity === 'role' ? 'role' : d.entity === 'instance-profile' ? 'profile' : expected;
  return addNode(u, { id: `${u.unit}#name:${name}`, label: `"${name}"`, type: 'name', layer });
}

/** role → each principal its trust policy allows to assume it. */
function addTrust(
  role: Resource,
  graph: Graph,
  u: PictureUnit,
  from: PictureNode,
  addNode: AddNode,
  addEdge: (u: PictureUnit, from: string, to: string, label: string) => void,
): void {
  const policy = roleTrustPolicy(role, graph);
  for (const stmt of policy?.statements ?? []) {
    if (stmt.effect !== 'Allow') continue;
    for (const p of stmt.principals) {
      const shape = stringShape(p.value, graph);
      const text = shape ? shape.text.split(HOLE).join('…') : '…';
      const node = addNode(u, { id: `${u.unit}#principal:${p.type}:${text}`, label: text, type: p.type, layer: 'principal' });
      addEdge(u, from.id, node.id, 'trusts');
    }
  }
}

/** A finding marks the edge drawn from the value it is at, else the node of its resource. */
function markFindings(
  findings: readonly Finding[],
  nodes: Map<string, PictureNode>,
  edgeAt: Map<string, PictureEdge>,
  graph: Graph,
): void {
  const byAddress = new Map<string, PictureNode>();
  for (const r of graph.resources) {
    const n = nodes.get(r.id);
    if (n) byAddress.set(`${r.loc.file}\0${r.address}`, n);
  }
  for (const f of findings) {
    const edge = edgeAt.get(locKey(f.file, f.line, f.column));
    const target = edge ?? (f.resource !== undefined ? byAddress.get(`${f.file}\0${f.resource}`) : undefined);
    if (target && !target.rules.includes(f.rule)) target.rules.push(f.rule);
  }
}

function locKey(file: string, line: number, column: number): string {
  return `${file}\0${line}\0${column}`;
}

/** Short node ids (`n0`, `n1`, ...) for the drawings, stable for one drawing: graph ids are long paths. */
export function shortIds(): (id: string) => string {
  const ids = new Map<string, string>();
  return (id) => {
    let short = ids.get(id);
    if (!short) ids.set(id, (short = `n${ids.size}`));
    return short;
  };
}
