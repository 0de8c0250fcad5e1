import type { Principal, TrustPolicy } from '../policy.js';
import { roleTrustPolicy } from './trust.js';
import type { Graph, Resource } from '../types.js';

/** Every role in the code with a trust policy we can read. */
export function* rolesWithTrust(graph: Graph): Generator<{ role: Resource; policy: TrustPolicy }> {
  for (const role of graph.resources) {
    if (role.kind !== 'iam.role' || role.external) continue;
    const policy = roleTrustPolicy(role, graph);
    if (policy) yield { role, policy };
  }
}

/**
 * A principal that is a risky setting is reported only when no branch of the
 * choice it belongs to is safe: a deploy-time condition may pick the safe one.
 */
export function noSafeBranch(p: Principal, risky: (q: Principal) => boolean): boolean {
  return !p.branches || p.branches.every((branch) => branch.some(risky));
}
