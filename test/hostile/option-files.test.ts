// Files that feed a run without being linted (the config, found or given, --baseline, --parameters-file,
// a .gitignore, a .terraform manifest) are read as templates are: regular files only, within a size limit.
// A FIFO stands in for /dev/zero and /dev/urandom: it needs no root, and before, it hung the run as they did.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BAD_TF, BAD_YAML, cleanup, expectNoCrash, run, tree } from './helpers.js';

afterEach(cleanup);

function fifo(file: string): boolean {
  try {
    execFileSync('mkfifo', [file]);
    return true;
  } catch {
    console.log('skipped: mkfifo is not available');
    return false;
  }
}

describe('an option or config file that is not a regular file is a usage error, not a hang', () => {
  it.each([
    ['--config', 'iam-profile-lint: ff: cannot read config file (not a regular file)\n'],
    ['--baseline', 'iam-profile-lint: ff: cannot read baseline (not a regular file)\n'],
    ['--parameters-file', 'iam-profile-lint: --parameters-file ff: cannot be read (not a regular file)\n'],
  ])('%s naming a FIFO: exit 2, one line', (option, stderr) => {
    const root = tree({ 't.yaml': BAD_YAML });
    if (!fifo(path.join(root, 'ff'))) return;
    expect(run(root, [option, 'ff', 't.yaml'])).toEqual({ status: 2, stdout: '', stderr });
  });

  it('the config found in the checkout, a FIFO or a link to one: the same error', () => {
    const root = tree({ 't.yaml': BAD_YAML, 'sub/t.yaml': BAD_YAML });
    if (!fifo(path.join(root, 'pipe'))) return;
    fs.symlinkSync('pipe', path.join(root, '.iam-profile-lint.yaml'));
    expect(run(root, ['t.yaml'])).toEqual({ status: 2, stdout: '', stderr: 'iam-profile-lint: .iam-profile-lint.yaml: cannot read config file (not a regular file)\n' });
    fs.rmSync(path.join(root, '.iam-profile-lint.yaml'));
    fs.renameSync(path.join(root, 'pipe'), path.join(root, 'sub', '.iam-profile-lint.yml'));
    const r = run(path.join(root, 'sub'), ['t.yaml']);
    expect(r).toEqual({ status: 2, stdout: '', stderr: 'iam-profile-lint: .iam-profile-lint.yml: cannot read config file (not a regular file)\n' });
  });

  it('a config larger than the limit is refused unread (a sparse file: no disk is used)', () => {
    const root = tree({ 't.yaml': BAD_YAML, '.iam-profile-lint.yaml': '' });
    fs.truncateSync(path.join(root, '.iam-profile-lint.yaml'), 64 * 1024 * 1024);
    const r = run(root, ['t.yaml']);
    expect(r).toEqual({ status: 2, stdout: '', stderr: 'iam-profile-lint: .iam-profile-lint.yaml: cannot read config file (67108864 bytes, larger than the limit of 10485760)\n' });
  });

  it('a binary baseline or parameters file says so', () => {
    const root = tree({ 't.yaml': BAD_YAML, 'b.json': new Uint8Array([123, 0, 125]) });
    expect(run(root, ['--baseline', 'b.json', 't.yaml']).stderr).toBe('iam-profile-lint: b.json: cannot read baseline (a NUL byte at byte offset 1: not a text file)\n');
    expect(run(root, ['--parameters-file', 'b.json', 't.yaml']).stderr).toBe(
      'iam-profile-lint: --parameters-file b.json: cannot be read (a NUL byte at byte offset 1: not a text file)\n',
    );
  });

  it('a missing baseline or parameters file still says "no such file"', () => {
    const root = tree({ 't.yaml': BAD_YAML });
    expect(run(root, ['--baseline', 'nope.json', 't.yaml']).stderr).toBe('iam-profile-lint: nope.json: cannot read baseline (no such file)\n');
    expect(run(root, ['--parameters-file', 'nope.json', 't.yaml']).stderr).toBe('iam-profile-lint: --parameters-file nope.json: no such file\n');
  });
});

describe('files a checkout brings along that only steer the run', () => {
  it('a .gitignore or a .terraform/modules/modules.json that is a FIFO is passed over, and the run lints', () => {
    // A registry module call makes the run look for where `terraform init` installed it.
    const registry = 'module "iam" {\n  source = "terraform-aws-modules/iam/aws"\n}\n';
    const root = tree({ 't.yaml': BAD_YAML, 'tf/main.tf': BAD_TF, 'tf/registry.tf': registry, 'tf/.terraform/modules/.keep': '' });
    if (!fifo(path.join(root, '.gitignore')) || !fifo(path.join(root, 'tf', '.terraform', 'modules', 'modules.json'))) return;
    fs.mkdirSync(path.join(root, '.git'));
    const r = run(root, ['--format', 'compact', '.']);
    expectNoCrash(r);
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n').filter(Boolean).map((l) => l.split(':')[0])).toEqual(['t.yaml', 'tf/main.tf']);
  });
});
