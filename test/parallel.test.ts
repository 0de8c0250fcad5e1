// Terraform on a worker thread (src/parallel.ts) must not change a byte of the
// output: the same findings in the same order, whatever the split or timing.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error the generator is plain JavaScript without types
import { generate } from '../bench/generate.mjs';

// The worker runs compiled code, so this test runs dist/ (npm test builds first).
const DIST = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

type LintFn = (options: { paths: string[]; cwd?: string; parallel?: 'auto' | 'always' | 'never' }) => Promise<{ findings: unknown[] }>;

let dir: string;
let lint: LintFn;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-profile-lint-parallel-'));
  // Small but with every construct: nested stacks, imports, module calls, findings of most rules.
  generate(dir, { scale: 0.02, seed: 11 });
  fs.cpSync(path.join(ROOT, 'examples'), path.join(dir, 'examples'), { recursive: true });
  ({ lint } = (await import(DIST)) as { lint: LintFn });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('Terraform on a worker thread', () => {
  it('gives the same findings, in the same order, as inline', async () => {
    const inline = await lint({ paths: ['.'], cwd: dir, parallel: 'never' });
    expect(inline.findings.length).toBeGreaterThan(10);
    for (let i = 0; i < 3; i++) {
      const parallel = await lint({ paths: ['.'], cwd: dir, parallel: 'always' });
      expect(JSON.stringify(parallel.findings)).toBe(JSON.stringify(inline.findings));
    }
  });

  it('gives the same findings on the fixtures, whose modules call each other', async () => {
    const fixtures = path.join(ROOT, 'fixtures');
    const inline = await lint({ paths: ['.'], cwd: fixtures, parallel: 'never' });
    const parallel = await lint({ paths: ['.'], cwd: fixtures, parallel: 'always' });
    expect(JSON.stringify(parallel.findings)).toBe(JSON.stringify(inline.findings));
  });

  it('prints the same bytes from the CLI run after run', () => {
    const run = () => spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), '.', '--format', 'json'], { cwd: dir, encoding: 'utf8' }).stdout;
    const first = run();
    expect(first.length).toBeGreaterThan(100);
    expect(run()).toBe(first);
  });
});
