import type { TrustStatement } from '../graph/policy.js';
import { knownString } from '../graph/queries/strings.js';
import type { Graph } from '../graph/types.js';
import type { Value } from '../graph/value.js';
import type { Rule } from './rule.js';
import { trustStatements } from '../graph/queries/trusted-roles.js';

/** Actions that grant every way of assuming the role (and everything else STS does with it). */
const wildcardActions: ReadonlySet<string> = new Set(['*', 'sts:*']);

/** The action a statement's principals actually need (semantics.md §G.3). */
function neededAction(stmt: TrustStatement, graph: Graph): string {
  const federated = stmt.principals.filter((p) => p.type === 'Federated').map((p) => knownString(p.value, graph) ?? '');
  if (federated.length === 0 || federated.length !== stmt.principals.length) return 'sts:AssumeRole';
  return federated.every((f) => f.includes(':saml-provider/')) ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity';
}

/** `"a", "b"` for the known strings among values, for messages. */
function quoted(values: Value[], graph: Graph): string {
  const texts = values.map((v) => knownString(v, graph)).filter((t): t is string => t !== undefined);
  return texts.length > 0 ? texts.map((t) => `"${t}"`).join(', ') : 'the listed ones';
}

export const trustPolicyWildcardAction: Rule<'notPrincipal' | 'notAction' | 'wildcardAction'> = {
  id: 'trust-policy-wildcard-action',
  severity: 'error',
  summary: 'A role trust policy allows every action, uses NotAction, or uses NotPrincipal',
  docs: {
    what: 'Flags a trust statement that `Allow`s `Action: "*"` or `"sts:*"`, and any trust statement that uses `NotPrincipal` (which IAM does not accept in a role trust policy, and which with `Allow` would trust everyone but the listed principals). An `Allow` with `NotAction` is reported as a warning: it allows every action but the listed ones.',
    why: 'A trust policy should allow exactly the way its principals assume the role: `sts:AssumeRole` for AWS and service principals, `sts:AssumeRoleWithWebIdentity` or `sts:AssumeRoleWithSAML` for federated ones, plus `sts:TagSession`/`sts:SetSourceIdentity` when those are used. A wildcard also lets the principals assume the role by any other method and tag sessions freely (cfn_nag F2/W14; AWS: "You cannot use the NotPrincipal element in … an IAM role trust policy").',
    fix: 'Replace the wildcard with the action the principal uses (usually `sts:AssumeRole`), replace `NotAction` with `Action`, and replace `NotPrincipal` with `Principal` listing who may assume the role (or `"*"` with an `aws:PrincipalArn` condition).',
  },
  messages: {
    notPrincipal: 'Role {{role}} has a trust statement with NotPrincipal ({{principals}})',
    notAction: 'Role {{role}} has a trust statement that allows every action except {{actions}} (NotAction)',
    wildcardAction: 'Role {{role}} has a trust statement that allows action "{{action}}"',
  },
  check(graph, report) {
    for (const { role, stmt } of trustStatements(graph)) {
      if (stmt.notPrincipal && stmt.principalLoc) {
        // With Allow it would also mean "everyone but these"; with any effect IAM rejects it.
        const meaning = stmt.effect === 'Allow' ? ', and this one trusts every principal except the ones listed' : '';
        report({
          at: stmt.principalLoc,
          resource: role,
          messageId: 'notPrincipal',
          data: { role: role.address, principals: quoted(stmt.principals.map((p) => p.value), graph) },
          help: `use Principal with the principals that may assume the role (or "*" with an aws:PrincipalArn condition): IAM does not accept NotPrincipal in a role trust policy${meaning}`,
        });
      }
      if (stmt.effect !== 'Allow') continue;
      const needed = neededAction(stmt, graph);
      if (stmt.notAction) {
        if (!stmt.actionLoc) continue;
        report({
          at: stmt.actionLoc,
          resource: role,
          severity: 'warning',
          messageId: 'notAction',
          data: { role: role.address, actions: quoted(stmt.actions, graph) },
          help: `use Action with the action its principals need, such as "${needed}"`,
        });
        continue;
      }
      for (const action of stmt.actions) {
        const text = knownString(action, graph);
        if (text === undefined || !wildcardActions.has(text.toLowerCase())) continue;
        report({
          at: action,
          resource: role,
          messageId: 'wildcardAction',
          data: { role: role.address, action: text },
          help: `allow only the action its principals need, such as "${needed}": "${text}" lets them assume the role by any method and act on its sessions`,
        });
      }
    }
  },
};
