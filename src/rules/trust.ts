import { trustPolicy, type TrustPolicy } from '../graph/policy.js';
import type { Graph, Resource } from '../graph/types.js';

/** Every role in the code with a trust policy we can read. */
export function* rolesWithTrust(graph: Graph): Generator<{ role: Resource; policy: TrustPolicy }> {
  for (const role of graph.resources) {
    if (role.kind !== 'iam.role' || role.external) continue;
    const policy = trustPolicy(role.canonical.trustPolicy);
    if (policy) yield { role, policy };
  }
}
