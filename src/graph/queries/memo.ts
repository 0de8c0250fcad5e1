import type { Graph, Kind, Resource, SlotUse } from '../types.js';

const memos = new WeakMap<Graph, Map<string, unknown>>();

/**
 * A value derived from the graph once per run. Rules that look something up
 * for every slot use index the graph once through this instead of scanning
 * `graph.slots` or `graph.resources` each time, which is quadratic on a large
 * repository.
 */
export function perGraph<T>(graph: Graph, key: string, build: (graph: Graph) => T): T {
  let memo = memos.get(graph);
  if (!memo) memos.set(graph, (memo = new Map()));
  if (!memo.has(key)) memo.set(key, build(graph));
  return memo.get(key) as T;
}

/** Groups items by a key, keeping their order; items whose key is undefined are left out. */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K | undefined): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** The slot uses of one resource, in graph order. */
export function slotsOf(graph: Graph, resource: Resource): readonly SlotUse[] {
  return perGraph(graph, 'slots-by-resource', (g) => groupBy(g.slots, (s) => s.resource)).get(resource) ?? [];
}

/** The resources of one kind, in graph order. */
export function resourcesOfKind(graph: Graph, kind: Kind): readonly Resource[] {
  return perGraph(graph, 'resources-by-kind', (g) => groupBy(g.resources, (r) => r.kind)).get(kind) ?? [];
}
