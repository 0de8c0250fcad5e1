import { type Principal, type TrustPolicy, type TrustStatement } from '../policy.js';
import { roleTrustPolicy } from './trust.js';
import { perGraph, resourcesOfKind } from './memo.js';
import { unmetByDefault } from './guards.js';
import type { Graph, Resource } from '../types.js';
import type { Guard } from '../value.js';

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

/**
 * Whether a risky principal deploys: whatever the deploy-time conditions
 * (`always`: no branch of its choice is safe), or when nobody overrides a
 * default (`by-default`: every condition it is in the policy under is met
 * with the inputs at their defaults, and so are those of its statement and
 * role). Undefined when a safe branch may be the one deployed.
 */
export type RiskyDeploy = { by: 'always' } | { by: 'default'; guards: readonly Guard[]; input?: string };

export function riskyDeploy(p: Principal, role: Resource, stmt: TrustStatement, risky: (q: Principal) => boolean): RiskyDeploy | undefined {
  return fromDefault(p, riskyBranch(p, role, stmt, risky));
}

function riskyBranch(p: Principal, role: Resource, stmt: TrustStatement, risky: (q: Principal) => boolean): RiskyDeploy | undefined {
  if (noSafeBranch(p, risky)) return statementDeploys(role, stmt);
  const guards = p.value.when;
  if (!guards || guards.length === 0 || !guards.every((g) => g.metByDefault === true)) return undefined;
  if (unmetByDefault(role.when) || unmetByDefault(stmt.when)) return undefined;
  return { by: 'default', guards };
}

/**
 * A principal that is a parameter's or variable's default (`AWS: !Ref Who`
 * with `Default: "*"`, a mapping entry the default key picks) deploys only
 * when nobody overrides that input: it too is there "by default".
 */
function fromDefault(p: Principal, deploys: RiskyDeploy | undefined): RiskyDeploy | undefined {
  const input = p.value.commandLine === undefined ? p.value.fromInput : undefined;
  if (!deploys || input === undefined) return deploys;
  return { by: 'default', guards: deploys.by === 'default' ? deploys.guards : [], input };
}

/**
 * A statement written under deploy-time conditions (a `dynamic "statement"`
 * whose `for_each` is `var.open ? [1] : []`, an `Fn::If` around it) is the
 * branch those conditions take; leaving it out is the safe one. It deploys
 * by default when the defaults meet every one of them, and is not reported
 * when a condition rests on an input with no default or the defaults rule it out.
 */
function statementDeploys(role: Resource, stmt: TrustStatement): RiskyDeploy | undefined {
  const guards = stmt.when;
  if (!guards || guards.length === 0) return { by: 'always' };
  if (statementLeftOutByDefault(stmt) || unmetByDefault(role.when)) return undefined;
  return { by: 'default', guards };
}

/**
 * A statement written under deploy-time conditions that it takes an input to
 * put in the policy: one the defaults do not meet, or one resting on an input
 * with no default.
 */
export function statementLeftOutByDefault(stmt: TrustStatement): boolean {
  return stmt.when !== undefined && stmt.when.some((g) => g.metByDefault !== true);
}

/** `IsPublic is true with the defaults`: which conditions put a principal in the policy by default, for a help line. */
export function defaultsNote(guards: readonly Guard[]): string {
  return guards.map((g) => `${g.test} is ${g.holds}`).join(' and ') + ' with the defaults';
}

/**
 * Why a principal is there by default, for a help line: the conditions the
 * defaults meet (`IsPublic is true with the defaults, which puts it in the
 * policy`) and the input whose default it is (`it is Who's default: ...`).
 */
export function byDefaultNote(deploys: { guards: readonly Guard[]; input?: string }, puts: string): string {
  const notes: string[] = [];
  if (deploys.guards.length > 0) notes.push(`${defaultsNote(deploys.guards)}, which ${puts}`);
  if (deploys.input !== undefined) notes.push(`it is the default of ${deploys.input}: give ${deploys.input} another value when deploying, or change the default`);
  return notes.join('; ');
}
