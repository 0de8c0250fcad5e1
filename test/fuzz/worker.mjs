// Runs one parser (or the whole lint) on one input per message and checks what must hold for
// any input: no exception, no swallowed internal failure, every diagnostic inside the file.
// Plain JavaScript on the BUILT code (npm test builds first): a worker cannot load TypeScript.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';

const dist = new URL('../../dist/', import.meta.url);
const { parseCloudFormation } = await import(new URL('parsers/cloudformation.js', dist).href);
const { parseHcl } = await import(new URL('parsers/hcl/index.js', dist).href);
const { parseTerraformJson } = await import(new URL('parsers/terraform-json.js', dist).href);
const { parseEmbeddedJson } = await import(new URL('parsers/embedded-json.js', dist).href);
const { LineIndex, stripBom } = await import(new URL('shared/source.js', dist).href);
const { lint } = await import(new URL('index.js', dist).href);

// The whole pipeline reads files through discovery: placeholders on disk, contents from the overlay.
const scratch = mkdtempSync(path.join(tmpdir(), 'ipl-fuzz-'));
const LINT_FILES = { 'lint-yaml': 't.yaml', 'lint-json': 't.json', 'lint-tf': 'main.tf', 'lint-tfjson': 'm.tf.json' };
for (const name of Object.values(LINT_FILES)) writeFileSync(path.join(scratch, name), 'Resources: {}\n');
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

// What the parsers say when they catch their own exception: a bug swallowed, not a syntax error.
const INTERNAL = /^(?:Internal error while parsing|could not parse this file)|Maximum call stack size exceeded/;

function checkRange(problems, what, range, lines, length) {
  for (const [end, p] of [['start', range.start], ['end', range.end]]) {
    if (!(p.offset >= 0 && p.offset <= length)) problems.push(`${what}: ${end} offset ${p.offset} outside 0..${length}`);
    if (!(p.line >= 1 && p.line <= lines.lineCount)) problems.push(`${what}: ${end} line ${p.line} outside 1..${lines.lineCount}`);
    const want = lines.position(p.offset);
    if (p.line !== want.line || p.column !== want.column) problems.push(`${what}: ${end} ${p.line}:${p.column} is not offset ${p.offset} (${want.line}:${want.column})`);
  }
  if (range.end.offset < range.start.offset) problems.push(`${what}: ends before it starts`);
}

function checkDiagnostics(problems, diagnostics, text) {
  const body = stripBom(text);
  const lines = new LineIndex(body);
  for (const d of diagnostics) {
    if (INTERNAL.test(d.message)) problems.push(`internal failure reported as a diagnostic: ${d.message}`);
    checkRange(problems, `diagnostic "${d.message}"`, d.range ?? d.loc.range, lines, body.length);
  }
}

/** Every node of an embedded-JSON tree is placed inside the string it came from. */
function checkTree(problems, node, length, depth = 0) {
  if (!node || depth > 1000) return;
  const r = node.loc?.range;
  if (r && (r.start.offset < 0 || r.end.offset > length || r.end.offset < r.start.offset)) problems.push(`node at ${r.start.offset}..${r.end.offset} outside 0..${length}`);
  for (const child of node.entries?.map((e) => e.value) ?? node.items ?? []) checkTree(problems, child, length, depth + 1);
}

async function check(kind, text) {
  const problems = [];
  if (kind === 'cloudformation') checkDiagnostics(problems, parseCloudFormation(text, 'f.yaml').diagnostics, text);
  else if (kind === 'hcl') checkDiagnostics(problems, parseHcl(text, 'f.tf').diagnostics, text);
  else if (kind === 'tfjson') checkDiagnostics(problems, parseTerraformJson(text, 'f.tf.json').diagnostics, text);
  else if (kind === 'embedded-json') {
    const lines = new LineIndex(text);
    checkTree(problems, parseEmbeddedJson(text, (i) => lines.position(i), 'f.json'), text.length);
  } else {
    const file = LINT_FILES[kind];
    const abs = path.join(scratch, file);
    const result = await lint({ paths: [file], cwd: scratch, overlay: new Map([[abs, text]]) });
    const lines = new LineIndex(stripBom(text));
    for (const f of result.findings) {
      if (f.rule === 'internal-error') problems.push(`internal-error: ${f.message}`);
      if (f.rule === 'parse-error' && INTERNAL.test(f.message)) problems.push(`internal failure reported as a parse error: ${f.message}`);
      if (f.file === file && !(f.line >= 1 && f.line <= lines.lineCount && f.column >= 1)) problems.push(`finding outside the file: ${f.line}:${f.column} ${f.rule}`);
    }
  }
  return problems;
}

parentPort.on('message', async ({ id, kind, text }) => {
  try {
    parentPort.postMessage({ id, problems: await check(kind, text) });
  } catch (error) {
    parentPort.postMessage({ id, problems: [`threw: ${error instanceof Error ? error.stack : String(error)}`] });
  }
});
parentPort.postMessage({ ready: true });
