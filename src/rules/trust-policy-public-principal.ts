import type { Principal } from '../graph/policy.js';
import type { Report, Rule } from './rule.js';
import { byDefaultNote, riskyDeploy, trustPrincipals } from '../graph/queries/trusted-roles.js';
import { looseRelated, statementNarrowing } from '../graph/queries/trust-narrowing.js';

export const trustPolicyPublicPrincipal: Rule<'everyone' | 'everyoneByDefault'> = {
  id: 'trust-policy-public-principal',
  severity: 'error',
  summary: 'A role trust policy lets anyone assume the role',
  docs: {
    what: 'Flags an `Allow` statement in a role\'s trust policy whose principal is `"*"` or `{"AWS": "*"}` with no condition that narrows who may assume it (`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalOrgID`, `aws:SourceAccount`, `aws:SourceArn`, `sts:ExternalId`, and the org-path variants). A key narrows only when it can fail for an outsider: a negated operator (`StringNotEquals`), `Null`, an `...IfExists` or `ForAllValues:` test of a key a caller may lack (every key here but `aws:PrincipalArn` and `aws:PrincipalAccount`), or a value that matches every account (`"*"`, `"o-*"`, `arn:aws:iam::*:role/name`) narrows nothing. Values that cannot be computed count as narrowing. A principal chosen by a condition left open until deploy time (`Fn::If`, `cond ? a : b` on a parameter or variable) is reported when no branch is safe, and also when the branch the defaults take is the wildcard, "by default" (a default is what deploys when nobody overrides it); a branch the defaults do not take is not. So is a principal that is itself the default of an input. A whole statement written under such a condition (a `dynamic "statement"` over `var.open ? [1] : []`, an `Fn::If` with `AWS::NoValue`) is reported "by default" when the defaults put it in the policy, and not when they leave it out or the condition rests on an input with no default.',
    why: 'Any AWS principal in any account can call sts:AssumeRole on the role and get its permissions. AWS: "we strongly recommend that you do not use a wildcard (*) in the Principal element of a role\'s trust policy". A negated or `IfExists` test is true for callers outside the organization, and anyone can create a role named `name` in an account of their own.',
    fix: 'Name the principals that may assume the role (a role ARN, a service), or keep the wildcard and add a condition such as `StringEquals` `aws:PrincipalOrgID` = your organization or `ArnEquals` `aws:PrincipalArn` = the roles, with the account written out.',
  },
  messages: {
    everyone: 'Role {{role}} trusts every AWS principal ("*") with no narrowing condition',
    everyoneByDefault: 'Role {{role}} trusts every AWS principal ("*") by default, with no narrowing condition',
  },
  check(graph, report) {
    for (const { role, stmt, principal: p } of trustPrincipals(graph, 'allowed')) {
      if (!isWildcard(p)) continue;
      const deploys = riskyDeploy(p, role, stmt, isWildcard);
      if (!deploys) continue;
      const narrowing = statementNarrowing(stmt, 'everyone', graph);
      if (narrowing.narrowed) continue;
      const related: Report['related'] = looseRelated(narrowing.loose, graph);
      report({
        at: p.value,
        resource: role,
        messageId: deploys.by === 'default' ? 'everyoneByDefault' : 'everyone',
        data: { role: role.address },
        help:
          (narrowing.loose.length > 0
            ? 'test aws:PrincipalOrgID or aws:PrincipalArn with StringEquals/ArnEquals and a value that names your organization or account: as written, the condition lets anyone in any account assume it'
            : 'name the principals, or add a condition such as aws:PrincipalOrgID or aws:PrincipalArn: as written, anyone in any account can assume it') +
          (deploys.by === 'default' ? ` (${byDefaultNote(deploys, 'puts the wildcard in the policy')})` : ''),
        ...(related ? { related } : {}),
      });
    }
  },
};

function isWildcard(p: Principal): boolean {
  return p.type === '*' || (p.type === 'AWS' && p.value.kind === 'literal' && p.value.value === '*');
}
