/**
 * OIDC / web-identity issuers that IAM roles trust through `Principal.Federated`,
 * for `trust-policy-oidc-unscoped`. Facts and sources: shared/research/oidc-trust-facts.md
 * (AWS "identity-provider controls for shared OIDC providers", each vendor's
 * AWS guide). A new issuer is a new row.
 *
 * - `shared`: one issuer URL for every customer; the tenant is only in the
 *   token's claims, so a role that does not pin it trusts every customer.
 * - `private`: the issuer is one organisation's (an EKS cluster, an enterprise,
 *   a self-hosted GitLab); an unscoped role trusts everyone inside it.
 */
import { table } from '../shared/own.js';

/** How a claim's value names the tenant (the owner, group, organisation, pool). */
export type ClaimModel =
  /**
   * The tenant follows one of these prefixes at the start of the value or after
   * a `:`, and ends at `separator` (or the end of the value): `repo:` OWNER `/`.
   * An empty prefix means the value itself starts with the tenant.
   */
  | { kind: 'anchored'; anchors: ReadonlyArray<{ prefix: string; separator: string }> }
  /** The whole value is the tenant (an identity-pool id, a repository id); a wildcard anywhere opens it. */
  | { kind: 'exact' }
  /** Unknown structure: only a value made of wildcards (and `:`/`/`) admits every subject. */
  | { kind: 'any-literal' };

export interface IssuerRow {
  /** For messages: "GitHub Actions". */
  name: string;
  /**
   * The issuer as it appears after `oidc-provider/` in the provider ARN, or as
   * a bare Federated host. `*` stands for one path segment or host label (no `/`).
   */
  issuer: string;
  tenancy: 'shared' | 'private';
  /** Who can assume an unscoped role, for messages: "any GitHub repository". */
  anyone: string;
  /** What the tenant part of a claim is called, for messages: "owner". */
  tenant: string;
  /** The claims (after `<issuer>:`) that can pin the tenant, and how each names it. */
  claims: Readonly<Record<string, ClaimModel>>;
  /**
   * Other claims STS fills as condition keys from this issuer's tokens (they pin nothing), beyond the standard
   * ones every issuer has. A key of the issuer that is neither is absent from the request context (facts 1.2, 1.6, 3.7).
   */
  otherKeys?: readonly string[];
  /** The scoped condition to suggest. */
  example: { operator: string; claim: string; value: string };
}

/** GitHub's `sub`, default and customised (`include_claim_keys`): the claims that fix an owner or repository (facts 3.3-3.5). */
const githubSubject: ClaimModel = {
  kind: 'anchored',
  anchors: [
    { prefix: 'repo:', separator: '/' },
    { prefix: 'repository:', separator: '/' },
    { prefix: 'repository_owner:', separator: ':' },
    { prefix: 'repository_owner_id:', separator: ':' },
    { prefix: 'repository_id:', separator: ':' },
    { prefix: 'job_workflow_ref:', separator: '/' },
    { prefix: 'enterprise:', separator: ':' },
    { prefix: 'enterprise_id:', separator: ':' },
  ],
};

/** GitHub claims STS validates as condition keys since 2026 (fact 3.7) that fix an owner or repository. */
const githubClaims: Readonly<Record<string, ClaimModel>> = table({
  sub: githubSubject,
  repository: { kind: 'anchored', anchors: [{ prefix: '', separator: '/' }] },
  repository_id: { kind: 'exact' },
  job_workflow_ref: { kind: 'anchored', anchors: [{ prefix: '', separator: '/' }] },
  enterprise_id: { kind: 'exact' },
});

/** GitHub claims STS also fills (fact 3.7) that pin no owner: `repository_owner` is not among them, so a condition on it never holds. */
const githubOtherKeys = ['actor', 'actor_id', 'workflow', 'ref', 'environment'];

const githubExample = { operator: 'StringLike', claim: 'sub', value: 'repo:OWNER/REPO:ref:refs/heads/main' };
const anySubject: Readonly<Record<string, ClaimModel>> = table({ sub: { kind: 'any-literal' } });

/** Rows are tried in order; the first whose `issuer` matches wins. */
export const oidcIssuers: readonly IssuerRow[] = [
  {
    name: 'GitHub Actions',
    issuer: 'token.actions.githubusercontent.com',
    tenancy: 'shared',
    anyone: 'any GitHub repository',
    tenant: 'owner',
    claims: githubClaims,
    otherKeys: githubOtherKeys,
    example: githubExample,
  },
  {
    name: 'GitHub Actions (enterprise issuer)',
    issuer: 'token.actions.githubusercontent.com/*',
    tenancy: 'private',
    anyone: 'any repository of the enterprise',
    tenant: 'owner',
    claims: githubClaims,
    otherKeys: githubOtherKeys,
    example: githubExample,
  },
  {
    name: 'GitLab.com',
    issuer: 'gitlab.com',
    tenancy: 'shared',
    anyone: 'any GitLab.com project',
    tenant: 'group',
    claims: {
      sub: { kind: 'anchored', anchors: [{ prefix: 'project_path:', separator: '/' }] },
      namespace_id: { kind: 'exact' },
      project_id: { kind: 'exact' },
    },
    example: { operator: 'StringLike', claim: 'sub', value: 'project_path:GROUP/PROJECT:ref_type:branch:ref:main' },
  },
  ...['app.terraform.io', 'app.eu.terraform.io'].map(
    (issuer): IssuerRow => ({
      name: 'HCP Terraform',
      issuer,
      tenancy: 'shared',
      anyone: 'any HCP Terraform organization',
      tenant: 'organization',
      claims: { sub: { kind: 'anchored', anchors: [{ prefix: 'organization:', separator: ':' }] } },
      example: { operator: 'StringLike', claim: 'sub', value: 'organization:ORG:project:*:workspace:*:run_phase:*' },
    }),
  ),
  {
    name: 'Buildkite',
    issuer: 'agent.buildkite.com',
    tenancy: 'shared',
    anyone: 'any Buildkite organization',
    tenant: 'organization',
    claims: { sub: { kind: 'anchored', anchors: [{ prefix: 'organization:', separator: ':' }] } },
    example: { operator: 'StringLike', claim: 'sub', value: 'organization:ORG:pipeline:PIPELINE:*' },
  },
  {
    name: 'Cognito identity pools',
    issuer: 'cognito-identity.amazonaws.com',
    tenancy: 'shared',
    anyone: 'any Cognito identity pool',
    tenant: 'identity pool',
    claims: { aud: { kind: 'exact' } },
    example: { operator: 'StringEquals', claim: 'aud', value: 'REGION:IDENTITY-POOL-ID' },
  },
  {
    name: 'Pulumi',
    issuer: 'api.pulumi.com/oidc',
    tenancy: 'shared',
    anyone: 'any Pulumi organization',
    tenant: 'organization',
    claims: { aud: { kind: 'exact' } },
    example: { operator: 'StringEquals', claim: 'aud', value: 'ORG' },
  },
  {
    name: 'Vercel',
    issuer: 'oidc.vercel.com',
    tenancy: 'shared',
    anyone: 'any Vercel team',
    tenant: 'team',
    claims: { aud: { kind: 'exact' } },
    example: { operator: 'StringEquals', claim: 'aud', value: 'https://vercel.com/TEAM' },
  },
  {
    name: 'Vercel (team issuer)',
    issuer: 'oidc.vercel.com/*',
    tenancy: 'private',
    anyone: 'any project of the team',
    tenant: 'project',
    claims: anySubject,
    example: { operator: 'StringLike', claim: 'sub', value: 'owner:TEAM:project:PROJECT:environment:production' },
  },
  {
    name: 'Crafting Sandboxes',
    issuer: 'sandboxes.cloud',
    tenancy: 'shared',
    anyone: 'any Crafting organization',
    tenant: 'organization',
    claims: { aud: { kind: 'exact' } },
    example: { operator: 'StringEquals', claim: 'aud', value: 'ORG' },
  },
  {
    name: 'Google',
    issuer: 'accounts.google.com',
    tenancy: 'shared',
    anyone: 'any Google account',
    tenant: 'client',
    claims: { aud: { kind: 'exact' }, oaud: { kind: 'exact' }, sub: { kind: 'exact' } },
    example: { operator: 'StringEquals', claim: 'aud', value: 'CLIENT-ID.apps.googleusercontent.com' },
  },
  {
    name: 'Facebook',
    issuer: 'graph.facebook.com',
    tenancy: 'shared',
    anyone: 'any Facebook user',
    tenant: 'app',
    claims: { app_id: { kind: 'exact' }, id: { kind: 'exact' } },
    example: { operator: 'StringEquals', claim: 'app_id', value: 'APP-ID' },
  },
  {
    name: 'Login with Amazon',
    issuer: 'www.amazon.com',
    tenancy: 'shared',
    anyone: 'any Amazon customer',
    tenant: 'app',
    claims: { app_id: { kind: 'exact' }, user_id: { kind: 'exact' } },
    example: { operator: 'StringEquals', claim: 'app_id', value: 'APP-ID' },
  },
  ...['oidc.eks.*.amazonaws.com/id/*', 'oidc.eks.*.amazonaws.com.cn/id/*'].map(
    (issuer): IssuerRow => ({
      name: 'EKS cluster',
      issuer,
      tenancy: 'private',
      anyone: 'any service account in the cluster',
      tenant: 'namespace',
      claims: { sub: { kind: 'anchored', anchors: [{ prefix: 'system:serviceaccount:', separator: ':' }] } },
      example: { operator: 'StringEquals', claim: 'sub', value: 'system:serviceaccount:NAMESPACE:SERVICE-ACCOUNT' },
    }),
  ),
  {
    name: 'CircleCI',
    issuer: 'oidc.circleci.com/org/*',
    tenancy: 'private',
    anyone: 'any project of the CircleCI organization',
    tenant: 'project',
    claims: anySubject,
    example: { operator: 'StringLike', claim: 'sub', value: 'org/ORG-ID/project/PROJECT-ID/user/*' },
  },
  {
    name: 'Bitbucket Pipelines',
    issuer: 'api.bitbucket.org/2.0/workspaces/*/pipelines-config/identity/oidc',
    tenancy: 'private',
    anyone: 'any repository of the workspace',
    tenant: 'repository',
    claims: anySubject,
    example: { operator: 'StringLike', claim: 'sub', value: '{REPOSITORY-UUID}:*' },
  },
];

/** Any other OIDC provider: one organisation's issuer (self-hosted GitLab, an IdP), judged on `sub`. */
export const unrecognisedIssuer: Omit<IssuerRow, 'issuer'> = {
  name: 'OIDC',
  tenancy: 'private',
  anyone: 'any subject of the issuer',
  tenant: 'subject',
  claims: anySubject,
  example: { operator: 'StringEquals', claim: 'sub', value: 'SUBJECT' },
};

/**
 * Resource attributes that are the issuer URL of a known kind of issuer, for
 * a provider whose `Url` is one of them (`!GetAtt Cluster.OpenIdConnectIssuerUrl`).
 * `attribute` is a path of attribute names (`identity.oidc.issuer`); `issuer`
 * is a pattern of the table above.
 */
export const issuerAttributes: ReadonlyArray<{ type: string; attribute: string; issuer: string }> = [
  { type: 'AWS::EKS::Cluster', attribute: 'OpenIdConnectIssuerUrl', issuer: 'oidc.eks.*.amazonaws.com/id/*' },
  // `aws_eks_cluster.c.identity[0].oidc[0].issuer`, resource or data source: the path without its indexes.
  { type: 'aws_eks_cluster', attribute: 'identity.oidc.issuer', issuer: 'oidc.eks.*.amazonaws.com/id/*' },
];

/** The web-identity condition keys IAM documents (fact 1.3; `app_id`, `id`, `user_id` for Facebook and Login with Amazon, written for other issuers too). */
const standardKeys = new Set(['aud', 'sub', 'amr', 'oaud', 'app_id', 'id', 'user_id']);

/** Whether STS puts `<issuer>:<claim>` in the request context for this issuer's tokens. */
export function isPopulatedClaim(row: Pick<IssuerRow, 'claims' | 'otherKeys'>, claim: string): boolean {
  return standardKeys.has(claim) || Object.hasOwn(row.claims, claim) || (row.otherKeys?.includes(claim) ?? false);
}
