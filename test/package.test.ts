// End-to-end as users get the tool: the npm tarball installed in a separate project, npx
// from it, the GitHub Action's scripts run from a checkout of this repository (as GitHub
// checks out the ref in `uses:`), and the GitLab CI job from the README. Needs the built
// dist (npm test builds) and npm's cache or registry for the dependencies.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { parse } from 'yaml';
import { readmeSnippet } from './readme-snippets.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const BAD = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
  Instance:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      MetadataOptions: { HttpTokens: required }
      IamInstanceProfile: !Ref Role
`;

let work: string;
let tarball: string;
let packed: { files: Array<{ path: string }>; unpackedSize: number };

function sh(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  const base: NodeJS.ProcessEnv = {
    ...process.env,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_prefer_offline: 'true',
  };
  for (const key of ['NO_COLOR', 'FORCE_COLOR', 'COLUMNS', 'NODE_OPTIONS', 'GITHUB_ACTIONS', 'GITHUB_ACTION_PATH']) delete base[key];
  return spawnSync(cmd, args, { cwd, env: { ...base, ...env }, encoding: 'utf8', timeout: 300_000 });
}

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(work, 'project-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run "npm run build" (npm test does)');
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ipl-package-'));
  // --ignore-scripts: pack the dist that `npm test` just built instead of building again.
  const r = sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
  expect(r.status, r.stderr).toBe(0);
  const [info] = JSON.parse(r.stdout) as Array<{ filename: string; files: Array<{ path: string }>; unpackedSize: number }>;
  packed = info;
  tarball = path.join(work, info.filename);
}, 300_000);

// Removing the installed copies takes seconds; more on a loaded machine than the default 10 s hook limit.
afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
}, 120_000);

describe('npm package', { timeout: 300_000 }, () => {
  it('contains only dist, the config schema, README, CHANGELOG, LICENSE and package.json, under 1.2 MB unpacked', () => {
    const files = packed.files.map((f) => f.path);
    const extra = ['iam-profile-lint.schema.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'package.json'];
    expect(files).toContain('dist/cli.cjs');
    expect(files).toContain('dist/cli.js');
    expect(files).toContain('dist/index.d.ts');
    for (const file of extra) expect(files).toContain(file);
    const unexpected = files.filter((f) => !/^dist\/.+\.(?:c?js|d\.ts)$/.test(f) && !extra.includes(f));
    expect(unexpected).toEqual([]);
    expect(files.filter((f) => /\.map$|^(?:src|test|fixtures|bench|examples|scripts|docs)\//.test(f))).toEqual([]);
    // A guard against shipping what users never run; it grew past 1 MB with the language server (50 KB) and the OIDC rule,
    // past 1.25 MB with not-a-role-or-profile, Fn::ForEach and Serverless Framework fragments (hunt4, +14.6 KB: 1,253,060),
    // and past 1.275 MB with optional() attribute defaults, templatefile() directives, SAM's generated names, defaults kept
    // through computing functions and lone Serverless fragments (session 10, +31.9 KB: 1,284,976), and past 1.3 MB with
    // org-formation templates, a serverless.yml's own resources, Fn::ForEach instance names, try() fallbacks and branch
    // lists in trust policies, and the outside-the-root module notice (session 11, +19.1 KB: 1,304,091), and past 1.325 MB
    // with local modules and packaging constants, .ebextensions option_settings, defaults the conditions rule out,
    // functions written as text and StackSet TemplateBody templates (hunt13, +13.9 KB over 1,315,652: 1,329,580), and past
    // 1.35 MB with conditional-reference, references to what is not created, Terragrunt generate blocks, sorted sets and
    // map keys (session 12: 1,351,939), and past 1.375 MB with nested stack instances keyed by their chain of stacks,
    // carrying those stacks' Conditions (nested, +5.0 KB over 1,371,165: 1,376,179); then 1,404,091 with per-instance
    // names and Serverless resource files (session 14), 1,143,139 when the declarations shipped became only those the
    // entry imports (14 of 248 files).
    expect(packed.unpackedSize).toBeLessThan(1_200_000);
  });

  it('installs into an empty directory and runs with npx: exit 1 with the finding', () => {
    const dir = project({ 'infra/stack.yaml': BAD });
    const install = sh('npm', ['install', '--no-save', tarball], dir);
    expect(install.status, install.stderr).toBe(0);
    const r = sh('npx', ['iam-profile-lint', './infra'], dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^infra\/stack\.yaml\n\s+16:27\s+error\s+.+role-as-instance-profile$/m);
    expect(sh('npx', ['iam-profile-lint', '--version'], dir).stdout).toBe(`${PACKAGE.version}\n`);
  });

  it('as a dev dependency: the help line, the shipped config schema, --list-rules', () => {
    const dir = project({ 'package.json': '{"name": "infra", "private": true}\n', 'infra/stack.yaml': BAD });
    const install = sh('npm', ['install', '--save-dev', tarball], dir);
    expect(install.status, install.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).devDependencies).toHaveProperty(PACKAGE.name);
    // The editor's path from the README's yaml-language-server comment.
    const schema = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', PACKAGE.name, 'iam-profile-lint.schema.json'), 'utf8')) as { properties: object };
    expect(Object.keys(schema.properties)).toContain('trustedAccounts');
    fs.writeFileSync(path.join(dir, '.iam-profile-lint.yaml'), '# yaml-language-server: $schema=./node_modules/iam-profile-lint/iam-profile-lint.schema.json\nrules:\n  imds-v2-not-required: warn\n');
    const r = sh('npx', ['iam-profile-lint', 'infra'], dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^\s+help: /m);
    expect(sh('npx', ['iam-profile-lint', '--list-rules'], dir).stdout).toMatch(/^role-as-instance-profile +error +/m);
  });
  it('ships the declarations a TypeScript consumer of `import { lint }` needs, and type-checks against them', () => {
    const shipped = packed.files.map((f) => f.path).filter((f) => f.endsWith('.d.ts'));
    // Only the entry's declarations and what they import: the rest describe modules no consumer can import.
    expect(shipped.length).toBeLessThan(30);
    const dir = project({
      'package.json': '{"name": "consumer", "private": true, "type": "module"}\n',
      'check.ts': [
        "import { buildGraph, lint, rules, type Config, type Finding, type Graph, type LintOptions, type LintResult, type Resource, type Rule } from 'iam-profile-lint';",
        "const options: LintOptions = { paths: ['infra'] };",
        'const result: LintResult = await lint(options);',
        'const first: Finding | undefined = result.findings[0];',
        'const ids: string[] = rules.map((r: Rule) => r.id);',
        'const graph: Graph = await buildGraph(options);',
        'const types: string[] = graph.resources.map((r: Resource) => r.type);',
        'const config: Partial<Config> = {};',
        'export { first, ids, types, config };',
        '',
      ].join('\n'),
    });
    const install = sh('npm', ['install', '--no-save', tarball], dir);
    expect(install.status, install.stderr).toBe(0);
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--typeRoots', path.join(ROOT, 'node_modules', '@types'), '--types', 'node', 'check.ts'];
    const r = sh(process.execPath, [tsc, ...args], dir);
    expect(`${r.stdout}${r.stderr}`).toBe('');
    expect(r.status).toBe(0);
  });

  // The quick start runs `npx iam-profile-lint examples/` in the clone itself, where npx runs the bin (dist/cli.cjs) as built.
  it.skipIf(process.platform === 'win32')('builds an executable cli.cjs (and cli.js), so npx runs it in the repository after any build', () => {
    for (const bin of ['cli.cjs', 'cli.js']) expect(fs.statSync(fileURLToPath(new URL(`../dist/${bin}`, import.meta.url))).mode & 0o111, bin).toBe(0o111);
    const r = sh('npx', ['--no-install', 'iam-profile-lint', '--version'], fileURLToPath(new URL('..', import.meta.url)));
    expect(r.stdout, r.stderr).toBe(`${PACKAGE.version}\n`);
  });
});

interface ActionStep {
  id?: string;
  run?: string;
  env?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: ActionStep[] };
}

/** Evaluates `${{ inputs.x }}` in the step's env as GitHub would, from `with` and the inputs' defaults. */
function actionEnv(action: Action, step: ActionStep, given: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(step.env ?? {})) {
    const m = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(value);
    if (!m) throw new Error(`unexpected env ${key}: ${value}`);
    env[key] = given[m[1]] ?? action.inputs[m[1]]?.default ?? '';
  }
  return env;
}

describe('GitHub Action', { timeout: 600_000 }, () => {
  const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;
  const step = (id: string): ActionStep & { run: string } => {
    const found = action.runs.steps.find((s) => s.id === id);
    if (!found?.run) throw new Error(`action.yml has no ${id} step`);
    return { ...found, run: found.run };
  };
  // The action's own checkout at this commit, as the runner makes it for `uses: owner/repo@ref`, built by its build step.
  let checkout: string;
  beforeAll(() => {
    checkout = path.join(work, 'action-checkout');
    const clone = sh('git', ['clone', '-q', `file://${ROOT}`, checkout], work);
    expect(clone.status, clone.stderr).toBe(0);
    expect(fs.existsSync(path.join(checkout, 'dist'))).toBe(false);
    const build = sh('bash', ['-c', step('build').run], work, { GITHUB_ACTION_PATH: checkout });
    expect(build.status, `${build.stdout}${build.stderr}`).toBe(0);
    expect(fs.existsSync(path.join(checkout, 'dist', 'cli.js'))).toBe(true);
  }, 600_000);

  it('is a composite action whose README workflow uses only its inputs, and downloads no other version', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).not.toContain('version');
    expect(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')).not.toMatch(/npx|npm (?:i|install) /);
    const workflow = parse(readmeSnippet('GitHub Actions', 'yaml')) as { jobs: { lint: { steps: Array<{ uses?: string; with?: Record<string, string> }> } } };
    const used = workflow.jobs.lint.steps.find((s) => s.uses?.startsWith('iam-profile-lint/iam-profile-lint@'));
    expect(used?.uses).toBe('iam-profile-lint/iam-profile-lint@main');
    for (const key of Object.keys(used?.with ?? {})) expect(Object.keys(action.inputs)).toContain(key);
    const upload = action.runs.steps.find((s) => 'uses' in s);
    expect(upload).toMatchObject({ uses: expect.stringMatching(/^github\/codeql-action\/upload-sarif@/), with: { sarif_file: '${{ inputs.sarif-file }}' } });
  });

  it("runs the lint step from its checkout with the README workflow's inputs: a readable log, then annotations, SARIF, outputs, exit 1", () => {
    const workflow = parse(readmeSnippet('GitHub Actions', 'yaml')) as { jobs: { lint: { steps: Array<{ uses?: string; with?: Record<string, string> }> } } };
    const given = workflow.jobs.lint.steps.find((s) => s.with)?.with ?? {};
    const lint = step('lint');
    const dir = project({ 'infra/stack.yaml': BAD, 'infra/ok/ci.yml': 'on: push\n' });
    const outputs = path.join(dir, 'github-output');
    const r = sh('bash', ['-c', lint.run], dir, { ...actionEnv(action, lint, given), GITHUB_OUTPUT: outputs, GITHUB_ACTION_PATH: checkout, RUNNER_TEMP: work });
    expect(r.status, r.stderr).toBe(1);
    // The stylish report first, then the workflow commands GitHub turns into annotations.
    expect(r.stdout).toMatch(/^infra\/stack\.yaml\n\s+16:27\s+error\s+IamInstanceProfile is given role Role; EC2 needs an instance profile.*role-as-instance-profile\n\s+help: /m);
    expect(r.stdout).toMatch(/\n::error file=infra\/stack\.yaml,line=16,col=27,endLine=16,endColumn=\d+,title=role-as-instance-profile::IamInstanceProfile is given role Role; EC2 needs an instance profile%0Ahelp: .+\n$/);
    expect(r.stdout.indexOf('\u2716 1 problem')).toBeLessThan(r.stdout.indexOf('::error'));
    expect(fs.readFileSync(outputs, 'utf8')).toBe('exit-code=1\nsarif=true\n');
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, given['sarif-file']), 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarif.runs[0].results.map((x) => x.ruleId)).toEqual(['role-as-instance-profile']);
    expect(fs.readdirSync(work).filter((f) => f.startsWith('iam-profile-lint-annotations'))).toEqual([]);
  });

  it('passes on a clean tree, writes no SARIF output flag when none is asked for, and can leave annotations out', () => {
    const lint = step('lint');
    const dir = project({ 'infra/ci.yml': 'on: push\n', 'infra/main.tf': 'resource "aws_iam_role" "app" {\n  name = "app"\n}\n' });
    const outputs = path.join(dir, 'github-output');
    const r = sh('bash', ['-c', lint.run], dir, {
      ...actionEnv(action, lint, { paths: 'infra\n.', 'fail-on': 'warning', annotations: 'false' }),
      GITHUB_OUTPUT: outputs,
      GITHUB_ACTION_PATH: checkout,
      RUNNER_TEMP: work,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(fs.readFileSync(outputs, 'utf8')).toBe('exit-code=0\n');
  });
});

describe('GitLab CI', { timeout: 300_000 }, () => {
  it("runs the README job's script: stylish to the log, valid JUnit and Code Quality reports, exit 1", async () => {
    const job = (parse(readmeSnippet('GitLab CI', 'yaml')) as Record<string, { script: string[]; artifacts: { reports: { junit: string; codequality: string } } }>)['iam-profile-lint'];
    expect(job.script).toHaveLength(1);
    // Until the first release the job installs from git; here, from this commit's tarball instead.
    const fromGit = 'npx --yes --package=git+https://github.com/iam-profile-lint/iam-profile-lint.git#main -- iam-profile-lint ';
    expect(job.script[0]).toContain(fromGit);
    const script = job.script[0].replace(fromGit, `npx --yes --package=${tarball} -- iam-profile-lint `);
    const dir = project({ 'infra/stack.yaml': BAD, 'infra/ok.yaml': BAD.replace('!Ref Role', 'legacy-profile # iam-profile-lint-ignore unknown-instance-profile -- made by hand') });
    const r = sh('bash', ['-c', script], dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/role-as-instance-profile/);
    const xml = fs.readFileSync(path.join(dir, job.artifacts.reports.junit), 'utf8');
    const xsd = fs.readFileSync(path.join(ROOT, 'test', 'data', 'junit-10.xsd'), 'utf8');
    const valid = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [{ fileName: 'junit-10.xsd', contents: xsd }] });
    expect(valid.errors).toEqual([]);
    expect(xml).toContain('<testsuite name="infra/stack.yaml" tests="1" failures="1"');
    const issues = JSON.parse(fs.readFileSync(path.join(dir, job.artifacts.reports.codequality), 'utf8')) as Array<{ check_name: string; location: { path: string } }>;
    expect(issues.map((i) => `${i.location.path} ${i.check_name}`)).toContain('infra/stack.yaml role-as-instance-profile');
  });
});
