import { defaultConfig } from '../config/config.js';
import { discover, type DiscoverResult } from '../discover/discover.js';
import type { Graph } from '../graph/types.js';
import { cwdOf, graphOf, stageClock } from './build-graph.js';
import type { LintOptions, LintResult } from './options.js';
import { lintOnWorker, roomyHeapMb } from './roomy-heap.js';
import { tuneForShortRun } from './short-run.js';
import { lintDiscovered } from './run.js';

/** Lints CloudFormation templates and Terraform modules under the given paths. Never throws for problems in the input. */
export async function lint(options: LintOptions): Promise<LintResult> {
  const found = await discoverFor(options);
  if (options.shortLived) tuneForShortRun(inputBytes(found));
  const heapMb = options.withGraph ? undefined : roomyHeapMb(inputBytes(found), options.heap);
  return heapMb === undefined ? lintDiscovered(found, options) : lintOnWorker(found, options, heapMb);
}

/** Builds the graph alone, for tools that want to query it. */
export async function buildGraph(options: LintOptions): Promise<Graph> {
  // Every property kept: a tool may read any of them (engine/build-graph.ts drops, for a lint, what no rule reads).
  return (await graphOf(await discoverFor(options), { ...options, withGraph: true }, options.config ?? defaultConfig, stageClock(options.timings))).graph;
}

async function discoverFor(options: LintOptions): Promise<DiscoverResult> {
  const config = options.config ?? defaultConfig;
  const run = () => discover(options.paths, { cwd: cwdOf(options), ignore: config.ignore, maxFileSize: options.maxFileSize, overlay: options.overlay });
  if (!options.timings) return run();
  const start = performance.now();
  const found = await run();
  options.timings.discover = (options.timings.discover ?? 0) + performance.now() - start;
  return found;
}

/** Characters of every file read: what the heap a run needs grows with. */
function inputBytes(found: DiscoverResult): number {
  let n = 0;
  for (const unit of found.units) {
    if (unit.kind === 'cloudformation') n += unit.file.text.length;
    else for (const f of unit.files) n += f.text.length;
  }
  return n;
}
