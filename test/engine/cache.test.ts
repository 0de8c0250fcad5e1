// --cache: an unchanged repository is answered from the cache; a change in any
// file the run read — the linted files, an exporting stack, a nested stack's
// template or a called module outside the given paths — is a miss.
import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const CACHE = '.iam-profile-lint-cache';

// Each dependant has an instance without IMDSv2, so a fresh run always has findings.
const INSTANCE = (profile: string) => `  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      IamInstanceProfile: ${profile}
`;
const FILES: Record<string, string> = {
  'cfn/exporter.yaml': `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }]
  Profile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [!Ref Role]
Outputs:
  Name:
    Value: !Ref Profile
    Export: { Name: shared-profile }
`,
  'cfn/importer.yaml': `Resources:\n${INSTANCE('!ImportValue shared-profile')}`,
  'nested/parent.yaml': `Resources:
  Child:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ./child.yaml
${INSTANCE('!GetAtt Child.Outputs.Name')}`,
  'nested/child.yaml': `Resources:
  Profile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [some-role]
Outputs:
  Name:
    Value: !Ref Profile
`,
  'tf/envs/prod/main.tf': `module "profile" {
  source = "../../modules/profile"
}

resource "aws_instance" "web" {
  ami                  = "ami-12345678"
  iam_instance_profile = module.profile.name
}
`,
  'tf/modules/profile/main.tf': `resource "aws_iam_instance_profile" "p" {
  name = "web"
  role = "web-role"
}

output "name" {
  value = aws_iam_instance_profile.p.name
}
`,
};

let dir: string;

function run(args: string[], cache = true): { stdout: string; status: number | null } {
  const r = spawnSync(process.execPath, [BIN, ...args, '--format', 'json', ...(cache ? ['--cache'] : [])], { cwd: dir, encoding: 'utf8' });
  return { stdout: r.stdout, status: r.status };
}

function found(stdout: string): unknown[] {
  return (JSON.parse(stdout) as { findings: unknown[] }).findings;
}

/** Replaces the cached findings with a marker: seeing it proves the answer came from the cache. */
function tamper(): void {
  const file = path.join(dir, CACHE);
  const cache = JSON.parse(fs.readFileSync(file, 'utf8')) as { entries: Record<string, { result: { findings: unknown[] } }> };
  for (const entry of Object.values(cache.entries)) entry.result.findings = [];
  fs.writeFileSync(file, JSON.stringify(cache));
}

function edit(file: string, from: string, to: string): void {
  const abs = path.join(dir, file);
  fs.writeFileSync(abs, fs.readFileSync(abs, 'utf8').replace(from, to));
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-profile-lint-cache-'));
  for (const [file, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
});

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('--cache', () => {
  it.each([['cfn'], ['nested/parent.yaml'], ['tf/envs/prod']])('answers an unchanged run of %s from the cache, with the same output as no cache', (target) => {
    const fresh = run([target], false);
    expect(found(fresh.stdout).length).toBeGreaterThan(0);
    expect(run([target])).toEqual(fresh);
    expect(fs.existsSync(path.join(dir, CACHE))).toBe(true);
    expect(run([target])).toEqual(fresh);
    tamper();
    expect(found(run([target]).stdout)).toEqual([]);
  });

  it.each([
    ['cfn', 'cfn/exporter.yaml', 'Name: shared-profile', 'Name: other-profile'],
    ['nested/parent.yaml', 'nested/child.yaml', 'Roles: [some-role]', 'Roles: [other-role]'],
    ['tf/envs/prod', 'tf/modules/profile/main.tf', 'role = "web-role"', 'role = "other-role"'],
  ])('linting %s, a change in %s (a file it depends on) is a miss', (target, dependency, from, to) => {
    run([target]);
    tamper();
    edit(dependency, from, to);
    const after = run([target]);
    expect(after).toEqual(run([target], false));
    expect(found(after.stdout).length).toBeGreaterThan(0);
  });

  it('misses when a file is added, and when an option changes', () => {
    run(['cfn']);
    tamper();
    fs.writeFileSync(path.join(dir, 'cfn/another.yaml'), `Resources:\n${INSTANCE('!ImportValue shared-profile')}`);
    expect(found(run(['cfn']).stdout).length).toBeGreaterThan(0);
    tamper();
    expect(found(run(['cfn', '--explain']).stdout).length).toBeGreaterThan(0);
  });

  it('writes where --cache-location says, and only with --cache', () => {
    run(['cfn', '--cache-location', 'elsewhere/cache'], false);
    expect(fs.existsSync(path.join(dir, 'elsewhere/cache'))).toBe(false);
    run(['cfn', '--cache-location', 'elsewhere/cache']);
    expect(fs.existsSync(path.join(dir, 'elsewhere/cache'))).toBe(true);
    expect(fs.existsSync(path.join(dir, CACHE))).toBe(false);
  });
});
