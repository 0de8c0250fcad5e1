import { describe, expect, it } from 'vitest';
import { knownV8, shortRunFlags, tuneForShortRun } from '../../src/engine/short-run.js';

describe('tuning V8 for a process that ends after one run', () => {
  it('knows the V8 versions of Node 20 to 25 and no others', () => {
    expect(['11.3.244.8-node.33', '12.4.254.21-node.33', '13.6.233.10-node.1', '14.1.146.11'].map(knownV8)).toEqual([true, true, true, true]);
    expect(['10.2.154.26-node.36', '15.0.1', 'x'].map(knownV8)).toEqual([false, false, false]);
  });

  it('leaves a small run, and a V8 it does not know, untouched', () => {
    expect(tuneForShortRun(10_000)).toBe(false);
    expect(tuneForShortRun(10_000_000, '15.0.1')).toBe(false);
  });

  it('gives a mid-sized run both flags, and leaves the heap growth of a very large one to V8', () => {
    const node20 = '11.3.244.8-node.33';
    expect(shortRunFlags(100_000, node20)).toEqual([]);
    expect(shortRunFlags(13_000_000, node20)).toEqual(['--max-inlined-bytecode-size-cumulative=300', '--heap-growing-percent=100']);
    expect(shortRunFlags(130_000_000, node20)).toEqual(['--max-inlined-bytecode-size-cumulative=300']);
    expect(shortRunFlags(13_000_000, '15.0.1')).toEqual([]);
  });

  it('names only flags this V8 knows', async () => {
    const { execFileSync } = await import('node:child_process');
    const known = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8', maxBuffer: 1 << 24 });
    for (const flag of shortRunFlags(13_000_000, process.versions.v8)) expect(known).toContain(`${flag.split('=')[0]} `);
  });
});
