// npm run fuzz -- --runs N [--seed S] [--budget-ms B]: the fuzz suite (test/fuzz) with N cases in
// all, split across the parsers and the whole lint. Builds first: the cases run on dist/ in a worker.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '6000' }, seed: { type: 'string' }, 'budget-ms': { type: 'string' } },
  allowPositionals: false,
});
const env = { ...process.env, FUZZ_RUNS: values.runs };
if (values.seed !== undefined) env.FUZZ_SEED = values.seed;
if (values['budget-ms'] !== undefined) env.FUZZ_BUDGET_MS = values['budget-ms'];

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const build = spawnSync(npx, ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const start = Date.now();
const run = spawnSync(npx, ['vitest', 'run', 'test/fuzz'], { stdio: 'inherit', env });
console.log(`fuzz: ${values.runs} cases requested, ${((Date.now() - start) / 1000).toFixed(1)} s in all, exit ${run.status}`);
process.exit(run.status ?? 1);
