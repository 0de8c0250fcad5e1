/**
 * A name given on the command line that no linted template or root module declares,
 * through the built CLI: a warning on stderr with the closest declared name, and the run
 * goes on (a pre-commit hook passes the same arguments whichever files changed).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = path.resolve(import.meta.dirname, '..', '..', 'dist', 'cli.js');

const template = `Parameters:
  ProfileName:
    Type: String
    Default: app-profile
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: app-role
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }]
  Host:
    Type: AWS::EC2::Instance
    Properties:
      MetadataOptions: { HttpTokens: required }
      IamInstanceProfile: !Ref ProfileName
`;

const module = `variable "profile_name" {
  type    = string
  default = "app-profile"
}

resource "aws_iam_role" "app" {
  name               = "app-role"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_instance" "host" {
  ami                  = "ami-0123456789abcdef0"
  instance_type        = "t3.micro"
  iam_instance_profile = var.profile_name
  metadata_options {
    http_tokens = "required"
  }
}
`;

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'undeclared-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function run(dir: string, args: string[]) {
  const r = spawnSync(process.execPath, [cli, '--format', 'compact', ...args], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

describe('names given for the run that nothing linted declares', () => {
  it('a misspelt --parameters key is a warning with a "did you mean"; the run goes on with the default', () => {
    const dir = project({ 'app.yaml': template });
    expect(run(dir, ['app.yaml', '--parameters', 'ProfileNmae=app-role'])).toEqual({
      status: 0,
      out: '',
      err: 'iam-profile-lint: warning: --parameters ProfileNmae: no linted template declares a parameter ProfileNmae (did you mean ProfileName?); the value is not used',
    });
    // Spelt right, the value is linted: the role name in the profile slot is caught, and nothing is said of the name.
    const right = run(dir, ['app.yaml', '--parameters', 'ProfileName=app-role']);
    expect(right).toMatchObject({ status: 1, out: expect.stringContaining('[role-as-instance-profile]') });
    expect(right.err).toBe('');
  });

  it('a --parameters-file key is named with its file; keys for another linted template are fine', () => {
    const other = 'Parameters:\n  QueueName:\n    Type: String\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n';
    const dir = project({ 'app.yaml': template, 'queue.yaml': other, 'params.json': '{"Parameters": {"QueueName": "jobs", "Nope": "x"}}' });
    expect(run(dir, ['.', '--parameters-file', 'params.json'])).toMatchObject({
      status: 0,
      err: 'iam-profile-lint: warning: --parameters-file params.json: Nope: no linted template declares a parameter Nope; the value is not used',
    });
  });

  it('a --var no linted root module declares is a warning; every one is listed', () => {
    const dir = project({ 'main.tf': module });
    const r = run(dir, ['.', '--var', 'profile_nam=app-role', '--var', 'region=eu-west-1']);
    expect(r.status).toBe(0);
    expect(r.out).toBe('');
    expect(r.err.split('\n')).toEqual([
      'iam-profile-lint: warning: --var profile_nam: no linted root module declares a variable profile_nam (did you mean profile_name?); the value is not used',
      'iam-profile-lint: warning: --var region: no linted root module declares a variable region; the value is not used',
    ]);
    expect(run(dir, ['.', '--var', 'profile_name=app-role'])).toMatchObject({ status: 1, out: expect.stringContaining('[role-as-instance-profile]'), err: '' });
  });

  it('a commit that touches only files which do not declare the name still passes (a pre-commit hook with a fixed --var)', () => {
    const dir = project({ 'net/main.tf': 'variable "cidr" {\n  default = "10.0.0.0/16"\n}\n', 'app/main.tf': module });
    expect(run(dir, ['net/main.tf', '--var', 'profile_name=app-profile'])).toMatchObject({ status: 0, out: '' });
  });

  it('a --var-file key no root module declares is a warning on stderr, and the run goes on', () => {
    const dir = project({ 'main.tf': module, 'env/prod.tfvars': 'profile_nmae = "app-role"\n' });
    expect(run(dir, ['.', '--var-file', 'env/prod.tfvars'])).toEqual({
      status: 0,
      out: '',
      err: 'iam-profile-lint: warning: env/prod.tfvars:1:1: no linted root module declares a variable profile_nmae (did you mean profile_name?); Terraform ignores its value',
    });
    // --quiet reports errors only.
    expect(run(dir, ['.', '--var-file', 'env/prod.tfvars', '--quiet'])).toEqual({ status: 0, out: '', err: '' });
  });

  it('--fix with an undeclared name warns and still fixes', () => {
    const dir = project({ 'main.tf': module.replace('var.profile_name', 'aws_iam_role.app.name') });
    const before = readFileSync(path.join(dir, 'main.tf'), 'utf8');
    const r = run(dir, ['.', '--fix', '--var', 'nope=x']);
    expect(r.err).toContain('warning: --var nope');
    expect(r.err).toContain('fixed');
    expect(readFileSync(path.join(dir, 'main.tf'), 'utf8')).not.toBe(before);
  });

  it('a name from control characters is printed escaped', () => {
    const dir = project({ 'app.yaml': template, 'p.json': JSON.stringify({ Parameters: { 'Bad\u001b[31mName': 'x' } }) });
    const r = run(dir, ['app.yaml', '--parameters-file', 'p.json']);
    expect(r.err).toContain('warning: --parameters-file p.json: Bad');
    expect(r.err).not.toContain('\u001b');
  });
});
