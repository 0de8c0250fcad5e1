import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTerraformModule } from '../../src/graph/terraform/index.js';

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
