// node --import ./bench/count-modules.mjs <program>: writes one "module <path>" line to stderr
// for each file the program loads, ES module (through the loader hook, on its own thread)
// or CommonJS (require's cache, at exit), by path: the bin, a CommonJS file run with --import, is
// seen by both. bench/run.mjs counts them for the start-up figure.
import { createRequire, register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
import { fileURLToPath } from 'node:url';
export async function load(url, context, next) {
  if (url.startsWith('file:')) process.stderr.write('module ' + fileURLToPath(url) + '\\n');
  return next(url, context);
}
`),
);
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => {
  for (const file of Object.keys(cache)) process.stderr.write(`module ${file}\n`);
});
