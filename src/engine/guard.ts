import type { SkippedFile } from '../discover/discover.js';
import type { GraphParts } from '../graph/graph.js';
import type { Notice } from '../graph/types.js';
import { describeException, fileStart } from './contain.js';
import { LineIndex } from '../shared/source.js';

/**
 * Containment for the units of a run (DESIGN §5: errors the user can hit are
 * values): an exception while parsing or building one template or module
 * becomes an `internal-error` notice naming its file, and the run goes on.
 */

/** Called with each contained exception, for `--debug` to print its stack. */
export type InternalErrorHook = (error: unknown, file: string) => void;

export function internalErrorNotice(file: string, stage: string, error: unknown): Notice {
  return {
    rule: 'internal-error',
    message: `Internal error while ${stage}: ${describeException(error)}; this file was not (wholly) checked, the others were`,
    loc: fileStart(file),
  };
}

/** `run`'s result, or undefined after recording its exception against `file`. */
export function guarded<T>(parts: GraphParts, file: string, stage: string, run: () => T, hook?: InternalErrorHook): T | undefined {
  try {
    return run();
  } catch (error) {
    (parts.notices ??= []).push(internalErrorNotice(file, stage, error));
    hook?.(error, file);
    return undefined;
  }
}

/**
 * Builds a module and commits what was built; when building throws, finds
 * the files that fail alone, names them, and builds the module without them
 * so its other files are still linted. Probe builds are thrown away.
 */
export function guardedModule<F extends { path: string }, R>(
  parts: GraphParts,
  files: readonly F[],
  build: (files: readonly F[]) => R,
  commit: (built: R) => void,
  hook?: InternalErrorHook,
): void {
  let whole: unknown;
  try {
    const built = build(files);
    commit(built);
    return;
  } catch (error) {
    // `commit` only pushes into arrays; what throws here is the build.
    whole = error;
  }
  const failing = files.filter((f) => throws(() => build([f])));
  // A failure no file reproduces alone comes from their combination: the module's first file is named.
  const culprits = failing.length > 0 ? failing : files.slice(0, 1);
  for (const f of culprits) {
    (parts.notices ??= []).push(internalErrorNotice(f.path, 'building the Terraform module of this file', whole));
    hook?.(whole, f.path);
  }
  const rest = files.filter((f) => !culprits.includes(f));
  if (failing.length === 0 || rest.length === 0) return;
  const built = guarded(parts, rest[0].path, 'building the Terraform module without the failing file', () => build(rest), hook);
  if (built !== undefined) commit(built);
}

function throws(run: () => void): boolean {
  try {
    run();
    return false;
  } catch {
    return true;
  }
}

/** Files discovery read but did not pass on: notices, or parse errors placed at the bad byte. */
export function addSkipped(skipped: readonly SkippedFile[], parts: GraphParts): void {
  for (const s of skipped) {
    const loc = s.textBefore === undefined ? fileStart(s.path) : endOf(s.path, s.textBefore);
    if (s.rule === 'parse-error') parts.parseDiagnostics.push({ message: s.message, loc, severity: 'error' });
    else (parts.notices ??= []).push({ rule: s.rule, message: s.message, loc, severity: s.severity });
  }
}

/** The position just after `text`: where the first byte that could not be decoded sits. */
function endOf(file: string, text: string): Notice['loc'] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const range = new LineIndex(body).range(body.length, body.length);
  return { file, range };
}

/**
 * `into.push(...items)` passes every item as an argument, which overflows the
 * stack past about 100,000 items (a generated 50 MB template): a loop does not.
 */
export function pushAll<T>(into: T[], items: readonly T[]): void {
  for (const item of items) into.push(item);
}
