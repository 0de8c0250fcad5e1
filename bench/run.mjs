// The benchmark: figures only, never pass/fail. `npm run bench` (builds first).
//
//   node bench/run.mjs [--runs 5] [--peer-runs N] [--scales 1,10] [--corpus DIR] [--no-generated] [--no-peers] [--no-parsers] [--no-lsp] [--no-pool] [--startup-only]
//
// First the issue-19 figures as ratios measured in this run beside their floors:
// start-up against `node -e 0`; the dev corpus (realworld + peers) against reading
// its bytes and JSON.parse of the JSON ones (bench/floor.mjs, a process like ours);
// cfn-lint against us on aws-cloudformation-templates (when cfn-lint is on PATH);
// peak RSS per byte read. Then, for the corpus and a seeded generated repository: bytes, files,
// resources; CLI wall, CPU (user+sys of the child, honest under load) and peak
// RSS, medians of --runs; per-stage times; single-core MB/s per parser beside
// the floor (reading the bytes; JSON.parse of the JSON ones); start-up against
// `node -e 0`; --cache cold and warm; cfn-lint and checkov when on PATH; the
// language server's keystroke-to-diagnostics latency and memory (bench/lsp.mjs);
// what a worker pool could gain on 1, 2 and all cores (bench/pool.mjs).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';
import { fmt, median, table, timeCommand, timePasses, timeRuns } from './measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// What `iam-profile-lint` runs: the package's bin.
const CLI = join(ROOT, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).bin['iam-profile-lint']);
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i < 0 ? fallback : args[i + 1];
};
const RUNS = Number(opt('--runs', 5));
const SCALES = String(opt('--scales', '1,10')).split(',').map(Number);
const PEER_RUNS = Number(opt('--peer-runs', RUNS));
const CORPUS = opt('--corpus', join(ROOT, '../shared/corpus'));
const CFN_TEMPLATES = ['realworld/aws-cloudformation__aws-cloudformation-templates', 'aws-cloudformation__aws-cloudformation-templates']
  .map((d) => join(CORPUS, d))
  .find(existsSync);
const SMALL = join(ROOT, 'examples/cloudformation/web-stack.yaml');
const node = process.execPath;

const { discover } = await import('../dist/discover/discover.js');
const { buildGraph } = await import('../dist/index.js');
const { parseCloudFormation } = await import('../dist/parsers/cloudformation.js');
const { parseHcl } = await import('../dist/parsers/hcl/index.js');

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`runs: ${RUNS} (medians); CPU = user+sys of the child process\n`);

/** The discovered files of a directory, by language, with their byte counts. */
async function inventory(dir) {
  const found = await discover([dir], { cwd: ROOT, ignore: [] });
  const by = { 'cfn-yaml': [], 'cfn-json': [], hcl: [], 'tf-json': [] };
  for (const u of found.units) {
    if (u.kind === 'cloudformation') by[/^\s*\{/.test(u.file.text.replace(/^\uFEFF/, '')) ? 'cfn-json' : 'cfn-yaml'].push(u.file);
    else for (const f of u.files) by[f.path.endsWith('.json') ? 'tf-json' : 'hcl'].push(f);
  }
  const bytes = (files) => files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  const graph = await buildGraph({ paths: [dir], cwd: ROOT });
  return { by, bytes, units: found.units.length, resources: graph.resources.length };
}

function describeInventory(name, inv) {
  const rows = [['language', 'files', 'MB']];
  let files = 0;
  let bytes = 0;
  for (const [lang, list] of Object.entries(inv.by)) {
    rows.push([lang, list.length, (inv.bytes(list) / 1e6).toFixed(2)]);
    files += list.length;
    bytes += inv.bytes(list);
  }
  rows.push(['all', files, (bytes / 1e6).toFixed(2)]);
  console.log(`## ${name}: ${inv.units} units, ${inv.resources} resources\n${table(rows)}\n`);
  return bytes;
}

function cliFigures(name, paths, runs) {
  const t = timeRuns([node, CLI, ...paths], runs, { cwd: ROOT });
  console.log(`${name} CLI: wall ${fmt.s(t.wall)} (min ${fmt.s(t.minWall)}), CPU ${fmt.s(t.cpu)}, peak RSS ${fmt.mb(t.rssMB)}  [exit ${t.last.status}]`);
  return t;
}

function stageFigures(paths, runs) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(node, [join(ROOT, 'bench/stages.mjs'), ...paths], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
    results.push(JSON.parse(out.trim().split('\n').pop()));
  }
  const stages = [...new Set(results.flatMap((r) => Object.keys(r.timings)))];
  const rows = [['stage', 'median ms'], ...stages.map((s) => [s, median(results.map((r) => r.timings[s] ?? 0)).toFixed(0)])];
  rows.push(['(in-process wall)', median(results.map((r) => r.wallMs)).toFixed(0)]);
  rows.push(['(CPU user+sys)', median(results.map((r) => r.userMs + r.systemMs)).toFixed(0)]);
  console.log(table(rows));
  return results;
}

/** Single-core parser MB/s on the inventory's bytes, beside the floors on the same bytes. */
function parserFigures(inv) {
  const rows = [['input', 'MB', 'parser', 'read floor', 'JSON.parse floor', 'parser / read']];
  const readRate = (files) => inv.bytes(files) / 1e6 / timePasses(files, (f) => readFileSync(join(ROOT, f.path), 'utf8'));
  const sets = [
    ['hcl', inv.by.hcl, (f) => parseHcl(f.text, f.path), undefined],
    ['cfn-yaml', inv.by['cfn-yaml'], (f) => parseCloudFormation(f.text, f.path), undefined],
    ['cfn-json', inv.by['cfn-json'], (f) => parseCloudFormation(f.text, f.path), (f) => JSON.parse(f.text)],
  ];
  for (const [name, files, parse, jsonFloor] of sets) {
    if (files.length === 0) continue;
    const mb = inv.bytes(files) / 1e6;
    const rate = mb / timePasses(files, parse);
    const read = readRate(files);
    const json = jsonFloor ? mb / timePasses(files, jsonFloor) : NaN;
    rows.push([name, mb.toFixed(2), fmt.rate(rate), fmt.rate(read), fmt.rate(json), `1 : ${(read / rate).toFixed(0)}`]);
  }
  console.log(table(rows));
}

/**
 * Our start-up beside `node -e 0`, as ratios measured in the same run (interleaved), and the modules a
 * small run loads. NODE_EXTRA_CA_CERTS makes every node process parse that bundle first (about 40 ms
 * with a system bundle, more than node's own start): the ratio is then also measured without it, as on
 * most machines, and the headline takes that one.
 */
function startupFigures() {
  const runs = Math.max(RUNS, 10);
  const plain = { ...process.env };
  delete plain.NODE_EXTRA_CA_CERTS;
  const envs = process.env.NODE_EXTRA_CA_CERTS ? [['', plain], [' (NODE_EXTRA_CA_CERTS)', process.env]] : [['', process.env]];
  const commands = envs.flatMap(([label, env]) => [
    { name: `node -e 0${label}`, argv: [node, '-e', '0'], env },
    { name: `iam-profile-lint web-stack.yaml${label}`, argv: [node, CLI, SMALL], env },
    { name: `iam-profile-lint --version${label}`, argv: [node, CLI, '--version'], env },
  ]);
  const all = commands.map(() => []);
  for (let i = 0; i < runs; i++) commands.forEach((c, j) => all[j].push(timeCommand(c.argv, { cwd: ROOT, env: c.env })));
  const t = all.map((rs) => ({ wall: median(rs.map((r) => r.wall)), cpu: median(rs.map((r) => r.cpu)), rssMB: median(rs.map((r) => r.rssMB)) }));
  const rows = [['command', 'wall', 'vs node -e 0', 'CPU', 'RSS']];
  commands.forEach((c, j) => {
    const bare = t[j - (j % 3)];
    rows.push([c.name, fmt.ms(t[j].wall * 1000), `${(t[j].wall / bare.wall).toFixed(2)}x`, fmt.ms(t[j].cpu * 1000), fmt.mb(t[j].rssMB)]);
  });
  console.log(table(rows));
  if (envs.length > 1) console.log('NODE_EXTRA_CA_CERTS is set here: the first rows are measured without it, as on most machines');
  const traced = spawnSync(node, ['--import', join(ROOT, 'bench/count-modules.mjs'), CLI, SMALL], { cwd: ROOT, encoding: 'utf8' });
  const loaded = [...new Set(traced.stderr.split('\n').filter((l) => l.startsWith('module ')).map((l) => l.slice(7)))].filter((m) => !m.includes('count-modules'));
  const deps = loaded.filter((m) => m.includes('node_modules')).length;
  console.log(`modules loaded for web-stack.yaml: ${loaded.length - deps} of ours, ${deps} from node_modules`);
  return { bare: t[0], small: t[1] };
}

/** Reading the inventory's bytes (and JSON.parse of the JSON ones) in a process of its own: the floor of a lint. */
function floorFigures(inv) {
  const list = join(mkdtempSync(join(tmpdir(), 'iam-profile-lint-floor-')), 'files');
  writeFileSync(list, Object.values(inv.by).flat().map((f) => join(ROOT, f.path)).join('\n'));
  const t = timeRuns([node, join(ROOT, 'bench/floor.mjs'), list], RUNS, { cwd: ROOT });
  rmSync(list, { force: true });
  return t;
}

/** cfn-lint and us on the same directory of templates, medians of PEER_RUNS each, alternated. */
async function cfnLintFigures(dir) {
  if (!dir || !onPath('cfn-lint')) return undefined;
  // The templates we lint there (discovery's choice), given to cfn-lint by name.
  const found = await discover([dir], { cwd: ROOT, ignore: [] });
  const templates = found.units.filter((u) => u.kind === 'cloudformation').map((u) => u.file.path);
  const peer = [];
  const ours = [];
  for (let i = 0; i < PEER_RUNS; i++) {
    peer.push(timeCommand(['cfn-lint', '--format', 'parseable', '--', ...templates], { cwd: ROOT, timeoutMs: 900_000 }));
    ours.push(timeCommand([node, CLI, dir], { cwd: ROOT }));
  }
  const m = (rs, k) => median(rs.map((r) => r[k]));
  return { templates: templates.length, peer: { wall: m(peer, 'wall'), cpu: m(peer, 'cpu') }, ours: { wall: m(ours, 'wall'), cpu: m(ours, 'cpu') } };
}

/** The four figures of issue 19, as ratios measured in this run. */
function headline({ startup, corpus, floor, bytes, cfn }) {
  const x = (a, b) => (Number.isFinite(a / b) ? `${(a / b).toFixed(1)}x` : 'n/a');
  const rows = [['figure', 'ours', 'floor / peer', 'ratio (wall)', 'ratio (CPU)', 'goal']];
  rows.push(['web-stack.yaml start to exit vs node -e 0', fmt.ms(startup.small.wall * 1000), fmt.ms(startup.bare.wall * 1000), x(startup.small.wall, startup.bare.wall), x(startup.small.cpu, startup.bare.cpu), '<= 1.5x']);
  rows.push([`dev corpus (${(bytes / 1e6).toFixed(1)} MB read) vs reading it + JSON.parse`, fmt.s(corpus.wall), fmt.s(floor.wall), x(corpus.wall, floor.wall), x(corpus.cpu, floor.cpu), '<= 8x']);
  if (cfn) rows.push([`cfn-lint on ${cfn.templates} templates vs us (times faster)`, fmt.s(cfn.ours.wall), fmt.s(cfn.peer.wall), x(cfn.peer.wall, cfn.ours.wall), x(cfn.peer.cpu, cfn.ours.cpu), '>= 50x']);
  else rows.push(['cfn-lint vs us', 'n/a', 'cfn-lint not on PATH (or no templates)', '', '', '>= 50x']);
  rows.push(['peak RSS per byte read, dev corpus', fmt.mb(corpus.rssMB), '', (corpus.rssMB * 2 ** 20 / bytes).toFixed(1), '', '<= 10']);
  console.log(table(rows));
}

function cacheFigures(dir) {
  const help = spawnSync(node, [CLI, '--help'], { encoding: 'utf8' }).stdout;
  if (!help.includes('--cache')) return console.log('(--cache not available in this build)');
  const location = join(mkdtempSync(join(tmpdir(), 'iam-profile-lint-cache-')), 'cache');
  const argv = [node, CLI, dir, '--cache', '--cache-location', location];
  const cold = [];
  for (let i = 0; i < RUNS; i++) {
    rmSync(location, { recursive: true, force: true });
    cold.push(timeCommand(argv, { cwd: ROOT }));
  }
  const warm = timeRuns(argv, RUNS, { cwd: ROOT });
  console.log(`--cache cold: wall ${fmt.s(median(cold.map((r) => r.wall)))}, CPU ${fmt.s(median(cold.map((r) => r.cpu)))}`);
  console.log(`--cache warm: wall ${fmt.s(warm.wall)}, CPU ${fmt.s(warm.cpu)}, peak RSS ${fmt.mb(warm.rssMB)}`);
  rmSync(location, { recursive: true, force: true });
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

/** cfn-lint is measured in the figures above; checkov on the whole corpus when on PATH. */
function peerFigures() {
  const TIMEOUT = 600_000;
  if (onPath('checkov')) {
    const t = timeCommand(['checkov', '-d', CORPUS, '--quiet', '--compact', '--framework', 'cloudformation', 'terraform'], { timeoutMs: TIMEOUT });
    console.log(`checkov on the corpus (one run): ${t.timedOut ? `stopped after ${TIMEOUT / 1000} s` : `wall ${fmt.s(t.wall)}, CPU ${fmt.s(t.cpu)}`}`);
  } else console.log('checkov: not on PATH');
}

if (args.includes('--startup-only')) {
  startupFigures();
  process.exit(0);
}

if (existsSync(CORPUS)) {
  const inv = await inventory(CORPUS);
  console.log(`## issue 19's figures (medians of ${RUNS}; cfn-lint: ${PEER_RUNS}), load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const figures = { bytes: Object.values(inv.by).reduce((n, files) => n + inv.bytes(files), 0) };
  figures.startup = startupFigures();
  figures.floor = floorFigures(inv);
  figures.corpus = cliFigures('dev corpus', [CORPUS], RUNS);
  figures.cfn = args.includes('--no-peers') ? undefined : await cfnLintFigures(CFN_TEMPLATES);
  console.log();
  headline(figures);
  console.log();
  describeInventory('corpus', inv);
  // As users type it: npm's own start-up (about 0.3 s here) comes on top.
  const viaNpx = timeRuns(['npx', '--no-install', 'iam-profile-lint', CORPUS], RUNS, { cwd: ROOT });
  console.log(`corpus via npx: wall ${fmt.s(viaNpx.wall)} (min ${fmt.s(viaNpx.minWall)}), peak RSS ${fmt.mb(viaNpx.rssMB)}  [exit ${viaNpx.last.status}]`);
  stageFigures([CORPUS], RUNS);
  if (!args.includes('--no-parsers')) {
    console.log('\nsingle-core parser throughput on the corpus bytes (median of 5 passes):');
    parserFigures(inv);
  }
  console.log();
  cacheFigures(CORPUS);
  if (!args.includes('--no-peers')) peerFigures();
  if (!args.includes('--no-pool')) {
    console.log('\n## worker pool (bench/pool.mjs)');
    console.log(execFileSync(node, [join(ROOT, 'bench/pool.mjs'), CORPUS, '--runs', String(RUNS)], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 }).trimEnd());
  }
} else {
  console.log(`no corpus at ${CORPUS}`);
  startupFigures();
}

if (!args.includes('--no-generated')) {
  const base = [];
  for (const scale of SCALES) {
    const dir = mkdtempSync(join(tmpdir(), `iam-profile-lint-gen${scale}-`));
    const counts = generate(dir, { scale });
    console.log(`\n## generated ×${scale} (seed 7): ${counts.files} files, ${(counts.bytes / 1e6).toFixed(1)} MB, ${counts.resources} declared resources`);
    const runs = scale >= 10 ? Math.min(RUNS, 3) : RUNS;
    const t = cliFigures(`generated ×${scale}`, [dir], runs);
    if (scale === SCALES[0]) stageFigures([dir], 1);
    base.push({ scale, bytes: counts.bytes, cpu: t.cpu, wall: t.wall });
    rmSync(dir, { recursive: true, force: true });
  }
  if (base.length > 1) {
    const [a, b] = [base[0], base[base.length - 1]];
    console.log(`\nscaling ×${a.scale} → ×${b.scale}: bytes ×${(b.bytes / a.bytes).toFixed(1)}, CPU ×${(b.cpu / a.cpu).toFixed(1)}, wall ×${(b.wall / a.wall).toFixed(1)}`);
  }
}
if (!args.includes('--no-lsp')) {
  console.log('\n## language server (bench/lsp.mjs)');
  await (await import('./lsp.mjs')).lspFigures();
}
console.log(`\nload at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
