// Entry of the roomy-heap worker (roomy-heap.ts): lint what the main thread read, reply, exit.
import { parentPort, workerData } from 'node:worker_threads';
import { lintDiscovered } from './run.js';
import type { LintJob, LintReply } from './roomy-heap.js';

const job = workerData as LintJob;
const errors: LintReply['errors'] = [];
const timings: Record<string, number> | undefined = job.timed ? {} : undefined;
const result = await lintDiscovered(job.found, {
  ...job.options,
  timings,
  onInternalError: (error, file) => {
    errors.push({ file, message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });
  },
});
const reply: LintReply = { result, errors, timings };
parentPort?.postMessage(reply);
