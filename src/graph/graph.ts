import { slotUses } from './slots.js';
import type { Graph, Notice, ParseDiagnostic, Resource, UnresolvedRef } from './types.js';

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
