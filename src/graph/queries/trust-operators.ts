/**
 * How IAM reads a condition operator (IAM User Guide, "Condition operators";
 * research/oidc-trust-facts.md 1.4-1.6), shared by the trust rules that judge
 * conditions: what the operator compares, whether its wildcards are live, and
 * whether it holds when its key is absent from the request.
 */

export interface Operator {
  quantifier: 'any' | 'all' | undefined;
  /** The operator without its set prefix and `IfExists` suffix, lower case (`stringlike`). */
  base: string;
  ifExists: boolean;
}

export function parseOperator(op: string): Operator {
  const m = /^(forallvalues:|foranyvalue:)?(.*?)(ifexists)?$/i.exec(op) ?? [];
  const q = m[1]?.toLowerCase();
  return { quantifier: q === 'forallvalues:' ? 'all' : q === 'foranyvalue:' ? 'any' : undefined, base: (m[2] ?? op).toLowerCase(), ifExists: !!m[3] };
}

export const positiveStringOperators: ReadonlySet<string> = new Set(['stringequals', 'stringequalsignorecase', 'stringlike']);
export const negatedStringOperators: ReadonlySet<string> = new Set(['stringnotequals', 'stringnotequalsignorecase', 'stringnotlike']);

/** String and ARN operators that hold when the request's value matches one of the policy's. */
export const positiveMatchOperators: ReadonlySet<string> = new Set([...positiveStringOperators, 'arnequals', 'arnlike']);

/** Operators whose `*` and `?` are wildcards; `ArnEquals` and `ArnLike` behave identically. */
export const wildcardOperators: ReadonlySet<string> = new Set(['stringlike', 'arnequals', 'arnlike']);

/** A negated operator (`StringNotEquals`, `ArnNotLike`, `NotIpAddress`): true for every value it does not list, and when the key is absent. */
export function isNegated(op: Operator): boolean {
  return /not(equals|like|ipaddress)/.test(op.base);
}

/** `...IfExists` and `ForAllValues:` hold when the key is absent from the request. */
export function holdsWithoutKey(op: Operator): boolean {
  return op.ifExists || op.quantifier === 'all' || isNegated(op);
}
