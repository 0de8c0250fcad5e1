import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trustPolicy } from '../../src/graph/policy.js';
import { buildTerraformModule } from '../../src/graph/terraform/index.js';
import { at, build, prop, resource, span, spanOf, start } from './terraform-helpers.js';

describe('Terraform variables and locals', () => {
  const text = `variable "role_name" {
  default = "app-role"
}
variable "no_default" {
  type = string
}
locals {
  prefix = "team"
  full   = "\${local.prefix}-\${var.role_name}"
  loop   = local.loop
}
resource "aws_iam_role" "r" {
  name = var.role_name
  description = var.no_default
  path = var.undeclared
  tags = { full = local.full, loop = local.loop }
}
`;
  const result = build({ 'vars.tf': text });
  const r = resource(result, 'aws_iam_role.r');

  it('a variable is its default, at the use site, the default in via', () => {
    const name = prop(r, 'name');
    expect(name).toMatchObject({ kind: 'literal', value: 'app-role' });
    expect(span(name.loc)).toBe(spanOf(text, 'var.role_name', 1));
    expect(name.via?.map(start)).toEqual([at(text, '"app-role"')]);
  });

  it('a variable without a default is unknown; an undeclared one is unresolved', () => {
    expect(prop(r, 'description')).toMatchObject({ kind: 'unknown', reason: 'variable no_default has no default' });
    expect(prop(r, 'path').kind).toBe('unknown');
    expect(result.unresolved).toMatchObject([{ name: 'var.undeclared', expected: 'variable', candidates: ['var.role_name', 'var.no_default'] }]);
  });

  it('locals are evaluated where defined, seen from the use site; self-reference is unknown', () => {
    const full = prop(r, 'tags', 'full');
    expect(full.kind).toBe('template');
    expect(start(full.loc)).toBe(at(text, 'local.full'));
    expect(full.via?.map(start)).toEqual([at(text, '"${local.prefix}')]);
    expect(full.kind === 'template' && full.parts.map((p) => (typeof p === 'string' ? p : p.kind === 'literal' ? p.value : p.kind))).toEqual([
      'team',
      '-',
      'app-role',
    ]);
    expect(prop(r, 'tags', 'loop')).toMatchObject({ kind: 'unknown', reason: 'local loop refers to itself' });
  });

  it('tfvars override defaults: terraform.tfvars, then *.auto.tfvars in lexical order', () => {
    const files = {
      'main.tf': 'variable "a" { default = "default" }\nvariable "b" { default = "default" }\nvariable "c" { default = "default" }\nresource "aws_iam_role" "r" {\n  name = var.a\n  path = var.b\n  description = var.c\n}\n',
      'terraform.tfvars': 'a = "tfvars"\nb = "tfvars"\n',
      'x.auto.tfvars': 'a = "x-auto"\n',
      'a.auto.tfvars.json': '{"a": "a-auto", "b": "a-auto"}',
    };
    const role = resource(build(files), 'aws_iam_role.r');
    expect(prop(role, 'name')).toMatchObject({ value: 'x-auto' });
    expect(prop(role, 'path')).toMatchObject({ value: 'a-auto' });
    expect(prop(role, 'description')).toMatchObject({ value: 'default' });
    expect(prop(role, 'name').via?.[0].file).toBe('mod/x.auto.tfvars');
  });

  it("a .tfvars.json that is not JSON gets the reader's error at its own place; one that is not an object, a message at 1:1", () => {
    const main = 'variable "p" {}\n';
    const messages = (tfvars: string) =>
      buildTerraformModule({ dir: 'mod', files: [{ path: 'mod/main.tf', text: main }, { path: 'mod/x.auto.tfvars.json', text: tfvars }] }).parseDiagnostics.map(
        (d) => `${d.loc.file}:${d.loc.range.start.line}:${d.loc.range.start.column} ${d.message}`,
      );
    expect(messages('{"p": ')).toEqual(["mod/x.auto.tfvars.json:1:7 Unexpected end of file: expected a value; the '{' opened at 1:1 is never closed"]);
    expect(messages('["p"]')).toEqual(['mod/x.auto.tfvars.json:1:1 not a JSON object of variable values']);
  });

  it('reads tfvars found on disk beside the module files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfmod-'));
    writeFileSync(join(dir, 'terraform.tfvars'), 'name = "from-disk"\n');
    const tf = 'variable "name" { default = "d" }\nresource "aws_iam_role" "r" { name = var.name }\n';
    const result = buildTerraformModule({ dir, files: [{ path: join(dir, 'main.tf'), text: tf }] });
    expect(resource(result, 'aws_iam_role.r').canonical.name).toMatchObject({ value: 'from-disk' });
    expect(result.sources.get(join(dir, 'terraform.tfvars'))).toContain('from-disk');
  });
});

describe('Terraform arguments left to change outside Terraform (lifecycle ignore_changes)', () => {
  const parameter = (name: string, lifecycle: string) =>
    `resource "aws_ssm_parameter" "${name}" {\n  name  = "/p/${name}"\n  type  = "String"\n  value = "placeholder"\n  tags  = { team = "data" }\n${lifecycle}}\n`;
  const text = [
    parameter('listed', '  lifecycle {\n    ignore_changes = [value]\n  }\n'),
    parameter('all', '  lifecycle {\n    ignore_changes = all\n  }\n'),
    parameter('quoted', '  lifecycle {\n    ignore_changes = ["value"]\n  }\n'),
    parameter('tag', '  lifecycle {\n    ignore_changes = [tags["owner"]]\n  }\n'),
    parameter('plain', ''),
    `resource "aws_iam_role" "r" {\n  name = "r"\n  tags = {\n${['listed', 'all', 'quoted', 'tag', 'plain'].map((n) => `    ${n} = aws_ssm_parameter.${n}.value\n    ${n}_tags = aws_ssm_parameter.${n}.tags.team\n`).join('')}  }\n}\n`,
  ].join('\n');
  const tags = (key: string) => prop(resource(build({ 'main.tf': text }), 'aws_iam_role.r'), 'tags', key);

  it('a value read from an ignored argument is unknown, not what the resource was created with', () => {
    for (const name of ['listed', 'all', 'quoted']) {
      expect(tags(name)).toMatchObject({ kind: 'unknown', reason: `aws_ssm_parameter.${name}.value is set outside Terraform after creation (lifecycle ignore_changes)` });
    }
    expect(tags('all_tags').kind).toBe('unknown');
  });

  it('other arguments, and a resource that ignores nothing, keep their written values', () => {
    for (const key of ['tag', 'plain']) expect(tags(key)).toMatchObject({ kind: 'literal', value: 'placeholder' });
    for (const key of ['listed_tags', 'quoted_tags', 'plain_tags']) expect(tags(key)).toMatchObject({ kind: 'literal', value: 'data' });
    expect(tags('tag_tags').kind).toBe('unknown');
  });
});

describe('Terraform trust policies', () => {
  it('jsonencode gives a real document with positions', () => {
    const text = `resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}
`;
    const r = resource(build({ 'main.tf': text }), 'aws_iam_role.r');
    const service = prop(r, 'assume_role_policy', 'Statement', 0, 'Principal', 'Service');
    expect(service).toMatchObject({ kind: 'literal', value: 'ec2.amazonaws.com' });
    expect(span(service.loc)).toBe(spanOf(text, '"ec2.amazonaws.com"'));
    expect(r.canonical.trustPolicy?.kind).toBe('object');
  });

  it('a heredoc JSON policy has exact principal positions, interpolations kept as values', () => {
    const text = `variable "account" { default = "123456789012" }
resource "aws_iam_role" "r" {
  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Principal": { "AWS": "arn:aws:iam::\${var.account}:root", "Service": ["ec2.amazonaws.com"] },
          "Action": "sts:AssumeRole"
        }
      ]
    }
  EOF
}
`;
    const r = resource(build({ 'main.tf': text }), 'aws_iam_role.r');
    const service = prop(r, 'assume_role_policy', 'Statement', 0, 'Principal', 'Service', 0);
    expect(service).toMatchObject({ value: 'ec2.amazonaws.com' });
    expect(span(service.loc)).toBe(spanOf(text, '"ec2.amazonaws.com"'));
    const aws = prop(r, 'assume_role_policy', 'Statement', 0, 'Principal', 'AWS');
    expect(aws).toMatchObject({ kind: 'template', parts: ['arn:aws:iam::', { kind: 'literal', value: '123456789012' }, ':root'] });
    expect(start(aws.loc)).toBe(at(text, '"arn:aws:iam::'));
    const policy = prop(r, 'assume_role_policy');
    expect(start(policy.loc)).toBe(at(text, '<<-EOF'));
  });

  it('a non-indented heredoc and a policy read with file() map into their files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfmod-'));
    mkdirSync(join(dir, 'policies'));
    writeFileSync(join(dir, 'policies', 'trust.json'), '{\n  "Statement": [{"Principal": {"Service": "ec2.amazonaws.com"}}]\n}\n');
    const tf = `resource "aws_iam_role" "a" {
  assume_role_policy = file("\${path.module}/policies/trust.json")
}
resource "aws_iam_role" "b" {
  assume_role_policy = <<EOF
{"Statement": [{"Principal": "*"}]}
EOF
}
resource "aws_iam_role" "c" {
  assume_role_policy = file("../outside.json")
}
`;
    const result = buildTerraformModule({ dir, files: [{ path: join(dir, 'main.tf'), text: tf }] });
    const service = prop(resource(result, 'aws_iam_role.a'), 'assume_role_policy', 'Statement', 0, 'Principal', 'Service');
    expect(service.loc.file).toBe(join(dir, 'policies', 'trust.json'));
    expect(span(service.loc)).toBe('2:43-2:62');
    const star = prop(resource(result, 'aws_iam_role.b'), 'assume_role_policy', 'Statement', 0, 'Principal');
    expect(star).toMatchObject({ value: '*' });
    expect(span(star.loc)).toBe(spanOf(tf, '"*"'));
    expect(prop(resource(result, 'aws_iam_role.c'), 'assume_role_policy')).toMatchObject({
      kind: 'unknown',
      reason: 'file ../outside.json is outside the module directory',
    });
  });

  it('data "aws_iam_policy_document" renders IAM JSON with positions inside the data block', () => {
    const text = `data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:root"]
    }
    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = ["abc"]
    }
  }
  statement {
    sid    = "Deny"
    effect = "Deny"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
`;
    const result = build({ 'main.tf': text });
    const trust = resource(result, 'aws_iam_role.r').canonical.trustPolicy;
    expect(trust?.kind).toBe('object');
    if (trust?.kind !== 'object') return;
    expect(start(trust.loc)).toBe('1:1');
    expect(trust.via?.map(start)).toEqual([at(text, 'data.aws_iam_policy_document.trust.json')]);
    const doc = resource(result, 'data.aws_iam_policy_document.trust');
    const json = prop(doc, 'json');
    expect(prop(doc, 'json', 'Version')).toMatchObject({ value: '2012-10-17' });
    expect(json.kind).toBe('object');
    const s0 = prop(doc, 'json', 'Statement', 0);
    expect(prop(doc, 'json', 'Statement', 0, 'Effect')).toMatchObject({ value: 'Allow' });
    expect(prop(doc, 'json', 'Statement', 0, 'Action', 0)).toMatchObject({ value: 'sts:AssumeRole' });
    const service = prop(doc, 'json', 'Statement', 0, 'Principal', 'Service', 0);
    expect(span(service.loc)).toBe(spanOf(text, '"ec2.amazonaws.com"'));
    expect(prop(doc, 'json', 'Statement', 0, 'Principal', 'AWS', 0)).toMatchObject({ value: 'arn:aws:iam::123456789012:root' });
    expect(prop(doc, 'json', 'Statement', 0, 'Condition', 'StringEquals', 'sts:ExternalId', 0)).toMatchObject({ value: 'abc' });
    expect(s0.kind).toBe('object');
    const star = prop(doc, 'json', 'Statement', 1, 'Principal');
    expect(star).toMatchObject({ kind: 'literal', value: '*' });
    expect(span(star.loc)).toBe(spanOf(text, '"*"', 1));
    expect(prop(doc, 'json', 'Statement', 1, 'Sid')).toMatchObject({ value: 'Deny' });
  });

  it('source and override documents merge by Sid; unknown ones leave an unknown statement', () => {
    const text = `data "aws_iam_policy_document" "base" {
  statement {
    sid = "A"
    actions = ["s3:GetObject"]
  }
  statement {
    sid = "B"
    actions = ["s3:PutObject"]
  }
}
data "aws_iam_policy_document" "merged" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  statement {
    sid = "B"
    actions = ["s3:DeleteObject"]
  }
}
data "aws_iam_policy_document" "partial" {
  source_policy_documents = [var.extra]
}
variable "extra" {}
`;
    const result = build({ 'main.tf': text });
    const merged = prop(resource(result, 'data.aws_iam_policy_document.merged'), 'json', 'Statement');
    expect(merged.kind === 'list' && merged.items.map((s) => s.kind === 'object' && s.entries.find((e) => e.key === 'Action'))).toMatchObject([
      { value: { items: [{ value: 's3:GetObject' }] } },
      { value: { items: [{ value: 's3:DeleteObject' }] } },
    ]);
    const partial = prop(resource(result, 'data.aws_iam_policy_document.partial'), 'json', 'Statement');
    expect(partial).toMatchObject({ kind: 'list', items: [{ kind: 'unknown' }] });
  });

  it('an object key that is computed makes that object unknown rather than silently smaller', () => {
    const text = `locals { oidc = aws_iam_openid_connect_provider.p.url }
resource "aws_iam_openid_connect_provider" "p" {}
resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Statement = [{
      Principal = { Federated = aws_iam_openid_connect_provider.p.arn }
      Condition = { StringEquals = { "\${local.oidc}:sub" = "system:serviceaccount:a:b" } }
    }]
  })
}
`;
    const r = resource(build({ 'main.tf': text }), 'aws_iam_role.r');
    expect(prop(r, 'assume_role_policy', 'Statement', 0, 'Condition', 'StringEquals')).toMatchObject({ kind: 'unknown' });
    expect(prop(r, 'assume_role_policy', 'Statement', 0, 'Principal', 'Federated')).toMatchObject({ kind: 'ref', attribute: 'arn' });
  });

  it('the shared trust-policy reader sees the principals of a policy document, computed types as unknown', () => {
    const text = `data "aws_iam_policy_document" "d" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com", "ssm.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["123456789012"]
    }
  }
  statement {
    principals {
      type        = var.kind
      identifiers = ["x"]
    }
  }
}
variable "kind" {}
resource "aws_iam_role" "r" { assume_role_policy = "\${data.aws_iam_policy_document.d.json}" }
`;
    const role = resource(build({ 'main.tf': text }), 'aws_iam_role.r');
    const policy = trustPolicy(role.canonical.trustPolicy);
    expect(policy?.statements).toHaveLength(2);
    const [first, second] = policy?.statements ?? [];
    expect(first.effect).toBe('Allow');
    expect(first.principals.map((p) => [p.type, p.value.kind === 'literal' ? p.value.value : p.value.kind])).toEqual([
      ['Service', 'ec2.amazonaws.com'],
      ['Service', 'ssm.amazonaws.com'],
    ]);
    expect(span(first.principals[1].value.loc)).toBe(spanOf(text, '"ssm.amazonaws.com"'));
    expect(first.conditions).toMatchObject([{ operator: 'StringEquals', key: 'aws:SourceAccount' }]);
    expect(span(first.conditions[0].keyLoc)).toBe(spanOf(text, '"aws:SourceAccount"'));
    expect(second.principals).toEqual([]);
    expect(prop(resource(build({ 'main.tf': text }), 'data.aws_iam_policy_document.d'), 'json', 'Statement', 1, 'Principal')).toMatchObject({
      kind: 'unknown',
      reason: 'a principal type is not known statically',
    });
  });
});

describe('a value taken out of a default or a --var keeps what the whole was', () => {
  const text = `variable "names" {
  type    = list(string)
  default = ["a", "b"]
}
variable "by_key" {
  type    = map(string)
  default = { web = "w" }
}
variable "hosts" {
  type    = list(object({ name = string }))
  default = [{ name = "h" }]
}
resource "null_resource" "r" {
  triggers = {
    index   = var.names[0]
    element = element(var.names, 1)
    key     = var.by_key["web"]
    attr    = var.by_key.web
    lookup  = lookup(var.by_key, "web", "x")
    splat   = var.hosts[*].name
    nested  = var.hosts[0].name
    for     = [for n in var.names : upper(n)]
    try     = try(var.names[5], var.names[1])
    joined  = join("-", [var.names[0], "host"])
    text    = "\${var.names[0]}-host"
    pieces  = split(",", join(",", var.names))[1]
  }
  dynamic "host" {
    for_each = var.hosts
    content {
      name = host.value.name
    }
  }
}
resource "null_resource" "each" {
  for_each = var.by_key
  triggers = { value = each.value }
}
`;
  const forms = ['index', 'element', 'key', 'attr', 'lookup', 'nested', 'try'];
  const leaves = (r: ReturnType<typeof resource>) => [
    ...forms.map((f) => [f, prop(r, 'triggers', f)] as const),
    ['splat[0]', prop(r, 'triggers', 'splat', 0)] as const,
    ['for[0]', prop(r, 'triggers', 'for', 0)] as const,
    ['dynamic', prop(r, 'host', 0, 'name')] as const,
  ];

  it('from a root default: a default (fromInput), never a given value', () => {
    const result = build({ 'main.tf': text });
    for (const [form, v] of leaves(resource(result, 'null_resource.r'))) {
      expect(v.fromInput, form).toBeDefined();
      expect(v.commandLine, form).toBeUndefined();
    }
    const each = prop(resource(result, 'null_resource.each'), 'triggers', 'value');
    const options = each.kind === 'choice' ? each.options : [each];
    expect(options.map((o) => [o.kind, o.fromInput])).toEqual([['literal', 'by_key']]);
  });

  it('a string built from a default (a template, join, a piece of split) is a default; from --var values, known', () => {
    const built = ['joined', 'text', 'pieces'];
    const byDefault = resource(build({ 'main.tf': text }), 'null_resource.r');
    for (const form of built) expect(prop(byDefault, 'triggers', form).fromInput, form).toBe('names');
    const given = resource(buildTerraformModule({ dir: 'mod', files: [{ path: 'mod/main.tf', text }], variables: { names: '["a", "b"]', by_key: '{ web = "w" }', hosts: '[{ name = "h" }]' } }), 'null_resource.r');
    for (const form of built) expect(prop(given, 'triggers', form).fromInput, form).toBeUndefined();
  });

  it('from --var values: given (commandLine), never a default', () => {
    const result = buildTerraformModule({
      dir: 'mod',
      files: [{ path: 'mod/main.tf', text }],
      variables: { names: '["a", "b"]', by_key: '{ web = "w" }', hosts: '[{ name = "h" }]' },
    });
    for (const [form, v] of leaves(resource(result, 'null_resource.r'))) {
      expect(v.fromInput, form).toBeUndefined();
      expect(v.commandLine, form).toMatch(/^--var /);
    }
  });
});
