import { copyFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint, type LintOptions } from '../../src/index.js';

const fixtures = path.resolve(__dirname, '../../fixtures');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Lints one fixture alone (a Terraform module is its directory) with deploy-time inputs. */
async function lintFixture(rel: string, options: Partial<LintOptions> = {}, extra: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'branches-'));
  dirs.push(dir);
  copyFileSync(path.join(fixtures, rel), path.join(dir, path.basename(rel)));
  for (const [name, text] of Object.entries(extra)) writeFileSync(path.join(dir, name), text);
  const result = await lint({ paths: [dir], cwd: dir, ...options });
  return result.findings.map((f) => `${f.line}:${f.rule}`);
}

async function relatedOf(rel: string, options: Partial<LintOptions> = {}, extra: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'branches-'));
  dirs.push(dir);
  copyFileSync(path.join(fixtures, rel), path.join(dir, path.basename(rel)));
  for (const [name, text] of Object.entries(extra)) writeFileSync(path.join(dir, name), text);
  const result = await lint({ paths: [dir], cwd: dir, ...options });
  return result.findings.flatMap((f) => (f.related ?? []).map((r) => `${path.basename(r.file)}:${r.line}: ${r.message}`));
}

describe('branches decided by known inputs', () => {
  it('Terraform: a condition on a default keeps both branches; --var and tfvars decide it', async () => {
    const rel = 'imds-v2-not-required/good-branches.tf';
    expect(await lintFixture(rel)).toEqual([]);
    expect(await lintFixture(rel, { variables: { require_imdsv2: 'true' } })).toEqual([]);
    expect(await lintFixture(rel, { variables: { require_imdsv2: 'false' } })).toEqual(['25:imds-v2-not-required']);
    expect(await lintFixture(rel, {}, { 'terraform.tfvars': 'require_imdsv2 = false\n' })).toEqual(['25:imds-v2-not-required']);
  });

  it('Terraform: a default read out of an object or a map is a default: "optional" it picks is reported by default; the same value given is known', async () => {
    const rel = 'imds-v2-not-required/bad-branches-settings.tf';
    const messages = async (options: Partial<LintOptions>, extra: Record<string, string> = {}) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'branches-'));
      dirs.push(dir);
      copyFileSync(path.join(fixtures, rel), path.join(dir, path.basename(rel)));
      for (const [name, text] of Object.entries(extra)) writeFileSync(path.join(dir, name), text);
      const result = await lint({ paths: [dir], cwd: dir, ...options });
      return result.findings.map((f) => `${f.line}:${f.message.endsWith('by default') ? 'by default' : 'known'}`);
    };
    expect(await messages({})).toEqual(['42:by default', '52:by default']);
    const given = { instance_settings: '{ require_imdsv2 = false, instance_type = "t3.micro" }', legacy_agents: '{ web = true }' };
    expect(await messages({ variables: given })).toEqual(['42:known', '52:known']);
    expect(await messages({}, { 'terraform.tfvars': 'legacy_agents = { web = false }\n' })).toEqual(['42:by default']);
  });

  it('a trust principal that is a parameter or variable default is reported by default; the same value given is not', async () => {
    const messages = async (rel: string, options: Partial<LintOptions> = {}) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'branches-'));
      dirs.push(dir);
      copyFileSync(path.join(fixtures, rel), path.join(dir, path.basename(rel)));
      const result = await lint({ paths: [dir], cwd: dir, ...options });
      return result.findings.map((f) => `${f.line}:${f.message.endsWith('by default, with no narrowing condition') || f.message.endsWith('(:root) by default') ? 'by default' : 'always'}`);
    };
    const yaml = 'trust-policy-public-principal/bad-default-input.yaml';
    expect(await messages(yaml)).toEqual(['25:by default', '35:by default']);
    expect(await messages(yaml, { parameters: { TrustedPrincipal: '*', Exposure: 'public' } })).toEqual(['25:always', '35:always']);
    expect(await messages(yaml, { parameters: { TrustedPrincipal: 'arn:aws:iam::123456789012:role/reader', Exposure: 'private' } })).toEqual([]);
    expect(await messages('trust-policy-public-principal/bad-default-input.tf')).toEqual(['4:by default']);
    expect(await messages('trust-policy-root-principal/bad-default-input.yaml')).toEqual(['16:by default']);
    expect(await messages('trust-policy-root-principal/bad-default-input.yaml', { parameters: { ToolingAccountId: '111122223333' } })).toEqual(['16:always']);
  });

  it('CloudFormation: "optional" on the branch the defaults take is reported by default; --parameters decide it', async () => {
    const rel = 'imds-v2-not-required/bad-default-branch.yaml';
    expect(await lintFixture(rel)).toEqual(['35:imds-v2-not-required', '42:imds-v2-not-required', '57:imds-v2-not-required']);
    expect(await lintFixture(rel, { parameters: { DisableIMDSv1: 'true' } })).toEqual([]);
  });

  it('CloudFormation: --parameters decide Conditions; a default does not', async () => {
    const rel = 'imds-v2-not-required/good-branches.yaml';
    expect(await lintFixture(rel)).toEqual([]);
    expect(await lintFixture(rel, { parameters: { LegacyAgent: 'false' } })).toEqual([]);
    expect(await lintFixture(rel, { parameters: { LegacyAgent: 'true' } })).toEqual(['32:imds-v2-not-required']);
  });

  it('a role on a branch the given inputs rule out is not reported, on the branch they pick it is', async () => {
    const yaml = 'role-as-instance-profile/bad-branches.yaml';
    expect(await lintFixture(yaml, { parameters: { UseSpot: 'false' } })).toEqual(['51:role-as-instance-profile']);
    expect(await lintFixture(yaml, { parameters: { UseSpot: 'true' } })).toEqual(['38:role-as-instance-profile', '51:role-as-instance-profile']);
    const tf = 'role-as-instance-profile/bad-branches.tf';
    // No role is given then; but aws_instance.shared still reads the profile's instance 0, which is not created.
    expect(await lintFixture(tf, { variables: { create_instance_profile: 'false' } })).toEqual(['49:unresolved-reference']);
  });

  it('Terraform: a dynamic sub condition the defaults leave out is judged as deployed by default; given values decide it', async () => {
    const rel = 'trust-policy-oidc-unscoped/bad-default-subjects.tf';
    const messages = async (options: Partial<LintOptions>) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'branches-'));
      dirs.push(dir);
      copyFileSync(path.join(fixtures, rel), path.join(dir, path.basename(rel)));
      const result = await lint({ paths: [dir], cwd: dir, ...options });
      return result.findings.map((f) => `${f.line}:${f.severity}:${f.message.replace(/^.*\((.*)\)$/, '$1')}`);
    };
    expect(await messages({})).toEqual(['24:error:no sub condition by default', '52:error:no sub condition by default']);
    // Given, the same absence is known: no "by default".
    expect(await messages({ variables: { repository_subjects: '[]', pin_environment: 'false' } })).toEqual(['24:error:no sub condition', '52:error:no sub condition']);
    expect(await messages({ variables: { repository_subjects: '["repo:acme/api:ref:refs/heads/main"]', pin_environment: 'true' } })).toEqual([]);
    expect(await relatedOf(rel)).toEqual([
      'bad-default-subjects.tf:35: this sub condition is in the policy only where length(var.repository_subjects)>0 is true, and with the defaults it is false',
      'bad-default-subjects.tf:63: this sub condition is in the policy only where var.pin_environment is true, and with the defaults it is false',
    ]);
  });

  it('CloudFormation: a sub condition under Fn::If the defaults leave out is judged as deployed by default; --parameters decide it', async () => {
    const rel = 'trust-policy-oidc-unscoped/bad-default-subjects.yaml';
    const messages = async (options: Partial<LintOptions>) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'branches-'));
      dirs.push(dir);
      copyFileSync(path.join(fixtures, rel), path.join(dir, path.basename(rel)));
      const result = await lint({ paths: [dir], cwd: dir, ...options });
      return result.findings.map((f) => `${f.line}:${f.severity}:${f.message.replace(/^.*\((.*)\)$/, '$1')}`);
    };
    expect(await messages({})).toEqual(['27:error:no sub condition by default', '44:error:no sub condition by default']);
    expect(await messages({ parameters: { RestrictToRepository: 'true', Environment: 'prod' } })).toEqual([]);
    expect(await messages({ parameters: { RestrictToRepository: 'false', Environment: 'none' } })).toEqual(['27:error:no sub condition', '44:error:no sub condition']);
    // A role the defaults do not create is not judged by the defaults of its trust.
    expect(await lintFixture('trust-policy-oidc-unscoped/good-default-subjects.yaml', { parameters: { Environment: 'prod' } })).toEqual([]);
    expect(await lintFixture('trust-policy-oidc-unscoped/good-default-subjects.yaml', { parameters: { Environment: 'prod', CreateLegacyRole: 'true' } })).toEqual([
      '71:trust-policy-oidc-unscoped',
    ]);
  });

  it('CloudFormation: in a nested stack, the default a parent passes is the default that decides', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'branches-'));
    dirs.push(dir);
    copyFileSync(path.join(fixtures, 'trust-policy-oidc-unscoped/bad-default-subjects.yaml'), path.join(dir, 'roles.yaml'));
    const parent = (pin: string) =>
      `Parameters:\n  PinRepository:\n    Type: String\n    Default: "${pin}"\nResources:\n  Roles:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./roles.yaml\n      Parameters:\n        RestrictToRepository: !Ref PinRepository\n        Environment: prod\n`;
    const findings = async (pin: string) => {
      writeFileSync(path.join(dir, 'parent.yaml'), parent(pin));
      const result = await lint({ paths: [path.join(dir, 'parent.yaml')], cwd: dir });
      return result.findings.map((f) => `${path.basename(f.file)}:${f.line}:${f.message.replace(/^.*\((.*)\)$/, '$1')}`);
    };
    expect(await findings('true')).toEqual([]);
    expect(await findings('false')).toEqual(['roles.yaml:27:no sub condition by default']);
  });

  it('Terraform: what is taken out of a default (an element, a key, an attribute, a for, each.value) is a default; out of a --var, given', async () => {
    const rel = 'unknown-instance-profile/good-default-list.tf';
    expect(await lintFixture(rel)).toEqual([]);
    const given = { runner_profiles: '["ci-runner", "ci-runner-large"]', bastion: '{ profile = "bastion-access", size = "t3.micro" }' };
    expect(await lintFixture(rel, { variables: given })).toEqual([
      '23:unknown-instance-profile',
      '33:unknown-instance-profile',
      '43:unknown-instance-profile',
      '56:unknown-instance-profile',
      '56:unknown-instance-profile',
    ]);
    // A --var list's element names the --var, as the whole would.
    expect(await relatedOf(rel, { variables: { runner_profiles: '["ci-runner"]' } })).toContain(
      'good-default-list.tf:3: the value is given on the command line (--var runner_profiles=["ci-runner"])',
    );
  });

  it('Terraform: a default taken apart links no role of another unit; the same names given with --var do (error)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'branches-'));
    dirs.push(dir);
    cpSync(path.join(fixtures, 'role-as-instance-profile/cross-unit-names'), dir, { recursive: true });
    const findings = async (options: Partial<LintOptions>) =>
      (await lint({ paths: [dir], cwd: dir, ...options })).findings.map((f) => `${f.line}:${f.severity}:${f.rule}`);
    expect(await findings({})).toEqual(['19:error:role-as-instance-profile']);
    const given = { worker_profiles: '["deploy-host", "ops-host"]', profiles_by_tier: '{ batch = "deploy-host" }' };
    expect(await findings({ variables: given })).toEqual([
      '19:error:role-as-instance-profile',
      '42:error:role-as-instance-profile',
      '51:error:role-as-instance-profile',
      '61:error:role-as-instance-profile',
    ]);
  });

  it('the tfvars line or --var that decided a finding is named as a related location, without --explain', async () => {
    const rel = 'imds-v2-not-required/good-branches.tf';
    expect(await relatedOf(rel, {}, { 'terraform.tfvars': '# decided here\nrequire_imdsv2 = false\n' })).toEqual([
      'terraform.tfvars:2: the value is set in terraform.tfvars',
    ]);
    expect(await relatedOf(rel, { variables: { require_imdsv2: 'false' } })).toEqual([
      'good-branches.tf:1: the value is given on the command line (--var require_imdsv2=false)',
    ]);
  });
  it('a wildcard or :root principal on the branch the defaults take is reported by default; a given value decides it', async () => {
    const messages = async (rel: string, options: Partial<LintOptions> = {}) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'branches-'));
      dirs.push(dir);
      copyFileSync(path.join(fixtures, rel), path.join(dir, path.basename(rel)));
      return (await lint({ paths: [dir], cwd: dir, ...options })).findings.map((f) => `${f.line}:${f.message.replace(/^Role \S+ /, '')}`);
    };
    const yaml = 'trust-policy-public-principal/bad-default-branch.yaml';
    expect(await messages(yaml)).toEqual(['26:trusts every AWS principal ("*") by default, with no narrowing condition']);
    expect(await messages(yaml, { parameters: { Exposure: 'account' } })).toEqual([]);
    expect(await messages(yaml, { parameters: { Exposure: 'public', PartnerAccess: 'true' } })).toEqual([
      '26:trusts every AWS principal ("*") with no narrowing condition',
      '37:trusts every AWS principal ("*") with no narrowing condition',
    ]);
    const tf = 'trust-policy-public-principal/bad-default-branch.tf';
    expect(await messages(tf)).toEqual(['23:trusts every AWS principal ("*") by default, with no narrowing condition']);
    expect(await messages(tf, { variables: { public: 'false' } })).toEqual([]);
    expect(await messages(tf, { variables: { partner_access: 'true' } })).toEqual([
      '23:trusts every AWS principal ("*") by default, with no narrowing condition',
      '38:trusts every AWS principal ("*") with no narrowing condition',
    ]);
    expect(await messages('trust-policy-root-principal/good-default-branch.tf', { variables: { create_legacy_role: 'true' } })).toEqual([
      '36:trusts its own account (:root) by default',
    ]);
  });
});
