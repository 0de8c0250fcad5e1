// OpenTofu's own file names through the built CLI: `.tofu` and `.tofu.json` are Terraform
// configuration, and `x.tofu` replaces `x.tf` (`x.tofu.json` replaces `x.tf.json`) as OpenTofu loads them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const ROLE = `resource "aws_iam_role" "web" {
  name = "web"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_instance_profile" "web" {
  role = aws_iam_role.web.name
}
`;
const instance = (profile: string): string => `resource "aws_instance" "web" {
  ami                  = "ami-12345678"
  iam_instance_profile = ${profile}
  metadata_options {
    http_tokens = "required"
  }
}
`;
const BAD = instance('aws_iam_role.web.name');
const GOOD = instance('aws_iam_instance_profile.web.name');
const BAD_JSON = JSON.stringify({ resource: { aws_instance: { web: { ami: 'ami-12345678', iam_instance_profile: '${aws_iam_role.web.name}', metadata_options: { http_tokens: 'required' } } } } }, null, 2);

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function lint(files: Record<string, string>, args: string[] = ['.']): Array<{ rule: string; file: string; line: number }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ipl-tofu-'));
  made.push(root);
  for (const [rel, text] of Object.entries(files)) fs.writeFileSync(path.join(root, rel), text);
  const r = spawnSync(process.execPath, [BIN, '--format', 'json', ...args], { cwd: root, encoding: 'utf8' });
  expect(r.status, r.stderr).toBeLessThan(2);
  return (JSON.parse(r.stdout) as { findings: Array<{ rule: string; file: string; line: number }> }).findings.map(({ rule, file, line }) => ({ rule, file, line }));
}

describe('OpenTofu files', () => {
  it('reads .tofu as Terraform, in one module with the .tf files beside it', () => {
    expect(lint({ 'roles.tf': ROLE, 'main.tofu': BAD })).toEqual([{ rule: 'role-as-instance-profile', file: 'main.tofu', line: 3 }]);
  });

  it('reads .tofu.json as Terraform JSON', () => {
    expect(lint({ 'roles.tofu': ROLE, 'main.tofu.json': BAD_JSON }).map((f) => `${f.file} ${f.rule}`)).toEqual(['main.tofu.json role-as-instance-profile']);
  });

  it('where x.tofu and x.tf both exist, lints x.tofu and ignores x.tf, as OpenTofu does', () => {
    expect(lint({ 'roles.tf': ROLE, 'main.tf': BAD, 'main.tofu': GOOD })).toEqual([]);
    expect(lint({ 'roles.tf': ROLE, 'main.tf': GOOD, 'main.tofu': BAD })).toEqual([{ rule: 'role-as-instance-profile', file: 'main.tofu', line: 3 }]);
    expect(lint({ 'roles.tf': ROLE, 'main.tf.json': BAD_JSON, 'main.tofu.json': BAD_JSON.replace('aws_iam_role.web.name', 'aws_iam_instance_profile.web.name') })).toEqual([]);
    // Without the duplicate-block error a second copy of the same resources would give.
    expect(lint({ 'roles.tf': ROLE, 'roles.tofu': ROLE, 'main.tofu': GOOD })).toEqual([]);
  });

  it('a given .tofu file brings in its module, as a .tf file does (pre-commit)', () => {
    expect(lint({ 'roles.tf': ROLE, 'main.tofu': BAD }, ['main.tofu'])).toEqual([{ rule: 'role-as-instance-profile', file: 'main.tofu', line: 3 }]);
  });

  it('suppression comments work in .tofu files', () => {
    const suppressed = BAD.replace('aws_iam_role.web.name', 'aws_iam_role.web.name # iam-profile-lint-ignore role-as-instance-profile -- made by hand');
    expect(lint({ 'roles.tf': ROLE, 'main.tofu': suppressed })).toEqual([]);
  });
});
