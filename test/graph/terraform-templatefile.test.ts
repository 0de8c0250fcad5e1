import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trustPolicy } from '../../src/graph/policy.js';
import { buildTerraformModule } from '../../src/graph/terraform/index.js';
import { prop, resource, span } from './terraform-helpers.js';

/** A module with `main.tf` and one template file, built from a fresh directory. */
function withTemplate(template: string, tf: string, variables?: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'tftpl-'));
  writeFileSync(join(dir, 'trust.tftpl'), template);
  return { dir, result: buildTerraformModule({ dir, files: [{ path: join(dir, 'main.tf'), text: tf }], ...(variables ? { variables } : {}) }) };
}

const role = (vars: string) => `variable "extra" {
  type    = bool
  default = false
}
variable "users" {
  type    = list(string)
  default = ["arn:aws:iam::111122223333:user/a"]
}
locals {
  hidden = "module names are not the template's"
}
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = templatefile("\${path.module}/trust.tftpl", ${vars})
}
`;

describe('templatefile()', () => {
  it('evaluates the template language: functions, %{if} on given names', () => {
    const template = '{"Statement": [{"Principal": {"AWS": ${jsonencode(USERS)}}, "Sid": "${upper(NAME)}"}%{ if EXTRA },{"Principal": "*"}%{ endif }]}';
    const { result } = withTemplate(template, role('{ USERS = var.users, NAME = "ops", EXTRA = var.extra }'), { extra: 'false' });
    const r = resource(result, 'aws_iam_role.r');
    expect(prop(r, 'assume_role_policy', 'Statement', 0, 'Sid')).toMatchObject({ value: 'OPS' });
    expect(prop(r, 'assume_role_policy', 'Statement', 0, 'Principal', 'AWS', 0)).toMatchObject({ value: 'arn:aws:iam::111122223333:user/a' });
    expect(trustPolicy(r.canonical.trustPolicy)?.statements).toHaveLength(1);
  });

  it('an open %{if} that adds a statement: the statements every branch has, partial', () => {
    const template = '{"Statement": [\n  {"Principal": {"Service": "ec2.amazonaws.com"}}%{ if EXTRA },\n  {"Principal": "*"}%{ endif }\n]}';
    const { dir, result } = withTemplate(template, role('{ EXTRA = var.extra }'));
    const policy = trustPolicy(resource(result, 'aws_iam_role.r').canonical.trustPolicy);
    expect(policy?.partial).toBe(true);
    expect(policy?.statements).toHaveLength(1);
    const service = policy?.statements[0].principals[0].value;
    expect(service).toMatchObject({ value: 'ec2.amazonaws.com' });
    expect(service?.loc.file).toBe(join(dir, 'trust.tftpl'));
    expect(service && span(service.loc)).toBe('2:29-2:48');
  });

  it('a name the call does not give is unknown, and the module\'s own names are not the template\'s', () => {
    const { result } = withTemplate('${local.hidden}-${MISSING}', role('{ OTHER = "x" }'));
    expect(result.unresolved).toEqual([]);
    expect(prop(resource(result, 'aws_iam_role.r'), 'assume_role_policy').kind).not.toBe('literal');
  });
});
