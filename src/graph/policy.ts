import { startOffset, type Loc } from '../shared/source.js';
import { alternatives, asList, guardedBy, itemsOnAnyBranch, objectGetCI, type Guard, type ObjectValue, type Value } from './value.js';
import { table } from '../shared/own.js';

export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser' | '*';

export interface Principal {
  type: PrincipalType;
  /** One principal value (a list is split into its items). */
  value: Value;
  /**
   * When the principal is one option of a choice (`Fn::If`, `cond ? a : b`)
   * whose condition is not known: the principals of every option, so a rule
   * about a setting can tell whether some branch is safe.
   */
  branches?: Principal[][];
}

export interface ConditionEntry {
  operator: string;
  /** The key as written; for a computed key, its known text with U+0000 for each unknown part. */
  key: string;
  keyLoc: Loc;
  values: Value[];
  /** The key's value when it is computed (`"${local.issuer}:sub"`); then `conditionUnknown` is set too. */
  keyValue?: Value;
  /** The deploy-time conditions the entry is in the policy under (an `Fn::If` on its value, a `dynamic` block). */
  when?: readonly Guard[];
}

export interface TrustStatement {
  /** 'unknown' when the effect is computed. */
  effect: 'Allow' | 'Deny' | 'unknown';
  loc: Loc;
  principals: Principal[];
  /** The statement used `NotPrincipal` (its principals are in `principals`). */
  notPrincipal: boolean;
  principalLoc?: Loc;
  actions: Value[];
  /** The statement used `NotAction`. */
  notAction: boolean;
  actionLoc?: Loc;
  conditions: ConditionEntry[];
  /** A `Condition` element exists but could not be read (computed): it may narrow anything. */
  conditionUnknown: boolean;
  /**
   * Part of the `Condition` element could not be read at all. Unlike
   * `conditionUnknown`, false when the only unknowns are computed keys whose
   * entries are in `conditions` with their `keyValue`.
   */
  conditionUnreadable: boolean;
  /** The deploy-time conditions the statement is in the policy under (an `Fn::If` branch, a `dynamic` block). */
  when?: readonly Guard[];
}

export interface TrustPolicy {
  loc: Loc;
  statements: TrustStatement[];
  /** The document or its statement list is computed; what we see may be partial. */
  partial: boolean;
}

/** Reads a trust policy document value; undefined when it is not a document we can read. */
export function trustPolicy(doc: Value | undefined): TrustPolicy | undefined {
  if (doc?.kind === 'choice') return sharedPolicy(doc);
  if (!doc || doc.kind !== 'object') return undefined;
  const items = statementItems(doc);
  if (!items) return { loc: doc.loc, statements: [], partial: false };
  const statements = items.filter((item): item is ObjectValue => item.kind === 'object').map(statement);
  return { loc: doc.loc, statements, partial: statements.length < items.length };
}

/**
 * The items of a document's `Statement`, every option of a choice among them
 * (`concat([a], c ? [b] : [])` too), each with the guards of its branch;
 * undefined when it has none.
 */
function statementItems(doc: ObjectValue): Value[] | undefined {
  const stmtEntry = objectGetCI(doc, 'Statement');
  return stmtEntry && itemsOnAnyBranch(stmtEntry.value);
}

/**
 * A document chosen at deploy time (`c ? jsonencode(a) : jsonencode(b)`, a
 * `templatefile()` whose `%{if}` adds a statement): the statements every
 * option holds, the same statement written once (same place, same
 * contents). Any other makes it partial, so no rule concludes from what one
 * branch lacks or has alone.
 */
function sharedPolicy(doc: Value): TrustPolicy | undefined {
  const options = alternatives(doc);
  const docs = options.filter((o): o is ObjectValue => o.kind === 'object');
  if (docs.length === 0) return undefined;
  const lists = docs.map((d) => statementItems(d) ?? []);
  const keyed = lists.map((items) => new Set(items.map(statementKey)));
  const common = docs.length < options.length ? [] : lists[0].filter((item): item is ObjectValue => item.kind === 'object' && keyed.every((keys) => keys.has(statementKey(item))));
  const shared = new Set(common.map(statementKey));
  return {
    loc: doc.loc,
    statements: [...common, ...docs.flatMap((d, i) => branchStatements(d, lists[i], shared))].map(statement),
    partial: docs.length < options.length || lists.some((items) => items.length !== common.length),
  };
}

/**
 * The statements only one option of the document holds, when that option is
 * chosen by deploy-time conditions (`var.policy == null ? data.x.json :
 * var.policy`): each there under them, for the rules to judge by the defaults.
 * An option chosen by nothing they can name (a `templatefile()` rendering) adds none.
 */
function branchStatements(option: ObjectValue, items: Value[], shared: ReadonlySet<string>): ObjectValue[] {
  if (!option.when || option.when.length === 0) return [];
  return items.filter((item): item is ObjectValue => item.kind === 'object' && !shared.has(statementKey(item))).map((item) => guardedBy(item, option.when) as ObjectValue);
}

/** Where a statement is written and what it holds: equal for the same statement in two renderings of one template. */
function statementKey(v: Value): string {
  return `${v.loc.file}:${startOffset(v.loc.range)}:${fingerprint(v)}`;
}

function fingerprint(v: Value): string {
  switch (v.kind) {
    case 'literal':
      return JSON.stringify(v.value);
    case 'object':
      return `{${v.entries.map((e) => `${JSON.stringify(e.key)}:${fingerprint(e.value)}`).join(',')}}`;
    case 'list':
      return `[${v.items.map(fingerprint).join(',')}]`;
    default:
      return `${v.kind}@${v.loc.file}:${startOffset(v.loc.range)}`;
  }
}

function statement(obj: ObjectValue): TrustStatement {
  const effectEntry = objectGetCI(obj, 'Effect');
  const effectValue = effectEntry?.value;
  const effect =
    effectValue?.kind === 'literal' && (effectValue.value === 'Allow' || effectValue.value === 'Deny') ? effectValue.value : 'unknown';
  const principalEntry = objectGetCI(obj, 'Principal');
  const notPrincipalEntry = objectGetCI(obj, 'NotPrincipal');
  const pEntry = principalEntry ?? notPrincipalEntry;
  const actionEntry = objectGetCI(obj, 'Action');
  const notActionEntry = objectGetCI(obj, 'NotAction');
  const aEntry = actionEntry ?? notActionEntry;
  const conditionEntry = objectGetCI(obj, 'Condition');
  const { conditions, unknown, unreadable } = conditionEntry ? readConditions(conditionEntry.value) : { conditions: [], unknown: false, unreadable: false };
  return {
    effect,
    loc: obj.loc,
    principals: pEntry ? principals(pEntry.value) : [],
    notPrincipal: !principalEntry && !!notPrincipalEntry,
    ...(pEntry ? { principalLoc: pEntry.value.loc } : {}),
    actions: aEntry ? itemsOnAnyBranch(aEntry.value) : [],
    notAction: !actionEntry && !!notActionEntry,
    ...(aEntry ? { actionLoc: aEntry.value.loc } : {}),
    conditions,
    conditionUnknown: unknown,
    conditionUnreadable: unreadable,
    ...(obj.when ? { when: obj.when } : {}),
  };
}

const principalTypes: Record<string, PrincipalType> = table({
  aws: 'AWS',
  service: 'Service',
  federated: 'Federated',
  canonicaluser: 'CanonicalUser',
});

/** `"*"`, `{"AWS": ...}`, `{"Service": [...]}`: every principal as one entry. */
function principals(value: Value): Principal[] {
  return branched(alternatives(value).map(principalsOf));
}

function principalsOf(v: Value): Principal[] {
  const out: Principal[] = [];
  if (v.kind === 'literal' && v.value === '*') out.push({ type: '*', value: v });
  else if (v.kind === 'object') {
    for (const e of v.entries) {
      const type = principalTypes[e.key.toLowerCase()];
      if (!type) continue;
      // `identifiers = c ? ["*"] : [arn]`: each branch's items are that branch's principals.
      for (const item of asList(e.value)) out.push(...branched(alternatives(item).map((option) => itemsOnAnyBranch(option).map((value) => ({ type, value })))));
    }
  }
  return out;
}

/** The principals of every option, each knowing its siblings when there is more than one. */
function branched(options: Principal[][]): Principal[] {
  if (options.length < 2) return options.flat();
  const out = options.flat();
  for (const p of out) p.branches = options;
  return out;
}

function readConditions(value: Value): { conditions: ConditionEntry[]; unknown: boolean; unreadable: boolean } {
  if (value.kind !== 'object') return { conditions: [], unknown: true, unreadable: true };
  const conditions: ConditionEntry[] = [];
  let unknown = false;
  let unreadable = false;
  for (const op of value.entries) {
    // An entry is there where the Condition element, its operator's block and its own value are (`Fn::If` at any of the three).
    const entry = (key: string, keyLoc: Loc, v: Value): ConditionEntry => conditionEntry(op.key, key, keyLoc, v, [value.when, op.value.when]);
    if (op.value.kind === 'object') {
      for (const k of op.value.entries) conditions.push(entry(k.key, k.keyLoc, k.value));
      continue;
    }
    unknown = true;
    const partial = op.value.kind === 'unknown' ? op.value.partialObject : undefined;
    if (!partial) {
      unreadable = true;
      continue;
    }
    for (const k of partial.entries) conditions.push(entry(k.key, k.keyLoc, k.value));
    for (const k of partial.computed) conditions.push({ ...entry(keyText(k.key), k.keyLoc, k.value), keyValue: k.key });
  }
  return { conditions, unknown, unreadable };
}

function conditionEntry(operator: string, key: string, keyLoc: Loc, value: Value, outer: ReadonlyArray<readonly Guard[] | undefined>): ConditionEntry {
  const when = [...outer, value.when].flatMap((w) => w ?? []);
  return { operator, key, keyLoc, values: asList(value), ...(when.length > 0 ? { when } : {}) };
}

/** A computed key's known text, U+0000 for each part we cannot read (the graph is not needed for keys). */
function keyText(v: Value, depth = 0): string {
  if (v.kind === 'literal') return typeof v.value === 'string' ? v.value : '\u0000';
  if (v.kind !== 'template' || depth > 8) return '\u0000';
  return v.parts.map((p) => (typeof p === 'string' ? p : keyText(p, depth + 1))).join('');
}
