import { HOLE } from '../graph/queries/strings.js';
import type { Graph } from '../graph/types.js';
import type { Value } from '../graph/value.js';
import { federatedIssuer, type FederatedIssuer } from '../graph/queries/oidc-issuer.js';
import { allowsWebIdentity, impliedIssuer, shownValue, statementScope, type StatementScope } from '../graph/queries/oidc-scope.js';
import type { Report, Rule } from './rule.js';
import { capitalised } from '../shared/text.js';
import { statementLeftOutByDefault, trustStatements } from '../graph/queries/trusted-roles.js';
import { unmetByDefault } from '../graph/queries/guards.js';

type Open = Extract<StatementScope, { verdict: 'open' }>;

/** `"token.actions.githubusercontent.com:sub": "repo:OWNER/REPO:..."`, the scoped condition for this issuer. */
function suggestion(issuer: FederatedIssuer): string {
  const { operator, claim, value } = issuer.row.example;
  return `${operator} "${issuer.issuer.split(HOLE).join('…')}:${claim}": "${value}"`;
}

/** What is missing or too broad, short enough for the first statement of the message. */
function reason(issuer: FederatedIssuer, scope: Open, graph: Graph): string {
  const claim = issuer.row.example.claim;
  const first = scope.broad[0];
  if (first) {
    const key = first.entry.key.slice(first.entry.key.lastIndexOf(':') + 1);
    if (first.why) return `${first.entry.operator} on ${key} ${first.why}`;
    const shown = first.value ? shownValue(first.value, graph) : '';
    // Long values are left to the related location, to keep the statement short.
    return `${key}${shown.length <= 24 ? ` "${shown}"` : ''} does not pin the ${issuer.row.tenant}`;
  }
  const skipped = scope.skipped[0];
  if (skipped) return `${skipped.key} is another issuer's key, which ${absentWord(skipped.operator)} lets through`;
  return scope.notByDefault.length > 0 ? `no ${claim} condition by default` : `no ${claim} condition`;
}

/** The part of an operator that makes it true when its key is absent. */
function absentWord(operator: string): string {
  if (/ifexists$/i.test(operator)) return 'IfExists';
  if (/^forallvalues:/i.test(operator)) return 'ForAllValues:';
  return operator;
}

/** The notes beside the finding: the principal when the finding is at a value (`at`), and every other broad value, skipped key and condition left out. */
function related(issuer: FederatedIssuer, scope: Open, graph: Graph, principal: Value, at: Value): Report['related'] {
  const out: NonNullable<Report['related']> = at === principal ? [] : [{ loc: principal.loc, message: `the role trusts tokens of ${issuer.issuer.split(HOLE).join('…')} here` }];
  for (const b of scope.broad) {
    if (b.value === at) continue;
    out.push({ loc: b.value?.loc ?? b.entry.keyLoc, message: b.why ? `${b.entry.operator} ${b.why}` : `"${b.value ? shownValue(b.value, graph) : ''}" admits ${issuer.row.anyone}` });
  }
  for (const s of scope.skipped) {
    out.push({ loc: s.keyLoc, message: `${s.key} is not a claim of ${issuer.issuer.split(HOLE).join('…')}: ${s.operator} lets its tokens through` });
  }
  for (const { entry, guard } of scope.notByDefault) {
    const claim = entry.key.slice(entry.key.lastIndexOf(':') + 1);
    out.push({ loc: entry.keyLoc, message: `this ${claim} condition is in the policy only where ${guard.test} is ${guard.holds}, and with the defaults it is ${!guard.holds}` });
  }
  return out.length > 0 ? out : undefined;
}

export const trustPolicyOidcUnscoped: Rule<'anyoneCanAssume'> = {
  id: 'trust-policy-oidc-unscoped',
  severity: 'error',
  summary: 'A role trusts an OIDC issuer without pinning the repository, project, pool or service account',
  docs: {
    what: 'Flags an `Allow` trust statement for `sts:AssumeRoleWithWebIdentity` (or `sts:*`, `*`) whose `Federated` principal is an OIDC provider and whose conditions do not pin who may assume the role. For a shared issuer (GitHub Actions `token.actions.githubusercontent.com`, GitLab.com, HCP Terraform, Buildkite, Cognito identity pools, Pulumi, Vercel, Google, ...) it is an error when no condition on the tenant claim (`sub`; `aud` for Cognito) fixes the tenant: no condition at all, only `aud`, a value any tenant can match (`*`, `repo:*`, `repo:acme*`, `organization:acme*:...`, a GitHub subject customised to `workflow:...`), a `ForAnyValue:` list holding one such value, a `ForAllValues:` or negated operator, or another issuer\'s key under `...IfExists`. For a private issuer (an EKS cluster, GitHub\'s enterprise issuer, self-hosted GitLab, any other provider) it is a warning when no `sub` condition narrows the subject (none, or `system:serviceaccount:*:*`). The issuer is read from the provider ARN, or from the `Url` of the `AWS::IAM::OIDCProvider` / `aws_iam_openid_connect_provider` (or CDK provider) the principal refers to, an EKS issuer when that URL is the cluster\'s own (`!GetAtt Cluster.OpenIdConnectIssuerUrl`, `aws_eks_cluster.c.identity[0].oidc[0].issuer`); when the ARN cannot be computed at all, from the statement\'s plain condition keys (a `StringEquals` on `token.actions.githubusercontent.com:aud` holds only for GitHub tokens). Values that cannot be computed are not judged. A condition present only under a deploy-time condition the defaults do not meet (an `Fn::If` with `AWS::NoValue`, a `dynamic "condition"` over `length(var.subjects) > 0 ? [1] : []`) is judged absent, as it deploys by default, when the defaults deploy the role and statement. A statement present only under such a condition is not judged when the defaults leave it out or the condition rests on an input with no default. The finding is placed at the value that admits anyone (the wildcard `sub`, where it is written), with the principal as a note; at the principal when no condition narrows it.',
    why: 'A shared issuer signs tokens for every customer; the tenant is only in the claims. GitHub lets any workflow in any repository request a token with `aud = sts.amazonaws.com`, so a role trusting GitHub with only an `aud` condition can be assumed from any repository on GitHub (Datadog Security Labs found such roles in the wild in 2023). A wildcard before the tenant separator (`repo:acme*`) admits `acme-evil`. Since June 2025 IAM refuses to create or update such a role for the shared issuers it knows when the claim is missing, but a present and useless value is accepted, older roles are not re-checked, and private issuers are not covered: an EKS role without `sub` can be assumed by every service account in the cluster.',
    fix: 'Add a condition on the tenant claim that fixes the tenant and use `StringLike` only after it: GitHub `"token.actions.githubusercontent.com:sub": "repo:OWNER/REPO:*"` (or `repo:OWNER/*`), GitLab `"gitlab.com:sub": "project_path:GROUP/PROJECT:*"`, HCP Terraform `"app.terraform.io:sub": "organization:ORG:project:*:workspace:*:run_phase:*"`, Cognito `StringEquals "cognito-identity.amazonaws.com:aud": "<identity pool id>"`, EKS `StringEquals "<issuer>:sub": "system:serviceaccount:<namespace>:<service account>"`.',
  },
  messages: { anyoneCanAssume: '{{anyone}} can assume role {{role}} ({{reason}})' },
  check(graph, report) {
    for (const { role, stmt } of trustStatements(graph)) {
      if (stmt.effect !== 'Allow' || stmt.notPrincipal || statementLeftOutByDefault(stmt) || !allowsWebIdentity(stmt, graph)) continue;
      // One finding per issuer and reason in a statement: the branches of `!If [C, !Ref Provider, !Sub arn…]` or
      // `c ? aws_iam_openid_connect_provider.p[0] : data.aws_iam_openid_connect_provider.p[0]` name one provider, whose conditions are fixed once.
      const found = new Map<string, Report<'anyoneCanAssume'>>();
      for (const p of stmt.principals) {
        if (p.type !== 'Federated') continue;
        const issuer = federatedIssuer(p.value, graph) ?? impliedIssuer(stmt, p.value, graph);
        if (!issuer) continue;
        const scope = statementScope(stmt, issuer, graph, !unmetByDefault(role.when) && !unmetByDefault(stmt.when));
        if (scope.verdict !== 'open') continue;
        const why = reason(issuer, scope, graph);
        const key = `${issuer.issuer}\0${why}`;
        const first = found.get(key);
        if (first) {
          (first.related ??= []).push({ loc: p.value.loc, message: `the same ${issuer.issuer.split(HOLE).join('…')} provider, named again here` });
          continue;
        }
        const shared = issuer.row.tenancy === 'shared';
        // At the value that admits anyone where there is one (the wildcard `sub`), else at the principal that trusts the issuer.
        const at = scope.broad.find((b) => b.value)?.value ?? p.value;
        const verb = scope.broad.length > 0 ? 'use' : 'add';
        found.set(key, {
          at,
          resource: role,
          ...(shared ? {} : { severity: 'warning' as const }),
          messageId: 'anyoneCanAssume',
          data: { anyone: capitalised(issuer.row.anyone), role: role.address, reason: why },
          help: `${verb} a condition such as ${suggestion(issuer)}`,
          related: related(issuer, scope, graph, p.value, at),
          causes: scope.broad.flatMap((b) => (b.value ? [b.value] : [])),
        });
      }
      for (const r of found.values()) report(r);
    }
  },
};
