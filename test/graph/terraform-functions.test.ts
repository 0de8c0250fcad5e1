import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTerraformModule } from '../../src/graph/terraform/index.js';
import type { Value } from '../../src/graph/value.js';
import { build, prop, resource, span, spanOf } from './terraform-helpers.js';

/** Evaluates each `name = expr` line as an argument of one resource. */
function evaluateAll(args: string, extra = ''): (name: string) => Value {
  const text = `${extra}\nresource "aws_instance" "t" {\n${args}\n}\n`;
  const r = resource(build({ 'main.tf': text }), 'aws_instance.t');
  return (name) => prop(r, name);
}

describe('Terraform functions', () => {
  const v = evaluateAll(
    `  fmt     = format("arn:aws:iam::%s:role/%s", var.account, aws_iam_role.r.name)
  fmtpct  = format("100%%")
  fmtbad  = format("%5s", "x")
  joined  = join("-", ["a", var.account, "c"])
  joinall = join(",", ["a", "b"])
  cat     = concat(["a"], [aws_iam_role.r.arn])
  merged  = merge({ a = "1", b = "2" }, { b = "3" })
  look    = lookup({ a = "x" }, "a")
  lookdef = lookup({ a = "x" }, "z", "fallback")
  elem    = element(["a", "b"], 3)
  coal    = coalesce("", var.account, "z")
  coalunk = coalesce(var.none, "z")
  repl    = replace("a-b-c", "-", "_")
  replre  = replace("abc123", "/[0-9]+/", "")
  low     = lower("ABC")
  up      = upper(var.none)
  str     = tostring(42)
  tried   = try(local.cfg.missing, "default")
  tried2  = try(local.cfg.missing.deeper[0], "default")
  triedu  = try(var.none, "default")
  canmiss = can(local.cfg.missing)
  dec     = jsondecode("{\\"a\\": [1, true]}")
  roundtr = jsondecode(jsonencode({ k = "v" }))
  b64     = base64encode("#!/bin/bash")
  other   = cidrsubnet("10.0.0.0/16", 8, 1)
  expand  = concat(local.lists...)`,
    `variable "account" { default = "123456789012" }
variable "none" {}
locals {
  cfg   = { present = "yes" }
  lists = [["a"], ["b"]]
}
resource "aws_iam_role" "r" {}`,
  );

  it('format, join, concat, merge, lookup, element, coalesce, replace, lower, tostring', () => {
    expect(v('fmt')).toMatchObject({
      kind: 'template',
      parts: ['arn:aws:iam::', { kind: 'literal', value: '123456789012' }, ':role/', { kind: 'ref', attribute: 'name' }],
    });
    expect(v('fmtpct')).toMatchObject({ kind: 'literal', value: '100%' });
    expect(v('fmtbad')).toMatchObject({ kind: 'unknown', reason: 'format verb %5 is not evaluated' });
    expect(v('joined')).toMatchObject({ kind: 'literal', value: 'a-123456789012-c' });
    expect(v('joinall')).toMatchObject({ kind: 'literal', value: 'a,b' });
    expect(v('cat')).toMatchObject({ kind: 'list', items: [{ value: 'a' }, { kind: 'ref', attribute: 'arn' }] });
    expect(v('merged')).toMatchObject({ kind: 'object', entries: [{ key: 'a' }, { key: 'b', value: { value: '3' } }] });
    expect(v('look')).toMatchObject({ value: 'x' });
    expect(v('lookdef')).toMatchObject({ value: 'fallback' });
    expect(v('elem')).toMatchObject({ value: 'b' });
    expect(v('coal')).toMatchObject({ value: '123456789012' });
    expect(v('coalunk').kind).toBe('unknown');
    expect(v('repl')).toMatchObject({ value: 'a_b_c' });
    expect(v('replre')).toMatchObject({ value: 'abc' });
    expect(v('low')).toMatchObject({ value: 'abc' });
    expect(v('up').kind).toBe('unknown');
    expect(v('str')).toMatchObject({ value: '42' });
  });

  it('try skips errors but not values unknown until deploy time; can tells which', () => {
    expect(v('tried')).toMatchObject({ value: 'default' });
    expect(v('tried2')).toMatchObject({ value: 'default' });
    expect(v('triedu')).toMatchObject({ kind: 'unknown', reason: 'variable none has no default' });
    expect(v('canmiss')).toMatchObject({ value: false });
  });

  it('jsondecode reads JSON; jsonencode keeps the value; base64encode is its content', () => {
    expect(v('dec')).toMatchObject({ kind: 'object', entries: [{ key: 'a', value: { kind: 'list', items: [{ value: 1 }, { value: true }] } }] });
    expect(v('roundtr')).toMatchObject({ kind: 'object', entries: [{ key: 'k', value: { value: 'v' } }] });
    expect(v('b64')).toMatchObject({ kind: 'literal', value: '#!/bin/bash' });
  });

  it('other functions are unknown with a reason; `...` expands a known list', () => {
    expect(v('other')).toMatchObject({ kind: 'unknown', reason: 'function cidrsubnet is not modelled' });
    expect(v('expand')).toMatchObject({ kind: 'list', items: [{ value: 'a' }, { value: 'b' }] });
  });

  it('templatefile fills ${name} from its variables and maps text into the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfmod-'));
    writeFileSync(join(dir, 'trust.json.tpl'), '{"Statement": [{"Principal": {"AWS": "arn:aws:iam::${account}:root"}, "Sid": "$${x}"}]}');
    const tf = `resource "aws_iam_role" "r" {
  assume_role_policy = templatefile("trust.json.tpl", { account = "111122223333" })
}
`;
    const result = buildTerraformModule({ dir, files: [{ path: join(dir, 'main.tf'), text: tf }] });
    const r = resource(result, 'aws_iam_role.r');
    const aws = prop(r, 'assume_role_policy', 'Statement', 0, 'Principal', 'AWS');
    expect(aws).toMatchObject({ kind: 'template', parts: ['arn:aws:iam::', { value: '111122223333' }, ':root'] });
    expect(aws.loc.file).toBe(join(dir, 'trust.json.tpl'));
    expect(span(aws.loc)).toBe('1:38-1:68');
    expect(prop(r, 'assume_role_policy', 'Statement', 0, 'Sid')).toMatchObject({ value: '${x}' });
  });
});

/** A template's text when every part is known text (given values stay parts, to say where they came from). */
function flatText(v: Value): string | undefined {
  if (v.kind === 'literal') return typeof v.value === 'string' ? v.value : undefined;
  if (v.kind !== 'template') return undefined;
  const pieces = v.parts.map((p) => (typeof p === 'string' ? p : flatText(p)));
  return pieces.every((p) => p !== undefined) ? pieces.join('') : undefined;
}

describe('Terraform expressions', () => {
  it('templates keep text and values as parts; %{if} is a conditional, %{for} renders a known collection', () => {
    const text = `resource "aws_instance" "t" {
  a = "role-\${aws_iam_role.r.name}"
  b = "x%{ if var.on }y%{ endif }"
  c = "plain \\"quoted\\""
  d = "\${var.n}"
  e = "repo:%{ if length(regexall(":", var.repo)) > 0 }\${var.repo}%{ else }\${var.repo}:*%{ endif }"
  f = "x%{ for n in var.names }\${n}%{ endfor }"
  g = "%{ for i, n in ["a", "b"] }\${i}=\${n};%{ endfor }"
  h = "%{ for k, v in { b = 2, a = 1 } }\${k}\${v}%{ endfor }"
  u = "x%{ for n in var.unset }\${n}%{ endfor }"
}
resource "aws_iam_role" "r" {}
variable "on" {}
variable "n" { default = 3 }
variable "repo" {}
variable "names" { default = ["a"] }
variable "unset" {}
`;
    const r = resource(build({ 'main.tf': text }), 'aws_instance.t');
    expect(prop(r, 'a')).toMatchObject({ kind: 'template', parts: ['role-', { kind: 'ref', attribute: 'name' }] });
    expect(span(prop(r, 'a').loc)).toBe(spanOf(text, '"role-${aws_iam_role.r.name}"'));
    // var.on has no value: either branch, "y" or "".
    expect(prop(r, 'b')).toMatchObject({ kind: 'template', parts: ['x', { kind: 'choice', options: [{ kind: 'literal', value: 'y' }, { kind: 'literal', value: '' }] }] });
    // An element from a default stays a default; written elements are text, a map's entries in key order.
    expect(prop(r, 'f')).toMatchObject({ kind: 'template', parts: ['x', { kind: 'literal', value: 'a', fromInput: 'names' }] });
    expect(renderedText(prop(r, 'g'))).toBe('0=a;1=b;');
    expect(renderedText(prop(r, 'h'))).toBe('a1b2');
    expect(prop(r, 'u')).toMatchObject({ kind: 'template', parts: ['x', { kind: 'unknown', reason: 'template directive %{for} is not evaluated' }] });
    expect(prop(r, 'c')).toMatchObject({ kind: 'literal', value: 'plain "quoted"' });
    expect(prop(r, 'd')).toMatchObject({ kind: 'literal', value: 3 });
    // Given on the command line, the condition decides the branch.
    const withRepo = (repo: string) => buildTerraformModule({ dir: 'mod', files: [{ path: 'mod/main.tf', text }], variables: { repo } });
    const given = resource(withRepo('acme/*'), 'aws_instance.t');
    expect(flatText(prop(given, 'e'))).toBe('repo:acme/*:*');
    const qualified = resource(withRepo('acme/app:ref:refs/heads/main'), 'aws_instance.t');
    expect(flatText(prop(qualified, 'e'))).toBe('repo:acme/app:ref:refs/heads/main');
  });

  it('operators on known values; for expressions over known collections', () => {
    const text = `locals {
  names = ["a", "b", "c"]
}
resource "aws_instance" "t" {
  a = 1 + 2 * 3
  b = "x" == "x" && !false
  c = var.u == "x"
  d = [for n in local.names : upper(n) if n != "b"]
  e = { for n in local.names : n => "\${n}-role" }
  f = [for n in var.u : n]
  g = false && var.u
}
variable "u" {}
`;
    const r = resource(build({ 'main.tf': text }), 'aws_instance.t');
    expect(prop(r, 'a')).toMatchObject({ value: 7 });
    expect(prop(r, 'b')).toMatchObject({ value: true });
    expect(prop(r, 'c').kind).toBe('unknown');
    expect(prop(r, 'd')).toMatchObject({ kind: 'list', items: [{ value: 'A' }, { value: 'C' }] });
    expect(prop(r, 'e')).toMatchObject({ kind: 'object', entries: [{ key: 'a', value: { kind: 'template' } }, { key: 'b' }, { key: 'c' }] });
    expect(prop(r, 'f')).toMatchObject({ kind: 'unknown', reason: 'for expression over a collection not known statically' });
    expect(prop(r, 'g')).toMatchObject({ value: false });
  });

  it('a for expression walks a map or object by key, as Terraform does, not as written', () => {
    const text = `locals {
  tiers = { web = "w", app = "a", batch = "b" }
}
resource "aws_instance" "t" {
  values = [for k, v in local.tiers : v]
  keys   = [for k, v in local.tiers : k if v != "w"]
  first  = [for k, v in { zeta = 1, alpha = 2 } : v][0]
}
`;
    const r = resource(build({ 'main.tf': text }), 'aws_instance.t');
    expect(prop(r, 'values')).toMatchObject({ kind: 'list', items: [{ value: 'a' }, { value: 'b' }, { value: 'w' }] });
    expect(prop(r, 'keys')).toMatchObject({ kind: 'list', items: [{ value: 'app' }, { value: 'batch' }] });
    expect(prop(r, 'first')).toMatchObject({ value: 2 });
  });

  it('concat with a list not known keeps the items the known lists certainly give, for a dynamic block', () => {
    const text = `variable "more" {}
resource "aws_instance" "t" {
  some  = concat(["a", "b"], var.more)
  none  = concat(var.more, var.more)
  wrong = concat(["a"], "b")
  dynamic "tag" {
    for_each = concat([{ k = "team" }], var.more)
    content {
      key = tag.value.k
    }
  }
}
`;
    const r = resource(build({ 'main.tf': text }), 'aws_instance.t');
    expect(prop(r, 'some')).toMatchObject({ kind: 'unknown', partialList: [{ value: 'a' }, { value: 'b' }] });
    expect(prop(r, 'none')).not.toHaveProperty('partialList');
    expect(prop(r, 'wrong')).not.toHaveProperty('partialList');
    // One block for the item known, one for whatever else the caller's list holds.
    expect(prop(r, 'tag')).toMatchObject({ kind: 'list', items: [{ kind: 'object', entries: [{ key: 'key', value: { value: 'team' } }] }, { kind: 'object', entries: [{ key: 'key', value: { kind: 'unknown' } }] }] });
  });

  it('a set of known strings or numbers is sorted, as Terraform sorts it; one holding a reference keeps the order written', () => {
    const text = `resource "aws_iam_role" "r" {}
resource "aws_instance" "t" {
  names   = tolist(toset(["web", "app", "web"]))
  mixed   = tolist(toset(["b", 3, "a"]))
  numbers = tolist(toset([10, 9]))
  refs    = tolist(toset(["web", aws_iam_role.r.name]))
}
`;
    const r = resource(build({ 'main.tf': text }), 'aws_instance.t');
    expect(prop(r, 'names')).toMatchObject({ kind: 'list', items: [{ value: 'app' }, { value: 'web' }] });
    expect(prop(r, 'mixed')).toMatchObject({ kind: 'list', items: [{ value: '3' }, { value: 'a' }, { value: 'b' }] });
    expect(prop(r, 'numbers')).toMatchObject({ kind: 'list', items: [{ value: 9 }, { value: 10 }] });
    expect(prop(r, 'refs')).toMatchObject({ kind: 'list', items: [{ value: 'web' }, { kind: 'ref' }] });
  });

  it('references inside unused locals, outputs and module calls are still checked', () => {
    const result = build({
      'main.tf': `locals { unused = aws_iam_role.missing.arn }
output "o" { value = var.missing }
module "m" {
  source = "./m"
  role = data.aws_iam_role.missing.arn
  providers = { aws = aws.east }
}
`,
    });
    // ./m is not there either: a module directory that does not exist is reported at its source.
    expect(result.unresolved.map((u) => u.name).sort()).toEqual(['./m', 'aws_iam_role.missing', 'data.aws_iam_role.missing', 'var.missing']);
    expect(result.unresolved.every((u) => u.resource === undefined)).toBe(true);
  });

  it('a local holding a rendered policy document keeps the document positions', () => {
    const text = `data "aws_iam_policy_document" "d" {
  statement {
    principals {
      type = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}
locals { trust = data.aws_iam_policy_document.d.json }
resource "aws_iam_role" "r" { assume_role_policy = local.trust }
`;
    const r = resource(build({ 'main.tf': text }), 'aws_iam_role.r');
    const doc = prop(r, 'assume_role_policy');
    expect(span(doc.loc)).toBe('1:1-1:35');
    expect(doc.via?.length).toBe(2);
    expect(span(prop(r, 'assume_role_policy', 'Statement', 0, 'Principal', 'Service', 0).loc)).toBe(spanOf(text, '"ec2.amazonaws.com"'));
  });
});

/** The text of a template whose every part is known, as Terraform renders it. */
function renderedText(v: Value): string | undefined {
  if (v.kind === 'literal') return String(v.value);
  if (v.kind !== 'template') return undefined;
  const parts = v.parts.map((p) => (typeof p === 'string' ? p : renderedText(p)));
  return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
}
