// The last step of `npm run build`: what the package runs, bundled by esbuild over tsc's output.
//
// dist/cli.js (the bin), dist/index.js (`import { lint }`) and dist/lint-worker.js (the
// roomy-heap worker, spawned by file path next to the code that spawns it) become entry
// points sharing dist/chunk-*.js; report formats, --fix, pictures and the language server
// stay behind dynamic import() in chunks of their own. A small template loaded about 170
// modules through ESM resolution, which cost more than linting it. Dependencies stay in
// node_modules (vscode-languageserver only behind --lsp, yaml only on first use).
// tsc's per-module files stay in dist/ for the scripts and benches that import them, but
// are not in the package (package.json "files").
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/main.ts', index: 'src/index.ts', 'lint-worker': 'src/engine/lint-worker.ts' },
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
});
