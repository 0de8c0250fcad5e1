import type { Finding } from '../shared/finding.js';
import type { ReportContext } from './formats.js';
import { relativeSorted } from './paths.js';

/** `file:line:col: severity [rule] message`, one line per finding, nothing when clean (grep- and editor-friendly). */
export function formatCompact(findings: readonly Finding[], ctx: ReportContext): string {
  return relativeSorted(findings, ctx.cwd)
    .map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity} [${f.rule}] ${oneLine(withHelp(f))}\n`)
    .join('');
}

/** The statement and its help on one line, for formats that have a single message field. */
export function withHelp(f: Finding): string {
  return f.help ? `${f.message} (help: ${f.help})` : f.message;
}

export function oneLine(message: string): string {
  // One pass over whitespace runs: `\s*[\r\n]+\s*` backtracks quadratically on a long run of spaces.
  return message.replace(/\s+/g, (ws) => (/[\r\n]/.test(ws) ? ' ' : ws));
}
