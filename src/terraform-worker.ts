// Entry of the Terraform worker thread (parallel.ts): build, reply, exit.
import { parentPort, workerData } from 'node:worker_threads';
import { buildTerraformChunks } from './index.js';
import { withPlainRanges, type WorkerError, type WorkerJob, type WorkerReply } from './parallel.js';

const job = workerData as WorkerJob;
const start = performance.now();
const errors: WorkerError[] = [];
const chunks = buildTerraformChunks(job.units, job.seed, job.cwd, job.settings, (error, file) => {
  errors.push({ file, message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });
});
const reply: WorkerReply = { chunks: withPlainRanges(chunks), errors, ms: performance.now() - start };
parentPort?.postMessage(reply);
