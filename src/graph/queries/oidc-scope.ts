/**
 * The condition model behind `trust-policy-oidc-unscoped`: whether a trust
 * statement's conditions pin the tenant of the issuer a `Federated` principal
 * names (the GitHub owner, the GitLab group, the identity pool, the EKS
 * namespace). Values we cannot read are unknown, and an unknown never counts
 * as open.
 */
import type { ConditionEntry, TrustStatement } from '../policy.js';
import { HOLE, stringShape } from './strings.js';
import { matchText } from './trust.js';
import type { Graph } from '../types.js';
import { alternatives, type Guard, type Value } from '../value.js';
import { unmetByDefault } from './guards.js';
import { isPopulatedClaim, oidcIssuers, unrecognisedIssuer, type ClaimModel } from '../../aws/oidc-issuers.js';
import { federatedText, knownIssuer, normaliseIssuer, type FederatedIssuer } from './oidc-issuer.js';
import { own as ownProperty } from '../../shared/own.js';
import { negatedStringOperators, parseOperator, positiveStringOperators, type Operator } from './trust-operators.js';

/** A wildcard of `StringLike` (`*`, `?`) in a value being judged. */
const WILD = '\u0001';
/** A part that is a resource's id or ARN: unknown text, but never a wildcard. */
const OPAQUE = '\u0002';

/**
 * The issuer of a `Federated` principal we cannot read, from the statement's
 * conditions: a plain (not `...IfExists`, not negated) test on
 * `<issuer>:<claim>` holds only for that issuer's tokens, so the statement
 * grants nothing to any other. Undefined when no single issuer is implied or
 * the principal is visibly something else (a SAML provider, a literal).
 */
export function impliedIssuer(stmt: TrustStatement, value: Value, graph: Graph): FederatedIssuer | undefined {
  const text = federatedText(value, graph);
  // Only an issuer we cannot read at all: `${var.provider_arn}`, `arn:...:oidc-provider/${var.issuer}`.
  if (text === undefined || !/^\u0000+$/.test(text.replace(/^arn:[^:]*:iam::[^:]*:oidc-provider\//, ''))) return undefined;
  const implied = new Set<string>();
  for (const entry of stmt.conditions) {
    const key = splitKey(entry, graph);
    const op = parseOperator(entry.operator);
    if (!key || key.prefix.includes(HOLE) || !key.prefix.includes('.')) continue;
    if (op.ifExists || op.quantifier === 'all' || !positiveStringOperators.has(op.base)) continue;
    implied.add(key.prefix);
  }
  if (implied.size !== 1) return undefined;
  const [issuer] = implied;
  return { issuer, row: knownIssuer(issuer) ?? unrecognisedIssuer };
}

/** A condition that does not pin the tenant, and why (for the message and the related location). */
export interface BroadCondition {
  entry: ConditionEntry;
  /** The value that admits everyone; absent when the operator is what fails. */
  value?: Value;
  /** What is wrong with the operator, when it is the operator. */
  why?: string;
}

export type StatementScope =
  | { verdict: 'scoped' | 'unknown' | 'dead' }
  | {
      verdict: 'open';
      /** The tenant claims of this issuer that were tested, all too broad; empty when none is tested. */
      broad: BroadCondition[];
      /** Another issuer's keys under an `...IfExists` or negated operator: skipped for this issuer's tokens. */
      skipped: ConditionEntry[];
      /** A computed key that may be this issuer's claim (only for private issuers: it decides a warning). */
      computedKey: boolean;
      /** Tenant claims under a guard the defaults do not meet: not in what deploys by default. */
      notByDefault: AbsentByDefault[];
    };

/** A condition entry that the defaults leave out of the policy, and the guard they do not meet. */
export interface AbsentByDefault {
  entry: ConditionEntry;
  guard: Guard;
}

/** `<issuer>:<claim>` split; the prefix keeps U+0000 for computed parts. */
function splitKey(entry: ConditionEntry, graph: Graph): { prefix: string; claim: string } | undefined {
  // A `${...}` left in a key is a substitution we did not make (IAM keys take no policy variables).
  const text = entry.keyValue ? (stringShape(entry.keyValue, graph)?.text ?? HOLE) : entry.key.replace(/\$\{[^}]*\}/g, HOLE);
  const at = text.lastIndexOf(':');
  if (at <= 0) return undefined;
  return { prefix: normaliseIssuer(text.slice(0, at)).toLowerCase(), claim: text.slice(at + 1).toLowerCase() };
}

/**
 * Whether an `Allow` statement's conditions pin the tenant of `issuer` for
 * tokens of that issuer. Conditions are AND-ed: one that pins is enough; one
 * on another issuer's key (without IfExists) never holds for these tokens, so
 * the statement is dead for them. Where the defaults deploy the statement, an
 * entry under a guard the defaults do not meet is left out, as it deploys.
 */
export function statementScope(stmt: TrustStatement, issuer: FederatedIssuer, graph: Graph, deployedByDefault = true): StatementScope {
  if (stmt.conditionUnreadable) return { verdict: 'unknown' };
  const own = issuer.issuer.toLowerCase();
  const broad: BroadCondition[] = [];
  const skipped: ConditionEntry[] = [];
  const notByDefault: AbsentByDefault[] = [];
  let unknown = false;
  let computedKey = false;
  for (const entry of stmt.conditions) {
    const key = splitKey(entry, graph);
    if (!key) continue;
    const op = parseOperator(entry.operator);
    const global = !key.prefix.includes('.') && !key.prefix.includes(HOLE);
    if (global) continue;
    const model = ownProperty(issuer.row.claims, key.claim);
    // The policy as it deploys by default: an entry there only where the defaults do not lead is not in it.
    const absent = deployedByDefault ? unmetByDefault(entry.when) : undefined;
    if (absent) {
      if (model && key.prefix === own) notByDefault.push({ entry, guard: absent });
      continue;
    }
    if (key.prefix !== own) {
      if (!key.prefix.includes(HOLE) && !own.includes(HOLE)) {
        // Another issuer's key: absent from these tokens.
        if (op.ifExists || negatedStringOperators.has(op.base) || op.quantifier === 'all') skipped.push(entry);
        else if (positiveStringOperators.has(op.base)) return { verdict: 'dead' };
        continue;
      }
      // A computed prefix (`${local.issuer}:sub`) or issuer: perhaps this issuer's key.
      if (!model) continue;
      const verdict = entryVerdict(entry, op, model, graph);
      if (verdict.verdict === 'scoped' || verdict.verdict === 'unknown') unknown = true;
      else if (verdict.verdict === 'open') {
        if (issuer.row.tenancy === 'shared') unknown = true;
        else {
          computedKey = true;
          broad.push(...verdict.broad);
        }
      }
      continue;
    }
    if (!model) {
      // A key STS does not fill from these tokens is absent from the request: a positive operator on it never holds.
      if (!isPopulatedClaim(issuer.row, key.claim) && positiveStringOperators.has(op.base) && !op.ifExists && op.quantifier !== 'all') return { verdict: 'dead' };
      continue;
    }
    const verdict = entryVerdict(entry, op, model, graph);
    if (verdict.verdict === 'scoped') return { verdict: 'scoped' };
    if (verdict.verdict === 'unknown') unknown = true;
    else if (verdict.verdict === 'open') broad.push(...verdict.broad);
  }
  if (unknown) return { verdict: 'unknown' };
  return { verdict: 'open', broad, skipped, computedKey, notByDefault };
}

type EntryVerdict = { verdict: 'scoped' | 'unknown' | 'ignored' } | { verdict: 'open'; broad: BroadCondition[] };

function entryVerdict(entry: ConditionEntry, op: Operator, model: ClaimModel, graph: Graph): EntryVerdict {
  if (op.quantifier === 'all') {
    return { verdict: 'open', broad: [{ entry, why: 'holds for tokens without the claim' }] };
  }
  if (negatedStringOperators.has(op.base)) return { verdict: 'open', broad: [{ entry, why: 'excludes, it pins nothing' }] };
  if (!positiveStringOperators.has(op.base)) return { verdict: 'ignored' };
  const values = entry.values.flatMap(alternatives).flatMap((v) => (v.kind === 'list' ? v.items.flatMap(alternatives) : [v]));
  if (values.length === 0) return { verdict: 'unknown' };
  const wildcards = op.base === 'stringlike';
  let unknown = false;
  for (const value of values) {
    const text = valueText(value, graph, wildcards);
    if (text === undefined) {
      unknown = true;
      continue;
    }
    // Without wildcards `*` is a character: a value of nothing but `*` and `?` is a subject no token has, so it admits no one.
    if (!wildcards && /^[*?]+$/.test(text)) continue;
    const v = valueVerdict(text, model);
    if (v === 'open') return { verdict: 'open', broad: [{ entry, value }] };
    if (v === 'unknown') unknown = true;
  }
  return { verdict: unknown ? 'unknown' : 'scoped' };
}

/** A value's text with wildcards marked, holes kept, and resource ids/ARNs as opaque literals. */
function valueText(value: Value, graph: Graph, wildcards: boolean): string | undefined {
  const shape = stringShape(value, graph);
  if (!shape) return undefined;
  let hole = 0;
  let out = '';
  for (const ch of shape.text) {
    if (ch === HOLE) out += shape.holes[hole++]?.kind === 'ref' ? OPAQUE : HOLE;
    else out += wildcards && (ch === '*' || ch === '?') ? WILD : ch;
  }
  return out;
}

/** The `sub` prefixes the table knows, for subjects of issuers it does not. */
const subjectAnchors = oidcIssuers.flatMap((row) => {
  const model = row.claims.sub;
  return model?.kind === 'anchored' ? model.anchors.filter((a) => a.prefix !== '') : [];
});

/** Does one value pin the tenant? */
function valueVerdict(text: string, model: ClaimModel): 'scoped' | 'open' | 'unknown' {
  switch (model.kind) {
    case 'exact':
      return text.includes(WILD) ? 'open' : text.includes(HOLE) ? 'unknown' : 'scoped';
    case 'any-literal': {
      // A subject shaped like a known issuer's (self-hosted GitLab's `project_path:`, a cluster's `system:serviceaccount:`) is judged like it.
      const shaped = subjectAnchors.filter((a) => text.startsWith(a.prefix));
      if (shaped.length > 0) return anchoredVerdict(text, shaped);
      const rest = text.replace(/[\u0001:/\s]/g, '');
      if (rest.replace(/\u0000/g, '') !== '') return 'scoped';
      return rest.includes(HOLE) ? 'unknown' : 'open';
    }
    case 'anchored':
      return anchoredVerdict(text, model.anchors);
  }
}

/**
 * Is there a tenant after an anchor (`repo:`) with no wildcard or unknown
 * part before its separator? Linear in the value: where the next wildcard or
 * hole is, is worked out once.
 */
function anchoredVerdict(text: string, anchors: ReadonlyArray<{ prefix: string; separator: string }>): 'scoped' | 'open' | 'unknown' {
  const nextSpecial = new Int32Array(text.length + 1).fill(text.length);
  for (let i = text.length - 1; i >= 0; i--) nextSpecial[i] = text[i] === WILD || text[i] === HOLE ? i : nextSpecial[i + 1];
  const nextSeparator = new Map<string, number>();
  for (let i = 0; i < text.length; i = text.indexOf(':', i) + 1 || text.length) {
    for (const { prefix, separator } of anchors) {
      if ((prefix === '' && i !== 0) || !text.startsWith(prefix, i)) continue;
      const start = i + prefix.length;
      let end = nextSeparator.get(separator) ?? -2;
      if (end < start) {
        end = text.indexOf(separator, start);
        if (end < 0) end = text.length;
        nextSeparator.set(separator, end);
      }
      if (end > start && nextSpecial[start] >= end) return 'scoped';
    }
  }
  return text.includes(HOLE) ? 'unknown' : 'open';
}

/** Does the statement allow `sts:AssumeRoleWithWebIdentity` for certain (`*`, `sts:*` and `NotAction` too)? */
export function allowsWebIdentity(stmt: TrustStatement, graph: Graph): boolean {
  const listed = stmt.actions.map((a) => matchText(a, 'sts:AssumeRoleWithWebIdentity', graph, true));
  if (stmt.notAction) return stmt.actionLoc !== undefined && listed.every((m) => m === 'no');
  return listed.includes('yes');
}

/** A value as the user wrote it, for messages (wildcards as written, unknown parts as `…`). */
export function shownValue(value: Value, graph: Graph): string {
  const shape = stringShape(value, graph);
  const text = shape ? shape.text.split(HOLE).join('…') : '…';
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
