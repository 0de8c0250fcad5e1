import { chmodSync, closeSync, fsyncSync, openSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeSync } from '../shared/builtins.js';
import path from 'node:path';
import type { Finding } from '../shared/finding.js';
import type { FixedFile } from './select.js';
import { isWithin } from '../shared/within.js';

/**
 * Writes fixed files so that no failure can lose or fake anything: each file
 * is written to a temporary file beside it and renamed over it (a kill leaves
 * the old file or the new one, never a truncated one), keeping its mode; a
 * file whose content changed since it was read is left alone (the user saved
 * it meanwhile); a file whose real path (links followed) is not inside the
 * linted paths is not written; a file that cannot be written is a finding,
 * and the other files are still written.
 */
export interface WriteOutcome {
  written: FixedFile[];
  refused: Finding[];
}

/** `roots`: real paths of the given paths (directories, or files named directly). */
export function writeFixesAtomically(files: readonly FixedFile[], roots: readonly string[]): WriteOutcome {
  const written: FixedFile[] = [];
  const refused: Finding[] = [];
  for (const f of files) {
    const problem = writeOne(f, roots);
    if (problem === undefined) written.push(f);
    else refused.push(notFixed(f.file, problem));
  }
  return { written, refused };
}

function writeOne(f: FixedFile, roots: readonly string[]): string | undefined {
  let real: string;
  let current: string;
  try {
    real = realpathSync(f.abs);
    if (!roots.some((root) => isWithin(root, real))) return 'it is a link to a file outside the linted paths';
    current = readFileSync(real, 'utf8');
  } catch (error) {
    return reason(error);
  }
  if (current !== f.before) return 'it changed since it was read (saved meanwhile?); lint it again';
  const temp = path.join(path.dirname(real), `.${path.basename(real)}.${process.pid}.iam-profile-lint.tmp`);
  try {
    const { mode } = statSync(real);
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeSync(fd, f.after);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // The mode given to open is masked by the umask: set the original's exactly.
    chmodSync(temp, mode & 0o7777);
    renameSync(temp, real);
    return undefined;
  } catch (error) {
    rmSync(temp, { force: true });
    return reason(error);
  }
}

function reason(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? String(error.code) : undefined;
  return code ? `it cannot be written (${code})` : `it cannot be written (${error instanceof Error ? error.message : String(error)})`;
}

function notFixed(file: string, why: string): Finding {
  return {
    rule: 'skipped-file',
    severity: 'error',
    message: `not fixed: ${why}; its fixes were not applied, the other files' were`,
    file,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
  };
}
