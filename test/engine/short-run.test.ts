import { describe, expect, it } from 'vitest';
import { knownV8, tuneForShortRun } from '../../src/engine/short-run.js';

describe('tuning V8 for a process that ends after one run', () => {
  it('knows the V8 versions of Node 20 to 25 and no others', () => {
    expect(['11.3.244.8-node.33', '12.4.254.21-node.33', '13.6.233.10-node.1', '14.1.146.11'].map(knownV8)).toEqual([true, true, true, true]);
    expect(['10.2.154.26-node.36', '15.0.1', 'x'].map(knownV8)).toEqual([false, false, false]);
  });

  it('leaves a small run, and a V8 it does not know, untouched', () => {
    expect(tuneForShortRun(10_000)).toBe(false);
    expect(tuneForShortRun(10_000_000, '15.0.1')).toBe(false);
  });
});
