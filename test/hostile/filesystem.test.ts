// The file system as it is in the wild: links, loops, unreadable and vanishing files, odd names.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discover } from '../../src/discover/discover.js';
import { readSource } from '../../src/discover/read-source.js';
import { BAD_TF, BAD_YAML, cleanup, expectNoCrash, ROLE_YAML, run, tree } from './helpers.js';

afterEach(cleanup);

function compactLines(cwd: string, args: string[] = ['.']): { status: number | null; lines: string[]; stderr: string } {
  const r = run(cwd, ['--format', 'compact', ...args]);
  expectNoCrash(r);
  return { status: r.status, lines: r.stdout.split('\n').filter(Boolean), stderr: r.stderr };
}

describe('links', () => {
  it('directory link loops are not followed, so the walk ends', () => {
    const root = tree({ 'a/t.yaml': BAD_YAML });
    fs.symlinkSync('..', path.join(root, 'a', 'up'));
    fs.symlinkSync('.', path.join(root, 'a', 'here'));
    fs.symlinkSync(path.join(root, 'b'), path.join(root, 'c'));
    fs.symlinkSync(path.join(root, 'c'), path.join(root, 'b'));
    const { status, lines } = compactLines(root);
    expect(lines).toEqual([expect.stringMatching(/^a\/t\.yaml:19:27: error \[role-as-instance-profile\]/)]);
    expect(status).toBe(1);
  });

  it('a file link that points at itself is a finding, not a hang', () => {
    const root = tree({});
    fs.symlinkSync('self.tf', path.join(root, 'self.tf'));
    const { lines } = compactLines(root);
    expect(lines).toEqual([expect.stringMatching(/^self\.tf:1:1: error \[parse-error\] cannot read: ELOOP/)]);
  });

  it('a link to a file outside the linted directories is not followed (an info notice), one inside is', () => {
    const outside = tree({ 'secret.yaml': BAD_YAML, 'main.tf': BAD_TF });
    const root = tree({ 'in/t.yaml': BAD_YAML });
    fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(root, 'in', 'linked.yaml'));
    fs.symlinkSync(path.join(outside, 'main.tf'), path.join(root, 'in', 'linked.tf'));
    fs.symlinkSync(path.join(root, 'in', 't.yaml'), path.join(root, 'in', 'inside.yaml'));
    const { status, lines } = compactLines(root, ['in']);
    expect(lines).toEqual([
      expect.stringMatching(/^in\/inside\.yaml:19:27: error \[role-as-instance-profile\]/),
      'in/linked.tf:1:1: info [skipped-file] not linted: a symbolic link to a file outside the linted directories (links are followed only inside them)',
      'in/linked.yaml:1:1: info [skipped-file] not linted: a symbolic link to a file outside the linted directories (links are followed only inside them)',
      expect.stringMatching(/^in\/t\.yaml:19:27: error \[role-as-instance-profile\]/),
    ]);
    expect(status).toBe(1);
  });

  it('a link given by name follows the walk\'s rule: read inside the given paths or the working directory, not outside', () => {
    const outside = tree({ 'secret.yaml': BAD_YAML, 'passwd': 'root:x:0:0:root:/root:/bin/bash\n' });
    const root = tree({ 'in/t.yaml': BAD_YAML, 'elsewhere/real.yaml': BAD_YAML });
    fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(root, 'linked.yaml'));
    fs.symlinkSync(path.join(outside, 'passwd'), path.join(root, 'passwd.tf'));
    fs.symlinkSync(path.join(root, 'elsewhere', 'real.yaml'), path.join(root, 'in', 'to-cwd.yaml'));
    fs.symlinkSync('t.yaml', path.join(root, 'in', 'to-sibling.yaml'));
    const r = compactLines(root, ['linked.yaml', 'passwd.tf', 'in/to-cwd.yaml', 'in/to-sibling.yaml']);
    expect(r.lines).toEqual([
      expect.stringMatching(/^in\/to-cwd\.yaml:19:27: error \[role-as-instance-profile\]/),
      expect.stringMatching(/^in\/to-sibling\.yaml:19:27: error \[role-as-instance-profile\]/),
      'linked.yaml:1:1: info [skipped-file] not linted: a symbolic link to a file outside the linted directories (links are followed only inside them)',
      'passwd.tf:1:1: info [skipped-file] not linted: a symbolic link to a file outside the linted directories (links are followed only inside them)',
    ]);
    expect(r.stderr).not.toContain('root');
    // From outside the project, a link into another given path is still followed, whatever the order of the paths.
    const away = tree({});
    const given = [path.join(root, 'in', 'to-cwd.yaml'), path.join(root, 'elsewhere')];
    expect(run(away, ['--format', 'compact', ...given]).stdout).toMatch(/to-cwd\.yaml:19:27: error \[role-as-instance-profile\]/);
    expect(run(away, ['--format', 'compact', given[0]]).stdout).toMatch(/to-cwd\.yaml:1:1: info \[skipped-file\] not linted: a symbolic link to a file outside/);
  });
});

describe('unreadable, vanishing and odd files', () => {
  it('an unreadable file is a finding naming it, and the others are linted', () => {
    const root = tree({ 'locked.yaml': BAD_YAML, 'ok.yaml': BAD_YAML });
    fs.chmodSync(path.join(root, 'locked.yaml'), 0o000);
    // Root reads mode 000 files (CAP_DAC_OVERRIDE), so as root the CLI runs as nobody, who cannot.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      fs.chmodSync(root, 0o755);
      fs.chmodSync(path.join(root, 'ok.yaml'), 0o644);
    }
    const r = run(root, ['--format', 'compact', '.'], asRoot ? { uid: 65534, gid: 65534 } : {});
    expectNoCrash(r);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines[0]).toMatch(/^locked\.yaml:1:1: error \[parse-error\] cannot read: EACCES: permission denied/);
    expect(lines[1]).toMatch(/^ok\.yaml:19:27: error \[role-as-instance-profile\]/);
    expect(r.status).toBe(1);
  });

  it('a file that vanishes between listing and reading is a finding, not a crash', async () => {
    // A dangling link is the file system's own picture of a file that vanished after it was listed.
    const root = tree({ 'ok.tf': BAD_TF, 'gone.tf': BAD_TF });
    fs.symlinkSync(path.join(root, 'gone.tf'), path.join(root, 'link.tf'));
    fs.rmSync(path.join(root, 'gone.tf'));
    const { lines } = compactLines(root);
    expect(lines[0]).toMatch(/^link\.tf:1:1: error \[parse-error\] cannot read: a symbolic link to .*gone\.tf, which does not exist$/);
    expect(lines[1]).toMatch(/^ok\.tf:12:\d+: error \[role-as-instance-profile\]/);
    // Removed after being listed: what discovery reads with returns a value, and discovery turns it into a problem.
    fs.rmSync(path.join(root, 'ok.tf'));
    expect(readSource(path.join(root, 'ok.tf'), 0)).toMatchObject({ kind: 'error', error: expect.objectContaining({ code: 'ENOENT' }) });
    const walked = await discover(['.'], { cwd: root, ignore: [] });
    expect(walked.units).toEqual([]);
    expect(walked.problems).toEqual([{ path: 'link.tf', message: expect.stringContaining('which does not exist') }]);
  });

  it('directories named like files are walked as directories', () => {
    const root = tree({ 'x.tf/main.tf': BAD_TF, 'y.yaml/t.yaml': BAD_YAML, 'z.tf.json/README': 'not a module' });
    const { lines } = compactLines(root);
    expect(lines.map((l) => l.split(':')[0])).toEqual(['x.tf/main.tf', 'y.yaml/t.yaml']);
    expect(compactLines(root, ['x.tf']).lines.map((l) => l.split(':')[0])).toEqual(['x.tf/main.tf']);
  });

  it('a FIFO named like a template neither blocks the walk nor the run', () => {
    const root = tree({ 'ok.yaml': BAD_YAML });
    try {
      execFileSync('mkfifo', [path.join(root, 'pipe.tf'), path.join(root, 'pipe.yaml')]);
    } catch {
      console.log('skipped: mkfifo is not available');
      return;
    }
    // Walked or given, the same visible notice; the run does not also claim it found nothing.
    const walked = compactLines(root);
    expect(walked.lines).toEqual([
      expect.stringMatching(/^ok\.yaml:19:27: error \[role-as-instance-profile\]/),
      'pipe.tf:1:1: warning [skipped-file] not linted: a FIFO (named pipe)',
      'pipe.yaml:1:1: warning [skipped-file] not linted: a FIFO (named pipe)',
    ]);
    const given = compactLines(root, ['pipe.tf', 'pipe.yaml']);
    expect(given.lines).toEqual(['pipe.tf:1:1: warning [skipped-file] not linted: a FIFO (named pipe)', 'pipe.yaml:1:1: warning [skipped-file] not linted: a FIFO (named pipe)']);
    expect(given.stderr).toBe('');
    fs.symlinkSync('pipe.tf', path.join(root, 'to-pipe.tf'));
    expect(compactLines(root).lines).toContain('to-pipe.tf:1:1: warning [skipped-file] not linted: a FIFO (named pipe)');
  });

  it('a binary file is said to be skipped whatever its extension (info where it may not be a template at all)', () => {
    const bytes = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]);
    const root = tree({ 'a.tf': bytes, 'b.yaml': bytes, 'c.json': bytes, 'ok.yaml': BAD_YAML });
    const { lines } = compactLines(root);
    expect(lines).toEqual([
      'a.tf:1:1: warning [skipped-file] not linted: a NUL byte at byte offset 4 marks a binary file',
      'b.yaml:1:1: info [skipped-file] not linted: a NUL byte at byte offset 4 marks a binary file',
      'c.json:1:1: info [skipped-file] not linted: a NUL byte at byte offset 4 marks a binary file',
      expect.stringMatching(/^ok\.yaml:19:27: error \[role-as-instance-profile\]/),
    ]);
    const alone = run(root, ['a.tf']);
    expect(alone.stderr).toBe('');
    expect(alone.stdout).toContain('not linted: a NUL byte');
  });

  it('a given path that does not exist: exit 2 with a clear message', () => {
    const root = tree({ 'ok.yaml': BAD_YAML });
    const r = run(root, ['ok.yaml', 'nope', path.join(os.tmpdir(), 'ipl-no-such-dir', 'x.tf')]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^iam-profile-lint: no such file or directory: nope\n/);
  });
});

describe('nothing is read outside the linted paths, even inside the working directory', () => {
  const CHILD = `Resources:\n${ROLE_YAML}Outputs:\n  RoleName:\n    Value: !Ref AppRole\n`;
  const parent = (url: string): string =>
    `Resources:\n  Nested:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ${url}\n  Instance:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-12345678\n      MetadataOptions: { HttpTokens: required }\n      IamInstanceProfile: !GetAtt Nested.Outputs.RoleName\n`;

  it('a nested template inside the linted folder is followed (the role in it is found)', () => {
    const root = tree({ 'infra/parent.yaml': parent('./stacks/child.yaml'), 'infra/stacks/child.yaml': CHILD });
    expect(compactLines(root, ['infra/parent.yaml', 'infra/stacks']).lines.some((l) => l.includes('[role-as-instance-profile]'))).toBe(true);
    expect(compactLines(root, ['infra']).lines.some((l) => l.includes('[role-as-instance-profile]'))).toBe(true);
  });

  it.each(['../elsewhere/child.yaml', '../../etc/passwd', '/etc/passwd', '/proc/self/environ', '/dev/zero'])('TemplateURL %s outside the linted folder is not read', (url) => {
    const root = tree({ 'infra/parent.yaml': parent(url), 'elsewhere/child.yaml': CHILD });
    const { lines } = compactLines(root, ['infra']);
    expect(lines.filter((l) => l.includes('[role-as-instance-profile]'))).toEqual([]);
    expect(lines.filter((l) => l.includes('internal-error'))).toEqual([]);
  });

  it('from / with an absolute path: /etc/passwd and /dev/zero are not read, and the run ends', () => {
    const root = tree({ 'infra/parent.yaml': parent('../../../../../../../../dev/zero') });
    const r = run('/', ['--format', 'compact', path.join(root, 'infra')]);
    expectNoCrash(r);
  });

  it('a link in the linted folder to a file elsewhere under the working directory is not linted', () => {
    const root = tree({ 'infra/t.yaml': BAD_YAML, 'elsewhere/secret.yaml': BAD_YAML });
    fs.symlinkSync(path.join(root, 'elsewhere', 'secret.yaml'), path.join(root, 'infra', 'linked.yaml'));
    const { lines } = compactLines(root, ['infra']);
    expect(lines).toEqual([
      'infra/linked.yaml:1:1: info [skipped-file] not linted: a symbolic link to a file outside the linted directories (links are followed only inside them)',
      expect.stringMatching(/^infra\/t\.yaml:19:27: error \[role-as-instance-profile\]/),
    ]);
  });
});
