// Node's built-in modules taken through CommonJS. An ES module's `import … from 'node:fs'`
// builds a namespace of every export and so reads each lazy one: `fs.promises` loads
// fs/promises and about 18 stream modules, `util` and `buffer` their MIME and File classes,
// none of which we call. The CLI's and the language server's `process.stdout` load the
// stream modules anyway; the library entry and the worker need not. `node:path` and
// `node:url` cost nothing.
import { createRequire } from 'node:module';

/** `require` for a builtin loaded only when a run needs it (`node:v8` in engine/roomy-heap.ts). */
export const fromCommonJs = createRequire(import.meta.url);
const fs = fromCommonJs('node:fs') as typeof import('node:fs');

export const {
  accessSync,
  chmodSync,
  chownSync,
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} = fs;

export const { isUtf8 } = fromCommonJs('node:buffer') as typeof import('node:buffer');
export const { parseArgs } = fromCommonJs('node:util') as typeof import('node:util');
