import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTerraformModule, createRunModules } from '../../src/graph/terraform/index.js';

const MAIN = `variable "region" {
  default = "eu-west-1"
}

resource "aws_iam_role" "app" {
  name               = "\${var.service}-\${var.region}"
  assume_role_policy = data.aws_iam_policy_document.trust.json
  tags               = local.common_tags
}

output "bucket" {
  value = module.store.bucket_arn
}
`;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Writes the files into a fresh directory and builds it as a root module: the directory listing is what tells a Terragrunt unit. */
function unresolvedIn(files: Record<string, string>): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'ipl-terragrunt-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const tf = Object.entries(files).filter(([name]) => name.endsWith('.tf')).map(([name, text]) => ({ path: path.join(dir, name), text }));
  return buildTerraformModule({ dir, files: tf }).unresolved.map((u) => u.name).sort();
}

describe('a root module that Terragrunt completes', () => {
  it('reports the names its own files do not declare when there is no terragrunt configuration', () => {
    expect(unresolvedIn({ 'main.tf': MAIN, 'terraform.tfvars': 'service = "billing"\n' })).toEqual([
      'data.aws_iam_policy_document.trust',
      'local.common_tags',
      'module.store',
      'service',
      'var.service',
    ]);
  });

  it.each(['terragrunt.hcl', 'terragrunt.hcl.json'])('leaves names a generated file may declare to %s, and keeps a local module source with nothing at its path', (config) => {
    const files = { 'main.tf': MAIN.replace('module.store.bucket_arn', 'module.store.bucket_arn\n}\n\nmodule "store" {\n  source = "./store"'), [config]: '{}\n', 'terraform.tfvars': 'service = "billing"\n' };
    expect(unresolvedIn(files)).toEqual(['./store']);
  });

  it('is the directory holding terragrunt.hcl, not one beside a parent configuration', () => {
    expect(unresolvedIn({ 'main.tf': MAIN, 'root.hcl': 'inputs = {}\n' })).toContain('var.service');
  });
});

const ROOT_HCL = `generate "common" {
  path     = "common.tf"
  contents = <<-EOF
    variable "service" {
      type = string
    }
    locals {
      common_tags = { Service = "\${local.service}" }
    }
  EOF
}
`;

/** A project (a directory with .git) holding root.hcl and the unit live/app with the given files: the unit's unresolved names. */
function unitUnresolved(unit: Record<string, string>, root: Record<string, string> = { 'root.hcl': ROOT_HCL }): string[] {
  const project = mkdtempSync(path.join(tmpdir(), 'ipl-terragrunt-project-'));
  dirs.push(project);
  mkdirSync(path.join(project, '.git'));
  const dir = path.join(project, 'live', 'app');
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(root)) writeFileSync(path.join(project, name), text);
  for (const [name, text] of Object.entries(unit)) writeFileSync(path.join(dir, name), text);
  const tf = Object.entries(unit).filter(([name]) => name.endsWith('.tf')).map(([name, text]) => ({ path: path.join(dir, name), text }));
  return buildTerraformModule({ dir, files: tf, modules: createRunModules(project) }).unresolved.map((u) => u.name).sort();
}

const UNIT_MAIN = `variable "region" {
  default = "eu-west-1"
}

resource "aws_iam_role" "app" {
  name = "\${var.service}-\${var.regoin}"
  tags = local.common_tags
}
`;

const INCLUDE_ROOT = 'include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\n';

describe('a Terragrunt unit whose generated files are known', () => {
  it('keeps the names the generate blocks of the configurations it includes do not declare', () => {
    expect(unitUnresolved({ 'main.tf': UNIT_MAIN, 'terragrunt.hcl': INCLUDE_ROOT })).toEqual(['var.regoin']);
  });

  it('leaves every name when the included configuration is not found, or a terraform block may bring files', () => {
    expect(unitUnresolved({ 'main.tf': UNIT_MAIN, 'terragrunt.hcl': INCLUDE_ROOT }, {})).toEqual([]);
    expect(unitUnresolved({ 'main.tf': UNIT_MAIN, 'terragrunt.hcl': `${INCLUDE_ROOT}terraform {\n  source = "../../modules//app"\n}\n` })).toEqual([]);
    expect(unitUnresolved({ 'main.tf': UNIT_MAIN, 'terragrunt.hcl': 'include {\n  path = "\${get_repo_root()}/root.hcl"\n}\n' })).toEqual([]);
  });

  it('leaves every name when a generated file is not written out in the configuration', () => {
    const fromFile = 'generate "common" {\n  path     = "common.tf"\n  contents = file("common.tf.tpl")\n}\n';
    expect(unitUnresolved({ 'main.tf': UNIT_MAIN, 'terragrunt.hcl': INCLUDE_ROOT }, { 'root.hcl': fromFile })).toEqual([]);
    const directive = 'generate "common" {\n  path     = "common.tf"\n  contents = <<-EOF\n    %{ for v in local.vars }variable "\${v}" {}\n    %{ endfor }\n  EOF\n}\n';
    expect(unitUnresolved({ 'main.tf': UNIT_MAIN, 'terragrunt.hcl': INCLUDE_ROOT }, { 'root.hcl': directive })).toEqual([]);
    const namedByInterpolation = 'generate "common" {\n  path     = "common.tf"\n  contents = <<-EOF\n    variable "\${local.name}" {}\n  EOF\n}\n';
    expect(unitUnresolved({ 'main.tf': UNIT_MAIN, 'terragrunt.hcl': INCLUDE_ROOT }, { 'root.hcl': namedByInterpolation })).toEqual([]);
  });
});
