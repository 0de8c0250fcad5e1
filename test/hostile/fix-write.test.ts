// --fix cannot lose or fake anything: atomic writes keeping the mode (and owner), in place for hard links, none over a read-only file, no write over a file saved
// meanwhile, none through a link leaving the linted paths, an unwritable file is a finding while the
// others are fixed, and --output-file cannot name a linted file.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFixesAtomically } from '../../src/fix/write.js';
import { BAD_YAML, cleanup, expectNoCrash, run, tree } from './helpers.js';

afterEach(cleanup);

const FIXED_LINE = /IamInstanceProfile: !Ref AppRoleInstanceProfile/;

describe('--fix writes atomically', () => {
  it('replaces the file by rename (a new inode, no temporary file left) and keeps its mode', () => {
    const root = tree({ 'a.yaml': BAD_YAML });
    const file = path.join(root, 'a.yaml');
    fs.chmodSync(file, 0o640);
    const inode = fs.statSync(file).ino;
    const r = run(root, ['--fix', '--format', 'compact', '.']);
    expectNoCrash(r);
    expect(fs.readFileSync(file, 'utf8')).toMatch(FIXED_LINE);
    expect(fs.statSync(file).ino).not.toBe(inode);
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(root)).toEqual(['a.yaml']);
  });

  it('a link given explicitly to a file outside its folder is not written through; the finding says so', () => {
    // Inside the working directory, so it is read (a link leaving the project is not even read: filesystem.test.ts).
    const root = tree({ 'in/ok.yaml': BAD_YAML, 'elsewhere/real.yaml': BAD_YAML });
    fs.symlinkSync(path.join(root, 'elsewhere', 'real.yaml'), path.join(root, 'in', 'linked.yaml'));
    const outside = tree({ 'real.yaml': BAD_YAML });
    fs.symlinkSync(path.join(outside, 'real.yaml'), path.join(root, 'in', 'away.yaml'));
    const r = run(root, ['--fix', '--format', 'compact', 'in/linked.yaml', 'in/away.yaml', 'in/ok.yaml']);
    expectNoCrash(r);
    expect(fs.readFileSync(path.join(root, 'elsewhere', 'real.yaml'), 'utf8')).toBe(BAD_YAML);
    expect(fs.readFileSync(path.join(outside, 'real.yaml'), 'utf8')).toBe(BAD_YAML);
    expect(fs.readFileSync(path.join(root, 'in', 'ok.yaml'), 'utf8')).toMatch(FIXED_LINE);
    expect(r.stdout).toMatch(/^in\/linked\.yaml:1:1: error \[skipped-file\] not fixed: it is a link to a file outside the linted paths/m);
    expect(r.stdout).toMatch(/^in\/away\.yaml:1:1: info \[skipped-file\] not linted: a symbolic link to a file outside the linted directories/m);
    expect(r.status).toBe(1);
  });

  it('--output-file naming a linted file is a usage error, and the file is untouched', () => {
    const root = tree({ 'a.yaml': BAD_YAML });
    const r = run(root, ['--format', 'json', '--output-file', 'a.yaml', '.']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--output-file a\.yaml is one of the linted files/);
    expect(fs.readFileSync(path.join(root, 'a.yaml'), 'utf8')).toBe(BAD_YAML);
  });

  it('--write-baseline naming a linted file, directly, through .. or a link: exit 2, and the file is untouched', () => {
    const root = tree({ 'out/t.yaml': BAD_YAML });
    fs.symlinkSync('out/t.yaml', path.join(root, 'link.yaml'));
    for (const target of ['out/t.yaml', 'out/../out/t.yaml', 'link.yaml']) {
      const r = run(root, ['--write-baseline', target, 'out/t.yaml']);
      expect(r).toEqual({ status: 2, stdout: '', stderr: `iam-profile-lint: --write-baseline ${target} is one of the linted files; writing the baseline there would overwrite it\n` });
      expect(fs.readFileSync(path.join(root, 'out', 't.yaml'), 'utf8')).toBe(BAD_YAML);
    }
  });

  it('an unwritable file is a finding; the other files are fixed and reported', () => {
    const root = tree({ 'locked/a.yaml': BAD_YAML, 'open/b.yaml': BAD_YAML });
    // Root writes anywhere (CAP_DAC_OVERRIDE), so as root the CLI runs as nobody, who cannot write in locked/.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      fs.chmodSync(root, 0o755);
      for (const f of ['locked/a.yaml', 'open/b.yaml']) fs.chmodSync(path.join(root, f), 0o666);
      fs.chownSync(path.join(root, 'open'), 65534, 65534);
    }
    fs.chmodSync(path.join(root, 'locked'), 0o555);
    const r = run(root, ['--fix', '--format', 'compact', '.'], asRoot ? { uid: 65534, gid: 65534 } : {});
    fs.chmodSync(path.join(root, 'locked'), 0o755);
    expectNoCrash(r);
    expect(fs.readFileSync(path.join(root, 'open', 'b.yaml'), 'utf8')).toMatch(FIXED_LINE);
    expect(fs.readFileSync(path.join(root, 'locked', 'a.yaml'), 'utf8')).toBe(BAD_YAML);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines).toContainEqual(expect.stringMatching(/^locked\/a\.yaml:1:1: error \[skipped-file\] not fixed: it cannot be written \(EACCES\)/));
    // What remains is what is on disk: locked/a.yaml still has its finding, open/b.yaml not.
    expect(lines).toContainEqual(expect.stringMatching(/^locked\/a\.yaml:19:27: error \[role-as-instance-profile\]/));
    expect(lines.filter((l) => l.startsWith('open/b.yaml') && l.includes('[role-as-instance-profile]'))).toEqual([]);
    expect(r.stderr).toMatch(/fixed 1 file/);
    expect(r.status).toBe(1);
  });
});

describe('--fix respects the file it replaces', () => {
  const asRoot = process.getuid?.() === 0;

  it('a read-only file in a writable directory is not written: a skipped-file finding (the rename alone would not ask)', () => {
    const root = tree({ 'ro/a.yaml': BAD_YAML, 'rw/b.yaml': BAD_YAML });
    // Root writes any file (CAP_DAC_OVERRIDE): as root the CLI runs as nobody, owning the tree.
    if (asRoot) for (const p of ['', 'ro', 'rw', 'ro/a.yaml', 'rw/b.yaml']) fs.chownSync(path.join(root, p), 65534, 65534);
    fs.chmodSync(path.join(root, 'ro', 'a.yaml'), 0o444);
    const r = run(root, ['--fix', '--format', 'compact', '.'], asRoot ? { uid: 65534, gid: 65534 } : {});
    expectNoCrash(r);
    expect(fs.readFileSync(path.join(root, 'ro', 'a.yaml'), 'utf8')).toBe(BAD_YAML);
    expect(fs.statSync(path.join(root, 'ro', 'a.yaml')).mode & 0o777).toBe(0o444);
    expect(fs.readFileSync(path.join(root, 'rw', 'b.yaml'), 'utf8')).toMatch(FIXED_LINE);
    expect(r.stdout).toMatch(/^ro\/a\.yaml:1:1: error \[skipped-file\] not fixed: it cannot be written \(EACCES\)/m);
    expect(r.status).toBe(1);
  });

  it('keeps the owner and group where the user may set them (as root: any)', () => {
    const root = tree({ 'a.yaml': BAD_YAML });
    const file = path.join(root, 'a.yaml');
    const [uid, gid] = asRoot ? [65534, 65534] : [fs.statSync(file).uid, fs.statSync(file).gid];
    fs.chownSync(file, uid, gid);
    fs.chmodSync(file, 0o640);
    const r = run(root, ['--fix', 'a.yaml']);
    expectNoCrash(r);
    expect(fs.readFileSync(file, 'utf8')).toMatch(FIXED_LINE);
    const after = fs.statSync(file);
    expect([after.uid, after.gid, after.mode & 0o777]).toEqual([uid, gid, 0o640]);
  });

  it('a hard-linked file is written in place, as ESLint and Ruff write: every name sees the fix, the link is kept', () => {
    const root = tree({ 'in/a.yaml': BAD_YAML });
    const file = path.join(root, 'in', 'a.yaml');
    fs.linkSync(file, path.join(root, 'other.yaml'));
    const inode = fs.statSync(file).ino;
    const r = run(root, ['--fix', 'in/a.yaml']);
    expectNoCrash(r);
    expect(fs.readFileSync(file, 'utf8')).toMatch(FIXED_LINE);
    expect(fs.readFileSync(path.join(root, 'other.yaml'), 'utf8')).toBe(fs.readFileSync(file, 'utf8'));
    expect([fs.statSync(file).ino, fs.statSync(file).nlink]).toEqual([inode, 2]);
    expect(fs.readdirSync(path.join(root, 'in'))).toEqual(['a.yaml']);
  });
});

describe('writeFixesAtomically', () => {
  it('refuses a file whose content changed since it was read, and still writes the others', () => {
    const root = tree({ 'a.yaml': 'saved meanwhile\n', 'b.yaml': 'old\n' });
    const files = ['a.yaml', 'b.yaml'].map((file) => ({ file, abs: path.join(root, file), before: 'old\n', after: 'new\n' }));
    const { written, refused } = writeFixesAtomically(files, [root]);
    expect(written.map((f) => f.file)).toEqual(['b.yaml']);
    expect(refused.map((f) => `${f.file}: ${f.message}`)).toEqual(['a.yaml: not fixed: it changed since it was read (saved meanwhile?); lint it again; its fixes were not applied, the other files\' were']);
    expect(fs.readFileSync(path.join(root, 'a.yaml'), 'utf8')).toBe('saved meanwhile\n');
    expect(fs.readFileSync(path.join(root, 'b.yaml'), 'utf8')).toBe('new\n');
  });

  it('never writes outside the roots', () => {
    const root = tree({ 'a.yaml': 'old\n' });
    const other = tree({});
    const { refused } = writeFixesAtomically([{ file: 'a.yaml', abs: path.join(root, 'a.yaml'), before: 'old\n', after: 'new\n' }], [other]);
    expect(refused).toHaveLength(1);
    expect(fs.readFileSync(path.join(root, 'a.yaml'), 'utf8')).toBe('old\n');
  });
});
