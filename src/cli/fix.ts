import { lint, type LintOptions, type LintResult } from '../index.js';
import { compareFindings } from '../engine/run-rules.js';
import { computeFixes } from '../engine/fix-passes.js';
import { unifiedDiff } from '../fix/diff.js';
import { writeFixesAtomically } from '../fix/write.js';
import { plural } from '../shared/text.js';

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
  roots: readonly string[] = [],
): Promise<LintResult> {
  const outcome = await computeFixes({ lint: options, canEdit });
  if (mode === 'dry-run') {
    for (const f of outcome.files) out.diff(unifiedDiff(f.file, f.before, f.after));
    if (outcome.applied > 0) out.note(`would fix ${plural(outcome.applied, 'problem')} in ${plural(outcome.files.length, 'file')}\n`);
    return outcome.result;
  }
  const { written, refused } = writeFixesAtomically(outcome.files, roots);
  if (written.length > 0) out.note(`fixed ${written.length === outcome.files.length ? plural(outcome.applied, 'problem') + ' in ' : ''}${plural(written.length, 'file')}\n`);
  if (refused.length === 0) return outcome.result;
  // Some files kept their text: what remains is what is on disk now, plus why those were not fixed.
  const fresh = await lint(options);
  return { ...fresh, findings: [...fresh.findings, ...refused].sort(compareFindings) };
}
