import { resourcesOfKind } from './memo.js';
import { knownString } from './strings.js';
import type { Graph, Resource } from '../types.js';
import { valuesUnder, type Value } from '../value.js';

/** What an instance's or group's launch template specification points at. */
export type LaunchTemplateTarget = { found: Resource } | { found: 'unknown' };

/**
 * The launch template a `LaunchTemplate` / `launch_template` specification
 * uses: a reference to one in the code (by id, name or any attribute) or a
 * literal name that one of them has. `unknown` when it names something we
 * cannot see; undefined when there is no specification.
 */
export function launchTemplateOf(spec: Value | undefined, graph: Graph): LaunchTemplateTarget | undefined {
  if (!spec) return undefined;
  const templates = resourcesOfKind(graph, 'ec2.launch-template');
  for (const v of valuesUnder(spec, 8)) {
    if (v.kind === 'ref') {
      const target = graph.resource(v.target);
      if (target?.kind === 'ec2.launch-template') return { found: target };
    }
  }
  for (const v of valuesUnder(spec, 8)) {
    const text = v.kind === 'literal' ? knownString(v, graph) : undefined;
    if (text === undefined) continue;
    const named = templates.find((t) => t.canonical.name && knownString(t.canonical.name, graph) === text);
    if (named) return { found: named };
  }
  return { found: 'unknown' };
}
