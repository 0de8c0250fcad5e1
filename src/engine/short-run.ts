import { fromCommonJs } from '../shared/builtins.js';

/**
 * V8 tuned for a process that ends after one run (the CLI: a pre-commit hook,
 * a CI step), set before the run's code gets hot: its inlining budget, and how
 * far its heap grows between full collections.
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
const INLINING = '--max-inlined-bytecode-size-cumulative=300';

/**
 * V8 grows the old generation to up to 4 times what survived its last full
 * collection when collecting is cheap beside the program's own work, as it is
 * while a lint builds its graph: on the dev corpus the heap went from 63 MB
 * live to about 190 MB, most of it garbage, without another full collection.
 * A fixed factor of 2 collects once more on the way (three full collections
 * instead of two): peak RSS 277 -> 208 MB on Node 20, 273 -> 218 MB on Node
 * 22, 388 -> 343 MB on Node 24 (whose young generation is larger), for no
 * more CPU (CLI runs interleaved, medians of 7 to 9). Where the heap is large
 * enough that V8's own factor falls below 2 (its collections get slower than
 * the program), a fixed 2 would let it grow more, so only runs below
 * `MAX_GROWTH_INPUT_CHARS` ask for it.
 */
const GROWTH = '--heap-growing-percent=100';

/** Below this many characters of input a run compiles too little, and keeps too little, to gain. */
const MIN_INPUT_CHARS = 256 * 1024;

/** At or above this many characters (a heap of some GB) V8's own growth factor is left alone. */
const MAX_GROWTH_INPUT_CHARS = 64 * 2 ** 20;

const KNOWN_V8_MAJORS = { min: 11, max: 14 };

let tuned = false;

export function tuneForShortRun(inputChars: number, v8Version: string = process.versions.v8): boolean {
  const flags = shortRunFlags(inputChars, v8Version);
  if (tuned || flags.length === 0) return false;
  tuned = true;
  const v8 = fromCommonJs('node:v8') as typeof import('node:v8');
  for (const flag of flags) v8.setFlagsFromString(flag);
  return true;
}

/** The V8 flags a run of `inputChars` characters is given on V8 `v8Version`. */
export function shortRunFlags(inputChars: number, v8Version: string): string[] {
  if (inputChars < MIN_INPUT_CHARS || !knownV8(v8Version)) return [];
  return inputChars < MAX_GROWTH_INPUT_CHARS ? [INLINING, GROWTH] : [INLINING];
}

export function knownV8(version: string): boolean {
  const major = Number(version.split('.')[0]);
  return major >= KNOWN_V8_MAJORS.min && major <= KNOWN_V8_MAJORS.max;
}
