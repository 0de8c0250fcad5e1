/**
 * The condition model of trust-policy-oidc-unscoped, case by case, and where
 * it agrees or deliberately differs with checkov's CKV_AWS_358 (GitHub only;
 * its behaviour as read from its source: research/oidc-trust-facts.md 5.1).
 * The peers corpus holds no CKV_AWS_358 fixtures, so its decisions are
 * written here as cases.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';

const rule = 'trust-policy-oidc-unscoped';
const github = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';

type Verdict = 'error' | 'warning' | 'quiet';

/** Lints one CloudFormation JSON template holding one role with these statements; the rule's verdict. */
async function verdictOf(statements: unknown[], extraResources: Record<string, unknown> = {}, parameters: Record<string, unknown> = {}): Promise<Verdict> {
  return verdictOfDocument({ Version: '2012-10-17', Statement: statements }, extraResources, parameters);
}

async function verdictOfDocument(document: unknown, extraResources: Record<string, unknown> = {}, parameters: Record<string, unknown> = {}): Promise<Verdict> {
  const dir = mkdtempSync(path.join(tmpdir(), 'oidc-'));
  try {
    const template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Parameters: parameters,
      Resources: { ...extraResources, Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: document } } },
    };
    writeFileSync(path.join(dir, 'template.json'), JSON.stringify(template, null, 2));
    const result = await lint({ paths: [dir], cwd: dir });
    const found = result.findings.filter((f) => f.rule === rule);
    expect(found.length).toBeLessThanOrEqual(1);
    return found[0]?.severity === 'error' ? 'error' : found[0]?.severity === 'warning' ? 'warning' : 'quiet';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function allow(federated: unknown, condition?: Record<string, unknown>, action: unknown = 'sts:AssumeRoleWithWebIdentity') {
  return { Effect: 'Allow', Principal: { Federated: federated }, Action: action, ...(condition ? { Condition: condition } : {}) };
}

const sub = (operator: string, value: unknown) => ({ [operator]: { 'token.actions.githubusercontent.com:sub': value } });
const aud = { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } };

/** checkov CKV_AWS_358's verdict (fail/pass) beside ours; `why` is required where they differ. */
const checkovCases: Array<{ name: string; condition?: Record<string, unknown>; checkov: 'fail' | 'pass'; ours: Verdict; why?: string }> = [
  { name: 'no condition', checkov: 'fail', ours: 'error' },
  { name: 'aud only', condition: aud, checkov: 'fail', ours: 'error' },
  { name: 'sub "*"', condition: sub('StringLike', '*'), checkov: 'fail', ours: 'error' },
  { name: 'sub "repo:*"', condition: sub('StringLike', 'repo:*'), checkov: 'fail', ours: 'error' },
  { name: 'owner prefix wildcard', condition: sub('StringLike', 'repo:acme*'), checkov: 'fail', ours: 'error' },
  { name: 'any owner, named repo', condition: sub('StringLike', 'repo:*/app:*'), checkov: 'fail', ours: 'error' },
  { name: 'customised workflow subject', condition: sub('StringEquals', 'workflow:deploy'), checkov: 'fail', ours: 'error' },
  { name: 'customised environment subject', condition: sub('StringLike', 'environment:production:*'), checkov: 'fail', ours: 'error' },
  { name: 'owner fixed', condition: sub('StringLike', 'repo:acme/*'), checkov: 'pass', ours: 'quiet' },
  { name: 'one branch of one repository', condition: sub('StringEquals', 'repo:acme/app:ref:refs/heads/main'), checkov: 'pass', ours: 'quiet' },
  { name: 'immutable subject', condition: sub('StringLike', 'repo:acme@59123456/app@690123456:*'), checkov: 'pass', ours: 'quiet' },
  { name: 'customised subject pinning the owner id', condition: sub('StringLike', 'repository_owner_id:72338936:*'), checkov: 'pass', ours: 'quiet' },
  {
    name: 'a list whose second value is open',
    condition: sub('StringLike', ['repo:acme/app:*', 'repo:*']),
    checkov: 'pass',
    ours: 'error',
    why: 'checkov reads only the first value; IAM ORs the values, so "repo:*" admits every repository',
  },
  {
    name: 'ForAnyValue list with one open value',
    condition: sub('ForAnyValue:StringLike', ['repo:acme/app:*', 'repo:*']),
    checkov: 'pass',
    ours: 'error',
    why: 'as above: any one matching value is enough',
  },
  {
    name: 'StringEquals "repo:*"',
    condition: sub('StringEquals', 'repo:*'),
    checkov: 'fail',
    ours: 'quiet',
    why: 'StringEquals has no wildcards: only a token whose subject is literally "repo:*" matches, and none is; the role is unusable, not open',
  },
  {
    name: 'StringEquals "*"',
    condition: sub('StringEquals', '*'),
    checkov: 'fail',
    ours: 'quiet',
    why: 'as above: "*" is a character under StringEquals, a subject no token has; the role is unusable, not open',
  },
  {
    name: 'aud and repository_owner, no sub',
    condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:repository_owner': 'acme' } },
    checkov: 'fail',
    ours: 'quiet',
    why: 'STS does not put repository_owner in the request context (fact 3.7 lists the GitHub claims it fills): StringEquals on an absent key never holds, so the role is unusable, not open',
  },
  {
    name: 'ForAllValues on sub',
    condition: sub('ForAllValues:StringLike', 'repo:acme/app:*'),
    checkov: 'pass',
    ours: 'error',
    why: 'ForAllValues is true when the claim is absent; IAM says not to use it with Allow',
  },
  {
    name: 'negated operator on sub',
    condition: sub('StringNotLike', 'repo:acme/app:*'),
    checkov: 'pass',
    ours: 'error',
    why: 'checkov ignores the operator; StringNotLike excludes one repository and admits every other',
  },
  {
    name: 'STS repository_id key',
    condition: { StringEquals: { 'token.actions.githubusercontent.com:repository_id': '690123456' } },
    checkov: 'fail',
    ours: 'quiet',
    why: 'STS validates repository_id since 2026 (facts 3.7): one id is one repository',
  },
];

describe('trust-policy-oidc-unscoped against checkov CKV_AWS_358', () => {
  it.each(checkovCases)('$name: checkov $checkov, ours $ours', async ({ condition, checkov, ours, why }) => {
    expect(await verdictOf([allow(github, condition)])).toBe(ours);
    const agrees = (checkov === 'fail') === (ours === 'error');
    // A difference must be explained, and an explanation must be for a real difference.
    expect(why === undefined, `${agrees ? 'agreement' : 'difference'}${why ? `: ${why}` : ''}`).toBe(agrees);
  });
});

describe('trust-policy-oidc-unscoped condition model', () => {
  it('reads the issuer from an AWS::IAM::OIDCProvider the principal refers to', async () => {
    const provider = { Provider: { Type: 'AWS::IAM::OIDCProvider', Properties: { Url: 'https://gitlab.com', ClientIdList: ['https://gitlab.com'] } } };
    expect(await verdictOf([allow({ Ref: 'Provider' }, { StringLike: { 'gitlab.com:sub': 'project_path:*' } })], provider)).toBe('error');
    expect(await verdictOf([allow({ 'Fn::GetAtt': ['Provider', 'Arn'] }, { StringLike: { 'gitlab.com:sub': 'project_path:acme/*' } })], provider)).toBe('quiet');
  });

  it("knows a provider whose Url is an EKS cluster's issuer, with the condition key computed", async () => {
    const cluster = {
      Cluster: { Type: 'AWS::EKS::Cluster', Properties: { RoleArn: 'arn:aws:iam::111122223333:role/eks', ResourcesVpcConfig: { SubnetIds: ['subnet-1'] } } },
      Provider: { Type: 'AWS::IAM::OIDCProvider', Properties: { Url: { 'Fn::GetAtt': ['Cluster', 'OpenIdConnectIssuerUrl'] }, ClientIdList: ['sts.amazonaws.com'] } },
    };
    const document = (subject: string) => ({
      'Fn::Sub': [
        JSON.stringify({ Statement: [allow('${Provider}', { StringLike: { '${Issuer}:sub': subject } })] }),
        { Issuer: { 'Fn::Select': [1, { 'Fn::Split': ['//', { 'Fn::GetAtt': ['Cluster', 'OpenIdConnectIssuerUrl'] }] }] } },
      ],
    });
    expect(await verdictOfDocument(document('system:serviceaccount:*:*'), cluster)).toBe('warning');
    expect(await verdictOfDocument(document('system:serviceaccount:monitoring:*'), cluster)).toBe('quiet');
  });

  it("reads the issuer from CDK's OpenIdConnectProvider custom resource", async () => {
    const provider = { GithubProvider8E1E1B7A: { Type: 'Custom::AWSCDKOpenIdConnectProvider', Properties: { ClientIDList: ['sts.amazonaws.com'], Url: 'https://token.actions.githubusercontent.com' } } };
    expect(await verdictOf([allow({ Ref: 'GithubProvider8E1E1B7A' }, aud)], provider)).toBe('error');
    expect(await verdictOf([allow({ Ref: 'GithubProvider8E1E1B7A' }, sub('StringLike', 'repo:acme/app:*'))], provider)).toBe('quiet');
  });

  it('takes the issuer of a computed principal from its plain conditions', async () => {
    const params = { ProviderArn: { Type: 'String' } };
    expect(await verdictOf([allow({ Ref: 'ProviderArn' }, aud)], {}, params)).toBe('error');
    // IfExists tests hold for every issuer's tokens: they imply none.
    expect(await verdictOf([allow({ Ref: 'ProviderArn' }, { StringEqualsIfExists: aud.StringEquals })], {}, params)).toBe('quiet');
  });

  it('judges a key of another issuer by its operator', async () => {
    const gitlab = (op: string) => ({ [op]: { 'gitlab.com:sub': 'project_path:acme/app:*' } });
    expect(await verdictOf([allow(github, gitlab('StringLikeIfExists'))])).toBe('error');
    // Without IfExists the key is absent from GitHub tokens, so the statement never matches: unusable, not open.
    expect(await verdictOf([allow(github, gitlab('StringLike'))])).toBe('quiet');
  });

  it('never reports a Deny, a SAML provider, or another action', async () => {
    expect(await verdictOf([{ ...allow(github), Effect: 'Deny' }])).toBe('quiet');
    expect(await verdictOf([allow('arn:aws:iam::111122223333:saml-provider/okta')])).toBe('quiet');
    expect(await verdictOf([allow(github, undefined, 'sts:TagSession')])).toBe('quiet');
    expect(await verdictOf([allow(github, undefined, 'sts:*')])).toBe('error');
  });

  it('does not rest a finding on an unknown value', async () => {
    const params = { Subject: { Type: 'String' }, Owner: { Type: 'String' } };
    expect(await verdictOf([allow(github, sub('StringLike', { Ref: 'Subject' }))], {}, params)).toBe('quiet');
    expect(await verdictOf([allow(github, sub('StringLike', { 'Fn::Sub': 'repo:${Owner}/*' }))], {}, params)).toBe('quiet');
    // An unknown after the owner does not matter; an unknown owner with a wildcard before it still opens it.
    expect(await verdictOf([allow(github, sub('StringLike', { 'Fn::Sub': 'repo:acme/${Subject}' }))], {}, params)).toBe('quiet');
    expect(await verdictOf([allow(github, sub('StringLike', { 'Fn::Sub': 'repo:*${Owner}/*' }))], {}, params)).toBe('quiet');
  });

  it('reads long hostile values in one pass', async () => {
    // No timing assertion: the test timeout is the bound.
    expect(await verdictOf([allow(github, sub('StringLike', `${'repo:'.repeat(100_000)}*`))])).toBe('error');
    expect(await verdictOf([allow(github, sub('StringLike', `${'repo:a'.repeat(100_000)}/x`))])).toBe('quiet');
  });

  it('takes a parameter default as what deploys', async () => {
    const params = { Subject: { Type: 'String', Default: 'repo:*' } };
    expect(await verdictOf([allow(github, sub('StringLike', { Ref: 'Subject' }))], {}, params)).toBe('error');
  });

  it.each([
    ['HCP Terraform, organization wildcard', 'app.terraform.io', { StringLike: { 'app.terraform.io:sub': 'organization:acme*:project:*:workspace:*:run_phase:*' } }, 'error'],
    ['HCP Terraform, organization fixed', 'app.terraform.io', { StringLike: { 'app.terraform.io:sub': 'organization:acme:project:*:workspace:*:run_phase:*' } }, 'quiet'],
    ['Buildkite, organization fixed', 'agent.buildkite.com', { StringLike: { 'agent.buildkite.com:sub': 'organization:acme:pipeline:deploy:*' } }, 'quiet'],
    ['Cognito, amr only', 'cognito-identity.amazonaws.com', { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } }, 'error'],
    ['Cognito, pool id', 'cognito-identity.amazonaws.com', { StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:12345678-1234-1234-1234-123456789012' } }, 'quiet'],
    ['GitHub enterprise issuer, no sub', 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com/acme-corp', undefined, 'warning'],
    ['EKS, every service account', 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123', { StringLike: { 'oidc.eks.us-east-1.amazonaws.com/id/ABC123:sub': 'system:serviceaccount:*:*' } }, 'warning'],
    ['EKS, one namespace', 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123', { StringLike: { 'oidc.eks.us-east-1.amazonaws.com/id/ABC123:sub': 'system:serviceaccount:team-a:*' } }, 'quiet'],
    ['self-hosted GitLab, no sub', 'arn:aws:iam::111122223333:oidc-provider/gitlab.example.com', { StringEquals: { 'gitlab.example.com:aud': 'https://gitlab.example.com' } }, 'warning'],
    ['self-hosted GitLab, every project', 'arn:aws:iam::111122223333:oidc-provider/gitlab.example.com', { StringLike: { 'gitlab.example.com:sub': 'project_path:*' } }, 'warning'],
    ['self-managed Kubernetes, every service account', 'arn:aws:iam::111122223333:oidc-provider/k8s.example.com', { StringLike: { 'k8s.example.com:sub': 'system:serviceaccount:*' } }, 'warning'],
    ['unrecognised issuer, a subject id', 'arn:aws:iam::111122223333:oidc-provider/idp.example.com', { StringEquals: { 'idp.example.com:sub': '00u1abcd2EFGH3ijk4l5' } }, 'quiet'],
    ['self-hosted GitLab, sub', 'arn:aws:iam::111122223333:oidc-provider/gitlab.example.com', { StringLike: { 'gitlab.example.com:sub': 'project_path:platform/*' } }, 'quiet'],
  ] as const)('%s', async (_name, federated, condition, expected) => {
    expect(await verdictOf([allow(federated, condition)])).toBe(expected);
  });

  it('names the issuer, what is too broad and what to write, and points at the condition', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'oidc-'));
    try {
      const template = { Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [allow(github, sub('StringLike', 'repo:acme*'))] } } } } };
      writeFileSync(path.join(dir, 't.json'), JSON.stringify(template, null, 2));
      const [finding] = (await lint({ paths: [dir], cwd: dir })).findings.filter((f) => f.rule === rule);
      expect(finding.message).toBe('Any GitHub repository can assume role Role (sub "repo:acme*" does not pin the owner)');
      expect(finding.message.length).toBeLessThanOrEqual(100);
      expect(finding.help).toMatch(/^use .*"token.actions.githubusercontent.com:sub": "repo:OWNER\/REPO:/);
      // At the value that admits anyone; the principal that trusts the issuer is the note.
      expect(finding.line).toBe(16);
      expect(finding.related?.map((r) => r.message)).toEqual(['the role trusts tokens of token.actions.githubusercontent.com here']);
      expect(finding.related?.[0].line).toBeLessThan(16);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
