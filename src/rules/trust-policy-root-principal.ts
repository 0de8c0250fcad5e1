import type { Principal } from '../graph/policy.js';
import { HOLE, stringShape } from '../graph/queries/strings.js';
import type { Graph } from '../graph/types.js';
import { PROVIDER_ACCOUNT_ID, type Value } from '../graph/value.js';
import type { Rule } from './rule.js';
import { byDefaultNote, riskyDeploy, trustPrincipals } from '../graph/queries/trusted-roles.js';
import { looseRelated, statementNarrowing } from '../graph/queries/trust-narrowing.js';

type Account = { kind: 'own' } | { kind: 'id'; id: string } | { kind: 'computed' };

const rootArn = /^arn:[^:]*:iam::([^:]*):root$/;

/** The account a principal delegates to as a whole, if it is a whole-account principal. */
function wholeAccount(p: Principal, graph: Graph): Account | undefined {
  if (p.type !== 'AWS') return undefined;
  const shape = stringShape(p.value, graph);
  if (!shape) return undefined;
  // A bare account id means the account's root (semantics G.1), whether written or the deploying account's id.
  if (shape.text === HOLE && isOwnAccountId(shape.holes[0])) return { kind: 'own' };
  if (shape.text === HOLE && isProviderAccountId(shape.holes[0])) return { kind: 'computed' };
  const account = /^\d{12}$/.test(shape.text) ? shape.text : rootArn.exec(shape.text)?.[1];
  if (account === undefined) return undefined;
  if (/^\d{12}$/.test(account)) return { kind: 'id', id: account };
  if (account === HOLE) {
    // Which hole is the account: the one after the partition's, if the partition is a hole too.
    const holeIndex = shape.text.indexOf(HOLE) === shape.text.lastIndexOf(HOLE) ? 0 : 1;
    const hole = shape.holes[Math.min(holeIndex, shape.holes.length - 1)];
    if (isOwnAccountId(hole)) return { kind: 'own' };
    return { kind: 'computed' };
  }
  return undefined;
}

/** The account id of an aliased Terraform provider: some account's, perhaps another than the deploying one. */
function isProviderAccountId(v: Value | undefined): boolean {
  return v?.kind === 'unknown' && v.reason.startsWith(PROVIDER_ACCOUNT_ID);
}

/** `AWS::AccountId`, `data.aws_caller_identity.x.account_id`: the deploying account's id, 12 digits whatever they are. */
function isOwnAccountId(v: Value | undefined): boolean {
  return v?.kind === 'unknown' && v.reason === 'pseudo:AWS::AccountId';
}

/** What the finding says, by whose account it is, and whether it deploys whatever the conditions or by default. */
const trusts = {
  always: { own: 'ownAccount', id: 'account', computed: 'computedAccount' },
  default: { own: 'ownAccountByDefault', id: 'accountByDefault', computed: 'computedAccountByDefault' },
} as const;

export const trustPolicyRootPrincipal: Rule<(typeof trusts)[keyof typeof trusts][Account['kind']]> = {
  id: 'trust-policy-root-principal',
  severity: 'warning',
  summary: 'A role trust policy trusts a whole account (:root) with no narrowing condition',
  docs: {
    what: 'Flags an `Allow` trust statement whose principal is a whole account (`arn:<partition>:iam::<account>:root`, a bare 12-digit account id, written or computed (`!Ref AWS::AccountId`, `data.aws_caller_identity.x.account_id`), or `Fn::Sub`/`Fn::Join`/interpolated forms of those) with no condition that narrows which principals of that account may assume the role. As for `trust-policy-public-principal`, a narrowing key counts only when it can fail: a negated operator, `Null`, an `...IfExists` or `ForAllValues:` test of a key a caller may lack, or a wildcard-only value (`aws:PrincipalArn` `"*"`) narrows nothing. Accounts listed in `trustedAccounts` are not reported. A principal chosen by a condition left open until deploy time is reported when no branch is safe, and also when the branch the defaults take is the whole account, "by default"; a branch the defaults do not take is not. So is a principal that is itself the default of an input. A whole statement written under such a condition (a `dynamic "statement"` over `var.open ? [1] : []`, an `Fn::If` with `AWS::NoValue`) is reported "by default" when the defaults put it in the policy, and not when they leave it out or the condition rests on an input with no default.',
    why: 'A `:root` principal does not mean the root user: it delegates to every user and role of that account whose own policies allow sts:AssumeRole. For another account that is a cross-account door whose width the other account decides; for the own account it is usually broader than intended.',
    fix: 'Trust the specific role or user that needs access (`arn:aws:iam::<account>:role/<name>`), or keep the account and add a condition such as `aws:PrincipalArn` (or `sts:ExternalId` for a third party).',
  },
  messages: {
    ownAccount: 'Role {{role}} trusts its own account (:root)',
    account: 'Role {{role}} trusts the whole account {{account}} (:root)',
    computedAccount: 'Role {{role}} trusts a whole account (:root, computed)',
    ownAccountByDefault: 'Role {{role}} trusts its own account (:root) by default',
    accountByDefault: 'Role {{role}} trusts the whole account {{account}} (:root) by default',
    computedAccountByDefault: 'Role {{role}} trusts a whole account (:root, computed) by default',
  },
  check(graph, report, options) {
    for (const { role, stmt, principal: p } of trustPrincipals(graph, 'allowed')) {
      const account = wholeAccount(p, graph);
      if (!account || (account.kind === 'id' && options.trustedAccounts.has(account.id))) continue;
      const deploys = riskyDeploy(p, role, stmt, (q) => wholeAccount(q, graph) !== undefined);
      if (!deploys) continue;
      const narrowing = statementNarrowing(stmt, 'account', graph);
      if (narrowing.narrowed) continue;
      const related = looseRelated(narrowing.loose, graph);
      const instead =
        account.kind === 'own'
          ? 'trust the specific role or user that needs it, or add an aws:PrincipalArn condition'
          : 'trust the specific role or user of that account, or add a condition such as aws:PrincipalArn or sts:ExternalId; if the account is trusted on purpose, list it in trustedAccounts';
      report({
        at: p.value,
        resource: role,
        messageId: trusts[deploys.by][account.kind],
        data: { role: role.address, ...(account.kind === 'id' ? { account: account.id } : {}) },
        help: `${instead} (:root lets every principal there that is allowed sts:AssumeRole assume it${related ? '; the condition as written narrows nothing' : ''}${deploys.by === 'default' ? `; ${byDefaultNote(deploys, 'puts it in the policy')}` : ''})`,
        ...(related ? { related } : {}),
      });
    }
  },
};
