// End-to-end with the real pre-commit framework: the README's .pre-commit-config.yaml, pointed
// at a file:// clone of this repository at HEAD (pre-commit installs committed code only), in
// one project whose hook environment is installed once (`pre-commit install-hooks`) and shared:
// a blocked commit, the fixed commit, and `pre-commit run --files` on files that are not IaC.
// Skipped, saying why, when pre-commit is missing (.ci/run installs it when it can).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { readmeSnippet } from '../readme-snippets.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ROLE = `  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
`;
const template = (profile: string): string => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
${ROLE}  Profile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [!Ref Role]
  Instance:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      MetadataOptions: { HttpTokens: required }
      IamInstanceProfile: ${profile}
`;
const BAD = template('!Ref Role');
const GOOD = template('!Ref Profile');

const available = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
if (!available) console.log('pre-commit is not installed: its end-to-end tests are skipped (apt-get install pre-commit, or run .ci/run)');

let work: string;
let hookRepo: string;
let head: string;

function run(cmd: string, args: string[], cwd: string): { status: number | null; output: string } {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PRE_COMMIT_HOME: path.join(work, 'pre-commit-home'),
    GIT_AUTHOR_NAME: 'test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    // The hook install's npm takes packages from npm's cache when it has them, as a developer's machine would.
    npm_config_prefer_offline: 'true',
  };
  for (const key of ['NO_COLOR', 'FORCE_COLOR', 'COLUMNS', 'NODE_OPTIONS', 'GIT_DIR', 'GIT_INDEX_FILE', 'GIT_WORK_TREE']) delete env[key];
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 600_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

function gitRepo(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(work, 'repo-'));
  expect(run('git', ['init', '-q'], dir).status).toBe(0);
  write(dir, files);
  return dir;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

function commit(dir: string, message: string): { status: number | null; output: string } {
  expect(run('git', ['add', '-A'], dir).status).toBe(0);
  return run('git', ['commit', '-q', '-m', message], dir);
}

let repo: string;

describe.runIf(available)('pre-commit', { timeout: 900_000 }, () => {
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'ipl-pre-commit-'));
    hookRepo = path.join(work, 'hook-repo');
    const clone = run('git', ['clone', '-q', `file://${ROOT}`, hookRepo], work);
    expect(clone.status, clone.output).toBe(0);
    head = run('git', ['rev-parse', 'HEAD'], hookRepo).output.trim();
    const config = parse(readmeSnippet('pre-commit', 'yaml')) as { repos: Array<{ repo: string; rev: string; hooks: Array<{ id: string }> }> };
    expect(config.repos[0]).toMatchObject({ repo: 'https://github.com/iam-profile-lint/iam-profile-lint', hooks: [{ id: 'iam-profile-lint' }] });
    // The README's config, pointing at this commit instead of the public repository.
    config.repos[0] = { ...config.repos[0], repo: `file://${hookRepo}`, rev: head };
    repo = gitRepo({ '.pre-commit-config.yaml': stringify(config), 'infra/main.tf': 'resource "aws_iam_role" "app" {\n  name = "app"\n}\n' });
    expect(commit(repo, 'config').status).toBe(0);
    // The one hook install: npm install, the build, npm pack, npm install -g of the tarball.
    const hooks = run('pre-commit', ['install-hooks'], repo);
    expect(hooks.status, hooks.output).toBe(0);
    const install = run('pre-commit', ['install'], repo);
    expect(install.status, install.output).toBe(0);
  }, 900_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("the README's .pre-commit-config.yaml blocks a commit adding IamInstanceProfile: !Ref Role and lets the fix through", () => {
    write(repo, { 'stack.yaml': BAD });
    const blocked = commit(repo, 'bad');
    expect(blocked.status, blocked.output).not.toBe(0);
    expect(blocked.output).toMatch(/iam-profile-lint\.+Failed/);
    expect(blocked.output).toMatch(/^stack\.yaml\n\s+\d+:\d+\s+error\s+IamInstanceProfile is given role Role; EC2 needs an instance profile.*role-as-instance-profile$/m);
    expect(blocked.output).toMatch(/^\s+help: .*Profile/m);
    expect(run('git', ['log', '--oneline'], repo).output.trim().split('\n')).toHaveLength(1);

    write(repo, { 'stack.yaml': GOOD });
    const passed = commit(repo, 'good');
    expect(passed.status, passed.output).toBe(0);
    expect(passed.output).toMatch(/iam-profile-lint\.+Passed/);
  });

  it('passes on changed files that are not IaC (a workflow, package.json) with the installed hook', () => {
    write(repo, { '.github/workflows/ci.yml': 'on: push\njobs: {}\n', 'package.json': '{"name": "x"}\n' });
    const r = run('pre-commit', ['run', '--files', '.github/workflows/ci.yml', 'package.json', 'stack.yaml'], repo);
    expect(r.status, r.output).toBe(0);
    expect(r.output).toMatch(/iam-profile-lint\.+Passed/);
    // Nothing was installed again: one environment for the repository at this commit.
    expect(r.output).not.toMatch(/Installing environment/);
  });
});
