import { accessSync, chmodSync, chownSync, closeSync, constants, fsyncSync, ftruncateSync, openSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeSync } from '../shared/builtins.js';
import type { Stats } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../shared/finding.js';
import type { FixedFile } from './select.js';
import { isWithin } from '../shared/within.js';
import { errorCode } from '../shared/fs-errors.js';

/**
 * Writes fixed files so that no failure can lose or fake anything: each file
 * is written to a temporary file beside it and renamed over it (a kill leaves
 * the old file or the new one, never a truncated one), keeping its mode and,
 * where the user may set them, its owner and group; a file whose content
 * changed since it was read is left alone (the user saved it meanwhile); a
 * file whose real path (links followed) is not inside the linted paths is not
 * written; a file the user may not write (mode 0444 in a writable directory:
 * the rename alone would not ask) is not written; a file with other hard
 * links is written in place, as ESLint and Ruff write every file, since a
 * rename would split it from its other names; a file that cannot be written
 * is a finding, and the other files are still written.
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
  let info: Stats;
  try {
    info = statSync(real);
    accessSync(real, constants.W_OK);
  } catch (error) {
    return reason(error);
  }
  return info.nlink > 1 ? writeInPlace(real, f.after) : replaceByRename(real, f.after, info);
}

function replaceByRename(real: string, text: string, info: Stats): string | undefined {
  const temp = path.join(path.dirname(real), `.${path.basename(real)}.${process.pid}.iam-profile-lint.tmp`);
  try {
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    keepOwner(temp, info);
    // The mode given to open is masked by the umask: set the original's exactly (after chown, which may clear set-id bits).
    chmodSync(temp, info.mode & 0o7777);
    renameSync(temp, real);
    return undefined;
  } catch (error) {
    rmSync(temp, { force: true });
    return reason(error);
  }
}

/** The new file is the writer's; give it the original's owner and group where allowed (root; or a group the user is in). */
function keepOwner(temp: string, info: Stats): void {
  try {
    chownSync(temp, info.uid, info.gid);
  } catch (error) {
    if (errorCode(error) !== 'EPERM') throw error;
  }
}

/** Hard-linked: truncated and rewritten through its own inode, so every name sees the fix (not atomic, as in ESLint and Ruff). */
function writeInPlace(real: string, text: string): string | undefined {
  try {
    const fd = openSync(real, 'r+');
    try {
      const bytes = Buffer.from(text);
      writeSync(fd, bytes, 0, bytes.length, 0);
      ftruncateSync(fd, bytes.length);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return undefined;
  } catch (error) {
    return reason(error);
  }
}

function reason(error: unknown): string {
  const code = errorCode(error);
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
