/**
 * Whether a trust statement's conditions narrow who may assume a role whose
 * principal is broad: `"*"` (every account) or a whole account (`:root`).
 * A key on the narrowing list counts only when it is tested so that it can
 * fail for a caller the principal admits: with a positive operator (not
 * negated, not `Null`), present in the request or tested without `IfExists`
 * / `ForAllValues:`, and with no value that matches every caller (`"*"`,
 * `"o-*"`, `arn:aws:iam::*:role/x` for `"*"`). Values we cannot read narrow:
 * an unknown never makes a finding.
 * Facts: shared/aws/semantics.md G.2; IAM UG global condition keys
 * (availability of each key), condition operators; oidc-trust-facts.md 1.4-1.6.
 */
import type { ConditionEntry, TrustStatement } from '../policy.js';
import { HOLE, stringShape } from './strings.js';
import type { Graph } from '../types.js';
import { alternatives, type Value } from '../value.js';
import type { Loc } from '../../shared/source.js';
import { shownValue } from './oidc-scope.js';
import { own, table } from '../../shared/own.js';
import { holdsWithoutKey, isNegated, parseOperator, positiveMatchOperators, wildcardOperators, type Operator } from './trust-operators.js';

/** What a key's value names: the part that decides who the caller is. */
type KeyShape = 'arn' | 'account' | 'org' | 'org-path' | 'secret';

interface NarrowingKey {
  shape: KeyShape;
  /** In the request context of every signed AssumeRole call (IAM UG "Availability"), so `IfExists` still tests it. */
  alwaysPresent: boolean;
}

/** Condition keys that tie a broad principal to specific callers (semantics G.2). */
const narrowingKeys = table<NarrowingKey>({
  'aws:principalarn': { shape: 'arn', alwaysPresent: true },
  'aws:principalaccount': { shape: 'account', alwaysPresent: true },
  // Present only when the principal is in an organization.
  'aws:principalorgid': { shape: 'org', alwaysPresent: false },
  'aws:principalorgpaths': { shape: 'org-path', alwaysPresent: false },
  // Present only when a service calls on behalf of a resource.
  'aws:sourceaccount': { shape: 'account', alwaysPresent: false },
  'aws:sourcearn': { shape: 'arn', alwaysPresent: false },
  'aws:sourceorgid': { shape: 'org', alwaysPresent: false },
  'aws:sourceorgpaths': { shape: 'org-path', alwaysPresent: false },
  // Present only when the caller passes one.
  'sts:externalid': { shape: 'secret', alwaysPresent: false },
});

/** The principal being narrowed: every AWS principal, or every principal of one account. */
export type BroadPrincipal = 'everyone' | 'account';

/** A condition on a narrowing key that narrows nothing, and why. */
export interface LooseCondition {
  entry: ConditionEntry;
  /** The value that matches every caller; absent when the operator is what fails. */
  value?: Value;
  why: string;
}

export type Narrowing = { narrowed: true } | { narrowed: false; loose: LooseCondition[] };

/** Do the statement's conditions (AND-ed: one is enough) narrow who `principal` lets assume the role? */
export function statementNarrowing(stmt: TrustStatement, principal: BroadPrincipal, graph: Graph): Narrowing {
  if (stmt.conditionUnreadable) return { narrowed: true };
  const loose: LooseCondition[] = [];
  for (const entry of stmt.conditions) {
    if (entry.keyValue) {
      // A computed key that may be a narrowing key may narrow anything.
      if (mayBeNarrowingKey(entry.key)) return { narrowed: true };
      continue;
    }
    const key = own(narrowingKeys, entry.key.toLowerCase());
    if (!key) continue;
    const verdict = entryVerdict(entry, key, principal, graph);
    if (verdict === 'narrows') return { narrowed: true };
    loose.push(verdict);
  }
  return { narrowed: false, loose };
}

function mayBeNarrowingKey(text: string): boolean {
  const pattern = new RegExp(`^${text.toLowerCase().split(HOLE).map(escape).join('.*')}$`, 's');
  return Object.keys(narrowingKeys).some((k) => pattern.test(k));
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function entryVerdict(entry: ConditionEntry, key: NarrowingKey, principal: BroadPrincipal, graph: Graph): 'narrows' | LooseCondition {
  const op = parseOperator(entry.operator);
  if (op.base === 'null') return { entry, why: `${entry.operator} tests only whether ${entry.key} is there` };
  if (isNegated(op)) return { entry, why: `${entry.operator} on ${entry.key} excludes, it narrows nothing` };
  if (holdsWithoutKey(op) && !key.alwaysPresent) return { entry, why: `${entry.operator} lets through every request without ${entry.key}` };
  // Bool, Numeric..., an operator IAM does not know: not a test of who the caller is that we can judge.
  if (!positiveMatchOperators.has(op.base)) return 'narrows';
  // Values are OR-ed: one that matches every caller is enough.
  for (const value of entry.values.flatMap(listItems)) {
    const match = valueMatchesAll(value, key.shape, op, principal, graph);
    if (match) return { entry, ...match };
  }
  return 'narrows';
}

function listItems(v: Value): Value[] {
  return v.kind === 'list' ? v.items.flatMap(listItems) : [v];
}

/**
 * Does one value match every caller the principal admits? Says how, and
 * which written value does, or undefined. A choice only when every option
 * does (a condition may pick another).
 */
function valueMatchesAll(value: Value, shape: KeyShape, op: Operator, principal: BroadPrincipal, graph: Graph): { why: string; value: Value } | undefined {
  if (!wildcardOperators.has(op.base)) return undefined;
  const options = alternatives(value);
  if (options.length > 1) {
    const matches = options.map((o) => valueMatchesAll(o, shape, op, principal, graph));
    return matches.every((m) => m !== undefined) ? matches[0] : undefined;
  }
  // One branch's whole list (`c ? [a] : [b]`): its values are OR-ed, as the entry's are.
  if (value.kind === 'list') {
    for (const item of listItems(value)) {
      const match = valueMatchesAll(item, shape, op, principal, graph);
      if (match) return match;
    }
    return undefined;
  }
  const text = stringShape(value, graph)?.text;
  // A policy variable (`${aws:username}`) stands for a request value: not ours to judge.
  if (text === undefined || text.includes('${')) return undefined;
  if (anything(text)) return { why: 'matches every caller', value };
  if (!textMatchesAll(text, shape, op, principal)) return undefined;
  return { why: shape === 'arn' && principal === 'account' ? 'matches every principal of the account' : matchesWhat[shape], value };
}

/** What a value that is not only wildcards leaves open, by key shape. */
const matchesWhat: Record<KeyShape, string> = {
  arn: 'matches that name in any account (anyone can create it in an account of their own)',
  account: 'matches every account',
  org: 'matches every organization',
  'org-path': 'matches every organization',
  secret: 'matches every value',
};

/** Only wildcards, at least one `*`: matches any text. An unknown part (U+0000) never does. */
function anything(text: string): boolean {
  return /^[*?]*\*[*?]*$/.test(text);
}

function textMatchesAll(text: string, shape: KeyShape, op: Operator, principal: BroadPrincipal): boolean {
  switch (shape) {
    case 'account':
    case 'secret':
      return false;
    case 'org':
      return anything(text.replace(/^o-/, ''));
    case 'org-path':
      // The organization id is the tenant: roots and OUs are unique only within one organization.
      return anything(text.split('/')[0].replace(/^o-/, ''));
    case 'arn':
      return arnMatchesAll(text, op, principal);
  }
}

/**
 * `arn:partition:service:region:account:resource`. For `"*"` the account is
 * the tenant (anyone can create `role/x` in an account of their own); for a
 * whole account, the account's principals must be left open too. An ARN
 * operator compares the six parts separately; `StringLike`'s `*` spans colons.
 */
function arnMatchesAll(text: string, op: Operator, principal: BroadPrincipal): boolean {
  const parts = text.split(':');
  // Fewer parts: no ARN matches under an ARN operator; under StringLike a last part of wildcards covers the rest.
  if (parts.length < 6) return op.base === 'stringlike' && anything(parts[parts.length - 1]);
  const account = parts[4];
  const resource = parts.slice(5).join(':');
  // An ARN with no account (an S3 bucket) is named by its resource part.
  const accountOpen = anything(account) || (account === '' && anything(resource));
  return principal === 'everyone' ? accountOpen : accountOpen && anything(resource);
}

/** Where each loose condition is and what is wrong with it, for a finding's related locations. */
export function looseRelated(loose: readonly LooseCondition[], graph: Graph): Array<{ loc: Loc; message: string }> | undefined {
  if (loose.length === 0) return undefined;
  return loose.map((l) => ({
    loc: l.value?.loc ?? l.entry.keyLoc,
    message: l.value ? `${l.entry.key} "${shownValue(l.value, graph)}" ${l.why}` : l.why,
  }));
}
