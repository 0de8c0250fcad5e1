import { Worker } from 'node:worker_threads';
import type { TerraformUnit, Unit } from './discover.js';
import type { GraphParts } from './graph/graph.js';
import { pushAll } from './guard.js';
import { plainRange, SourceRange } from './source.js';

/**
 * Terraform on a worker thread while the main thread reads CloudFormation.
 *
 * Measured on the corpus (bench/run.mjs, DESIGN §8): structured-cloning parsed
 * trees costs more than parsing them (HCL: 0.9 s to deserialize what parses
 * in 0.3 s), but a module's built resources clone for about a seventh of the
 * build. So the split is by unit, not by stage: the worker parses and
 * builds whole Terraform modules (module calls are read and linked inside it,
 * as they are inline; every module of the run is seeded in both threads) and
 * sends back one chunk of graph parts per module, while the main thread reads
 * the CloudFormation templates and the remaining modules. Chunks are merged
 * in discovery order, so the graph, and the output, are the same either way.
 */

/** How Terraform is built: inline, or on a worker when both halves are big enough to overlap. */
export type Parallelism = 'auto' | 'always' | 'never';

/**
 * Half the weighed input (bytes) a run needs before 'auto' uses a worker.
 * Measured on the corpus (13 MB) on a 2-core machine whose other core was
 * busy: the worker added 0.65 s of CPU (start-up, a second cold JIT, the
 * clone of its results) and 75 MB of peak RSS (430 MB, over the 400 MB
 * budget), and the wall time got worse (3.6-4.0 s against 3.2 s inline). So
 * 'auto' stays inline at corpus size; the threshold is to be lowered once an
 * idle machine shows the worker paying (`parallel: 'always'` to measure).
 */
export const PARALLEL_MIN_BYTES = 32_000_000;

export interface TerraformSettings {
  variables?: Record<string, string>;
  varFiles?: string[];
}

export interface WorkerJob {
  /** The modules to build. */
  units: TerraformUnit[];
  /** Every Terraform module of the run, so that module calls resolve to the same files in both threads. */
  seed: TerraformUnit[];
  cwd: string;
  settings: TerraformSettings;
}

/** An exception contained in the worker, for the main thread's internal-error hook. */
export interface WorkerError {
  file: string;
  message: string;
  stack?: string;
}

export interface WorkerReply {
  chunks: GraphParts[];
  errors: WorkerError[];
  ms: number;
}

/**
 * Per byte, building Terraform costs about 1.5 times what reading
 * CloudFormation does (stage timings on the corpus), and the worker's own
 * start-up about as much as 0.5 MB of Terraform.
 */
const TERRAFORM_WEIGHT = 1.5;
const WORKER_START_WEIGHT = 750_000;

function unitWeight(u: Unit): number {
  if (u.kind === 'cloudformation') return u.file.text.length;
  let n = 0;
  for (const f of u.files) n += f.text.length;
  return n * TERRAFORM_WEIGHT;
}

/**
 * The Terraform modules to build on the worker, leading modules in discovery
 * order until the worker has about half the run's work; none when the run is
 * too small for a worker to pay (or `mode` says so).
 */
export function workerShare(units: readonly Unit[], mode: Parallelism = 'auto'): TerraformUnit[] {
  const terraform = units.filter((u): u is TerraformUnit => u.kind === 'terraform');
  if (mode === 'never' || terraform.length === 0) return [];
  const total = units.reduce((n, u) => n + unitWeight(u), 0);
  if (mode === 'auto' && total < 2 * PARALLEL_MIN_BYTES) return [];
  const share: TerraformUnit[] = [];
  let weight = WORKER_START_WEIGHT;
  for (const u of terraform) {
    if (weight >= total / 2 && share.length > 0) break;
    share.push(u);
    weight += unitWeight(u);
  }
  return share;
}

/** Builds the Terraform units on a worker thread; one chunk per unit, in order. */
export function buildTerraformOnWorker(job: WorkerJob): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./terraform-worker.js', import.meta.url), { workerData: job });
    let reply: WorkerReply | undefined;
    worker.once('message', (message: WorkerReply) => (reply = message));
    worker.once('error', reject);
    worker.once('exit', (code) => (reply ? resolve(reply) : reject(new Error(`Terraform worker exited with code ${code}`))));
  });
}

/** Adds a chunk's parts to the run's, keeping their order. */
export function mergeParts(into: GraphParts, chunk: GraphParts): void {
  pushAll(into.resources, chunk.resources);
  pushAll(into.unresolved, chunk.unresolved);
  pushAll(into.parseDiagnostics, chunk.parseDiagnostics);
  for (const [file, text] of chunk.sources) into.sources.set(file, text);
  if (chunk.notices?.length) pushAll((into.notices ??= []), chunk.notices);
}

export function emptyParts(): GraphParts {
  return { resources: [], unresolved: [], parseDiagnostics: [], sources: new Map(), notices: [] };
}

/**
 * A structured clone keeps own fields and drops prototypes, so a lazy
 * `SourceRange` would arrive as offsets without its positions: the worker
 * turns every range it sends into the plain `{ start, end }` form first.
 */
export function withPlainRanges<T extends object>(root: T): T {
  const seen = new Set<object>([root]);
  const stack: object[] = [root];
  const visit = (value: unknown): unknown => {
    if (value instanceof SourceRange) return plainRange(value);
    if (typeof value === 'object' && value !== null && !seen.has(value)) {
      seen.add(value);
      stack.push(value);
    }
    return value;
  };
  for (let o = stack.pop(); o !== undefined; o = stack.pop()) {
    if (o instanceof Map) for (const [k, v] of o) o.set(k, visit(v));
    else if (o instanceof Set) for (const v of o) visit(v);
    else {
      const record = o as Record<string, unknown>;
      for (const key of Object.keys(record)) record[key] = visit(record[key]);
    }
  }
  return root;
}
