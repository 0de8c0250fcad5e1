/** Terraform plans in JSON: planned values at their places in the plan, unknowns followed through the configuration. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksLikeTerraformPlan } from '../../src/discover/discover.js';
import { buildTerraformModule, type TerraformBuildResult } from '../../src/graph/terraform/index.js';
import { lint } from '../../src/index.js';
import { at, prop, resource, span, spanOf } from './terraform-helpers.js';

const fixtureDir = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'role-as-instance-profile', 'plan');
const planText = readFileSync(path.join(fixtureDir, 'plan.json'), 'utf8');

function buildPlan(text: string): TerraformBuildResult {
  return buildTerraformModule({ dir: 'p', files: [{ path: 'p/plan.json', text }] });
}

describe('Terraform plan JSON', () => {
  const result = buildPlan(planText);

  it('resources are the planned instances, addresses as given, ids in the plan file', () => {
    expect(result.resources.map((r) => r.address)).toEqual([
      'aws_iam_role.generated',
      'aws_iam_role.known',
      'aws_instance.by_reference',
      'aws_instance.by_known_name',
      'module.web.aws_instance.this[0]',
    ]);
    const instance = resource(result, 'module.web.aws_instance.this[0]');
    expect(instance).toMatchObject({ id: 'p/plan.json#module.web.aws_instance.this[0]', kind: 'ec2.instance', iac: 'terraform', unit: 'p/plan.json', external: false });
    expect(result.parseDiagnostics).toEqual([]);
  });

  it('planned values are props at their exact place; nulls are unset', () => {
    const known = resource(result, 'aws_instance.by_known_name');
    const value = prop(known, 'iam_instance_profile');
    expect(value).toMatchObject({ kind: 'literal', value: 'known-role' });
    expect(value.loc.file).toBe('p/plan.json');
    expect(span(value.loc)).toBe(spanOf(planText, '"known-role"', 2));
    expect(prop(known, 'metadata_options', 0, 'http_tokens')).toMatchObject({ value: 'required' });
    expect(resource(result, 'aws_iam_role.generated').props.entries.map((e) => e.key)).not.toContain('description');
  });

  it('a value known only after apply is unknown: the plan records what it uses, not whether it is that value', () => {
    const value = prop(resource(result, 'aws_instance.by_reference'), 'iam_instance_profile');
    expect(value).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('uses aws_iam_role.generated.name, not whether it is that value') });
    expect(span(value.loc)).toBe(spanOf(planText, '"aws_iam_role.generated.name"', 0));
  });

  it('through a module variable to the module call in the parent, the same: unknown, at the call', () => {
    const value = prop(resource(result, 'module.web.aws_instance.this[0]'), 'iam_instance_profile');
    expect(value).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('uses aws_iam_role.generated.name') });
    expect(span(value.loc)).toBe(spanOf(planText, '"aws_iam_role.generated.name"', 1));
  });

  it('a generated name stays absent (the role is its own name); the trust policy is read inside its escaped string', () => {
    const role = resource(result, 'aws_iam_role.generated');
    expect(role.canonical.name).toBeUndefined();
    const service = prop(role, 'assume_role_policy', 'Statement', 0, 'Principal', 'Service');
    expect(service).toMatchObject({ kind: 'literal', value: 'ec2.amazonaws.com' });
    expect(service.loc.range.start.line).toBe(Number(at(planText, 'ec2.amazonaws.com').split(':')[0]));
    expect(`${service.loc.range.start.line}:${service.loc.range.start.column}`).toBe(at(planText, '\\"ec2.amazonaws.com'));
  });

  it('references to several things, locals and unrecorded variables stay unknown with a reason', () => {
    const text = planText
      .replace('"iam_instance_profile": { "references": ["aws_iam_role.generated.name", "aws_iam_role.generated"] }', '"iam_instance_profile": { "references": ["var.a", "aws_iam_role.generated.name"] }')
      .replace('"iam_instance_profile": { "references": ["var.profile"] }', '"iam_instance_profile": { "references": ["local.profile"] }');
    const changed = buildPlan(text);
    expect(prop(resource(changed, 'aws_instance.by_reference'), 'iam_instance_profile')).toMatchObject({ kind: 'unknown', reason: 'built from var.a, aws_iam_role.generated.name' });
    expect(prop(resource(changed, 'module.web.aws_instance.this[0]'), 'iam_instance_profile')).toMatchObject({ kind: 'unknown', reason: 'local.profile: the plan does not record local values' });
  });

  it('JSON that is not a plan object is a diagnostic', () => {
    expect(buildPlan('{"format_version": "1.2", "planned_values": []}').parseDiagnostics.map((d) => d.message)).toEqual([
      'not a Terraform plan in JSON (no planned_values.root_module)',
    ]);
  });

  it("a plan that is not valid JSON gets the reader's error at its own place", () => {
    const place = (text: string) => buildPlan(text).parseDiagnostics.map((d) => `${d.loc.range.start.line}:${d.loc.range.start.column} ${d.message}`);
    const cut = planText.slice(0, planText.indexOf('"planned_values"') + 40);
    const end = at(cut + '\u0000', '\u0000');
    expect(place(cut)).toEqual([expect.stringMatching(new RegExp(`^${end} Unexpected end of file: `))]);
    // Nested deeper than the reader goes: the limit is named, at the 257th container (the plan's own object is the first).
    const deep = `{"format_version": "1.2", "planned_values": {"root_module": {}}, "x": ${'['.repeat(300)}${']'.repeat(300)}}`;
    expect(place(deep)).toEqual([`1:${deep.indexOf('[') + 256} Nesting is deeper than 256 levels`]);
  });

  it('discovery tells a plan from a template and from other JSON', async () => {
    expect(looksLikeTerraformPlan('plan.json', planText)).toBe(true);
    expect(looksLikeTerraformPlan('package.json', '{"name": "x"}')).toBe(false);
    expect(looksLikeTerraformPlan('plan.yaml', planText)).toBe(false);
    const { fileCount } = await lint({ paths: [fixtureDir], cwd: fixtureDir });
    expect(fileCount).toBe(1);
  });
});
