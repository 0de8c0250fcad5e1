// Helpers of bench/run.mjs: timing child processes, medians, tables.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const GNU_TIME = '/usr/bin/time';
export const hasGnuTime = existsSync(GNU_TIME);

/**
 * Runs a command and returns wall, user and system seconds and peak RSS (MB).
 * GNU time reports the child's own rusage, so CPU figures stay honest when
 * other processes load the machine (wall time does not).
 */
export function timeCommand(argv, { cwd, timeoutMs = 600_000, env } = {}) {
  const started = process.hrtime.bigint();
  const cmd = hasGnuTime ? [GNU_TIME, '-f', '@@%e %U %S %M', ...argv] : argv;
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30, timeout: timeoutMs });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const line = hasGnuTime ? (r.stderr ?? '').split('\n').find((l) => l.startsWith('@@')) : undefined;
  const [, user, sys, rssKB] = line ? line.slice(2).split(' ').map(Number) : [];
  return {
    wall,
    user: user ?? NaN,
    sys: sys ?? NaN,
    cpu: (user ?? NaN) + (sys ?? NaN),
    rssMB: (rssKB ?? NaN) / 1024,
    status: r.status,
    timedOut: r.error?.code === 'ETIMEDOUT',
    stdout: r.stdout ?? '',
    stderr: (r.stderr ?? '').replace(/^@@.*\n?/m, ''),
  };
}

/** `runs` timings of a command; medians of wall, CPU and RSS. */
export function timeRuns(argv, runs, options) {
  const all = [];
  for (let i = 0; i < runs; i++) all.push(timeCommand(argv, options));
  return {
    runs: all.length,
    wall: median(all.map((r) => r.wall)),
    cpu: median(all.map((r) => r.cpu)),
    user: median(all.map((r) => r.user)),
    rssMB: median(all.map((r) => r.rssMB)),
    minWall: Math.min(...all.map((r) => r.wall)),
    last: all[all.length - 1],
  };
}

/** Median seconds of `rounds` passes of `fn` over `items`, after one warm-up pass. */
export function timePasses(items, fn, rounds = 5) {
  const pass = () => {
    for (const item of items) {
      try {
        fn(item);
      } catch {
        // JSON.parse throws on the corpus's few invalid files; the floor still counts their bytes
      }
    }
  };
  pass();
  const times = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    pass();
    times.push((performance.now() - start) / 1000);
  }
  return median(times);
}

export const fmt = {
  s: (x) => (Number.isFinite(x) ? `${x.toFixed(2)} s` : 'n/a'),
  ms: (x) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : 'n/a'),
  mb: (x) => (Number.isFinite(x) ? `${x.toFixed(0)} MB` : 'n/a'),
  rate: (x) => (Number.isFinite(x) ? `${x.toFixed(1)} MB/s` : 'n/a'),
};

export function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  ')).join('\n');
}
