/**
 * Peer linters' own fixtures (../shared/corpus/peers, each check's
 * `expected.json`) against our rules. For every peer check that one of our
 * rules covers, the peer's bad files must get a finding of that rule on each
 * resource or line the peer expects, and its good files none. Where we differ
 * on purpose, the difference is in `differences` with the reason, and the test
 * checks that the difference is real, so the table cannot go stale.
 *
 * Every file is linted alone, copied into an empty directory (a Terraform
 * file would otherwise bring in the rest of its module), with the `.tfvars`
 * beside it.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph, lint, rules, type Finding } from '../src/index.js';

const peersRoot = path.resolve(import.meta.dirname, '..', '..', 'shared', 'corpus', 'peers');

/**
 * Peer checks one of our rules covers, by folder. `rules` must find the bad
 * cases and stay quiet on the good ones; `accept` also counts on bad cases but
 * is not held to the good ones (a general rule that fires there for other
 * reasons). Rules not (yet) in the index are left out.
 */
const mapped: Record<string, { rules: string[]; accept?: string[]; note: string }> = {
  'checkov/CKV_AWS_60-cloudformation': { rules: ['trust-policy-public-principal'], note: 'AWS: "*" principal' },
  'checkov/CKV_AWS_61-terraform': {
    rules: ['trust-policy-root-principal'],
    note: 'despite its name ("across all services") it flags whole-account principals: bare account ids and :root ARNs',
  },
  'checkov/CKV_AWS_79-terraform': { rules: ['imds-v2-not-required'], note: 'IMDSv1 allowed' },
  'kics-datadog/terraform__imdsv1_is_enabled': { rules: ['imds-v2-not-required'], note: 'IMDSv1 allowed' },
  'kics/terraform__iam_policy_grants_assumerole_permission_across_all_services': {
    rules: ['trust-policy-public-principal'],
    note: 'its Terraform positives are trust policies with Principal AWS "*"',
  },
  'kics/terraform__iam_role_allows_all_principals_to_assume': {
    rules: ['trust-policy-root-principal'],
    note: 'KICS fires on :root ARNs, not on "*" (research/anchors.md)',
  },
  'kics/cloudFormation__cross_account_iam_assume_role_policy_without_external_id_or_mfa': {
    rules: ['trust-policy-root-principal'],
    note: 'another account\'s :root without sts:ExternalId',
  },
  'kics/terraform__ec2_instance_using_api_keys': { rules: ['static-credentials-on-instance'], note: 'keys in user data' },
  'kics/cloudFormation__ec2_instance_has_no_iam_role': {
    rules: ['unknown-instance-profile', 'role-as-instance-profile', 'instance-profile-role-count'],
    // `Ref: NonExistantProfile` is a reference to nothing; the peer's good files also Ref undeclared parameters.
    accept: ['unresolved-reference'],
    note: 'a profile Ref that names nothing, and a profile with no role; an instance with no profile at all is a difference',
  },
  'tflint-ruleset-aws/aws_instance_invalid_iam_profile': {
    rules: ['unknown-instance-profile', 'role-as-instance-profile'],
    note: 'a profile name that does not exist',
  },
  'cfn-lint/E3530-trust-policy': {
    rules: ['trust-policy-unknown-service', 'trust-policy-wildcard-action'],
    note: 'trust-policy well-formedness; our security rules (public/root principal) fire on policies E3530 calls valid, by design',
  },
  'cfn-lint/integration-snapshots': {
    rules: ['trust-policy-unknown-service', 'trust-policy-wildcard-action'],
    note: 'real templates: our trust well-formedness rules must stay quiet where cfn-lint finds nothing wrong with the trust policy',
  },
};

/** Peer checks no rule of ours covers, and why. */
const unmapped: Record<string, string> = {
  'checkov/CKV2_AWS_41-terraform': 'an instance without any instance profile is a choice, not a mistake we report',
  'kics/cloudFormation__empty_roles_for_ecs_cluster_task_definitions': 'ECS task definitions without roles are not in our scope',
  'kics/cloudFormation__iam_policy_grants_assumerole_permission_across_all_services':
    'its CloudFormation cases are identity policies granting sts:AssumeRole on Resource "*", not trust policies',
};

type Direction = 'missed' | 'extra';

/**
 * Where we deliberately differ. `target` is a resource address, `line:N`, or
 * omitted for the whole file. `missed`: the peer flags it, we do not;
 * `extra`: we flag what the peer passes.
 */
const differences: Array<{ peer: string; file: string; target?: string; direction: Direction; reason: string }> = [
  ...['aws_instance.defaults', 'aws_instance.optional_token', 'aws_launch_configuration.optional_lc', 'aws_launch_template.optional_lt', 'aws_launch_template.default_lt'].map(
    (target) => ({
      peer: 'checkov/CKV_AWS_79-terraform',
      file: 'main.tf',
      target,
      direction: 'missed' as const,
      reason: 'no instance profile: without role credentials IMDSv1 exposes nothing we report on',
    }),
  ),
  ...['line:7', 'line:18', 'line:23'].map((target) => ({
    peer: 'kics-datadog/terraform__imdsv1_is_enabled',
    file: 'test/positive.tf',
    target,
    direction: 'missed' as const,
    reason: 'no instance profile: without role credentials IMDSv1 exposes nothing we report on',
  })),
  {
    peer: 'kics/terraform__iam_policy_grants_assumerole_permission_across_all_services',
    file: 'test/positive.tf',
    target: 'line:70',
    direction: 'missed',
    reason: 'the statement has no Effect, which IAM rejects as malformed; we judge only statements whose effect is known',
  },
  {
    peer: 'kics/terraform__iam_role_allows_all_principals_to_assume',
    file: 'test/positive.tf',
    target: 'line:37',
    direction: 'missed',
    reason: '"arn:aws:iam::root" has no account id: IAM rejects it as an invalid principal, it trusts no account',
  },
  {
    peer: 'kics/cloudFormation__cross_account_iam_assume_role_policy_without_external_id_or_mfa',
    file: 'test/negative2.yaml',
    direction: 'extra',
    reason: 'aws:MultiFactorAuthPresent does not narrow which principals of the account may assume the role (semantics.md §G.2)',
  },
  {
    peer: 'kics/cloudFormation__cross_account_iam_assume_role_policy_without_external_id_or_mfa',
    file: 'test/negative4.json',
    direction: 'extra',
    reason: 'aws:MultiFactorAuthPresent does not narrow which principals of the account may assume the role (semantics.md §G.2)',
  },
  ...['test/positive5.yaml', 'test/positive6.json'].map((file) => ({
    peer: 'kics/cloudFormation__cross_account_iam_assume_role_policy_without_external_id_or_mfa',
    file,
    target: file.endsWith('.json') ? 'line:7' : 'line:6',
    direction: 'missed' as const,
    reason: 'the condition requires sts:ExternalId "", which no caller can send (an external id is 2-1,224 characters): the statement trusts no one',
  })),
  {
    peer: 'kics/terraform__ec2_instance_using_api_keys',
    file: 'test/positive4.tf',
    target: 'line:5',
    direction: 'missed',
    reason: 'var.init_aws_cli is set in terraform.tfvars but never declared, so Terraform rejects the module and we read the value as unknown',
  },
  ...['test/positive7.tf', 'test/positive8.tf', 'test/positive9.tf'].map((file) => ({
    peer: 'kics/terraform__ec2_instance_using_api_keys',
    file,
    target: 'line:13',
    direction: 'missed' as const,
    reason: 'provisioners run from the machine that applies, not user data; copying a credentials file there is out of our scope',
  })),
  ...['test/positive10.tf', 'test/positive11.tf', 'test/positive12.tf'].map((file) => ({
    peer: 'kics/terraform__ec2_instance_using_api_keys',
    file,
    target: 'line:1',
    direction: 'missed' as const,
    reason: 'a registry module call: its inputs reach an instance only inside code we do not have',
  })),
  {
    peer: 'kics/cloudFormation__ec2_instance_has_no_iam_role',
    file: 'test/positive1.yaml',
    target: 'line:4',
    direction: 'missed',
    reason: 'an instance without any instance profile is a choice, not a mistake we report',
  },
  {
    peer: 'kics/cloudFormation__ec2_instance_has_no_iam_role',
    file: 'test/positive2.json',
    target: 'line:5',
    direction: 'missed',
    reason: 'an instance without any instance profile is a choice, not a mistake we report',
  },
  {
    peer: 'kics/cloudFormation__ec2_instance_has_no_iam_role',
    file: 'test/positive3.yaml',
    target: 'line:4',
    direction: 'missed',
    reason: 'an instance without any instance profile is a choice, not a mistake we report',
  },
  {
    peer: 'tflint-ruleset-aws/aws_instance_invalid_iam_profile',
    file: 'case2_valid/resource.tf',
    direction: 'extra',
    reason: 'valid for tflint only because its mocked ListInstanceProfiles returns "app-server"; statically the name is defined nowhere (knownInstanceProfiles silences it)',
  },
  ...['test_malformed_principal_arn_double_colon.policy.json', 'test_missing_principal.policy.json'].map((file) => ({
    peer: 'cfn-lint/E3530-trust-policy',
    file,
    direction: 'missed' as const,
    reason: 'schema errors (a malformed ARN, a missing Principal) are for IAM and cfn-lint; our rules judge what a readable trust policy means',
  })),
  {
    peer: 'cfn-lint/integration-snapshots',
    file: 'templates/integration/ref-no-value.yaml',
    direction: 'missed',
    reason: 'a trust policy without Statement (E3530) is a schema error, not one of our checks',
  },
];

/** One file of a peer check and what the peer expects of it. */
interface PeerCase {
  file: string;
  /** `bad`: each target must be found; `good`: no finding of the mapped rules (in `targets`, or anywhere when empty). */
  role: 'bad' | 'good';
  /** Resource addresses or `line:N`. */
  targets: string[];
  /** The file's text when the case is built from a fragment (E3530 policies). */
  wrap?: (text: string) => { name: string; text: string };
}

type Expected = Record<string, unknown> & { files?: Record<string, Record<string, unknown>> };

/** The cases a peer's expected.json describes, whatever its tool's format. */
function peerCases(expected: Expected): PeerCase[] {
  const files = expected.files ?? {};
  const failing = (expected.failing_resources as string[] | undefined) ?? [];
  const passing = (expected.passing_resources as string[] | undefined) ?? [];
  const out: PeerCase[] = [];
  for (const [file, spec] of Object.entries(files)) {
    if (file.endsWith('.tfvars') || file.endsWith('_expected_result.json')) continue;
    if (Array.isArray(spec.expected_lines)) {
      const lines = spec.expected_lines as number[];
      const unattributed = spec.role === 'positive' && lines.length === 0 ? ((expected.unattributed_expected_lines as number[] | undefined) ?? []) : [];
      // KICS fork: unattributed lines go to the file the corpus note reads them in (the first file it names).
      const placedIn = /test\/[\w.-]+\.tf/.exec(String(expected.observation_not_upstream ?? ''))?.[0];
      const placed = placedIn === file ? unattributed : [];
      const all = [...lines, ...placed];
      if (spec.role === 'negative') out.push({ file, role: 'good', targets: [] });
      else if (all.length > 0) out.push({ file, role: 'bad', targets: all.map((l) => `line:${l}`) });
    } else if (Array.isArray(spec.failing) || Array.isArray(spec.passing)) {
      const names = (list: unknown): string[] => ((list as string[] | undefined) ?? []).map((s) => s.replace(/ \(line \d+\)$/, ''));
      if (names(spec.failing).length > 0) out.push({ file, role: 'bad', targets: names(spec.failing) });
      if (names(spec.passing).length > 0) out.push({ file, role: 'good', targets: names(spec.passing) });
    } else if (spec.resource_lines && typeof spec.resource_lines === 'object') {
      const here = Object.keys(spec.resource_lines);
      const bad = failing.filter((r) => here.includes(r));
      const good = passing.filter((r) => here.includes(r));
      if (bad.length > 0) out.push({ file, role: 'bad', targets: bad });
      if (good.length > 0) out.push({ file, role: 'good', targets: good });
    } else if (Array.isArray(spec.expected_issues)) {
      const lines = (spec.expected_issues as Array<{ line: number }>).map((i) => `line:${i.line}`);
      out.push({ file, role: lines.length > 0 ? 'bad' : 'good', targets: lines });
    } else if (typeof spec.expected === 'string') {
      // cfn-lint E3530: a bare policy, used as a role's AssumeRolePolicyDocument.
      const wrap = (text: string) => ({
        name: 'template.json',
        text: JSON.stringify({ Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: JSON.parse(text) } } } }, null, 2),
      });
      out.push({ file, role: spec.expected === 'errors' ? 'bad' : 'good', targets: [], wrap });
    } else if (Array.isArray(spec.findings)) {
      // cfn-lint snapshots: trust-policy errors are "bad" for our well-formedness rules, the rest must stay quiet.
      const trust = (spec.findings as Array<{ rule: string; line: number }>).filter((f) => f.rule === 'E3530');
      out.push({ file, role: trust.length > 0 ? 'bad' : 'good', targets: trust.map((f) => `line:${f.line}`) });
    }
  }
  return out;
}

interface Linted {
  findings: Finding[];
  /** Resource address -> first line of its declaration, in the linted file. */
  declarations: Array<{ address: string; line: number }>;
}

async function lintAlone(peerDir: string, c: PeerCase): Promise<Linted> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'peer-'));
  const source = path.join(peerDir, c.file);
  let name = path.basename(c.file);
  if (c.wrap) {
    const wrapped = c.wrap(readFileSync(source, 'utf8'));
    name = wrapped.name;
    writeFileSync(path.join(tmp, name), wrapped.text);
  } else {
    mkdirSync(tmp, { recursive: true });
    cpSync(source, path.join(tmp, name));
    if (name.endsWith('.tf')) {
      for (const sibling of readdirSync(path.dirname(source)).filter((n) => n.endsWith('.tfvars'))) {
        cpSync(path.join(path.dirname(source), sibling), path.join(tmp, sibling));
      }
    }
  }
  const result = await lint({ paths: [name], cwd: tmp });
  const graph = await buildGraph({ paths: [name], cwd: tmp });
  const declarations = graph.resources
    .filter((r) => path.basename(r.loc.file) === name)
    .map((r) => ({ address: r.address, line: r.loc.range.start.line }))
    .sort((a, b) => a.line - b.line);
  return { findings: result.findings, declarations };
}

/** The resource a line belongs to: the last one declared at or above it. */
function enclosing(declarations: Linted['declarations'], line: number): string | undefined {
  let found: string | undefined;
  for (const d of declarations) if (d.line <= line) found = d.address;
  return found;
}

/** Does a finding hit a target: the resource, or the line or the resource around that line. */
function hits(f: Finding, target: string, linted: Linted): boolean {
  const resource = f.resource ?? enclosing(linted.declarations, f.line);
  if (!target.startsWith('line:')) return resource === target;
  const line = Number(target.slice(5));
  return f.line === line || (resource !== undefined && resource === enclosing(linted.declarations, line));
}

const difference = (peer: string, file: string, target?: string) =>
  differences.find((d) => d.peer === peer && d.file === file && (d.target === undefined || d.target === target));

const peerDirs = existsSync(peersRoot)
  ? readdirSync(peersRoot, { recursive: true, encoding: 'utf8' })
      .filter((p) => path.basename(p) === 'expected.json')
      .map((p) => path.dirname(p).split(path.sep).join('/'))
      .sort()
  : [];

describe.runIf(existsSync(peersRoot))('peer linters', () => {
  it('every peer check is either mapped to our rules or explained', () => {
    for (const dir of peerDirs) expect(mapped[dir] !== undefined || unmapped[dir] !== undefined, `${dir} is in mapped or unmapped`).toBe(true);
  });

  for (const peer of peerDirs.filter((d) => mapped[d])) {
    describe(peer, () => {
      const peerDir = path.join(peersRoot, peer);
      const expected = JSON.parse(readFileSync(path.join(peerDir, 'expected.json'), 'utf8')) as Expected;
      const ours = mapped[peer].rules.filter((id) => rules.some((r) => r.id === id));
      const accepted = [...ours, ...(mapped[peer].accept ?? [])];
      const cases = peerCases(expected);

      it('has cases', () => expect(cases.length).toBeGreaterThan(0));

      it.each(cases.map((c) => [`${c.role} ${c.file}`, c] as const))('%s', async (_label, c) => {
        const linted = await lintAlone(peerDir, c);
        const relevant = linted.findings.filter((f) => (c.role === 'bad' ? accepted : ours).includes(f.rule));
        const detail = linted.findings.map((f) => `${f.line}:${f.column} ${f.rule} [${f.resource ?? ''}] ${f.message}`).join('\n');
        if (c.role === 'bad') {
          const targets = c.targets.length > 0 ? c.targets : [undefined];
          for (const target of targets) {
            const diff = difference(peer, c.file, target);
            // A listed miss must be a miss of our mapped rules; `accept` rules may fire there for other reasons.
            const pool = diff?.direction === 'missed' ? relevant.filter((f) => ours.includes(f.rule)) : relevant;
            const found = target === undefined ? pool.length > 0 : pool.some((f) => hits(f, target, linted));
            if (diff?.direction === 'missed') expect(found, `${c.file} ${target ?? ''}: listed as a difference (${diff.reason}) but found\n${detail}`).toBe(false);
            else expect(found, `${c.file} ${target ?? ''}: expected a finding of ${ours.join(' or ')}\n${detail}`).toBe(true);
          }
        } else {
          const offending = c.targets.length > 0 ? relevant.filter((f) => c.targets.some((t) => hits(f, t, linted))) : relevant;
          const diff = difference(peer, c.file);
          if (diff?.direction === 'extra') expect(offending.length, `${c.file}: listed as a difference (${diff.reason}) but not found`).toBeGreaterThan(0);
          else expect(offending.map((f) => `${f.line} ${f.rule}`), `${c.file}: the peer passes it\n${detail}`).toEqual([]);
        }
      });
    });
  }

  it('every listed difference belongs to a mapped peer case', () => {
    for (const d of differences) {
      expect(mapped[d.peer], d.peer).toBeDefined();
      const expected = JSON.parse(readFileSync(path.join(peersRoot, d.peer, 'expected.json'), 'utf8')) as Expected;
      const c = peerCases(expected).find((x) => x.file === d.file);
      expect(c, `${d.peer} ${d.file}`).toBeDefined();
      if (c && d.target) expect(c.targets, `${d.peer} ${d.file}`).toContain(d.target);
    }
  });
});
