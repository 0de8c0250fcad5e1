import { fromCommonJs } from '../shared/builtins.js';

/**
 * V8 tuned for a process that ends after one run (the CLI: a pre-commit hook,
 * a CI step), set before the run's code gets hot.
 *
 * V8 inlines up to 920 bytes of bytecode into each function it optimises, a
 * budget made for pages that run for minutes. A lint is over in seconds:
 * its big functions (the value builders, the YAML and HCL readers) were
 * optimised, deoptimised by a new shape of value and optimised again, each
 * time a 20 to 50 ms compile on another thread, which a 2-core CI runner does
 * not have to spare. Measured with 300 bytes (CLI runs interleaved, on the
 * shared 2-core machine under load; `npm run bench` gives the idle figures):
 * the dev corpus took 16% less CPU, aws-cloudformation-templates 24% less.
 * V8's own note on this limit: "By being not too high, we ensure that
 * Turbofan compilation doesn't take too long."
 *
 * Only the CLI asks (`LintOptions.shortLived`): a library or the language
 * server keeps its process's settings. Only for V8 versions known to have
 * the flag (11 to 14: Node 20 to 25), since V8 prints an error for a flag it
 * does not know; and only for a run big enough to gain, since loading
 * `node:v8` costs a small run about 2.5 ms.
 */
const FLAG = '--max-inlined-bytecode-size-cumulative=300';

/** Below this many characters of input a run compiles too little to gain. */
const MIN_INPUT_CHARS = 256 * 1024;

const KNOWN_V8_MAJORS = { min: 11, max: 14 };

let tuned = false;

export function tuneForShortRun(inputChars: number, v8Version: string = process.versions.v8): boolean {
  if (tuned || inputChars < MIN_INPUT_CHARS || !knownV8(v8Version)) return false;
  tuned = true;
  (fromCommonJs('node:v8') as typeof import('node:v8')).setFlagsFromString(FLAG);
  return true;
}

export function knownV8(version: string): boolean {
  const major = Number(version.split('.')[0]);
  return major >= KNOWN_V8_MAJORS.min && major <= KNOWN_V8_MAJORS.max;
}
