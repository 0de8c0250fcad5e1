// One in-process lint of the given paths with per-stage timings, for bench/run.mjs.
// Prints one JSON line: stage milliseconds, wall since process start, CPU, peak RSS.
//   node bench/stages.mjs <path>...
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const paths = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const loadStart = performance.now();
const { lint } = await import('../dist/index.js');
const { loadFormatter } = await import('../dist/report/formats.js');
const timings = { load: performance.now() - loadStart };
// A process of its own that ends after the run, as the CLI's: V8 is tuned the same way (engine/short-run.ts).
const result = await lint({ paths, timings, shortLived: true });
const reportStart = performance.now();
const text = (await loadFormatter('stylish'))(result.findings, { cwd: process.cwd(), fileCount: result.fileCount, color: false });
timings.report = performance.now() - reportStart;
const cpu = process.cpuUsage();
console.log(
  JSON.stringify({
    timings,
    wallMs: performance.now(),
    userMs: cpu.user / 1000,
    systemMs: cpu.system / 1000,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    findings: result.findings.length,
    reportBytes: Buffer.byteLength(text),
    fileCount: result.fileCount,
  }),
);
