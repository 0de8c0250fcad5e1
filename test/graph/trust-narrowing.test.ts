/** The narrowing judgement behind trust-policy-public-principal and trust-policy-root-principal, case by case. */
import { describe, expect, it } from 'vitest';
import { createGraph } from '../../src/graph/graph.js';
import type { TrustStatement } from '../../src/graph/policy.js';
import { statementNarrowing, type BroadPrincipal } from '../../src/graph/queries/trust-narrowing.js';
import type { Value } from '../../src/graph/value.js';

const graph = createGraph({ resources: [], unresolved: [], parseDiagnostics: [], sources: new Map() });

function loc() {
  const p = { line: 1, column: 1, offset: 0 };
  return { file: 'x', range: { start: p, end: p } };
}

const lit = (value: string): Value => ({ kind: 'literal', value, loc: loc() });

function statement(operator: string, key: string, values: Value[], keyValue?: Value): TrustStatement {
  return {
    effect: 'Allow',
    loc: loc(),
    principals: [],
    notPrincipal: false,
    actions: [],
    notAction: false,
    conditions: [{ operator, key, keyLoc: loc(), values, ...(keyValue ? { keyValue } : {}) }],
    conditionUnknown: keyValue !== undefined,
    conditionUnreadable: false,
  };
}

function narrowed(operator: string, key: string, value: string | Value, principal: BroadPrincipal = 'everyone'): boolean {
  return statementNarrowing(statement(operator, key, [typeof value === 'string' ? lit(value) : value]), principal, graph).narrowed;
}

describe('statementNarrowing', () => {
  it('a concrete value under a positive operator narrows', () => {
    expect(narrowed('StringEquals', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5')).toBe(true);
    expect(narrowed('StringEquals', 'aws:PrincipalAccount', '111122223333')).toBe(true);
    expect(narrowed('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/*')).toBe(true);
    expect(narrowed('ArnLike', 'aws:SourceArn', 'arn:aws:s3:::logs-bucket')).toBe(true);
    // Condition keys are case-insensitive.
    expect(narrowed('StringEquals', 'AWS:PRINCIPALORGID', 'o-a1b2c3d4e5')).toBe(true);
  });

  it('negated operators and Null narrow nothing', () => {
    expect(narrowed('StringNotEquals', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5')).toBe(false);
    expect(narrowed('ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/x')).toBe(false);
    expect(narrowed('StringNotEqualsIfExists', 'aws:PrincipalAccount', '111122223333')).toBe(false);
    expect(narrowed('Null', 'aws:PrincipalOrgID', 'false')).toBe(false);
  });

  it('IfExists and ForAllValues narrow only keys every signed request carries', () => {
    expect(narrowed('StringEqualsIfExists', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5')).toBe(false);
    expect(narrowed('StringEqualsIfExists', 'sts:ExternalId', 'partner')).toBe(false);
    expect(narrowed('ArnLikeIfExists', 'aws:SourceArn', 'arn:aws:sns:us-east-1:111122223333:t')).toBe(false);
    expect(narrowed('ForAllValues:StringLike', 'aws:PrincipalOrgPaths', 'o-a1b2c3d4e5/*')).toBe(false);
    expect(narrowed('ArnEqualsIfExists', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/x')).toBe(true);
    expect(narrowed('StringEqualsIfExists', 'aws:PrincipalAccount', '111122223333')).toBe(true);
    expect(narrowed('ForAnyValue:StringLike', 'aws:PrincipalOrgPaths', 'o-a1b2c3d4e5/*')).toBe(true);
  });

  it('wildcards are live only under StringLike and the ARN operators', () => {
    expect(narrowed('StringLike', 'aws:PrincipalOrgID', '*')).toBe(false);
    expect(narrowed('StringLike', 'aws:PrincipalOrgID', 'o-*')).toBe(false);
    expect(narrowed('ArnEquals', 'aws:PrincipalArn', '*')).toBe(false);
    expect(narrowed('StringEquals', 'aws:PrincipalOrgID', '*')).toBe(true);
    expect(narrowed('StringLike', 'aws:PrincipalOrgPaths', '*/r-ab12/*')).toBe(false);
    // A prefix of a random id still narrows: not a value anyone can choose.
    expect(narrowed('StringLike', 'aws:PrincipalOrgID', 'o-a1b2*')).toBe(true);
    // `?` matches one character only.
    expect(narrowed('StringLike', 'sts:ExternalId', '?')).toBe(true);
  });

  it('an ARN leaves the account open for "*", and the account\'s principals for a whole account', () => {
    expect(narrowed('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/deployer')).toBe(false);
    expect(narrowed('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/deployer', 'account')).toBe(true);
    expect(narrowed('ArnLike', 'aws:PrincipalArn', 'arn:*:iam::*:*', 'account')).toBe(false);
    expect(narrowed('ArnLike', 'aws:SourceArn', 'arn:aws:s3:::*')).toBe(false);
    // StringLike's `*` spans colons; ARN operators compare six parts, so a short pattern matches nothing.
    expect(narrowed('StringLike', 'aws:PrincipalArn', 'arn:aws:iam::*')).toBe(false);
    expect(narrowed('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*')).toBe(true);
  });

  it('values are OR-ed; unknowns, policy variables and choices with a narrowing option narrow', () => {
    const list: Value = { kind: 'list', items: [lit('o-a1b2c3d4e5'), lit('*')], loc: loc() };
    expect(narrowed('StringLike', 'aws:PrincipalOrgID', list)).toBe(false);
    expect(narrowed('StringLike', 'aws:PrincipalOrgID', { kind: 'unknown', reason: 'parameter OrgId has no default', loc: loc() })).toBe(true);
    expect(narrowed('StringLike', 'aws:PrincipalArn', 'arn:aws:iam::${aws:PrincipalAccount}:*')).toBe(true);
    const choice: Value = { kind: 'choice', options: [lit('o-a1b2c3d4e5'), lit('*')], loc: loc() };
    expect(narrowed('StringLike', 'aws:PrincipalOrgID', choice)).toBe(true);
    const open: Value = { kind: 'choice', options: [lit('o-*'), lit('*')], loc: loc() };
    expect(narrowed('StringLike', 'aws:PrincipalOrgID', open)).toBe(false);
  });

  it('a computed key narrows when it may be a narrowing key, and is skipped when it cannot be', () => {
    const hole: Value = { kind: 'unknown', reason: 'x', loc: loc() };
    const key = (text: string, value: Value) => statementNarrowing(statement('StringEquals', text, [lit('v')], value), 'everyone', graph).narrowed;
    expect(key('aws:\u0000', hole)).toBe(true);
    expect(key('\u0000:sub', hole)).toBe(false);
  });

  it('keys off the list and operators we do not judge', () => {
    expect(narrowed('StringEquals', 'aws:RequestedRegion', 'eu-west-1')).toBe(false);
    expect(narrowed('Bool', 'aws:PrincipalArn', 'true')).toBe(true);
  });
});
