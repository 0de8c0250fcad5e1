import { describe, expect, it } from 'vitest';
import { at, build, prop, resource, span, spanOf, start } from './terraform-helpers.js';

describe('Terraform resources', () => {
  const seed = `resource "aws_instance" "EC2Instance" {
    tags = {
        Name = "Test"
    }
    iam_instance_profile = aws_iam_role.IAMRole.name
}

resource "aws_iam_role" "IAMRole" {
    path = "/"
    name = "Yuta20220815"
    assume_role_policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"ec2.amazonaws.com\\"},\\"Action\\":\\"sts:AssumeRole\\"}]}"
}

resource "aws_lambda_function" "LambdaFunction" {
    function_name = "efs-s3"
    role = "\${aws_iam_role.IAMRole.arn}"
}
`;

  it('the seed article: iam_instance_profile is a reference to the role name, at its exact position', () => {
    const result = build({ 'main.tf': seed });
    const value = prop(resource(result, 'aws_instance.EC2Instance'), 'iam_instance_profile');
    expect(value).toMatchObject({ kind: 'ref', target: 'mod#aws_iam_role.IAMRole', attribute: 'name', text: 'aws_iam_role.IAMRole.name' });
    expect(span(value.loc)).toBe('5:28-5:53');
    expect(value.loc.file).toBe('mod/main.tf');
    expect(result.unresolved).toEqual([]);
    expect(result.parseDiagnostics).toEqual([]);
  });

  it('"${x}" with nothing else is x itself', () => {
    const value = prop(resource(build({ 'main.tf': seed }), 'aws_lambda_function.LambdaFunction'), 'role');
    expect(value).toMatchObject({ kind: 'ref', attribute: 'arn', target: 'mod#aws_iam_role.IAMRole' });
  });

  it('describes each block: id, address, kind, unit, header loc, canonical props', () => {
    const role = resource(build({ 'main.tf': seed }), 'aws_iam_role.IAMRole');
    expect(role).toMatchObject({ id: 'mod#aws_iam_role.IAMRole', kind: 'iam.role', iac: 'terraform', type: 'aws_iam_role', unit: 'mod', external: false });
    expect(span(role.loc)).toBe(`${at(seed, 'resource "aws_iam_role"')}-8:34`);
    expect(role.canonical.name).toMatchObject({ kind: 'literal', value: 'Yuta20220815' });
    expect(role.canonical.trustPolicy?.kind).toBe('object');
  });

  it('a JSON string trust policy is a document whose principal sits on the escaped text', () => {
    const role = resource(build({ 'main.tf': seed }), 'aws_iam_role.IAMRole');
    const service = prop(role, 'assume_role_policy', 'Statement', 0, 'Principal', 'Service');
    expect(service).toMatchObject({ kind: 'literal', value: 'ec2.amazonaws.com' });
    expect(span(service.loc)).toBe(`${at(seed, '\\"ec2.amazonaws.com')}-11:140`);
  });

  it('data sources are external resources, except policy documents', () => {
    const result = build({
      'main.tf': `data "aws_iam_role" "existing" {
  name = "ops"
}
data "aws_iam_policy_document" "trust" {}
`,
    });
    const existing = resource(result, 'data.aws_iam_role.existing');
    expect(existing).toMatchObject({ id: 'mod#data.aws_iam_role.existing', kind: 'iam.role', external: true });
    expect(existing.canonical.name).toMatchObject({ value: 'ops' });
    expect(resource(result, 'data.aws_iam_policy_document.trust')).toMatchObject({ kind: 'iam.policy-document', external: false });
  });

  it('nested blocks are lists of objects, even for one block; meta-arguments are not props', () => {
    const r = resource(
      build({
        'main.tf': `resource "aws_launch_template" "lt" {
  count = 2
  provider = aws.east
  depends_on = [aws_iam_role.r]
  lifecycle { create_before_destroy = true }
  iam_instance_profile {
    name = "p"
  }
  tag_specifications { resource_type = "instance" }
  tag_specifications { resource_type = "volume" }
}
resource "aws_iam_role" "r" {}
`,
      }),
      'aws_launch_template.lt',
    );
    expect(r.props.entries.map((e) => e.key)).toEqual(['iam_instance_profile', 'tag_specifications']);
    expect(prop(r, 'iam_instance_profile')).toMatchObject({ kind: 'list', items: [{ kind: 'object' }] });
    expect(prop(r, 'tag_specifications', 1, 'resource_type')).toMatchObject({ value: 'volume' });
  });

  it('dynamic blocks become a list with the content once, the iterator unknown', () => {
    const r = resource(
      build({
        'main.tf': `resource "aws_security_group" "sg" {
  ingress { from_port = 22 }
  dynamic "ingress" {
    for_each = var.ports
    iterator = port
    content {
      from_port = port.value
      description = "fixed"
    }
  }
}
variable "ports" {}
`,
      }),
      'aws_security_group.sg',
    );
    const list = prop(r, 'ingress');
    expect(list.kind === 'list' && list.items.length).toBe(2);
    expect(prop(r, 'ingress', 1, 'description')).toMatchObject({ value: 'fixed' });
    expect(prop(r, 'ingress', 1, 'from_port')).toMatchObject({ kind: 'unknown' });
  });

  it('parse errors become diagnostics with the file and range; the rest still builds', () => {
    const result = build({ 'bad.tf': 'resource "aws_iam_role" "r" {\n  name = \n}\n', 'ok.tf': 'resource "aws_iam_role" "ok" {}\n' });
    expect(result.parseDiagnostics.length).toBeGreaterThan(0);
    expect(result.parseDiagnostics[0]).toMatchObject({ severity: 'error', loc: { file: 'mod/bad.tf' } });
    expect(result.resources.map((r) => r.address)).toContain('aws_iam_role.ok');
  });

  it('a duplicate resource is a warning; it is still built under its own id and its own file refers to it', () => {
    const result = build({
      'a.tf': 'resource "aws_iam_role" "r" { name = "a" }\n',
      'b.tf': 'resource "aws_iam_role" "r" { name = "b" }\nresource "aws_instance" "i" { iam_instance_profile = aws_iam_role.r.name }\n',
      'c.tf': 'resource "aws_instance" "j" { iam_instance_profile = aws_iam_role.r.name }\n',
    });
    expect(result.resources.map((r) => r.id)).toEqual(['mod#aws_iam_role.r', 'mod#aws_instance.i', 'mod#aws_instance.j', 'mod#aws_iam_role.r@mod/b.tf:1']);
    expect(result.resources[3]).toMatchObject({ address: 'aws_iam_role.r', canonical: { name: { value: 'b' } } });
    expect(prop(resource(result, 'aws_instance.i'), 'iam_instance_profile')).toMatchObject({ target: 'mod#aws_iam_role.r@mod/b.tf:1' });
    expect(prop(resource(result, 'aws_instance.j'), 'iam_instance_profile')).toMatchObject({ target: 'mod#aws_iam_role.r' });
    expect(result.parseDiagnostics).toHaveLength(1);
    expect(result.parseDiagnostics[0]).toMatchObject({ severity: 'warning', loc: { file: 'mod/b.tf' } });
    expect(result.parseDiagnostics[0].message).toBe('Duplicate resource "aws_iam_role" "r"');
    expect(result.parseDiagnostics[0].help).toMatch(/^already declared in a.tf:1;/);
  });

  it('override files replace the attributes they set', () => {
    const result = build({
      'main.tf': 'resource "aws_iam_role" "r" {\n  name = "a"\n  path = "/x/"\n}\n',
      'main_override.tf': 'resource "aws_iam_role" "r" {\n  name = "b"\n}\n',
    });
    const r = resource(result, 'aws_iam_role.r');
    expect(r.canonical.name).toMatchObject({ value: 'b' });
    expect(prop(r, 'path')).toMatchObject({ value: '/x/' });
  });
});

describe('Terraform references', () => {
  const module = `resource "aws_iam_role" "r" {
  name = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17" })
}
resource "aws_iam_instance_profile" "p" {
  role = aws_iam_role.r.name
}
data "aws_iam_instance_profile" "d" {
  name = "existing"
}
resource "aws_launch_template" "lt" {
  iam_instance_profile {
    arn = aws_iam_instance_profile.p.arn
  }
}
resource "aws_instance" "i" {
  a = aws_iam_role.r.id
  b = aws_iam_role.r.unique_id
  c = aws_iam_instance_profile.p.role
  d = data.aws_iam_instance_profile.d.role_arn
  e = data.aws_iam_instance_profile.d.role_name
  f = aws_iam_role.r.create_date
  g = aws_iam_role.r.assume_role_policy
  h = aws_launch_template.lt.iam_instance_profile[0].arn
  i = aws_iam_role.r
  j = local.role.arn
  k = local.role["name"]
  l = local.role.tags
  m = can(local.role.tags)
}
locals {
  role = aws_iam_role.r
}
`;
  const i = resource(build({ 'main.tf': module }), 'aws_instance.i');

  it('maps attributes to canonical ones', () => {
    expect(prop(i, 'a')).toMatchObject({ kind: 'ref', attribute: 'id' });
    expect(prop(i, 'b')).toMatchObject({ kind: 'ref', attribute: 'unique-id' });
    expect(prop(i, 'c')).toMatchObject({ kind: 'ref', attribute: 'role-name', target: 'mod#aws_iam_instance_profile.p' });
    expect(prop(i, 'd')).toMatchObject({ kind: 'ref', attribute: 'role-arn', target: 'mod#data.aws_iam_instance_profile.d' });
    expect(prop(i, 'e')).toMatchObject({ kind: 'ref', attribute: 'role-name' });
    expect(prop(i, 'f')).toMatchObject({ kind: 'ref', attribute: 'other:create_date' });
  });

  it('an attribute written in the target body resolves to it, use site as loc and origin in via', () => {
    const g = prop(i, 'g');
    expect(g.kind).toBe('object');
    expect(start(g.loc)).toBe(at(module, 'aws_iam_role.r.assume_role_policy'));
    expect(g.via?.map(start)).toEqual([at(module, '{ Version')]);
    const h = prop(i, 'h');
    expect(h).toMatchObject({ kind: 'ref', attribute: 'arn', target: 'mod#aws_iam_instance_profile.p' });
  });

  it('a whole-resource reference is unknown, but its canonical attributes taken later are the resource\'s', () => {
    expect(prop(i, 'i')).toMatchObject({ kind: 'unknown', reason: 'reference to the whole of aws_iam_role.r' });
    expect(prop(i, 'j')).toMatchObject({ kind: 'ref', attribute: 'arn', target: 'mod#aws_iam_role.r' });
    expect(prop(i, 'k')).toMatchObject({ kind: 'ref', attribute: 'name', target: 'mod#aws_iam_role.r' });
    // Any other attribute stays unknown, and is no evaluation error: can() does not decide false.
    expect(prop(i, 'l')).toMatchObject({ kind: 'unknown' });
    expect(prop(i, 'm')).not.toMatchObject({ kind: 'literal', value: false });
  });

  it('count, for_each and splat name the same resource', () => {
    const text = `resource "aws_iam_role" "c" {
  count = 2
}
resource "aws_iam_role" "f" {
  for_each = toset(["a"])
}
resource "aws_iam_role" "single" {}
resource "aws_instance" "i" {
  a = aws_iam_role.c[0].name
  b = aws_iam_role.f["a"].arn
  c = aws_iam_role.c[*].arn
  d = aws_iam_role.c.*.name
  e = aws_iam_role.single[0].name
  f = one(aws_iam_role.c[*].arn)
}
`;
    const r = resource(build({ 'main.tf': text }), 'aws_instance.i');
    expect(prop(r, 'a')).toMatchObject({ kind: 'ref', target: 'mod#aws_iam_role.c', attribute: 'name', text: 'aws_iam_role.c[0].name' });
    expect(span(prop(r, 'a').loc)).toBe(spanOf(text, 'aws_iam_role.c[0].name'));
    expect(prop(r, 'b')).toMatchObject({ kind: 'ref', target: 'mod#aws_iam_role.f', attribute: 'arn' });
    expect(prop(r, 'c')).toMatchObject({ kind: 'list', items: [{ kind: 'ref', target: 'mod#aws_iam_role.c', attribute: 'arn', text: 'aws_iam_role.c[*].arn' }] });
    expect(prop(r, 'd')).toMatchObject({ kind: 'list', items: [{ kind: 'ref', attribute: 'name' }] });
    expect(prop(r, 'e')).toMatchObject({ kind: 'unknown', reason: 'aws_iam_role.single has no count or for_each to index' });
    expect(prop(r, 'f')).toMatchObject({ kind: 'ref', attribute: 'arn' });
  });

  it('references to undeclared resources are unresolved, with candidates of the same type', () => {
    const text = `resource "aws_iam_role" "app" {}
resource "aws_iam_role" "web" {}
data "aws_iam_role" "ext" {}
resource "aws_instance" "i" {
  iam_instance_profile = aws_iam_role.ap.name
  x = data.aws_iam_role.nope.arn
}
`;
    const result = build({ 'main.tf': text });
    expect(prop(resource(result, 'aws_instance.i'), 'iam_instance_profile')).toMatchObject({ kind: 'unknown', reason: 'unresolved reference aws_iam_role.ap' });
    expect(result.unresolved).toHaveLength(2);
    const [role, data] = result.unresolved;
    expect(role).toMatchObject({ name: 'aws_iam_role.ap', expected: 'resource', candidates: ['aws_iam_role.app', 'aws_iam_role.web'] });
    expect(span(role.loc)).toBe(spanOf(text, 'aws_iam_role.ap'));
    expect(role.resource?.address).toBe('aws_instance.i');
    expect(data).toMatchObject({ name: 'data.aws_iam_role.nope', expected: 'data source', candidates: ['data.aws_iam_role.ext'] });
  });

  it('pseudo data sources give the CloudFormation pseudo-parameter markers', () => {
    const text = `data "aws_caller_identity" "me" {}
data "aws_partition" "p" {}
data "aws_region" "r" {}
resource "aws_instance" "i" {
  a = data.aws_caller_identity.me.account_id
  b = data.aws_partition.p.partition
  c = data.aws_region.r.name
  d = "arn:\${data.aws_partition.p.partition}:iam::\${data.aws_caller_identity.me.account_id}:root"
}
`;
    const r = resource(build({ 'main.tf': text }), 'aws_instance.i');
    expect(prop(r, 'a')).toMatchObject({ kind: 'unknown', reason: 'pseudo:AWS::AccountId' });
    expect(prop(r, 'b')).toMatchObject({ kind: 'unknown', reason: 'pseudo:AWS::Partition' });
    expect(prop(r, 'c')).toMatchObject({ kind: 'unknown', reason: 'pseudo:AWS::Region' });
    expect(prop(r, 'd')).toMatchObject({
      kind: 'template',
      parts: ['arn:', { reason: 'pseudo:AWS::Partition' }, ':iam::', { reason: 'pseudo:AWS::AccountId' }, ':root'],
    });
  });

  it('outputs of a module that cannot be read, each, count, self, path and terraform are unknown with a reason', () => {
    const text = `module "m" { source = "./m" }
resource "aws_instance" "i" {
  a = module.m.role_name
  b = each.value
  c = count.index
  d = terraform.workspace
  e = path.cwd
  f = module.nope.x
}
`;
    const result = build({ 'main.tf': text });
    const r = resource(result, 'aws_instance.i');
    expect(prop(r, 'a')).toMatchObject({ kind: 'unknown', reason: 'module m: mod/m does not exist' });
    expect(prop(r, 'b')).toMatchObject({ kind: 'unknown', reason: 'each.value depends on for_each' });
    expect(prop(r, 'c')).toMatchObject({ kind: 'unknown', reason: 'count.index depends on count' });
    expect(prop(r, 'd').kind).toBe('unknown');
    expect(prop(r, 'e').kind).toBe('unknown');
    expect(result.unresolved).toMatchObject([
      { name: './m', expected: 'module directory', missingPath: true, loc: { range: { start: { line: 1, column: 23 } } } },
      { name: 'module.nope', expected: 'module', candidates: ['module.m'] },
    ]);
  });

  it('references inside template directives are checked: their branches and a for body, with its variables bound', () => {
    const result = build({
      'main.tf': `variable "names" { default = ["a"] }
resource "aws_iam_role" "r" {
  a = "%{ if true }\${aws_iam_instance_profile.nope.name}%{ else }\${var.other}%{ endif }"
  b = "%{ for i, n in var.names }\${n}-\${i}-\${local.missing}%{ endfor }"
}
`,
    });
    expect(result.unresolved.map((u) => u.name).sort()).toEqual(['aws_iam_instance_profile.nope', 'local.missing', 'var.other']);
  });

  it('a conditional is a choice of both branches', () => {
    const text = `variable "create" { default = true }
resource "aws_instance" "i" {
  iam_instance_profile = var.create ? aws_iam_instance_profile.p.name : "fallback"
}
resource "aws_iam_instance_profile" "p" {}
`;
    const v = prop(resource(build({ 'main.tf': text }), 'aws_instance.i'), 'iam_instance_profile');
    expect(v).toMatchObject({ kind: 'choice', options: [{ kind: 'ref', attribute: 'name' }, { kind: 'literal', value: 'fallback' }] });
  });
});

describe('Terraform JSON modules (.tf.json)', () => {
  const text = `{
  "variable": { "name": { "default": "app" } },
  "resource": {
    "aws_iam_role": {
      "app": {
        "name": "\${var.name}",
        "assume_role_policy": "{\\"Statement\\":[{\\"Principal\\":{\\"Service\\":\\"ec2.amazonaws.com\\"}}]}"
      }
    },
    "aws_instance": {
      "app": {
        "count": 1,
        "iam_instance_profile": "\${aws_iam_role.app.name}",
        "metadata_options": { "http_tokens": "required" }
      }
    }
  }
}
`;

  it('builds the same resources and references as HCL, positions in the JSON text', () => {
    const result = build({ 'main.tf.json': text, 'other.tf': 'resource "aws_iam_instance_profile" "p" { role = aws_iam_role.app.name }\n' });
    expect(result.parseDiagnostics).toEqual([]);
    const instance = resource(result, 'aws_instance.app');
    expect(span(instance.loc)).toBe(spanOf(text, '"app"', 2));
    expect(instance.props.entries.map((e) => e.key)).toEqual(['iam_instance_profile', 'metadata_options']);
    const ref = prop(instance, 'iam_instance_profile');
    expect(ref).toMatchObject({ kind: 'ref', target: 'mod#aws_iam_role.app', attribute: 'name' });
    expect(start(ref.loc)).toBe(at(text, 'aws_iam_role.app.name}'));
    expect(instance.canonical.metadataOptions).toMatchObject({ kind: 'object' });
    const role = resource(result, 'aws_iam_role.app');
    expect(role.canonical.name).toMatchObject({ kind: 'literal', value: 'app' });
    const service = prop(role, 'assume_role_policy', 'Statement', 0, 'Principal', 'Service');
    expect(service).toMatchObject({ value: 'ec2.amazonaws.com' });
    expect(start(service.loc)).toBe(at(text, '\\"ec2.amazonaws.com'));
    expect(prop(resource(result, 'aws_iam_instance_profile.p'), 'role')).toMatchObject({ kind: 'ref', target: 'mod#aws_iam_role.app' });
  });

  it('a JSON syntax error is a diagnostic', () => {
    const result = build({ 'bad.tf.json': '{ "resource": ' });
    expect(result.parseDiagnostics[0]).toMatchObject({ severity: 'error', loc: { file: 'mod/bad.tf.json' } });
  });
});
