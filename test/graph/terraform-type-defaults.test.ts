import { describe, expect, it } from 'vitest';
import { build, prop, resource } from './terraform-helpers.js';

/** The string a tag of aws_iam_role.r resolves to. */
function tag(files: Record<string, string>, key: string): unknown {
  const v = prop(resource(build(files), 'aws_iam_role.r'), 'tags', key);
  return v.kind === 'literal' ? v.value : v.kind;
}

describe('Terraform optional(T, default) attributes', () => {
  const variable = `variable "teams" {
  type = map(object({
    org     = string
    project = optional(string, "Default")
    limits  = optional(object({ phase = optional(string, "plan") }), {})
    names   = optional(list(string))
  }))
  default = {
    a = { org = "acme" }
    b = { org = "acme", project = null, limits = { phase = "apply" } }
  }
}
`;
  const role = (expr: string): string => `resource "aws_iam_role" "r" {\n  name = "r"\n  tags = { v = ${expr} }\n}\n`;

  it('an attribute left out takes its default, at any depth', () => {
    expect(tag({ 'a.tf': variable + role('var.teams["a"].project') }, 'v')).toBe('Default');
    expect(tag({ 'a.tf': variable + role('var.teams["a"].limits.phase') }, 'v')).toBe('plan');
  });

  it('null takes the default; a given value is kept', () => {
    expect(tag({ 'a.tf': variable + role('var.teams["b"].project') }, 'v')).toBe('Default');
    expect(tag({ 'a.tf': variable + role('var.teams["b"].limits.phase') }, 'v')).toBe('apply');
  });

  it('an optional attribute without a default is null, as in Terraform', () => {
    expect(tag({ 'a.tf': variable + role('try(var.teams["a"].names[0], "none")') }, 'v')).toBe('none');
    // A tfvars value decides the condition (a root default would not).
    const tfvars = 'teams = { c = { org = "acme" } }\n';
    expect(tag({ 'a.tf': variable + role('var.teams["c"].names == null ? "absent" : "set"'), 'terraform.tfvars': tfvars }, 'v')).toBe('absent');
  });

  it('applies to tfvars values and module arguments', () => {
    const tfvars = 'teams = { c = { org = "acme" } }\n';
    expect(tag({ 'a.tf': variable + role('var.teams["c"].project'), 'terraform.tfvars': tfvars }, 'v')).toBe('Default');
  });
});
