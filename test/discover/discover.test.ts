import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { candidateLanguage, discover, looksLikeCloudFormation, withModuleFiles, type DiscoverResult } from '../../src/discover/discover.js';
import { tempTrees } from '../temp-tree.js';

const CFN_YAML = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Role:\n    Type: AWS::IAM::Role\n';
const CFN_JSON = '{\n  "Resources": {\n    "Role": { "Type": "AWS::IAM::Role" }\n  }\n}\n';
const TF = 'resource "aws_iam_role" "app" {}\n';

/** Builds a directory tree from a map of relative paths to contents; removed after each test. */
const tree = tempTrees('discover');

/** A readable summary of a result: `cfn <path>` and `tf <dir>: <files>`. */
function summary(result: DiscoverResult): string[] {
  return result.units.map((u) =>
    u.kind === 'cloudformation' ? `cfn ${u.file.path}` : `tf ${u.dir}: ${u.files.map((f) => path.basename(f.path)).join(' ')}`,
  );
}

describe('looksLikeCloudFormation', () => {
  it.each([
    ['t.yaml', CFN_YAML, true],
    ['t.yaml', 'Resources:\n  A: {}\n', true],
    ['t.yml', '"Resources":\n  A: {}\n', true],
    ['t.yaml', '\ufeffResources:\n', true],
    ['t.yaml', 'jobs:\n  build:\n    Resources: x\n', false],
    ['ci.yml', 'on: push\njobs: {}\n', false],
    ['t.json', CFN_JSON, true],
    ['t.json', '{"AWSTemplateFormatVersion":"2010-09-09"}', true],
    ['package.json', '{"name": "x", "version": "1.0.0"}', false],
    ['t.template', CFN_JSON, true],
    ['t.template', CFN_YAML, true],
    ['t.template', 'hello', false],
    // JSON written to a .yml (Amplify's nested-cloudformation-stack.yml): its keys are indented.
    ['nested-stack.yml', CFN_JSON, true],
    ['nested-stack.yaml', '\t{\n\t"AWSTemplateFormatVersion": "2010-09-09"\n}', true],
    ['tsconfig.yml', '{\n  "compilerOptions": { "strict": true }\n}\n', false],
    ['notes.yml', 'text: |\n  {\n    "Resources": {}\n  }\n', false],
  ])('%s %j → %s', (name, text, expected) => {
    expect(looksLikeCloudFormation(name, text)).toBe(expected);
  });
});

describe('candidateLanguage', () => {
  it.each([
    ['main.tf', 'terraform'],
    ['main.tf.json', 'terraform'],
    ['prod.tfvars.json', undefined],
    ['prod.tfvars', undefined],
    ['x.yaml', 'cloudformation'],
    ['x.YML', 'cloudformation'],
    ['x.template', 'cloudformation'],
    ['x.txt', undefined],
    // Elastic Beanstalk reads .ebextensions/*.config; other .config files are not ours.
    ['app/.ebextensions/01-queue.config', 'cloudformation'],
    ['C:\\app\\.ebextensions\\01-queue.config', 'cloudformation'],
    ['.ebextensions/01-queue.config', 'cloudformation'],
    ['app/config/01-queue.config', undefined],
    ['01-queue.config', undefined],
    ['app/.ebextensions/nested/01.config', undefined],
  ])('%s → %s', (name, expected) => {
    expect(candidateLanguage(name)).toBe(expected);
  });
});

describe('discover', () => {
  it('reads the .ebextensions config files that hold Resources, as Elastic Beanstalk adds them to the stack', async () => {
    const root = tree({
      'web/.ebextensions/10-role.config': CFN_YAML,
      'web/.ebextensions/20-json.config': CFN_JSON,
      'web/.ebextensions/30-commands.config': 'commands:\n  01_tune:\n    command: sysctl -p\n',
      'web/settings/app.config': CFN_YAML,
    });
    expect(summary(await discover(['.'], { cwd: root, ignore: [] }))).toEqual([`cfn ${path.join('web', '.ebextensions', '10-role.config')}`, `cfn ${path.join('web', '.ebextensions', '20-json.config')}`]);
  });

  it('walks nested directories, keeps CloudFormation, groups Terraform by directory, in sorted order', async () => {
    const root = tree({
      'b/stack.yaml': CFN_YAML,
      'a/stack.json': CFN_JSON,
      'a/params.json': '{"Parameters": []}',
      '.github/workflows/ci.yml': 'on: push\n',
      'package.json': '{"name":"x"}',
      'infra/net/variables.tf': TF,
      'infra/net/main.tf': TF,
      'infra/net/override.tf.json': '{}',
      'infra/net/prod.tfvars.json': '{}',
      'infra/app/main.tf': TF,
      'top.template': CFN_YAML,
      'notes.txt': 'Resources:',
    });
    const result = await discover(['.'], { cwd: root, ignore: [] });
    expect(summary(result)).toEqual([
      'cfn a/stack.json',
      'cfn b/stack.yaml',
      'tf infra/app: main.tf',
      'tf infra/net: main.tf override.tf.json variables.tf',
      'cfn top.template',
    ]);
    expect(result.missing).toEqual([]);
    expect(result.problems).toEqual([]);
  });

  it('keeps paths as given: relative joined onto the given directory, absolute when given absolute', async () => {
    const root = tree({ 'infra/t.yaml': CFN_YAML });
    expect(summary(await discover(['infra'], { cwd: root, ignore: [] }))).toEqual([`cfn ${path.join('infra', 't.yaml')}`]);
    const abs = await discover([path.join(root, 'infra')], { cwd: os.tmpdir(), ignore: [] });
    expect(summary(abs)).toEqual([`cfn ${path.join(root, 'infra', 't.yaml')}`]);
  });

  it('keeps the text as decoded UTF-8 with its byte-order mark', async () => {
    const root = tree({ 't.yaml': `\ufeff${CFN_YAML}# é\n` });
    const [unit] = (await discover(['t.yaml'], { cwd: root, ignore: [] })).units;
    expect(unit.kind === 'cloudformation' && unit.file.text).toBe(`\ufeff${CFN_YAML}# é\n`);
  });

  it('skips node_modules, .git, .terraform and cdk.out unless given explicitly', async () => {
    const root = tree({
      'node_modules/pkg/t.yaml': CFN_YAML,
      '.git/t.yaml': CFN_YAML,
      'mod/.terraform/modules/x/main.tf': TF,
      'cdk.out/Stack.template.json': CFN_JSON,
      'keep.yaml': CFN_YAML,
    });
    expect(summary(await discover(['.'], { cwd: root, ignore: [] }))).toEqual(['cfn keep.yaml']);
    expect(summary(await discover(['cdk.out'], { cwd: root, ignore: [] }))).toEqual([
      `cfn ${path.join('cdk.out', 'Stack.template.json')}`,
    ]);
  });

  it("skips a project generator's template directory ({{cookiecutter.project_name}}) unless given explicitly", async () => {
    const generated = path.join('{{cookiecutter.project_name}}', 'template.yaml');
    const root = tree({
      'cookiecutter.json': '{"project_name": "sam-app", "runtime": "python3.12"}',
      [generated]: 'Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: {{ cookiecutter.runtime }}\n',
      'hooks/keep.yaml': CFN_YAML,
    });
    expect(summary(await discover(['.'], { cwd: root, ignore: [] }))).toEqual([`cfn ${path.join('hooks', 'keep.yaml')}`]);
    expect(summary(await discover(['{{cookiecutter.project_name}}'], { cwd: root, ignore: [] }))).toEqual([`cfn ${generated}`]);
  });

  it('respects nested .gitignore files with negation, anchoring and dir-only patterns', async () => {
    const root = tree({
      '.gitignore': '# generated\n*.gen.yaml\n/build/\nout/\n!keep.gen.yaml\n',
      'a.gen.yaml': CFN_YAML,
      'keep.gen.yaml': CFN_YAML,
      'build/t.yaml': CFN_YAML,
      'sub/build/t.yaml': CFN_YAML,
      'sub/out/t.yaml': CFN_YAML,
      'sub/.gitignore': 'local.yaml\n!a2.gen.yaml\n',
      'sub/local.yaml': CFN_YAML,
      'sub/a2.gen.yaml': CFN_YAML,
      'other/local.yaml': CFN_YAML,
    });
    expect(summary(await discover(['.'], { cwd: root, ignore: [] }))).toEqual([
      'cfn keep.gen.yaml',
      'cfn other/local.yaml',
      'cfn sub/a2.gen.yaml',
      'cfn sub/build/t.yaml',
    ]);
  });

  it('applies .gitignore files above a given directory up to the repository root', async () => {
    const root = tree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'infra/generated/\n',
      'infra/generated/t.yaml': CFN_YAML,
      'infra/t.yaml': CFN_YAML,
    });
    expect(summary(await discover(['infra'], { cwd: root, ignore: [] }))).toEqual([`cfn ${path.join('infra', 't.yaml')}`]);
  });

  it('applies config ignore globs relative to cwd, also to files given explicitly', async () => {
    const root = tree({ 'vendor/t.yaml': CFN_YAML, 'x/old.yaml': CFN_YAML, 'x/new.yaml': CFN_YAML, 'main.tf': TF });
    const ignore = ['vendor/', 'old.yaml', '*.tf'];
    expect(summary(await discover(['.'], { cwd: root, ignore }))).toEqual(['cfn x/new.yaml']);
    expect(summary(await discover(['vendor/t.yaml', 'x/old.yaml'], { cwd: root, ignore }))).toEqual([]);
  });

  it('includes an explicitly given file that .gitignore ignores, but only if it is IaC', async () => {
    const root = tree({ '.gitignore': '*.yaml\n', 't.yaml': CFN_YAML, 'ci.yaml': 'on: push\n', 'README.md': '#' });
    expect(summary(await discover(['t.yaml', 'ci.yaml', 'README.md'], { cwd: root, ignore: [] }))).toEqual(['cfn t.yaml']);
  });

  it('withModuleFiles adds the rest of the module of a given .tf, .tf.json or .tfvars file, and only that', async () => {
    const root = tree({
      'app/main.tf': TF,
      'app/variables.tf': 'variable "x" {}\n',
      'app/extra.tf.json': '{}',
      'app/prod.tfvars': 'x = 1\n',
      'app/.gitignore': 'generated.tf\n',
      'app/generated.tf': TF,
      'app/child/nested.tf': TF,
      'app/t.yaml': CFN_YAML,
      'other/main.tf': TF,
    });
    const options = { cwd: root, ignore: [] };
    const [extra, main, variables] = ['extra.tf.json', 'main.tf', 'variables.tf'].map((name) => path.join('app', name));
    expect(withModuleFiles(['app/main.tf'], options)).toEqual(['app/main.tf', extra, variables]);
    expect(withModuleFiles(['./app/prod.tfvars', 'other'], options)).toEqual(['./app/prod.tfvars', 'other', extra, main, variables]);
    expect(withModuleFiles(['app/variables.tf', 'app/main.tf'], { cwd: root, ignore: ['extra.tf.json'] })).toEqual(['app/variables.tf', 'app/main.tf']);
    // A given file that .gitignore ignores still comes, with its module; YAML brings nothing.
    expect(withModuleFiles(['app/generated.tf', 'app/t.yaml'], options)).toEqual(['app/generated.tf', 'app/t.yaml', extra, main, variables]);
    expect(summary(await discover(withModuleFiles(['app/main.tf'], options), options))).toEqual(['tf app: extra.tf.json main.tf variables.tf']);
    // discover itself reads what it is given.
    expect(summary(await discover(['app/main.tf'], options))).toEqual(['tf app: main.tf']);
  });

  it("withModuleFiles adds, for a file a serverless.yml includes, that service file and the files it includes inside the working directory", () => {
    const root = tree({
      'svc/serverless.yml': 'service: s\ncustom: ${file(config.yml)}\nresources:\n  - ${file(resources/iam.yml)}\n  - ${file(resources/ec2.yml)}\n  - ${file(resources/gone.yml)}\n  - ${file(../../outside.yml)}\n',
      'svc/config.yml': 'stage: dev\n',
      'svc/resources/iam.yml': CFN_YAML,
      'svc/resources/ec2.yml': CFN_YAML,
      'svc/resources/unincluded.yml': CFN_YAML,
      'lone/t.yaml': CFN_YAML,
    });
    const options = { cwd: root, ignore: [] };
    const [service, config, iam] = ['serverless.yml', 'config.yml', path.join('resources', 'iam.yml')].map((f) => path.join('svc', f));
    expect(withModuleFiles(['svc/resources/ec2.yml'], options)).toEqual(['svc/resources/ec2.yml', config, iam, service]);
    // A file no service file includes, and one of another directory, bring nothing.
    expect(withModuleFiles(['svc/resources/unincluded.yml', 'lone/t.yaml'], options)).toEqual(['svc/resources/unincluded.yml', 'lone/t.yaml']);
    // Outside the working directory no service file is looked for.
    expect(withModuleFiles(['ec2.yml'], { cwd: path.join(root, 'svc', 'resources'), ignore: [] })).toEqual(['ec2.yml']);
  });

  it('an overlay file not on disk (an unsaved editor buffer) is read from the overlay, with its module on disk and the other unsaved files', async () => {
    const root = tree({ 'app/main.tf': TF, 'other/t.yaml': CFN_YAML });
    const at = (rel: string): string => path.join(root, rel);
    const overlay = new Map([
      [at('new.yaml'), CFN_YAML],
      [at('app/new.tf'), TF],
      [at('app/also-new.tf'), TF],
      [at('app/ignored.tf'), TF],
      [at('other/new.yaml'), CFN_YAML],
      [at('elsewhere/x.tf'), TF],
    ]);
    const options = { cwd: root, ignore: ['app/ignored.tf'], overlay };
    const paths = withModuleFiles(['new.yaml', 'app/new.tf', 'gone.yaml'], options);
    expect(paths).toEqual(['new.yaml', 'app/new.tf', 'gone.yaml', path.join('app', 'also-new.tf'), path.join('app', 'main.tf')]);
    const found = await discover(paths, options);
    expect(summary(found)).toEqual(['tf app: also-new.tf main.tf new.tf', 'cfn new.yaml']);
    // Not in the overlay, not on disk: missing, as before.
    expect(found.missing).toEqual(['gone.yaml']);
    // A walked directory holds its unsaved files too.
    expect(summary(await discover(['other'], options))).toEqual([`cfn ${path.join('other', 'new.yaml')}`, `cfn ${path.join('other', 't.yaml')}`]);
    // A new file under a directory not on disk is linted alone, without a problem.
    const alone = await discover(withModuleFiles(['elsewhere/x.tf'], options), options);
    expect([summary(alone), alone.problems, alone.missing]).toEqual([['tf elsewhere: x.tf'], [], []]);
  });

  it('reports given paths that do not exist, and lists each file once', async () => {
    const root = tree({ 't.yaml': CFN_YAML });
    const result = await discover(['.', 't.yaml', './t.yaml', 'nope', 'nope/deeper.yaml'], { cwd: root, ignore: [] });
    expect(summary(result)).toEqual(['cfn t.yaml']);
    expect(result.missing).toEqual(['nope', 'nope/deeper.yaml']);
  });

  it('does not follow symlinks to directories, but does follow symlinks to files', async () => {
    const root = tree({ 'real/t.yaml': CFN_YAML });
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'loop'), 'dir');
    fs.symlinkSync(root, path.join(root, 'real', 'up'), 'dir');
    fs.symlinkSync(path.join(root, 'real', 't.yaml'), path.join(root, 'linked.yaml'), 'file');
    expect(summary(await discover(['.'], { cwd: root, ignore: [] }))).toEqual(['cfn linked.yaml', 'cfn real/t.yaml']);
  });

  it("marks the templates a serverless.yml includes with ${file(...)} as assembled by it", async () => {
    const root = tree({
      'svc/serverless.yml': 'service: s\nresources:\n  - ${file(resources/iam.yml)}\n  - ${file(./resources/db.yml):Resources}\n  - ${file(${self:custom.extra})}\n',
      'svc/resources/iam.yml': CFN_YAML,
      'svc/resources/db.yml': CFN_YAML,
      'svc/other.yml': CFN_YAML,
    });
    const { units } = await discover(['.'], { cwd: root, ignore: [] });
    const assembled = units.flatMap((u) => (u.kind === 'cloudformation' ? [[u.file.path, u.assembledBy ?? '-']] : []));
    expect(assembled).toEqual([
      [path.join('svc', 'other.yml'), '-'],
      [path.join('svc', 'resources', 'db.yml'), path.join('svc', 'serverless.yml')],
      [path.join('svc', 'resources', 'iam.yml'), path.join('svc', 'serverless.yml')],
    ]);
  });


  it('lints the files a serverless.yml places as resources, even read before it, with where it places them', async () => {
    const root = tree({
      // Sorted before serverless.yml: discovery reads service files first to know these are CloudFormation.
      'svc/a-role.yml': 'Type: AWS::IAM::Role\nProperties:\n  RoleName: r\n',
      'svc/db/tables.json': '{"Table": {"Type": "AWS::DynamoDB::Table"}}',
      'svc/more.yml': 'Roles:\n  Audit:\n    Type: AWS::IAM::Role\n',
      'svc/serverless.yml':
        'service: s\nresources:\n  Resources:\n    AppRole: ${file(./a-role.yml)}\n    "AuditRole": \'${file(more.yml):Roles.Audit}\'  # picked\n' +
        '  Outputs:\n    X: ${file(unplaced.yml)}\n',
      'svc/unplaced.yml': 'Value: 1\n',
      'web/serverless.yml': 'service: w\nresources:\n- Resources: ${file(../svc/db/tables.json)}\n',
    });
    const { units } = await discover(['.'], { cwd: root, ignore: [] });
    const placed = units.flatMap((u) => (u.kind === 'cloudformation' ? [[u.file.path, u.placed ?? '-']] : []));
    expect(placed).toEqual([
      [path.join('svc', 'a-role.yml'), [{ select: [], resource: 'AppRole' }]],
      [path.join('svc', 'db', 'tables.json'), [{ select: [] }]],
      [path.join('svc', 'more.yml'), [{ select: ['Roles', 'Audit'], resource: 'AuditRole' }]],
      // Its own inline Resources make it a template too; a file it puts elsewhere (Outputs) is not linted.
      [path.join('svc', 'serverless.yml'), '-'],
    ]);
  });

  it('places a file whose include is written on the line after its key (a plain scalar there), comments between', async () => {
    const root = tree({
      'svc/res.yml': 'AppRole:\n  Type: AWS::IAM::Role\n',
      'svc/role.yml': 'Type: AWS::IAM::Role\n',
      'svc/serverless.yml': 'service: s\nresources:\n  Resources:\n    # all of them\n\n    ${file(res.yml)}\n',
      'web/serverless.yml': 'service: w\nresources:\n  Resources:\n    Role:\n    ${file(../svc/role.yml)}\n',
    });
    const { units } = await discover(['.'], { cwd: root, ignore: [] });
    const placed = units.flatMap((u) => (u.kind === 'cloudformation' ? [[u.file.path, u.placed ?? '-']] : []));
    // In web/ the line is not deeper than `Role:`, so it is no value of Role (YAML rejects it): no placement.
    expect(placed).toEqual([[path.join('svc', 'res.yml'), [{ select: [] }]], [path.join('svc', 'serverless.yml'), '-'], [path.join('web', 'serverless.yml'), '-']]);
  });

  it("reads a file a linted service file includes from outside the linted directory, inside the working directory; says so outside it", async () => {
    const role = 'Type: AWS::IAM::Role\n';
    const root = tree({
      'repo/services/api/serverless.yml': 'service: api\nresources:\n  Resources:\n    AppRole: ${file(../../shared/role.yml)}\n    Gone: ${file(../../shared/gone.yml)}\n',
      'repo/shared/role.yml': role,
      'repo/shared/unincluded.yml': CFN_YAML,
    });
    const fromRepo = await discover(['services/api'], { cwd: path.join(root, 'repo'), ignore: [] });
    expect(summary(fromRepo)).toEqual([`cfn ${path.join('services', 'api', 'serverless.yml')}`, `cfn ${path.join('shared', 'role.yml')}`]);
    expect(fromRepo.skipped).toEqual([]);
    const fromService = await discover(['.'], { cwd: path.join(root, 'repo', 'services', 'api'), ignore: [] });
    expect(summary(fromService)).toEqual(['cfn serverless.yml']);
    expect(fromService.skipped.map((s) => [s.path, s.severity, s.message])).toEqual([
      // In the order written.
      ['serverless.yml', 'info', `not linted: ${path.join('..', '..', 'shared', 'role.yml')}, which this service file includes, is outside the working directory`],
      ['serverless.yml', 'info', `not linted: ${path.join('..', '..', 'shared', 'gone.yml')}, which this service file includes, is outside the working directory`],
    ]);
  });

  it('follows the includes of a file a service file includes (an index), resolved against the service directory', async () => {
    const root = tree({
      'svc/serverless.yml': 'service: s\nresources:\n  - ${file(res/index.yml)}\n  - Resources: ${file(res/map.yml)}\n',
      'svc/res/index.yml': 'Resources:\n  AppRole: ${file(res/role.yml)}\n',
      'svc/res/map.yml': 'JobRole: ${file(res/job.yml):Job}\n',
      'svc/res/role.yml': 'Type: AWS::IAM::Role\n',
      'svc/res/job.yml': 'Job:\n  Type: AWS::IAM::Role\n',
    });
    const { units } = await discover(['.'], { cwd: root, ignore: [] });
    const placed = units.flatMap((u) => (u.kind === 'cloudformation' ? [[u.file.path, u.placed ?? '-', u.assembledBy]] : []));
    const svc = path.join('svc', 'serverless.yml');
    expect(placed).toEqual([
      [path.join('svc', 'res', 'index.yml'), '-', svc],
      [path.join('svc', 'res', 'job.yml'), [{ select: ['Job'], resource: 'JobRole' }], svc],
      [path.join('svc', 'res', 'map.yml'), [{ select: [] }], svc],
      [path.join('svc', 'res', 'role.yml'), [{ select: [], resource: 'AppRole' }], svc],
      // `- Resources:` written in it makes it a template of its own too.
      [svc, '-', svc],
    ]);
  });

  it('places a file given alone (pre-commit) by the serverless.yml above it, up to the working directory', async () => {
    const role = 'Type: AWS::IAM::Role\nProperties:\n  RoleName: r\n';
    const root = tree({
      'serverless.yml': 'service: outer\nresources:\n  Resources:\n    Outer: ${file(app/svc/other.yml)}\n',
      'app/svc/serverless.yml': 'service: s\nresources:\n  Resources:\n    AppRole: ${file(resources/role.yml)}\n',
      'app/svc/resources/role.yml': role,
      'app/svc/other.yml': role,
      'app/svc/unplaced.yml': role,
    });
    const units = async (cwd: string, paths: string[]) =>
      (await discover(paths, { cwd, ignore: [] })).units.flatMap((u) => (u.kind === 'cloudformation' ? [[u.file.path, u.placed ?? '-', u.assembledBy ?? '-']] : []));
    expect(await units(root, ['app/svc/resources/role.yml', 'app/svc/other.yml', 'app/svc/unplaced.yml'])).toEqual([
      [path.join('app', 'svc', 'other.yml'), [{ select: [], resource: 'Outer' }], 'serverless.yml'],
      [path.join('app', 'svc', 'resources', 'role.yml'), [{ select: [], resource: 'AppRole' }], path.join('app', 'svc', 'serverless.yml')],
    ]);
    // A service file above the working directory is not read.
    expect(await units(path.join(root, 'app'), ['svc/other.yml'])).toEqual([]);
  });

  it('marks the Terraform files a Terragrunt generate block copies with file(...)', async () => {
    const generate = (name: string, contents: string) => `generate "${name}" {\n  path      = "${name}.tf"\n  if_exists = "overwrite"\n  contents  = ${contents}\n}\n`;
    const root = tree({
      'live/root.hcl': generate('provider', 'file("common/provider.tf")') + generate('vars', 'file("${get_parent_terragrunt_dir()}/common/vars.tf")'),
      'live/prod/app/terragrunt.hcl':
        generate('helm', 'file(find_in_parent_folders("common/helm.tf"))') +
        generate('own', 'file("${get_terragrunt_dir()}/extra.tf")') +
        // Built from an input, or missing: not followed.
        generate('dyn', 'file("${local.dir}/k8s.tf")') +
        generate('gone', 'file(find_in_parent_folders("common/absent.tf"))'),
      'live/prod/app/extra.tf': TF,
      'live/common/provider.tf': TF,
      'live/common/vars.tf': TF,
      'live/common/helm.tf': TF,
      'live/common/k8s.tf': TF,
      'live/common/module.tf': TF,
      // Lock files and test files are not Terragrunt configurations, whatever they hold.
      'live/.terraform.lock.hcl': generate('lock', 'file("common/module.tf")'),
      'live/common/x.tftest.hcl': generate('test', 'file("module.tf")'),
    });
    const { units } = await discover(['.'], { cwd: root, ignore: [] });
    const copied = units.flatMap((u) => (u.kind === 'terraform' ? [[u.dir, (u.copiedByTerragrunt ?? []).map((f) => path.basename(f))]] : []));
    expect(copied).toEqual([
      [path.join('live', 'common'), ['helm.tf', 'provider.tf', 'vars.tf']],
      [path.join('live', 'prod', 'app'), ['extra.tf']],
    ]);
  });
  it('marks the modules Terragrunt units run from a local terraform source, with the units that run them', async () => {
    const unit = (source: string) => `include {\n  path = find_in_parent_folders()\n}\n\nterraform {\n  source = ${source}\n}\n`;
    const root = tree({
      'live/terragrunt.hcl': 'terraform {\n  source = "../modules/shared"\n}\n',
      'live/dev/app/terragrunt.hcl': unit('"../../../modules//app"'),
      'live/prod/app/terragrunt.hcl': unit('get_env("REF", "") != "" ? "git::https://example.com/infra.git//modules/app?ref=${get_env("REF")}" : "../../../modules//app"'),
      'live/dev/worker/terragrunt.hcl': unit('"${get_terragrunt_dir()}/../../../modules/worker"'),
      'live/dev/remote/terragrunt.hcl': unit('"tfr:///terraform-aws-modules/iam/aws?version=5.0.0"'),
      'modules/app/main.tf': TF,
      'modules/worker/main.tf': TF,
      'modules/shared/main.tf': TF,
    });
    const { units } = await discover(['.'], { cwd: root, ignore: [] });
    const runs = units.flatMap((u) => (u.kind === 'terraform' ? [[u.dir, (u.runByTerragrunt ?? []).map((d) => path.relative(root, d))]] : []));
    // A root configuration named terragrunt.hcl is a unit too (`terragrunt run-all` runs it); a remote source marks nothing.
    expect(runs).toEqual([
      [path.join('modules', 'app'), [path.join('live', 'dev', 'app'), path.join('live', 'prod', 'app')]],
      [path.join('modules', 'shared'), ['live']],
      [path.join('modules', 'worker'), [path.join('live', 'dev', 'worker')]],
    ]);
  });

  it('lints a serverless.yml that writes resources of its own, as assembled by itself', async () => {
    const root = tree({
      'api/serverless.yml': 'service: api\nprovider:\n  name: aws\nresources:\n  Resources:\n    Queue:\n      Type: AWS::SQS::Queue\n',
      'jobs/serverless.yml': 'service: jobs\nresources:\n  - ${file(queues.yml)}\n  - Resources:\n      Topic:\n        Type: AWS::SNS::Topic\n',
      'web/serverless.yml': 'service: web\nprovider:\n  name: aws\nfunctions:\n  hello:\n    handler: handler.hello\n',
    });
    const { units } = await discover(['.'], { cwd: root, ignore: [] });
    const assembled = units.flatMap((u) => (u.kind === 'cloudformation' ? [[u.file.path, u.assembledBy ?? '-']] : []));
    expect(assembled).toEqual([
      [path.join('api', 'serverless.yml'), path.join('api', 'serverless.yml')],
      [path.join('jobs', 'serverless.yml'), path.join('jobs', 'serverless.yml')],
    ]);
  });

  it('marks a file with Serverless variables as a fragment when no serverless.yml of the run includes it', async () => {
    const root = tree({
      'resources/iam.yml': 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: ${self:service}-${sls:stage}\n',
      'resources/env.yml': 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: ${opt:stage, "dev"}-jobs\n',
      'plain.yaml': 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub "${AWS::StackName}-${Env}-jobs"\n',
      'userdata.yaml': 'Resources:\n  H:\n    Type: AWS::EC2::Instance\n    Properties:\n      UserData:\n        Fn::Base64: |\n          #!/bin/bash\n          echo "${env:-dev} ${opt:=x}"\n',
      // IAM policy variables: any template's policies may hold them.
      'policy.yaml':
        'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: s3:ListBucket\n' +
        '            Resource: arn:aws:s3:::home/${aws:username}/*\n            Condition:\n              StringLike:\n                s3:prefix: ["${aws:PrincipalTag/team}/*", "${s3:prefix}", "${redshift:DbUser}"]\n',
      'resources/account.yml': 'Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: alerts-${aws:accountId}-${aws:region}\n',
      'resources/seed.yml': 'Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: ${s3:config-bucket/topic-name}\n',
    });
    const { units } = await discover(
      ['resources/iam.yml', 'resources/env.yml', 'plain.yaml', 'userdata.yaml', 'policy.yaml', 'resources/account.yml', 'resources/seed.yml'],
      { cwd: root, ignore: [] },
    );
    const assembled = units.flatMap((u) => (u.kind === 'cloudformation' ? [[u.file.path, u.assembledBy ?? '-']] : []));
    expect(assembled).toEqual([
      ['plain.yaml', '-'],
      ['policy.yaml', '-'],
      [path.join('resources', 'account.yml'), 'a serverless.yml'],
      [path.join('resources', 'env.yml'), 'a serverless.yml'],
      [path.join('resources', 'iam.yml'), 'a serverless.yml'],
      [path.join('resources', 'seed.yml'), 'a serverless.yml'],
      ['userdata.yaml', '-'],
    ]);
  });

  it('turns unreadable files and broken links into problems instead of throwing', async () => {
    const root = tree({ 'ok.yaml': CFN_YAML });
    fs.symlinkSync('../shared/gone.yaml', path.join(root, 'broken.yaml'));
    const result = await discover(['.'], { cwd: root, ignore: [] });
    expect(summary(result)).toEqual(['cfn ok.yaml']);
    // Which link points where, not Node's "ENOENT: no such file or directory".
    expect(result.problems).toEqual([{ path: 'broken.yaml', message: 'cannot read: a symbolic link to ../shared/gone.yaml, which does not exist' }]);
  });

  it('reports a link that points at itself, given or found', async () => {
    const root = tree({ 'ok.yaml': CFN_YAML });
    fs.symlinkSync('self.yaml', path.join(root, 'self.yaml'));
    const walked = await discover(['.'], { cwd: root, ignore: [] });
    expect(walked.problems).toEqual([{ path: 'self.yaml', message: expect.stringContaining('ELOOP') }]);
    const given = await discover(['self.yaml'], { cwd: root, ignore: [] });
    expect(given).toEqual({ units: [], missing: [], problems: [{ path: 'self.yaml', message: expect.stringContaining('ELOOP') }], skipped: [], roots: [] });
  });
});
