import type { Principal } from '../graph/policy.js';
import type { Rule } from './rule.js';
import { noSafeBranch, trustPrincipals } from '../graph/queries/trusted-roles.js';

export const trustPolicyPublicPrincipal: Rule<'everyone'> = {
  id: 'trust-policy-public-principal',
  severity: 'error',
  summary: 'A role trust policy lets anyone assume the role',
  docs: {
    what: 'Flags an `Allow` statement in a role\'s trust policy whose principal is `"*"` or `{"AWS": "*"}` with no condition that narrows who may assume it (`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalOrgID`, `aws:SourceAccount`, `aws:SourceArn`, `sts:ExternalId`, and the org-path variants).',
    why: 'Any AWS principal in any account can call sts:AssumeRole on the role and get its permissions. AWS: "we strongly recommend that you do not use a wildcard (*) in the Principal element of a role\'s trust policy".',
    fix: 'Name the principals that may assume the role (a role ARN, a service), or keep the wildcard and add a condition such as `aws:PrincipalOrgID` or `aws:PrincipalArn`.',
  },
  messages: { everyone: 'Role {{role}} trusts every AWS principal ("*") with no narrowing condition' },
  check(graph, report) {
    for (const { role, principal: p } of trustPrincipals(graph, 'unnarrowed')) {
      if (!isWildcard(p) || !noSafeBranch(p, isWildcard)) continue;
      report({
        at: p.value,
        resource: role,
        messageId: 'everyone',
        data: { role: role.address },
        help: 'name the principals, or add a condition such as aws:PrincipalOrgID or aws:PrincipalArn: as written, anyone in any account can assume it',
      });
    }
  },
};

function isWildcard(p: Principal): boolean {
  return p.type === '*' || (p.type === 'AWS' && p.value.kind === 'literal' && p.value.value === '*');
}
