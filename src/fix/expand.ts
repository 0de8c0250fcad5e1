import type { Graph } from '../graph/types.js';
import type { Finding, FixEdits, FixRequest } from '../shared/finding.js';
import { newProfiles, type NewProfileFor } from './new-profile.js';
import { referenceEdit, type Target } from './reference.js';

/**
 * Counts of fix requests turned into edits, for tests: a run that asks for no
 * edits expands none (one increment per request: nothing measurable).
 */
export const expansions = { count: 0 };

/**
 * The findings with each fix request turned into its description and edits,
 * from the graph and the ranges the parse recorded. A request that cannot be
 * written in its file's syntax (a role in a YAML flow mapping, a `.tf.json`
 * whose `resource` is a list) loses its fix: the finding stays, unfixable.
 * Called inside the run that holds the graph, only when edits are asked for
 * (`LintOptions.fixes`).
 */
export function expandFixes(findings: readonly Finding[], graph: Graph): Finding[] {
  const newProfileFor = newProfiles(graph);
  return findings.map((f) => {
    if (!f.fix) return f;
    const { fix, ...rest } = f;
    const built = expandFix(graph, fix, newProfileFor);
    return built ? { ...rest, fix: { ...fix, ...built } } : rest;
  });
}

/** One request's edits; undefined when they cannot be written. */
export function expandFix(graph: Graph, request: FixRequest, newProfileFor: NewProfileFor = newProfiles(graph)): FixEdits | undefined {
  expansions.count++;
  switch (request.kind) {
    case 'reference-profile': {
      const profile = graph.resource(request.profile);
      if (!profile) return undefined;
      const description = `reference instance profile ${profile.address}${request.holdsRole ? ', which holds the role' : ''}`;
      return referenceOnly(graph, request, profile, description);
    }
    case 'swap-form': {
      const resource = graph.resource(request.resource);
      return resource && referenceOnly(graph, request, resource, `use the ${request.form === 'arn' ? 'ARN' : 'name'} of ${resource.address}`);
    }
    case 'new-profile': {
      const role = graph.resource(request.role);
      const created = role && newProfileFor(role);
      if (!role || !created) return undefined;
      const edit = referenceEdit(graph.sources, request.at, created.target, request.form);
      if (!edit) return undefined;
      return { description: `add instance profile ${created.target.address} holding ${role.address} and reference it`, edits: [created.edit, edit] };
    }
  }
}

function referenceOnly(graph: Graph, request: FixRequest, target: Target, description: string): FixEdits | undefined {
  const edit = referenceEdit(graph.sources, request.at, target, request.form);
  return edit ? { description, edits: [edit] } : undefined;
}
