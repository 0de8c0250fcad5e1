// --cache cannot be forged into a pass, hang or crash the run, read outside the project, or go
// stale when a file the run would have read appears later.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BAD_TF, BAD_YAML, cleanup, expectNoCrash, run, tree } from './helpers.js';

afterEach(cleanup);

const CACHE = '.iam-profile-lint-cache';

function lintCached(root: string, args: string[] = ['.']): { status: number | null; lines: string[] } {
  const r = run(root, ['--format', 'compact', '--cache', ...args]);
  expectNoCrash(r);
  return { status: r.status, lines: r.stdout.split('\n').filter(Boolean) };
}

function rewriteCache(root: string, edit: (entry: Record<string, unknown>) => void): void {
  const file = path.join(root, CACHE);
  const cache = JSON.parse(fs.readFileSync(file, 'utf8')) as { entries: Record<string, Record<string, unknown>> };
  for (const entry of Object.values(cache.entries)) edit(entry);
  fs.writeFileSync(file, JSON.stringify(cache));
}

describe('a cache of the wrong shape or naming odd files is no cache', () => {
  it.each([
    ['not JSON', 'garbage'],
    ['JSON of another shape', '{"format": 3, "entries": {"x": {"key": 1}}}'],
    ['an array', '[1, 2, 3]'],
    ['entries with a null prototype trick', '{"format": 3, "entries": {"__proto__": {"key": "k"}}}'],
  ])('%s: the run lints afresh (exit 1, the finding)', (_name, text) => {
    const root = tree({ 'a.yaml': BAD_YAML, [CACHE]: text });
    const { status, lines } = lintCached(root);
    expect(status).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/^a\.yaml:19:27: error \[role-as-instance-profile\]/)]);
  });

  it('an entry whose file list leaves out a linted file is not trusted', () => {
    const root = tree({ 'a.yaml': BAD_YAML });
    lintCached(root);
    rewriteCache(root, (entry) => {
      entry.files = {};
      (entry.result as { findings: unknown[] }).findings = [];
    });
    expect(lintCached(root).status).toBe(1);
  });

  it.each(['/dev/zero', 'fifo.yaml', '/etc/passwd'])('an entry naming %s among its files neither hangs nor reads it', (named) => {
    const root = tree({ 'a.yaml': BAD_YAML });
    if (named === 'fifo.yaml') execFileSync('mkfifo', [path.join(root, 'fifo.yaml')]);
    lintCached(root);
    rewriteCache(root, (entry) => {
      (entry.files as Record<string, string>)[named] = 'x';
      (entry.probes as unknown[]).push({ kind: 'read', path: named.startsWith('/') ? named : path.join(root, named), digest: 'x' });
    });
    const { status, lines } = lintCached(root);
    expect(status).toBe(1);
    expect(lines.some((l) => l.includes('[role-as-instance-profile]'))).toBe(true);
  });
});

describe('a file that appears later makes the cache stale', () => {
  const MODULE = 'variable "name" {\n  default = "app"\n}\n' + BAD_TF.replace('name = "app"', 'name = var.name');

  it('a new terraform.tfvars or *.auto.tfvars', () => {
    const root = tree({ 'tf/main.tf': MODULE });
    expect(lintCached(root).lines).toEqual([expect.stringMatching(/^tf\/main\.tf:15:\d+: error \[role-as-instance-profile\] .*"app"/)]);
    fs.writeFileSync(path.join(root, 'tf', 'x.auto.tfvars'), 'name = "changed"\n');
    expect(lintCached(root).lines).toEqual([expect.stringMatching(/^tf\/main\.tf:15:\d+: error \[role-as-instance-profile\] .*"changed"/)]);
  });

  it('a serverless.yml above a file given alone, placing it as a resource', () => {
    const role = 'Type: AWS::IAM::Role\nProperties:\n  AssumeRolePolicyDocument:\n    Statement:\n      - Effect: Allow\n        Principal: { AWS: "*" }\n        Action: sts:AssumeRole\n';
    const root = tree({ 'svc/resources/role.yml': role });
    expect(lintCached(root, ['svc/resources/role.yml']).lines).toEqual([]);
    fs.writeFileSync(path.join(root, 'svc', 'serverless.yml'), 'service: s\nresources:\n  Resources:\n    AppRole: ${file(resources/role.yml)}\n');
    expect(lintCached(root, ['svc/resources/role.yml']).lines).toEqual([expect.stringMatching(/^svc\/resources\/role\.yml:6:\d+: error \[trust-policy-public-principal\] Role AppRole/)]);
  });

  it('a file() target that was missing', () => {
    const tf = BAD_TF.replace('Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]', 'Statement = jsondecode(file("${path.module}/extra.json"))');
    const root = tree({ 'tf/main.tf': tf });
    const before = lintCached(root).lines;
    fs.writeFileSync(path.join(root, 'tf', 'extra.json'), '[{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]');
    const after = lintCached(root).lines;
    expect(after).not.toEqual(before);
  });

  it('a Terragrunt configuration that copies a file with generate, and its edit', () => {
    const shared = 'variable "region" {\n  type = string\n}\n\nprovider "aws" {\n  region  = var.region\n  profile = var.profile\n}\n';
    const root = tree({ 'live/_shared/provider.tf': shared });
    expect(lintCached(root).lines).toEqual([expect.stringMatching(/^live\/_shared\/provider\.tf:7:\d+: error \[unresolved-reference\] var\.profile/)]);
    const generate = (file: string) => `generate "provider" {\n  path      = "provider.tf"\n  if_exists = "overwrite"\n  contents  = file("${file}")\n}\n`;
    fs.writeFileSync(path.join(root, 'live', 'root.hcl'), generate('_shared/provider.tf'));
    expect(lintCached(root).lines).toEqual([]);
    fs.writeFileSync(path.join(root, 'live', 'root.hcl'), generate('_shared/other.tf'));
    expect(lintCached(root).lines).toHaveLength(1);
  });

  it('an *_override.tf in a called module, and the called module directory itself', () => {
    const root = tree({ 'tf/main.tf': 'module "m" {\n  source = "../mod"\n}\n' });
    const before = lintCached(root, ['tf']).lines;
    fs.mkdirSync(path.join(root, 'mod'));
    fs.writeFileSync(path.join(root, 'mod', 'main.tf'), BAD_TF);
    const appeared = lintCached(root, ['tf']).lines;
    expect(appeared).not.toEqual(before);
    fs.writeFileSync(path.join(root, 'mod', 'x_override.tf'), 'resource "aws_instance" "web" {\n  iam_instance_profile = "somewhere"\n}\n');
    expect(lintCached(root, ['tf']).lines).not.toEqual(appeared);
  });

  it('a nested template that was missing', () => {
    const parent = 'Resources:\n  Nested:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./stacks/child.yaml\n  Instance:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-12345678\n      MetadataOptions: { HttpTokens: required }\n      IamInstanceProfile: !GetAtt Nested.Outputs.RoleName\n';
    const root = tree({ 'infra/parent.yaml': parent });
    expect(lintCached(root, ['infra/parent.yaml']).lines).toEqual([]);
    const child = BAD_YAML.split('  Instance:')[0] + 'Outputs:\n  RoleName:\n    Value: !Ref AppRole\n';
    fs.mkdirSync(path.join(root, 'infra', 'stacks'));
    fs.writeFileSync(path.join(root, 'infra', 'stacks', 'child.yaml'), child);
    expect(lintCached(root, ['infra/parent.yaml']).lines.some((l) => l.includes('[role-as-instance-profile]'))).toBe(true);
  });
});

describe('a cache is about the files on this disk', () => {
  it('a forged cache beside files written anew (as a checkout of a repository that committed it) answers nothing', () => {
    const root = tree({ 'a.yaml': BAD_YAML });
    lintCached(root);
    rewriteCache(root, (entry) => {
      (entry.result as { findings: unknown[] }).findings = [];
    });
    // Same place, same content, the file written anew: the forged entry names the old file.
    fs.rmSync(path.join(root, 'a.yaml'));
    fs.writeFileSync(path.join(root, 'a.yaml'), BAD_YAML);
    const { status, lines } = lintCached(root);
    expect(status).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/^a\.yaml:19:27: error \[role-as-instance-profile\]/)]);
  });
});

describe('the cache never replaces what is not a cache file', () => {
  // A FIFO stands in for a device (/dev/null, /dev/zero): the rename would have made either a regular file.
  it('--cache-location naming a FIFO, or a link to one: exit 2 with one line, and the FIFO is left a FIFO', () => {
    const root = tree({ 'a.yaml': BAD_YAML });
    try {
      execFileSync('mkfifo', [path.join(root, 'ff')]);
    } catch {
      console.log('skipped: mkfifo is not available');
      return;
    }
    fs.symlinkSync('ff', path.join(root, 'to-ff'));
    for (const location of ['ff', 'to-ff']) {
      const r = run(root, ['--cache', '--cache-location', location, 'a.yaml']);
      expect(r).toEqual({ status: 2, stdout: '', stderr: `iam-profile-lint: --cache-location ${location} is not a regular file; the cache replaces its file, so it is not written there\n` });
      expect(fs.lstatSync(path.join(root, 'ff')).isFIFO()).toBe(true);
    }
    expect(fs.readdirSync(root).sort()).toEqual(['a.yaml', 'ff', 'to-ff']);
  });

  it('--cache-location naming a linted file, directly, through .. or a link: exit 2, and the template is untouched', () => {
    const root = tree({ 'out/t.yaml': BAD_YAML });
    fs.symlinkSync('out/t.yaml', path.join(root, 'link.yaml'));
    for (const location of ['out/t.yaml', 'out/../out/t.yaml', 'link.yaml']) {
      const r = run(root, ['--cache', '--cache-location', location, 'out/t.yaml']);
      expect(r).toEqual({ status: 2, stdout: '', stderr: `iam-profile-lint: --cache-location ${location} is one of the linted files; writing the cache there would overwrite it\n` });
      expect(fs.readFileSync(path.join(root, 'out', 't.yaml'), 'utf8')).toBe(BAD_YAML);
    }
  });

  it('lintCached itself does not write over a linted file (for a caller other than the CLI)', async () => {
    const root = tree({ 'out/t.yaml': BAD_YAML });
    const { lintCached: cached } = await import('../../src/engine/cache.js');
    const result = await cached({ paths: ['out'], cwd: root }, { location: 'out/t.yaml' });
    expect(result.findings.map((f) => f.rule)).toEqual(['role-as-instance-profile']);
    expect(fs.readFileSync(path.join(root, 'out', 't.yaml'), 'utf8')).toBe(BAD_YAML);
  });
});
