/**
 * Property-based fuzzing of every parser and of the whole lint (fast-check,
 * seeded): random and mutated inputs never throw, never hang, never report a
 * swallowed internal failure, and every diagnostic lies inside the file.
 * `npm test` runs a fixed number of cases; `npm run fuzz -- --runs N` runs N
 * in all (FUZZ_RUNS, FUZZ_SEED). A failure prints the input.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Checker, inputs, seeds, type Kind } from './harness.js';

const TOTAL = Number(process.env.FUZZ_RUNS ?? 6000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
/** Per case: far above any real case (milliseconds), so only a hang or a blow-up trips it. */
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 10_000);

const repo = path.resolve(import.meta.dirname, '..', '..');
const corpus = path.resolve(repo, '..', 'shared', 'corpus', 'realworld');
const roots = existsSync(corpus) ? [corpus] : [path.join(repo, 'fixtures'), path.join(repo, 'examples')];

/** Share of the cases per kind: the parsers are fast, a whole lint is slower. */
const WEIGHTS: Record<Kind, number> = {
  cloudformation: 4,
  hcl: 4,
  tfjson: 2,
  'embedded-json': 2,
  'lint-yaml': 1,
  'lint-json': 1,
  'lint-tf': 1.5,
  'lint-tfjson': 0.5,
};
const weightSum = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);

let checker: Checker;
beforeAll(async () => {
  checker = await Checker.start();
});
afterAll(async () => {
  await checker.close();
});

const figures: string[] = [];
afterAll(() => {
  console.log(`fuzz: seed ${SEED}, seeds from ${roots.join(', ')}\n${figures.join('\n')}`);
});

describe('fuzz', () => {
  for (const kind of Object.keys(WEIGHTS) as Kind[]) {
    const runs = Math.max(10, Math.round((TOTAL * WEIGHTS[kind]) / weightSum));
    it(`${kind}: ${runs} cases`, { timeout: runs * BUDGET_MS + 60_000 }, async () => {
      const pool = seeds(kind, roots);
      expect(pool.length, 'seed files').toBeGreaterThan(0);
      const start = performance.now();
      let cases = 0;
      let slowest = 0;
      const result = await fc.check(
        fc.asyncProperty(inputs(pool), async (text) => {
          cases++;
          const t = performance.now();
          const problems = await checker.check(kind, text, BUDGET_MS);
          slowest = Math.max(slowest, performance.now() - t);
          if (problems.length > 0) throw new Error(`${problems.join('\n')}\ninput (${text.length} chars): ${JSON.stringify(text.length > 4000 ? `${text.slice(0, 4000)}…` : text)}`);
        }),
        { seed: SEED, numRuns: runs, endOnFailure: true },
      );
      const seconds = (performance.now() - start) / 1000;
      figures.push(`  ${kind}: ${cases} cases in ${seconds.toFixed(1)} s (slowest ${slowest.toFixed(0)} ms), ${result.failed ? 1 : 0} failure`);
      if (result.failed) throw new Error(`${kind}: counterexample after ${result.numRuns} cases (seed ${SEED}, path ${result.counterexamplePath}):\n${result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance)}`);
    });
  }
});
