import { resourcesOfKind } from '../graph/memo.js';
import { knownString } from '../graph/strings.js';
import type { Graph, Resource } from '../graph/types.js';
import type { Value } from '../graph/value.js';

/** What an instance's or group's launch template specification points at. */
export type LaunchTemplateTarget = { found: Resource } | { found: 'unknown' };

/** Every value under a value: object entries, list items, template parts, choice options. */
function* leaves(v: Value, depth = 0): Generator<Value> {
  if (depth > 8) return;
  yield v;
  const children =
    v.kind === 'object'
      ? v.entries.map((e) => e.value)
      : v.kind === 'list'
        ? v.items
        : v.kind === 'choice'
          ? v.options
          : v.kind === 'template'
            ? v.parts.filter((p): p is Value => typeof p !== 'string')
            : [];
  for (const c of children) yield* leaves(c, depth + 1);
}

/**
 * The launch template a `LaunchTemplate` / `launch_template` specification
 * uses: a reference to one in the code (by id, name or any attribute) or a
 * literal name that one of them has. `unknown` when it names something we
 * cannot see; undefined when there is no specification.
 */
export function launchTemplateOf(spec: Value | undefined, graph: Graph): LaunchTemplateTarget | undefined {
  if (!spec) return undefined;
  const templates = resourcesOfKind(graph, 'ec2.launch-template');
  for (const v of leaves(spec)) {
    if (v.kind === 'ref') {
      const target = graph.resource(v.target);
      if (target?.kind === 'ec2.launch-template') return { found: target };
    }
  }
  for (const v of leaves(spec)) {
    const text = v.kind === 'literal' ? knownString(v, graph) : undefined;
    if (text === undefined) continue;
    const named = templates.find((t) => t.canonical.name && knownString(t.canonical.name, graph) === text);
    if (named) return { found: named };
  }
  return { found: 'unknown' };
}
