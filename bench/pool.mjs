// What a worker_threads pool could gain on this machine, and what shipping built parts back would cost.
//
//   node bench/pool.mjs [DIR] [--runs 5] [--threads 1,2,N]
//
// The discovered units of DIR are dealt to T workers by size (largest first, to
// the least loaded); each parses, builds and runs the rules on its share alone
// (no cross-unit links: an upper bound for a pool that sends back only findings
// and per-unit summaries) and replies with its finding count (their sum differs
// from one run's where links across units matter). Printed per T:
// wall of the whole fan-out (median of --runs) beside the single-thread run of
// the same code, and, measured inside each worker in a separate fan-out, what structured-cloning its
// built resources would cost (the reply a pool that ships graph parts pays).
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { median, table } from './measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i < 0 ? fallback : args[i + 1];
};
const DIR = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? join(ROOT, '../shared/corpus');
const RUNS = Number(opt('--runs', 5));
const all = cpus().length;
const THREADS = String(opt('--threads', [...new Set([1, 2, all])].join(','))).split(',').map(Number);

const { discover } = await import('../dist/discover/discover.js');
const found = await discover([DIR], { cwd: ROOT, ignore: [] });
const size = (u) => (u.kind === 'cloudformation' ? u.file.text.length : u.files.reduce((n, f) => n + f.text.length, 0));

/** Units dealt to `t` shares, largest first to the least loaded: deterministic. */
function deal(t) {
  const shares = Array.from({ length: t }, () => ({ units: [], chars: 0 }));
  const order = found.units.map((u, i) => ({ u, i, n: size(u) })).sort((a, b) => b.n - a.n || a.i - b.i);
  for (const { u, n } of order) {
    const least = shares.reduce((m, s) => (s.chars < m.chars ? s : m));
    least.units.push(u);
    least.chars += n;
  }
  return shares.map((s) => ({ ...found, units: s.units }));
}

function runWorker(share, clone = false) {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./pool-worker.mjs', import.meta.url), { workerData: { found: share, cwd: ROOT, clone } });
    w.once('message', resolve);
    w.once('error', reject);
  });
}

async function fanOut(t) {
  const shares = deal(t);
  const start = performance.now();
  const replies = await Promise.all(shares.map((share) => runWorker(share)));
  return { wall: performance.now() - start, replies };
}

const { lintDiscovered } = await import('../dist/engine/run.js');
const single = [];
for (let r = 0; r < RUNS; r++) {
  const start = performance.now();
  await lintDiscovered(found, { paths: [DIR], cwd: ROOT });
  single.push(performance.now() - start);
}
const base = median(single);
const rows = [['threads', 'wall ms', 'vs this thread', 'findings', 'clone built parts ms (sum)', 'cloned MB (sum)']];
rows.push(['this thread, no worker', base.toFixed(0), '1.00x', '', '', '']);
for (const t of THREADS) {
  const runs = [];
  for (let r = 0; r < RUNS; r++) runs.push(await fanOut(t));
  const wall = median(runs.map((x) => x.wall));
  const findings = runs[runs.length - 1].replies.reduce((n, x) => n + x.findings, 0);
  const clones = await Promise.all(deal(t).map((share) => runWorker(share, true)));
  const sum = (k) => clones.reduce((n, x) => n + x[k], 0);
  rows.push([t, wall.toFixed(0), `${(base / wall).toFixed(2)}x`, findings, sum('cloneMs').toFixed(0), (sum('cloneBytes') / 1e6).toFixed(1)]);
}
console.log(`pool upper bound on ${DIR}: ${found.units.length} units, ${all} cores (medians of ${RUNS})`);
console.log(table(rows));
