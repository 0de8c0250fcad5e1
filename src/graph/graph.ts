import { slotUses } from './slots.js';
import type { Graph, Notice, ParseDiagnostic, Resource, UnresolvedRef } from './types.js';

export interface GraphParts {
  resources: Resource[];
  unresolved: UnresolvedRef[];
  parseDiagnostics: ParseDiagnostic[];
  sources: Map<string, string>;
  notices?: Notice[];
}

export function emptyParts(): GraphParts {
  return { resources: [], unresolved: [], parseDiagnostics: [], sources: new Map(), notices: [] };
}

/** Adds a unit's parts to the run's, keeping their order (a loop: spreading 100,000 items overflows the stack). */
export function mergeParts(into: GraphParts, chunk: GraphParts): void {
  for (const r of chunk.resources) into.resources.push(r);
  for (const u of chunk.unresolved) into.unresolved.push(u);
  for (const d of chunk.parseDiagnostics) into.parseDiagnostics.push(d);
  for (const [file, text] of chunk.sources) into.sources.set(file, text);
  if (chunk.notices?.length) for (const n of chunk.notices) (into.notices ??= []).push(n);
}

/** Assembles the one graph of a run from the resources every builder produced. */
export function createGraph(parts: GraphParts): Graph {
  const byId = new Map(parts.resources.map((r) => [r.id, r]));
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
