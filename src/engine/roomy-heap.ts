import { fromCommonJs } from '../shared/builtins.js';
import type { DiscoverResult } from '../discover/discover.js';
import type { HeapMode, LintOptions, LintResult } from './options.js';
import { lintDiscovered } from './run.js';

/**
 * A very large run goes to a worker thread whose heap is sized to its input.
 *
 * The graph keeps every value with its location, and a run's heap peaks at
 * about 34 bytes per character read (bench/generate.mjs: ×1, 13 MB, 0.5 GB;
 * ×10, 130 MB, 4.4 GB). Under Node's default limit (about 4.3 GB on a 64-bit
 * machine with 16 GB or more, less on smaller ones) the ×10 run spent most of
 * its time collecting garbage against the limit: 95 s, against 33 s with the
 * limit raised, which is ×10.7 the ×1 run. A worker is the one way to raise
 * the limit without restarting the process (`resourceLimits`); a small run
 * never pays the worker's start-up.
 *
 * Measured before this: Terraform modules built on a worker beside the
 * CloudFormation templates never paid for themselves (structured-cloning the
 * built parts back cost more than building them; on the ×10 run the main
 * thread waited 46 s for it), so a run is never split between threads.
 */

/** Heap asked for per character of input: the measured peak (about 34) with room for the collector to work. */
export const HEAP_BYTES_PER_INPUT_CHAR = 64;

/** At most this share of the machine's memory. */
const MAX_SHARE_OF_MEMORY = 0.75;

/**
 * Below this a run stays in this thread without asking V8 its limit: no Node heap is
 * this small, and `node:v8` loads a dozen modules (heap snapshots, serialisation) a small run never uses.
 */
const SURELY_ROOMY_BYTES = 16 * 2 ** 20;

/** The heap (MB) to run on a worker with, or undefined to run in this thread. */
export function roomyHeapMb(inputChars: number, mode: HeapMode = 'auto', heapLimit?: number, memory?: number): number | undefined {
  if (mode === 'never') return undefined;
  if (mode === 'auto' && inputChars * HEAP_BYTES_PER_INPUT_CHAR <= SURELY_ROOMY_BYTES) return undefined;
  heapLimit ??= (fromCommonJs('node:v8') as typeof import('node:v8')).getHeapStatistics().heap_size_limit;
  memory ??= (fromCommonJs('node:os') as typeof import('node:os')).totalmem();
  const wanted = Math.min(inputChars * HEAP_BYTES_PER_INPUT_CHAR, memory * MAX_SHARE_OF_MEMORY);
  if (mode === 'auto' && wanted <= heapLimit) return undefined;
  return Math.ceil(Math.max(wanted, heapLimit) / 2 ** 20);
}

/** What the worker is given: the files already read, and the options that cross a thread (no functions). */
export interface LintJob {
  found: DiscoverResult;
  options: Omit<LintOptions, 'onInternalError' | 'timings'>;
  timed: boolean;
}

/** What it sends back; contained exceptions go to the caller's hook here. */
export interface LintReply {
  result: LintResult;
  errors: Array<{ file: string; message: string; stack?: string }>;
  timings?: Record<string, number>;
}

/** Runs the rest of `lint` on a worker with `heapMb` of old generation; the result is the same as inline, byte for byte. */
export async function lintOnWorker(found: DiscoverResult, options: LintOptions, heapMb: number): Promise<LintResult> {
  const { onInternalError, timings, ...rest } = options;
  const job: LintJob = { found, options: rest, timed: timings !== undefined };
  const reply = await askWorker(job, heapMb).catch(() => undefined);
  // A worker that cannot start (or dies) leaves the run to this thread: slower, never lost.
  if (!reply) return lintDiscovered(found, options);
  for (const e of reply.errors) onInternalError?.(Object.assign(new Error(e.message), { stack: e.stack }), e.file);
  if (timings && reply.timings) for (const [stage, ms] of Object.entries(reply.timings)) timings[stage] = (timings[stage] ?? 0) + ms;
  return reply.result;
}

async function askWorker(job: LintJob, heapMb: number): Promise<LintReply> {
  // Imported here: a small run never starts a worker, and node:worker_threads cost about 1.5 ms of every start.
  const { Worker } = await import('node:worker_threads');
  return new Promise<LintReply>((resolve, reject) => {
    const worker = new Worker(new URL('./lint-worker.js', import.meta.url), { workerData: job, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    let got: LintReply | undefined;
    worker.once('message', (message: LintReply) => (got = message));
    worker.once('error', reject);
    worker.once('exit', (code) => (got ? resolve(got) : reject(new Error(`the lint worker exited with code ${code} before it answered`))));
  });
}
