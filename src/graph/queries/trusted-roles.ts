import { type Principal, type TrustPolicy, type TrustStatement } from '../policy.js';
import { roleTrustPolicy } from './trust.js';
import { perGraph, resourcesOfKind } from './memo.js';
import type { Graph, Resource } from '../types.js';

/** Every role in the code with a trust policy we can read. */
export function rolesWithTrust(graph: Graph): ReadonlyArray<{ role: Resource; policy: TrustPolicy }> {
  return perGraph(graph, 'roles-with-trust', (g) =>
    resourcesOfKind(g, 'iam.role').flatMap((role) => {
      const policy = role.external ? undefined : roleTrustPolicy(role, g);
      return policy ? [{ role, policy }] : [];
    }),
  );
}

/** Every statement of every trust policy we can read, with its role (listed once per run: six rules walk them). */
export function trustStatements(graph: Graph): ReadonlyArray<{ role: Resource; stmt: TrustStatement }> {
  return perGraph(graph, 'trust-statements', (g) => rolesWithTrust(g).flatMap(({ role, policy }) => policy.statements.map((stmt) => ({ role, stmt }))));
}

/**
 * Every principal of every trust statement, with its statement and role.
 * `allowed` keeps those that say who may assume the role: an `Allow`
 * statement with `Principal` (not `NotPrincipal`); whether its conditions
 * narrow them is `statementNarrowing`'s to judge.
 */
export function trustPrincipals(
  graph: Graph,
  which: 'all' | 'allowed' = 'all',
): ReadonlyArray<{ role: Resource; stmt: TrustStatement; principal: Principal }> {
  return perGraph(graph, `trust-principals-${which}`, (g) =>
    trustStatements(g)
      .filter(({ stmt }) => which === 'all' || (stmt.effect === 'Allow' && !stmt.notPrincipal))
      .flatMap(({ role, stmt }) => stmt.principals.map((principal) => ({ role, stmt, principal }))),
  );
}

/**
 * A principal that is a risky setting is reported only when no branch of the
 * choice it belongs to is safe: a deploy-time condition may pick the safe one.
 */
export function noSafeBranch(p: Principal, risky: (q: Principal) => boolean): boolean {
  return !p.branches || p.branches.every((branch) => branch.some(risky));
}
