/** Module calls: local and installed modules, their arguments and outputs, repeated blocks, variable sources. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTerraformModule, createRunModules, type TerraformBuildResult } from '../../src/graph/terraform/index.js';
import { lint } from '../../src/index.js';
import { prop, resource, span, spanOf } from './terraform-helpers.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A project on disk (a `.git` marks its root) with the given files; returns its directory. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'tf-modules-'));
  made.push(root);
  mkdirSync(path.join(root, 'repo', '.git'), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return root;
}

/** Builds the root module `dir` of a project as the linter does, paths relative to the project's parent. */
function buildAt(root: string, dir: string, extra: { varFiles?: string[]; variables?: Record<string, string> } = {}): TerraformBuildResult {
  const files = readdirSync(path.join(root, dir))
    .filter((n) => statSync(path.join(root, dir, n)).isFile() && /\.tf(\.json)?$/.test(n))
    .map((n) => ({ path: path.join(dir, n), text: readFileSync(path.join(root, dir, n), 'utf8') }));
  return buildTerraformModule({ dir, files, modules: createRunModules(root), ...extra });
}

const ec2Module = `variable "profile" {
  type = string
}

resource "aws_instance" "this" {
  ami                  = "ami-12345678"
  iam_instance_profile = var.profile
}
`;

const roleModule = `resource "aws_iam_role" "r" {
  name = "app"
}

output "role_name" {
  value = aws_iam_role.r.name
}

output "role" {
  value = aws_iam_role.r
}
`;

describe('local modules', () => {
  const main = `resource "aws_iam_role" "app" {}

module "ec2" {
  source  = "./modules/ec2"
  profile = aws_iam_role.app.name
}
`;
  const root = project({ 'repo/app/main.tf': main, 'repo/app/modules/ec2/main.tf': ec2Module });

  it('builds the child with the call arguments; its resources are named by the instance', () => {
    const result = buildAt(root, 'repo/app');
    const instance = resource(result, 'module.ec2.aws_instance.this');
    expect(instance).toMatchObject({ id: 'repo/app#module.ec2.aws_instance.this', unit: 'repo/app' });
    expect(instance.loc.file).toBe(path.join('repo/app/modules/ec2/main.tf'));
    expect(result.sources.has(path.join('repo/app/modules/ec2/main.tf'))).toBe(true);
  });

  it('an argument keeps the caller position; the child use site goes into via', () => {
    const value = prop(resource(buildAt(root, 'repo/app'), 'module.ec2.aws_instance.this'), 'iam_instance_profile');
    expect(value).toMatchObject({ kind: 'ref', target: 'repo/app#aws_iam_role.app', attribute: 'name' });
    expect(value.loc.file).toBe(path.join('repo/app/main.tf'));
    expect(span(value.loc)).toBe(spanOf(main, 'aws_iam_role.app.name'));
    expect(value.via?.map((l) => `${l.file}:${span(l)}`)).toEqual([`${path.join('repo/app/modules/ec2/main.tf')}:${spanOf(ec2Module, 'var.profile')}`]);
  });

  it('an output is the child instance value, at the use site, coming through the output', () => {
    const use = `module "iam" {
  source = "../shared/iam"
}

resource "aws_instance" "i" {
  iam_instance_profile = module.iam.role_name
  whole                = module.iam.role.arn
  nope                 = module.iam.nope
}
`;
    const r = project({ 'repo/app/main.tf': use, 'repo/shared/iam/main.tf': roleModule });
    const result = buildAt(r, 'repo/app');
    const i = resource(result, 'aws_instance.i');
    const value = prop(i, 'iam_instance_profile');
    expect(value).toMatchObject({ kind: 'ref', target: 'repo/app#module.iam.aws_iam_role.r', attribute: 'name' });
    expect(span(value.loc)).toBe(spanOf(use, 'module.iam.role_name'));
    expect(value.via?.[0].file).toBe(path.join('repo/shared/iam/main.tf'));
    // An output of the whole role: its attributes are the role's (`module.iam.role.arn`).
    expect(prop(i, 'whole')).toMatchObject({ kind: 'ref', target: 'repo/app#module.iam.aws_iam_role.r', attribute: 'arn' });
    expect(resource(result, 'module.iam.aws_iam_role.r').id).toBe('repo/app#module.iam.aws_iam_role.r');
    expect(result.unresolved).toMatchObject([{ name: 'module.iam.nope', expected: 'output of module iam', candidates: ['module.iam.role_name', 'module.iam.role'] }]);
  });

  it('nested modules recurse: module.x.module.y, values passed down two levels', () => {
    const r = project({
      'repo/app/main.tf': `resource "aws_iam_role" "app" {}
module "outer" {
  source = "./outer"
  role   = aws_iam_role.app.name
}
`,
      'repo/app/outer/main.tf': `variable "role" {}
module "inner" {
  source  = "../modules/ec2"
  profile = var.role
}
`,
      'repo/app/modules/ec2/main.tf': ec2Module,
    });
    const value = prop(resource(buildAt(r, 'repo/app'), 'module.outer.module.inner.aws_instance.this'), 'iam_instance_profile');
    expect(value).toMatchObject({ kind: 'ref', target: 'repo/app#aws_iam_role.app' });
    expect(value.loc.file).toBe(path.join('repo/app/main.tf'));
    expect(value.via).toHaveLength(2);
  });

  it('an unset argument falls back to the default, else is unknown saying so; nullable = false turns null into the default', () => {
    const r = project({
      'repo/app/main.tf': `module "a" {
  source = "./m"
  nn     = null
}
`,
      'repo/app/m/main.tf': `variable "unset" {}
variable "dflt" { default = "d" }
variable "nn" {
  default  = "fallback"
  nullable = false
}
resource "aws_instance" "i" {
  a = var.unset
  b = var.dflt
  c = var.nn
}
`,
    });
    const i = resource(buildAt(r, 'repo/app'), 'module.a.aws_instance.i');
    expect(prop(i, 'a')).toMatchObject({ kind: 'unknown', reason: 'variable unset has no default and module a does not set it' });
    expect(prop(i, 'b')).toMatchObject({ kind: 'literal', value: 'd' });
    expect(prop(i, 'c')).toMatchObject({ kind: 'literal', value: 'fallback' });
  });

  it('count and for_each on a call: one instance; module.x[0].out and each.value in arguments', () => {
    const r = project({
      'repo/app/main.tf': `resource "aws_iam_role" "a" {}
module "each" {
  source   = "./modules/ec2"
  for_each = { a = aws_iam_role.a.name }
  profile  = each.value
}
module "iam" {
  count  = 2
  source = "../shared/iam"
}
resource "aws_instance" "i" {
  iam_instance_profile = module.iam[0].role_name
  splat                = module.iam[*].role_name
}
`,
      'repo/app/modules/ec2/main.tf': ec2Module,
      'repo/shared/iam/main.tf': roleModule,
    });
    const result = buildAt(r, 'repo/app');
    expect(prop(resource(result, 'module.each.aws_instance.this'), 'iam_instance_profile')).toMatchObject({ kind: 'ref', target: 'repo/app#aws_iam_role.a' });
    const i = resource(result, 'aws_instance.i');
    expect(prop(i, 'iam_instance_profile')).toMatchObject({ kind: 'ref', target: 'repo/app#module.iam.aws_iam_role.r' });
    expect(prop(i, 'splat', 0)).toMatchObject({ kind: 'ref', target: 'repo/app#module.iam.aws_iam_role.r' });
  });

  it('a project without .git linted from elsewhere: the given directory is the project root', async () => {
    const r = mkdtempSync(path.join(tmpdir(), 'tf-nogit-'));
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'tf-cwd-'));
    made.push(r, elsewhere);
    const files: Record<string, string> = {
      'envs/prod/main.tf': `resource "aws_iam_role" "app" {
  name = "app"
}
module "ec2" {
  source  = "../../modules/ec2"
  profile = aws_iam_role.app.name
}
`,
      'modules/ec2/main.tf': ec2Module,
      'outside/main.tf': 'output "x" { value = "secret" }',
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(r, name)), { recursive: true });
      writeFileSync(path.join(r, name), text);
    }
    const { findings } = await lint({ paths: [path.join(r, 'envs'), path.join(r, 'modules')], cwd: elsewhere });
    expect(findings.map((f) => `${f.rule} ${path.basename(path.dirname(f.file))}/${path.basename(f.file)}:${f.line}`)).toContain('role-as-instance-profile prod/main.tf:6');
    // Given envs alone, ../../modules is outside every given directory and the working directory: not read.
    const alone = await lint({ paths: [path.join(r, 'envs')], cwd: elsewhere });
    expect(alone.findings.filter((f) => f.rule === 'role-as-instance-profile')).toEqual([]);
    // ...and the run says so where the call names the module, at info level, rather than pass prod as clean.
    expect(alone.findings.map((f) => [f.rule, f.severity, path.basename(f.file), f.line, f.column, f.message])).toEqual([
      ['skipped-file', 'info', 'main.tf', 5, 13, 'module ec2: ../../modules/ec2 is outside the project root (the nearest .git, else the working directory) and was not read; lint from a directory that holds both'],
    ]);
    // Given both, nothing is said: the module is read.
    expect(findings.filter((f) => f.rule === 'skipped-file')).toEqual([]);
  });

  it('never reads outside the project root; a call cycle and a missing directory stop with a reason', () => {
    const r = project({
      'repo/app/main.tf': `module "out" {
  source = "../../outside"
}
module "self" {
  source = "./"
}
module "gone" {
  source = "./nope"
}
resource "aws_instance" "i" {
  a = module.out.x
  b = module.self.x
  c = module.gone.x
}
`,
      'outside/main.tf': `output "x" { value = "secret" }`,
    });
    const i = resource(buildAt(r, 'repo/app'), 'aws_instance.i');
    expect(prop(i, 'a')).toMatchObject({ kind: 'unknown' });
    expect((prop(i, 'a') as { reason: string }).reason).toMatch(/^module out: outside is outside the project root .*; not read$/);
    expect(prop(i, 'b')).toMatchObject({ kind: 'unknown', reason: 'module self (./) is one of the modules calling it' });
    expect(prop(i, 'c')).toMatchObject({ kind: 'unknown', reason: `module gone: ${path.join('repo/app/nope')} does not exist` });
    // Only the call outside the root is a notice (a missing directory is an unresolved reference; a cycle is not the user's to fix).
    expect(buildAt(r, 'repo/app').notices?.map((n) => [n.rule, n.severity, n.loc.range.start.line])).toEqual([['skipped-file', 'info', 2]]);
  });
});

describe('registry and remote modules', () => {
  const main = `resource "aws_iam_role" "app" {}
module "ec2" {
  source  = "terraform-aws-modules/ec2-instance/aws"
  version = "~> 5.0"
  profile = aws_iam_role.app.name
}
resource "aws_instance" "i" {
  a = module.ec2.id
}
`;

  it('without terraform init, outputs are unknown with the reason', () => {
    const r = project({ 'repo/app/main.tf': main });
    const result = buildAt(r, 'repo/app');
    expect(prop(resource(result, 'aws_instance.i'), 'a')).toMatchObject({
      kind: 'unknown',
      reason: 'module ec2 comes from terraform-aws-modules/ec2-instance/aws; run terraform init to let iam-profile-lint follow it',
    });
    expect(result.resources.map((x) => x.address)).toEqual(['aws_iam_role.app', 'aws_instance.i']);
  });

  it('after terraform init, modules.json says where each call (x, x.y) went', () => {
    const manifest = {
      Modules: [
        { Key: '', Source: '', Dir: '.' },
        { Key: 'ec2', Source: 'registry.terraform.io/terraform-aws-modules/ec2-instance/aws', Dir: '.terraform/modules/ec2' },
        { Key: 'ec2.inner', Source: 'git::https://example.com/x.git', Dir: '.terraform/modules/ec2.inner' },
      ],
    };
    const r = project({
      'repo/app/main.tf': main,
      'repo/app/.terraform/modules/modules.json': JSON.stringify(manifest),
      'repo/app/.terraform/modules/ec2/main.tf': `variable "profile" {}
module "inner" {
  source = "git::https://example.com/x.git"
  p      = var.profile
}
output "id" { value = module.inner.id }
`,
      'repo/app/.terraform/modules/ec2.inner/main.tf': `variable "p" {}
resource "aws_instance" "this" { iam_instance_profile = var.p }
output "id" { value = aws_instance.this.id }
`,
    });
    const result = buildAt(r, 'repo/app');
    expect(prop(resource(result, 'module.ec2.module.inner.aws_instance.this'), 'iam_instance_profile')).toMatchObject({ kind: 'ref', target: 'repo/app#aws_iam_role.app' });
    expect(prop(resource(result, 'aws_instance.i'), 'a')).toMatchObject({ kind: 'ref', target: 'repo/app#module.ec2.module.inner.aws_instance.this', attribute: 'id' });
  });
});

describe('for_each and count on resources', () => {
  it('each.value over a known map of references is a choice of them; each.key of its keys', () => {
    const r = project({
      'repo/app/main.tf': `resource "aws_iam_role" "a" {}
resource "aws_iam_role" "b" {}
resource "aws_instance" "i" {
  for_each             = { a = aws_iam_role.a.name, b = aws_iam_role.b.name }
  iam_instance_profile = each.value
  key                  = each.key
}
resource "aws_instance" "mixed" {
  for_each             = { a = aws_iam_role.a.name, b = "literal" }
  iam_instance_profile = each.value
}
resource "aws_instance" "counted" {
  count = 2
  n     = count.index
}
resource "aws_instance" "maybe" {
  count = var.on ? 1 : 0
  n     = count.index
}
variable "on" {}
`,
    });
    const result = buildAt(r, 'repo/app');
    expect(prop(resource(result, 'aws_instance.i'), 'iam_instance_profile')).toMatchObject({
      kind: 'choice',
      options: [
        { kind: 'ref', target: 'repo/app#aws_iam_role.a' },
        { kind: 'ref', target: 'repo/app#aws_iam_role.b' },
      ],
    });
    expect(prop(resource(result, 'aws_instance.i'), 'key')).toMatchObject({ kind: 'choice', options: [{ value: 'a' }, { value: 'b' }] });
    expect(prop(resource(result, 'aws_instance.mixed'), 'iam_instance_profile')).toMatchObject({ kind: 'unknown', reason: 'each.value depends on for_each' });
    expect(prop(resource(result, 'aws_instance.counted'), 'n')).toMatchObject({ kind: 'choice', options: [{ value: 0 }, { value: 1 }] });
    // `cond ? 1 : 0`: if the resource exists at all, its index is 0.
    expect(prop(resource(result, 'aws_instance.maybe'), 'n')).toMatchObject({ kind: 'literal', value: 0 });
  });
});

describe('findings through modules', () => {
  const fixtures = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'role-as-instance-profile');

  it("a module's own mistake is reported once, named as in the module, however often it is called", async () => {
    const dir = path.join(fixtures, 'tf-module-own-mistake');
    for (const paths of [[dir], [path.join(dir, 'main.tf')], [path.join(dir, 'main.tf'), path.join(dir, 'modules', 'web')]]) {
      const { findings } = await lint({ paths, cwd: fixtures });
      const mine = findings.filter((f) => f.rule === 'role-as-instance-profile');
      expect(mine.map((f) => `${path.relative(dir, f.file)}:${f.line}`), paths.join(' ')).toEqual([path.join('modules', 'web', 'main.tf') + ':22']);
      if (paths.length !== 1 || paths[0] === dir) expect(mine[0].message).toContain('given role aws_iam_role.web;');
    }
  });

  it('only the module: its instances named by the first call, once', async () => {
    const dir = path.join(fixtures, 'tf-module-own-mistake');
    const { findings } = await lint({ paths: [path.join(dir, 'main.tf')], cwd: fixtures });
    expect(findings.filter((f) => f.rule === 'role-as-instance-profile').map((f) => f.resource)).toEqual(['module.blue.aws_instance.web']);
  });

  it("a mistake in what the caller passes is reported at the argument, with the module's use as related", async () => {
    const dir = path.join(fixtures, 'tf-module-role-passed');
    const { findings } = await lint({ paths: [dir], cwd: fixtures });
    const [f] = findings.filter((x) => x.rule === 'role-as-instance-profile');
    expect(f).toMatchObject({ file: path.join(dir, 'main.tf'), line: 18, resource: 'module.ec2.aws_instance.this' });
    expect(f.related?.map((r) => `${path.relative(dir, r.file)}:${r.line} ${r.message}`)).toEqual([
      'main.tf:4 role aws_iam_role.app is declared here',
      `${path.join('modules', 'ec2', 'main.tf')}:11 the value passes through var.profile`,
    ]);
  });
});

describe('variable values of a root module', () => {
  const main = `variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "e" { default = "default" }
variable "roles" { type = list(string) }
resource "aws_instance" "i" {
  a     = var.a
  b     = var.b
  c     = var.c
  d     = var.d
  e     = var.e
  roles = var.roles
}
`;
  const r = project({
    'repo/app/main.tf': main,
    'repo/app/terraform.tfvars': 'a = "tfvars"\nb = "tfvars"\nc = "tfvars"\nd = "tfvars"\n',
    'repo/app/terraform.tfvars.json': '{"b": "tfvars.json", "c": "tfvars.json", "d": "tfvars.json"}',
    'repo/app/a.auto.tfvars': 'c = "a.auto"\nd = "a.auto"\n',
    'repo/app/b.auto.tfvars.json': '{"d": "b.auto.json"}',
    'repo/prod.tfvars': 'e = "var-file"\n',
  });

  it("Terraform's order: default < terraform.tfvars < .tfvars.json < *.auto.tfvars by name < -var-file < -var", () => {
    const i = resource(buildAt(r, 'repo/app'), 'aws_instance.i');
    expect(['a', 'b', 'c', 'd', 'e'].map((k) => (prop(i, k) as { value: unknown }).value)).toEqual(['tfvars', 'tfvars.json', 'a.auto', 'b.auto.json', 'default']);
    const withFlags = resource(buildAt(r, 'repo/app', { varFiles: [path.join('repo', 'prod.tfvars')], variables: { a: 'flag' } }), 'aws_instance.i');
    expect(['a', 'e'].map((k) => (prop(withFlags, k) as { value: unknown }).value)).toEqual(['flag', 'var-file']);
    expect(prop(withFlags, 'e').via?.[0].file).toBe(path.join('repo', 'prod.tfvars'));
  });

  it('-var is a string, or HCL for a variable of another type; a bad value is unknown', () => {
    const typed = resource(buildAt(r, 'repo/app', { variables: { roles: '["x", "y"]' } }), 'aws_instance.i');
    expect(prop(typed, 'roles')).toMatchObject({ kind: 'list', items: [{ value: 'x' }, { value: 'y' }] });
    const bad = resource(buildAt(r, 'repo/app', { variables: { roles: '["x",' } }), 'aws_instance.i');
    expect(prop(bad, 'roles')).toMatchObject({ kind: 'unknown', reason: '-var roles is not a valid value' });
  });

  it('an unreadable -var-file is a diagnostic', () => {
    const result = buildAt(r, 'repo/app', { varFiles: ['nope.tfvars'] });
    expect(result.parseDiagnostics.map((d) => d.message)).toEqual(['cannot read the variable file nope.tfvars']);
  });

  it('a module instance takes its values from its call, not from tfvars beside it', () => {
    const m = project({
      'repo/app/main.tf': 'module "m" {\n  source = "./m"\n}\n',
      'repo/app/m/main.tf': 'variable "v" { default = "default" }\nresource "aws_instance" "i" { v = var.v }\n',
      'repo/app/m/terraform.tfvars': 'v = "ignored"\n',
    });
    expect(prop(resource(buildAt(m, 'repo/app', { variables: { v: 'flag' } }), 'module.m.aws_instance.i'), 'v')).toMatchObject({ value: 'default' });
  });
});

describe('a module directory that discovery read', () => {
  it('is the configuration only: a plan beside it is not part of the module', async () => {
    const r = project({
      'repo/app/main.tf': 'module "m" {\n  source = "./m"\n}\n',
      'repo/app/m/main.tf': 'resource "aws_instance" "i" {}\n',
      'repo/app/m/plan.json': '{"format_version": "1.2", "planned_values": {"root_module": {}}}',
    });
    const { findings } = await lint({ paths: [path.join(r, 'repo')], cwd: r });
    expect(findings.filter((f) => f.rule === 'parse-error')).toEqual([]);
    const graph = (await lint({ paths: [path.join(r, 'repo')], cwd: r, withGraph: true })).graph;
    expect(graph?.resources.map((x) => x.address)).toContain('module.m.aws_instance.i');
  });
});
