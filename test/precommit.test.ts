// End-to-end with the real pre-commit framework: `try-repo` against a file:// clone of this
// repository at HEAD (pre-commit installs committed code only), and a git commit through
// the README's .pre-commit-config.yaml. Skipped, saying why, when pre-commit is missing
// (.ci/run installs it when it can).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { readmeSnippet } from './readme-snippets.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
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
  };
  for (const key of ['NO_COLOR', 'FORCE_COLOR', 'NODE_OPTIONS', 'GIT_DIR', 'GIT_INDEX_FILE', 'GIT_WORK_TREE']) delete env[key];
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

describe.runIf(available)('pre-commit', { timeout: 900_000 }, () => {
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'ipl-pre-commit-'));
    hookRepo = path.join(work, 'hook-repo');
    const clone = run('git', ['clone', '-q', `file://${ROOT}`, hookRepo], work);
    expect(clone.status, clone.output).toBe(0);
    head = run('git', ['rev-parse', 'HEAD'], hookRepo).output.trim();
  });

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('try-repo: a commit adding IamInstanceProfile: !Ref Role fails with the finding; a clean one passes', () => {
    const repo = gitRepo({ 'infra/stack.yaml': BAD, '.github/workflows/ci.yml': 'on: push\njobs: {}\n', 'package.json': '{"name": "x"}\n' });
    expect(commit(repo, 'bad').status).toBe(0);
    const bad = run('pre-commit', ['try-repo', hookRepo, 'iam-profile-lint', '--ref', head, '--all-files'], repo);
    expect(bad.status, bad.output).toBe(1);
    expect(bad.output).toMatch(/iam-profile-lint\.+Failed/);
    expect(bad.output).toMatch(/^infra\/stack\.yaml\n\s+\d+:\d+\s+error\s+IamInstanceProfile is given role Role; .+role-as-instance-profile$/m);

    write(repo, { 'infra/stack.yaml': GOOD });
    expect(commit(repo, 'fix').status).toBe(0);
    const good = run('pre-commit', ['try-repo', hookRepo, 'iam-profile-lint', '--ref', head, '--files', 'infra/stack.yaml', '.github/workflows/ci.yml', 'package.json'], repo);
    expect(good.status, good.output).toBe(0);
    expect(good.output).toMatch(/iam-profile-lint\.+Passed/);
  });

  it("the README's .pre-commit-config.yaml blocks a bad commit and lets the fix through", () => {
    const config = parse(readmeSnippet('pre-commit', 'yaml')) as { repos: Array<{ repo: string; rev: string; hooks: Array<{ id: string }> }> };
    expect(config.repos[0]).toMatchObject({ repo: 'https://github.com/iam-profile-lint/iam-profile-lint', rev: `v${PACKAGE.version}`, hooks: [{ id: 'iam-profile-lint' }] });
    // The same config, pointing at this commit instead of a release.
    config.repos[0] = { ...config.repos[0], repo: `file://${hookRepo}`, rev: head };
    const repo = gitRepo({ '.pre-commit-config.yaml': stringify(config), 'infra/main.tf': 'resource "aws_iam_role" "app" {\n  name = "app"\n}\n' });
    expect(commit(repo, 'config').status).toBe(0);
    const install = run('pre-commit', ['install'], repo);
    expect(install.status, install.output).toBe(0);

    write(repo, { 'stack.yaml': BAD });
    const blocked = commit(repo, 'bad');
    expect(blocked.status, blocked.output).not.toBe(0);
    expect(blocked.output).toMatch(/stack\.yaml\n\s+\d+:\d+\s+error\s+.+role-as-instance-profile/);
    expect(run('git', ['log', '--oneline'], repo).output.trim().split('\n')).toHaveLength(1);

    write(repo, { 'stack.yaml': GOOD });
    const passed = commit(repo, 'good');
    expect(passed.status, passed.output).toBe(0);
    expect(passed.output).toMatch(/iam-profile-lint\.+Passed/);
  });
});
