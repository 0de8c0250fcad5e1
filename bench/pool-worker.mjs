// A worker of bench/pool.mjs: lints its share of units alone, measures cloning its built parts, replies with counts.
import { serialize } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { graphOf, stageClock } from '../dist/engine/build-graph.js';
import { lintDiscovered } from '../dist/engine/run.js';
import { defaultConfig } from '../dist/config/config.js';

const { found, cwd, clone } = workerData;
const options = { paths: [], cwd };
if (!clone) parentPort.postMessage({ findings: (await lintDiscovered(found, options)).findings.length });
else {
  // What shipping the built graph parts back would cost: the serialisation half of a structured clone.
  const { graph } = await graphOf(found, options, defaultConfig, stageClock(undefined));
  const start = performance.now();
  const bytes = serialize({ resources: graph.resources, unresolved: graph.unresolved }).length;
  parentPort.postMessage({ cloneMs: performance.now() - start, cloneBytes: bytes });
}
