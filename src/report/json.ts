import { isBuilt, type Finding } from '../shared/finding.js';
import type { ReportContext } from './formats.js';
import { countFindings, exactFile, relativeSorted } from './paths.js';

/** A stable shape for machines: every key present on every finding except `related` and `fix` (`help` is null when a rule has none). */
export function formatJson(findings: readonly Finding[], ctx: ReportContext): string {
  const sorted = relativeSorted(findings, ctx.cwd, exactFile);
  const { errorCount, warningCount } = countFindings(sorted);
  const out = {
    findings: sorted.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      help: f.help ?? null,
      file: f.file,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      resource: f.resource ?? null,
      ...(f.related && f.related.length > 0 && { related: f.related }),
      // Offsets index the file's text without a byte-order mark, as the edits are applied by --fix.
      ...(isBuilt(f.fix) && { fix: { description: f.fix.description, edits: f.fix.edits.map((e) => ({ ...e, file: exactFile(e.file, ctx.cwd) })) } }),
    })),
    errorCount,
    warningCount,
    fileCount: ctx.fileCount,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
