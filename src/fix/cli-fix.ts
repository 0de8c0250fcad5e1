import type { LintOptions, LintResult } from '../index.js';
import { computeFixes, writeFixes } from './apply.js';
import { unifiedDiff } from './diff.js';

export type FixMode = 'write' | 'dry-run';

/**
 * `lint()` for `--fix` and `--fix-dry-run`: fixes in memory, then writes the
 * fixed files or prints their unified diff (to `out`), and returns the lint
 * of the fixed text, so that the report and the exit code are what remains.
 */
export async function fixThenLint(
  options: LintOptions,
  mode: FixMode,
  canEdit: (file: string) => boolean,
  out: { diff: (text: string) => void; note: (text: string) => void },
): Promise<LintResult> {
  const outcome = await computeFixes({ lint: options, canEdit });
  if (mode === 'dry-run') {
    for (const f of outcome.files) out.diff(unifiedDiff(f.file, f.before, f.after));
  } else {
    writeFixes(outcome.files);
  }
  if (outcome.applied > 0) {
    const verb = mode === 'dry-run' ? 'would fix' : 'fixed';
    out.note(`${verb} ${plural(outcome.applied, 'problem')} in ${plural(outcome.files.length, 'file')}\n`);
  }
  return outcome.result;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
