// A run on the roomy-heap worker (src/engine/roomy-heap.ts) must not change a byte of
// the output: the same findings in the same order as in the calling thread.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error the generator is plain JavaScript without types
import { generate } from '../../bench/generate.mjs';

// The worker runs compiled code, so this test runs dist/ (npm test builds first).
const DIST = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

type LintFn = (options: { paths: string[]; cwd?: string; heap?: 'auto' | 'always' | 'never'; timings?: Record<string, number>; fixes?: boolean }) => Promise<{ findings: unknown[]; files: string[] }>;

let dir: string;
let lint: LintFn;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-profile-lint-heap-'));
  // Small but with every construct: nested stacks, imports, module calls, findings of most rules.
  generate(dir, { scale: 0.02, seed: 11 });
  fs.cpSync(path.join(ROOT, 'examples'), path.join(dir, 'examples'), { recursive: true });
  ({ lint } = (await import(DIST)) as { lint: LintFn });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a run on the roomy-heap worker', () => {
  it('gives the same findings, in the same order, and the same files as inline', async () => {
    const inline = await lint({ paths: ['.'], cwd: dir, heap: 'never' });
    expect(inline.findings.length).toBeGreaterThan(10);
    const timings: Record<string, number> = {};
    const onWorker = await lint({ paths: ['.'], cwd: dir, heap: 'always', timings });
    expect(JSON.stringify(onWorker.findings)).toBe(JSON.stringify(inline.findings));
    expect(onWorker.files).toEqual(inline.files);
    // The worker's stage timings come back to the caller.
    expect(Object.keys(timings)).toEqual(expect.arrayContaining(['discover', 'terraform', 'rules']));
  });

  it('gives the same findings on the fixtures, whose modules call each other', async () => {
    const fixtures = path.join(ROOT, 'fixtures');
    const inline = await lint({ paths: ['.'], cwd: fixtures, heap: 'never' });
    const onWorker = await lint({ paths: ['.'], cwd: fixtures, heap: 'always' });
    expect(JSON.stringify(onWorker.findings)).toBe(JSON.stringify(inline.findings));
  });

  it('builds the same fix edits there when asked (the requests cross as plain data)', async () => {
    const fixtures = path.join(ROOT, 'fixtures');
    const inline = await lint({ paths: ['.'], cwd: fixtures, heap: 'never', fixes: true });
    const onWorker = await lint({ paths: ['.'], cwd: fixtures, heap: 'always', fixes: true });
    expect(JSON.stringify(inline.findings)).toContain('"edits":[');
    expect(JSON.stringify(onWorker.findings)).toBe(JSON.stringify(inline.findings));
  });

  it('prints the same bytes from the CLI run after run', () => {
    const run = () => spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), '.', '--format', 'json'], { cwd: dir, encoding: 'utf8' }).stdout;
    const first = run();
    expect(first.length).toBeGreaterThan(100);
    expect(run()).toBe(first);
  });
});

describe('when a run gets the roomy heap', () => {
  const GB = 2 ** 30;
  let roomyHeapMb: (chars: number, mode?: 'auto' | 'always' | 'never', limit?: number, memory?: number) => number | undefined;
  beforeAll(async () => {
    ({ roomyHeapMb } = (await import(fileURLToPath(new URL('../../dist/engine/roomy-heap.js', import.meta.url)))) as { roomyHeapMb: typeof roomyHeapMb });
  });

  it('stays in the calling thread while the input fits the heap it has', () => {
    expect(roomyHeapMb(13e6, 'auto', 4.3 * GB, 24 * GB)).toBeUndefined();
    expect(roomyHeapMb(60e6, 'auto', 4.3 * GB, 24 * GB)).toBeUndefined();
  });

  it('moves a run too big for that heap to one sized to its input, within three quarters of the memory', () => {
    const mb = roomyHeapMb(130e6, 'auto', 4.3 * GB, 24 * GB) as number;
    expect(mb * 2 ** 20).toBeGreaterThan(4.3 * GB);
    expect(mb).toBe(Math.ceil((130e6 * 64) / 2 ** 20));
    expect(roomyHeapMb(1e9, 'auto', 4.3 * GB, 24 * GB)).toBe(Math.ceil((24 * GB * 0.75) / 2 ** 20));
  });

  it('keeps a small run in this thread without asking V8 (no Node heap is under 16 MB)', () => {
    expect(roomyHeapMb(100_000, 'auto', 1 * 2 ** 20, 24 * GB)).toBeUndefined();
    expect(roomyHeapMb(100_000, 'always', 4.3 * GB, 24 * GB)).toBe(Math.ceil((4.3 * GB) / 2 ** 20));
  });

  it('stays when the machine has no more memory to give than the heap already has', () => {
    expect(roomyHeapMb(130e6, 'auto', 4.3 * GB, 4 * GB)).toBeUndefined();
  });

  it('obeys always and never', () => {
    expect(roomyHeapMb(1, 'never', 4.3 * GB, 24 * GB)).toBeUndefined();
    expect(roomyHeapMb(130e6, 'never', 4.3 * GB, 24 * GB)).toBeUndefined();
    expect(roomyHeapMb(1, 'always', 4.3 * GB, 24 * GB)).toBe(Math.ceil((4.3 * GB) / 2 ** 20));
  });
});
