// The last step of `npm run build`: what the package runs, bundled by esbuild over tsc's output.
//
// dist/cli.cjs (the bin), dist/index.js (`import { lint }`) and dist/lint-worker.js (the
// roomy-heap worker, spawned by file path next to the code that spawns it) are entry points
// sharing dist/chunk-*.cjs; report formats, --fix, pictures, the Terraform builder and the
// language server stay behind import() in chunks of their own. Dependencies stay in
// node_modules (vscode-languageserver only behind --lsp, yaml only on first use).
// tsc's per-module files stay in dist/ for the scripts and benches that import them, but
// are not in the package (package.json "files").
//
// One core chunk. esbuild puts each module in the chunk of the set of entry points that
// reach it, and every import() target is an entry point: with a dozen lazy targets a
// small template loaded 29 files, each resolved, read, compiled and linked on its own
// (about 10 ms of a 120 ms run). Every run loads CORE, so every entry point and every
// import() target here also imports CORE: CORE's modules are then reached from every entry
// point alike and share one chunk, which a small run loads with the CLI's own file, the two
// small chunks it shares with the CLI's argument parsing, and a stub per import() (6 files).
// The argument parsing stays outside the core, so --help and --version load 3 files (35 KB).
// The import is a no-op at run time: CORE is loaded before any lazy part in every process
// (the worker thread imports it first).
//
// CommonJS. esbuild splits only ES modules, but running an ES module starts Node's ES loader:
// 24 more internal modules, asynchronous resolution, linking and evaluation, about 9 ms wall
// and 5 ms CPU of an empty program (Node 20). So esbuild splits the ES build, then each chunk
// and the CLI become CommonJS (esbuild's transform: import() becomes require(), import.meta.url
// the file's own URL, chunk names .cjs, checked against the metafile). The chunk graph has
// no cycles, so require() order is the ES order. dist/index.js and dist/lint-worker.js (a
// top-level await) stay ES modules that require() those chunks (requireChunks says why not
// import). dist/cli.js, for `node dist/cli.js`, runs the bin afresh each time it is
// evaluated, as it did when it was the bin.

import { build, transform } from 'esbuild';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What a lint run with the default report loads: the CLI's lint path, the library entry and the stylish report. */
const CORE = ['src/cli/lint-path.ts', 'src/index.ts', 'src/report/stylish.ts'].map((f) => path.join(root, f));

/** `import CORE; export * from target`, for an entry point or an import() target. */
const withCore = (target) => `${CORE.map((f) => `import ${JSON.stringify(f)};`).join('\n')}\nexport * from ${JSON.stringify(target)};\n`;

/**
 * Generated tables (src/graph/slots.data.ts, 78 KB) as JSON.parse() of a string: V8 scans a string
 * and parses JSON faster than it compiles an object literal (about 3.5 million instructions of
 * a small run's 280, callgrind). The source stays a typed literal; the module is read from tsc's
 * output, which the build writes first, and refused unless every export survives JSON.
 */
const JSON_TABLES = ['src/graph/slots.data.ts'].map((f) => path.join(root, f));
const tablesAsJson = {
  name: 'tables-as-json',
  setup(b) {
    b.onLoad({ filter: /\.data\.ts$/ }, async (args) => {
      if (!JSON_TABLES.includes(args.path)) return undefined;
      const compiled = path.join(root, 'dist', path.relative(path.join(root, 'src'), args.path).replace(/\.ts$/, '.js'));
      const table = await import(pathToFileURL(compiled).href);
      const lines = Object.entries(table).map(([name, value]) => {
        const json = JSON.stringify(value);
        if (!isDeepStrictEqual(JSON.parse(json), value)) throw new Error(`bundle: ${name} of ${args.path} is not plain JSON`);
        return `export const ${name} = JSON.parse(${JSON.stringify(json)});`;
      });
      return { contents: lines.join('\n'), loader: 'js' };
    });
  },
};

const oneCoreChunk = {
  name: 'one-core-chunk',
  setup(b) {
    b.onResolve({ filter: /^\./ }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.namespace !== 'file') return undefined;
      const resolved = await b.resolve(args.path, { kind: 'import-statement', resolveDir: args.resolveDir, importer: args.importer });
      if (resolved.errors.length > 0 || resolved.external) return resolved;
      return { path: resolved.path, namespace: 'with-core' };
    });
    b.onResolve({ filter: /^with-core:/ }, (args) => ({ path: path.join(root, args.path.slice('with-core:'.length)), namespace: 'with-core' }));
    b.onLoad({ filter: /.*/, namespace: 'with-core' }, (args) => ({ contents: withCore(args.path), resolveDir: path.dirname(args.path), loader: 'js' }));
  },
};

const { outputFiles, metafile } = await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/main.ts', index: 'with-core:src/index.ts', 'lint-worker': 'with-core:src/engine/lint-worker.ts' },
  outdir: 'dist',
  // At dist/'s top level, beside lint-worker.js and one level below package.json (version.ts reads it).
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [oneCoreChunk, tablesAsJson],
  metafile: true,
  write: false,
});

const dist = path.join(root, 'dist');
const CHUNK = /^chunk-[A-Z0-9]+\.js$/;
const HASHBANG = '#!/usr/bin/env node\n';

/** The chunks `file` (a name in dist/) imports, statically or by import(), as the metafile lists them. */
const chunkImports = (file) =>
  new Set(metafile.outputs[`dist/${file}`].imports.map((i) => path.basename(i.path)).filter((name) => CHUNK.test(name)));

/** `text` with every chunk it imports named .cjs; throws unless that is exactly what the metafile says it imports. */
function toCjsSpecifiers(file, text) {
  const seen = new Set();
  const out = text.replace(/(["'])\.\/(chunk-[A-Z0-9]+)\.js\1/g, (_, quote, name) => {
    seen.add(`${name}.js`);
    return `${quote}./${name}.cjs${quote}`;
  });
  const expected = chunkImports(file);
  if (seen.size !== expected.size || [...seen].some((name) => !expected.has(name))) {
    throw new Error(`bundle: ${file} names chunks ${[...seen].sort()} but imports ${[...expected].sort()}`);
  }
  return out;
}

/**
 * A chunk's static imports of other chunks as `const { a: b } = require(...)`, in place. esbuild's
 * CommonJS form of an import reads each use through the exporter's getters (`chunk.objectGet(v)`: two
 * accessor calls, as `__toCommonJS` copies `__export`'s getters), on every call of a hot function;
 * a const is read once, when the chunk is loaded. Safe for the reason `requireChunks` gives.
 */
function constImports(file, text) {
  const body = text.replace(/^import\s*(?:\{([^}]*)\}\s*from\s*)?"\.\/(chunk-[A-Z0-9]+\.js)";$/gm, (_, names, chunk) => {
    const spec = JSON.stringify(`./${chunk}`);
    if (names === undefined) return `require(${spec});`;
    return `const { ${bindingList(names)} } = require(${spec});`;
  });
  if (/^import[^;]*"\.\/chunk-/m.test(body)) throw new Error(`bundle: ${file} imports a chunk in a form not turned into require()`);
  return body;
}

/** `a as b, c` (an import list) as `a: b, c` (a destructuring pattern). */
const bindingList = (names) =>
  names
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean)
    .map((n) => n.replace(/^(\S+) as (\S+)$/, '$1: $2'))
    .join(', ');

/** An ES module of the bundle as a CommonJS one: import() becomes require(), import.meta.url this file's URL. */
async function toCommonJs(file, text) {
  const body = toCjsSpecifiers(file, constImports(file, text.startsWith('#!') ? text.slice(text.indexOf('\n') + 1) : text));
  if (/import\.meta(?!\.url\b)/.test(body)) throw new Error(`bundle: ${file} uses import.meta beyond import.meta.url, which CommonJS has no counterpart for here`);
  const { code } = await transform(body, {
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    supported: { 'dynamic-import': false },
    define: { 'import.meta.url': '__importMetaUrl' },
    legalComments: 'none',
    logLevel: 'warning',
  });
  const metaUrl = body.includes('import.meta') ? 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;\n' : '';
  return `${text.startsWith('#!') ? HASHBANG : ''}"use strict";\n${metaUrl}${code}`;
}

/** Throws when chunks import each other in a cycle: require() would hand one of them a partly filled exports object. */
function assertNoCycle() {
  const state = new Map();
  const visit = (file, trail) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') throw new Error(`bundle: chunks import each other: ${[...trail, file].join(' -> ')}`);
    state.set(file, 'open');
    for (const i of metafile.outputs[file].imports) if (i.kind === 'import-statement' && !i.external) visit(i.path, [...trail, file]);
    state.set(file, 'done');
  };
  for (const file of Object.keys(metafile.outputs)) visit(file, []);
}
assertNoCycle();

/**
 * An ES entry of the bundle whose chunk imports become require() through createRequire: an ES module
 * that imports CommonJS makes Node lex the whole file for its export names (cjs-module-lexer in
 * JavaScript: about 100 ms for the core chunk). The chunks come before the entry's own code, as
 * their imports did; their bindings were never reassigned (esbuild's chunks export functions and
 * tables), so a const copy reads the same.
 */
function requireChunks(file, text) {
  const body = text.replace(/^import\s*(?:\{([^}]*)\}\s*from\s*)?"\.\/(chunk-[A-Z0-9]+)\.js";$/gm, (_, names, chunk) => {
    const spec = JSON.stringify(`./${chunk}.js`);
    if (names === undefined) return `__require(${spec});`;
    return `const { ${bindingList(names)} } = __require(${spec});`;
  });
  if (/^import[^;]*"\.\/chunk-/m.test(body)) throw new Error(`bundle: ${file} imports a chunk in a form not turned into require()`);
  return `import { createRequire as __createRequire } from "node:module";\nconst __require = __createRequire(import.meta.url);\n${toCjsSpecifiers(file, body)}`;
}

for (const { path: out, text } of outputFiles) {
  const file = path.relative(dist, out);
  if (CHUNK.test(file)) writeFileSync(path.join(dist, file.replace(/\.js$/, '.cjs')), await toCommonJs(file, text));
  else if (file === 'cli.js') writeFileSync(path.join(dist, 'cli.cjs'), await toCommonJs(file, text));
  else if (file === 'index.js' || file === 'lint-worker.js') writeFileSync(out, requireChunks(file, text));
  else throw new Error(`bundle: unexpected output ${file}`);
}

// `node dist/cli.js` (tests, the GitHub Action, tools that import the CLI in-process under a fresh URL
// per run to rerun its main()): the bin, evaluated afresh each time this module is.
writeFileSync(
  path.join(dist, 'cli.js'),
  `${HASHBANG}import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
delete require.cache[require.resolve('./cli.cjs')];
require('./cli.cjs');
`,
);
for (const bin of ['cli.cjs', 'cli.js']) chmodSync(path.join(dist, bin), 0o755);

// Declarations: the package ships those `import { lint }` needs, dist/index.d.ts and what it imports
// (14 of tsc's 248 files, 44 of 305 KB when this was written); the rest describe modules no consumer
// can import (package.json "exports" names only the entry). Each import is followed as written, so a
// declaration the entry needs is never left out (test/package.test.ts type-checks a consumer).
const DECLARATION_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*)["'](\.{1,2}\/[^"']+)\.js["']/g;

function declarationsOf(entry) {
  const needed = new Set();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop();
    if (needed.has(file)) continue;
    needed.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(DECLARATION_IMPORT)) {
      const target = path.join(path.dirname(file), `${m[1]}.d.ts`);
      if (!existsSync(target)) throw new Error(`bundle: ${path.relative(dist, file)} imports ${m[1]}.js, which has no declaration`);
      queue.push(target);
    }
  }
  return needed;
}

const declarations = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? declarations(path.join(dir, e.name)) : e.name.endsWith('.d.ts') ? [path.join(dir, e.name)] : []));

const needed = declarationsOf(path.join(dist, 'index.d.ts'));
for (const file of declarations(dist)) if (!needed.has(file)) rmSync(file);
