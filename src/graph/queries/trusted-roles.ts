import { isNarrowed, type Principal, type TrustPolicy, type TrustStatement } from '../policy.js';
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

/** Every statement of every trust policy we can read, with its role. */
export function* trustStatements(graph: Graph): Generator<{ role: Resource; stmt: TrustStatement }> {
  for (const { role, policy } of rolesWithTrust(graph)) for (const stmt of policy.statements) yield { role, stmt };
}

/**
 * Every principal of every trust statement, with its statement and role.
 * `unnarrowed` keeps those that say outright who may assume the role: an
 * `Allow` statement with `Principal` (not `NotPrincipal`) and no condition
 * that narrows who may (`isNarrowed`).
 */
export function* trustPrincipals(
  graph: Graph,
  which: 'all' | 'unnarrowed' = 'all',
): Generator<{ role: Resource; stmt: TrustStatement; principal: Principal }> {
  for (const { role, stmt } of trustStatements(graph)) {
    if (which === 'unnarrowed' && (stmt.effect !== 'Allow' || stmt.notPrincipal || isNarrowed(stmt))) continue;
    for (const principal of stmt.principals) yield { role, stmt, principal };
  }
}

/**
 * A principal that is a risky setting is reported only when no branch of the
 * choice it belongs to is safe: a deploy-time condition may pick the safe one.
 */
export function noSafeBranch(p: Principal, risky: (q: Principal) => boolean): boolean {
  return !p.branches || p.branches.every((branch) => branch.some(risky));
}
