// Throughput of the positioned JSON reader through each of its users, beside
// JSON.parse of the same bytes: CloudFormation JSON templates, `.tf.json`
// files, and the plan/tfvars reader (on the same templates, and on any plan
// JSON given). Build first (`npm run build`).
// Usage: node bench/json.mjs [distDir ...] [--plan file.json ...]
// With several dist directories the rounds alternate between them (A/B in one process).
// Reported: medians of 5 rounds, MB/s and the ratio to a JSON.parse pass of the same bytes right after.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REALWORLD = fileURLToPath(new URL('../../shared/corpus/realworld', import.meta.url));
const args = process.argv.slice(2);
const plans = [];
const dists = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--plan') plans.push(readFileSync(args[++i], 'utf8'));
  else dists.push(resolve(args[i]));
}
if (dists.length === 0) dists.push(fileURLToPath(new URL('../dist', import.meta.url)));
if (!existsSync(REALWORLD)) {
  console.log(`no corpus at ${REALWORLD}`);
  process.exit(0);
}

function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (/\.(json|template)$/i.test(entry.name)) out.push(path);
  }
  return out;
}

const files = walk(REALWORLD).map((f) => ({ f, t: readFileSync(f, 'utf8') }));
const templates = files.filter(({ f, t }) => !f.endsWith('.tf.json') && t.trimStart().startsWith('{') && /"(?:Resources|AWSTemplateFormatVersion)"\s*:/.test(t)).map((x) => x.t);
const tfJson = files.filter(({ f }) => f.endsWith('.tf.json')).map((x) => x.t);
const megabytes = (set) => set.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1e6;

async function load(dist) {
  const url = (p) => pathToFileURL(join(dist, p)).href;
  const { parseCloudFormation } = await import(url('parsers/cloudformation.js'));
  const { parseTerraformJson } = await import(url('parsers/terraform-json.js'));
  const { readJson } = await import(url('graph/terraform/json.js'));
  const hclJson = (await import(url('parsers/hcl/json-syntax.js'))).readJson;
  const { LineIndex } = await import(url('shared/source.js'));
  const valueReader = (t) => {
    const index = new LineIndex(t);
    return readJson({ text: t, file: 'f.json', holes: new Map(), at: (i) => index.position(i) });
  };
  return { parseCloudFormation, parseTerraformJson, valueReader, hclReader: (t) => hclJson(t, () => '') };
}

/** MB/s of one pass of at least `ms` of this process's CPU time (steadier than wall time on a shared machine). */
function pass(set, fn, ms) {
  const mb = megabytes(set);
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let n = 0;
  const start = cpu();
  while (cpu() - start < ms) {
    for (const t of set) {
      try {
        fn(t);
      } catch {
        // JSON.parse throws on invalid corpus files
      }
    }
    n++;
  }
  return (mb * n) / ((cpu() - start) / 1000);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const readers = await Promise.all(dists.map(load));
const cases = [
  ['CloudFormation JSON templates', templates, (r) => (t) => r.parseCloudFormation(t, 'f.json')],
  ['.tf.json files', tfJson, (r) => (t) => r.parseTerraformJson(t, 'f.tf.json')],
  ['HCL JSON-syntax reader on the templates', templates, (r) => r.hclReader],
  ['plan/tfvars reader on the templates', templates, (r) => r.valueReader],
  ...(plans.length > 0 ? [['plan/tfvars reader on plans', plans, (r) => r.valueReader]] : []),
];
console.log(`corpus: ${templates.length} JSON templates (${megabytes(templates).toFixed(2)} MB), ${tfJson.length} .tf.json (${megabytes(tfJson).toFixed(3)} MB), ${plans.length} plans`);
console.log(`load average: ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}`);
for (const [name, set, make] of cases) {
  if (set.length === 0) continue;
  const fns = readers.map(make);
  for (const fn of [...fns, JSON.parse]) for (let w = 0; w < 3; w++) pass(set, fn, 100);
  // Each pass is paired with a JSON.parse pass right after it: the ratio is what is compared.
  const runs = fns.map(() => []);
  const ratios = fns.map(() => []);
  const floor = [];
  for (let round = 0; round < 5; round++) {
    fns.forEach((fn, k) => {
      const speed = pass(set, fn, 300);
      const parse = pass(set, JSON.parse, 300);
      runs[k].push(speed);
      ratios[k].push(speed / parse);
      floor.push(parse);
    });
  }
  const cells = runs.map((r, k) => `${dists[k].split('/').slice(-2, -1)[0]} ${median(r).toFixed(1)} MB/s (${median(ratios[k]).toFixed(3)} of JSON.parse)`);
  console.log(`${name.padEnd(38)} ${cells.join('  ')}  JSON.parse ${median(floor).toFixed(1)} MB/s`);
}
