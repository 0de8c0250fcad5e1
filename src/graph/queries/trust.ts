import { trustPolicy, type Principal, type TrustPolicy, type TrustStatement } from '../policy.js';
import { globMatcher, type GlobPiece } from '../../discover/glob-match.js';
import { HOLE, stringShape } from './strings.js';
import { perGraph } from './memo.js';
import type { Graph, Resource } from '../types.js';
import type { Value } from '../value.js';
import { escapeRegExp } from '../../shared/text.js';

/** Whether something holds: known to, known not to, or it depends on values we cannot see. */
export type Tristate = 'yes' | 'no' | 'maybe';

/** Whether a role's trust policy lets a service assume it. */
export type ServiceTrust = 'trusted' | 'not-trusted' | 'unknown';

const assumeRole = 'sts:AssumeRole';

/**
 * Whether a trust policy lets a service principal (`ec2.amazonaws.com`) call
 * `sts:AssumeRole`. `unknown` whenever a statement, an effect, a principal or
 * an action that could decide it is computed: a finding must never rest on it.
 */
export function serviceTrust(policy: TrustPolicy | undefined, service: string, graph: Graph): ServiceTrust {
  if (!policy || policy.partial) return 'unknown';
  let allow: Tristate = 'no';
  let deny: Tristate = 'no';
  for (const stmt of policy.statements) {
    if (stmt.effect === 'unknown') return 'unknown';
    // NotPrincipal is not allowed in a trust policy; what it would mean is not ours to guess.
    if (stmt.notPrincipal) return 'unknown';
    const applies = both(principalMatches(stmt, service, graph), actionMatches(stmt, graph));
    if (stmt.effect === 'Allow') allow = either(allow, applies);
    // A Deny with a condition may or may not apply.
    else deny = either(deny, stmt.conditions.length > 0 || stmt.conditionUnknown ? both(applies, 'maybe') : applies);
  }
  if (deny === 'yes' || allow === 'no') return 'not-trusted';
  return allow === 'yes' && deny === 'no' ? 'trusted' : 'unknown';
}

/**
 * The trust of a role resource in the code; `unknown` for roles made elsewhere (data sources).
 * Answered once per role and service: a role is asked again for every slot that holds it.
 */
export function roleTrustsService(role: Resource, service: string, graph: Graph): ServiceTrust {
  if (role.external || role.kind !== 'iam.role') return 'unknown';
  const byRole = perGraph(graph, 'service-trust', () => new Map<Resource, Map<string, ServiceTrust>>());
  let answers = byRole.get(role);
  if (!answers) byRole.set(role, (answers = new Map()));
  let answer = answers.get(service);
  if (answer === undefined) answers.set(service, (answer = serviceTrust(roleTrustPolicy(role, graph), service, graph)));
  return answer;
}

/** A role's trust policy as read once per run: several rules ask for every role, some once per slot that uses it. */
export function roleTrustPolicy(role: Resource, graph: Graph): TrustPolicy | undefined {
  const read = perGraph(graph, 'trust-policies', () => new Map<Resource, TrustPolicy | undefined>());
  if (!read.has(role)) read.set(role, trustPolicy(role.canonical.trustPolicy));
  return read.get(role);
}

/** Does the statement's principal cover the service? `"*"` does; a computed principal may. */
export function principalMatches(stmt: TrustStatement, service: string, graph: Graph): Tristate {
  // A Principal element we could not split into principals is computed.
  if (stmt.principals.length === 0) return stmt.principalLoc ? 'maybe' : 'no';
  let result: Tristate = 'no';
  for (const p of stmt.principals) result = either(result, principalIs(p, service, graph));
  return result;
}

function principalIs(p: Principal, service: string, graph: Graph): Tristate {
  if (p.type === '*') return 'yes';
  if (p.type === 'AWS') return isLiteral(p.value, '*') ? 'yes' : 'no';
  if (p.type !== 'Service') return 'no';
  // China regions spell service principals with `.cn`; `ec2.${AWS::URLSuffix}` is either.
  const global = either(matchText(p.value, service, graph, false), matchText(p.value, `${service}.cn`, graph, false));
  return either(global, regionalMatch(p.value, service, graph));
}

const regionExample = 'us-east-1';

/**
 * Some services also accept a regional principal (`states.us-east-1.amazonaws.com`,
 * `states.${AWS::Region}.amazonaws.com`), which stands for the same service.
 */
function regionalMatch(value: Value, service: string, graph: Graph): Tristate {
  const suffix = '.amazonaws.com';
  if (!service.endsWith(suffix)) return 'no';
  const prefix = service.slice(0, -suffix.length);
  const shape = stringShape(value, graph);
  if (!shape) return 'no';
  if (shape.holes.length === 0) {
    const regional = new RegExp(`^${escapeRegExp(prefix)}\\.[a-z]{2}(-[a-z]+)+-\\d+\\.amazonaws\\.com(\\.cn)?$`, 'i');
    return regional.test(shape.text) ? 'yes' : 'no';
  }
  return matchText(value, `${prefix}.${regionExample}${suffix}`, graph, false) === 'no' ? 'no' : 'maybe';
}

/** Does some Allow statement name the service as its principal (whatever its actions)? For messages. */
export function namesService(policy: TrustPolicy | undefined, service: string, graph: Graph): boolean {
  return !!policy?.statements.some((s) => s.effect === 'Allow' && !s.notPrincipal && s.principals.some((p) => p.type === 'Service' && principalIs(p, service, graph) === 'yes'));
}

/** Does the statement's action list allow `sts:AssumeRole`? Wildcards (`sts:*`, `*`) do. */
export function actionMatches(stmt: TrustStatement, graph: Graph): Tristate {
  if (stmt.actions.length === 0) return stmt.actionLoc ? 'maybe' : 'no';
  let listed: Tristate = 'no';
  for (const a of stmt.actions) listed = either(listed, matchText(a, assumeRole, graph, true));
  if (!stmt.notAction) return listed;
  // NotAction allows what it does not list.
  return listed === 'yes' ? 'no' : listed === 'no' ? 'yes' : 'maybe';
}

/**
 * Does a string value equal `target` (case-insensitively)? With `wildcards`,
 * IAM's `*` and `?` in the value match too. A part we cannot read (a hole)
 * may stand for anything, so a value with holes that could match is `maybe`.
 */
export function matchText(value: Value, target: string, graph: Graph, wildcards: boolean): Tristate {
  const shape = stringShape(value, graph);
  if (!shape) return 'no';
  const text = shape.text.toLowerCase();
  // Most values are a plain name (`sts:AssumeRole`, `ec2.amazonaws.com`), where no character stands for others.
  if (!text.includes(HOLE) && !(wildcards && (text.includes('*') || text.includes('?')))) {
    return text !== target.toLowerCase() ? 'no' : shape.holes.length === 0 ? 'yes' : 'maybe';
  }
  // Matched by glob-match.ts, not a regex: `*a*a*a*a*a*a*a*a*` in a policy would make a regex backtrack for seconds.
  const pieces = text.split('').map(
    (ch): GlobPiece => (ch === HOLE || (wildcards && ch === '*') ? { kind: 'any' } : wildcards && ch === '?' ? { kind: 'anyOne' } : { kind: 'char', ch }),
  );
  if (!globMatcher(pieces).test(target.toLowerCase())) return 'no';
  return shape.holes.length === 0 ? 'yes' : 'maybe';
}

function isLiteral(v: Value, text: string): boolean {
  return v.kind === 'literal' && v.value === text;
}

function either(a: Tristate, b: Tristate): Tristate {
  return a === 'yes' || b === 'yes' ? 'yes' : a === 'maybe' || b === 'maybe' ? 'maybe' : 'no';
}

function both(a: Tristate, b: Tristate): Tristate {
  return a === 'no' || b === 'no' ? 'no' : a === 'maybe' || b === 'maybe' ? 'maybe' : 'yes';
}
