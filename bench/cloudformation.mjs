// Throughput of the CloudFormation parser on the real-world corpus, beside
// JSON.parse and yaml.parse on the same bytes. Build first: npx tsc -p tsconfig.build.json
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as yamlParse } from 'yaml';
import { parseCloudFormation } from '../dist/parsers/cloudformation.js';
import { parseYamlTemplate } from '../dist/parsers/cloudformation/yaml-template.js';
import { LineIndex } from '../dist/shared/source.js';

const REALWORLD = fileURLToPath(new URL('../../shared/corpus/realworld', import.meta.url));
if (!existsSync(REALWORLD)) {
  console.log(`no corpus at ${REALWORLD}`);
  process.exit(0);
}

const TEMPLATE_KEY = /^(?:\s*"(?:Resources|AWSTemplateFormatVersion)"\s*:|(?:Resources|AWSTemplateFormatVersion)\s*:)/m;

function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (/\.(ya?ml|json|template)$/i.test(entry.name)) out.push(path);
  }
  return out;
}

const texts = walk(REALWORLD)
  .map((f) => readFileSync(f, 'utf8'))
  .filter((t) => TEMPLATE_KEY.test(t));
const json = texts.filter((t) => t.trimStart().startsWith('{'));
const yaml = texts.filter((t) => !t.trimStart().startsWith('{'));
const megabytes = (set) => set.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1e6;

/** Best of several timed rounds, each at least `ms` long, after a warm-up. */
function throughput(set, fn, ms = 1500, rounds = 3) {
  const run = () => {
    for (const t of set) {
      try {
        fn(t);
      } catch {
        // yaml.parse and JSON.parse throw on the one invalid corpus file
      }
    }
  };
  run();
  run();
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < ms) {
      run();
      n++;
    }
    best = Math.max(best, (megabytes(set) * n) / ((performance.now() - start) / 1000));
  }
  return best;
}

const row = (name, set, fn) => console.log(`${name.padEnd(34)} ${throughput(set, fn).toFixed(1).padStart(7)} MB/s`);
console.log(`corpus: ${yaml.length} YAML templates (${megabytes(yaml).toFixed(2)} MB), ${json.length} JSON templates (${megabytes(json).toFixed(2)} MB)`);
// The complete reader (the yaml package's composer) is what the fast readers fall back to.
const complete = (t) => parseYamlTemplate(t, 'f', new LineIndex(t), { fast: false, relax: true });
row('parseCloudFormation YAML', yaml, (t) => parseCloudFormation(t, 'f.yaml'));
row('  complete reader only, YAML', yaml, complete);
row('  yaml.parse, YAML', yaml, (t) => yamlParse(t, { logLevel: 'silent', uniqueKeys: false }));
row('parseCloudFormation JSON', json, (t) => parseCloudFormation(t, 'f.json'));
row('  complete reader only, JSON', json, complete);
row('  JSON.parse, JSON', json, (t) => JSON.parse(t));
