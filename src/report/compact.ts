import type { Finding } from '../rules/types.js';
import type { ReportContext } from './formats.js';
import { relativeSorted } from './paths.js';

/** `file:line:col: severity [rule] message`, one line per finding, nothing when clean (grep- and editor-friendly). */
export function formatCompact(findings: readonly Finding[], ctx: ReportContext): string {
  return relativeSorted(findings, ctx.cwd)
    .map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity} [${f.rule}] ${oneLine(f.message)}\n`)
    .join('');
}

export function oneLine(message: string): string {
  // One pass over whitespace runs: `\s*[\r\n]+\s*` backtracks quadratically on a long run of spaces.
  return message.replace(/\s+/g, (ws) => (/[\r\n]/.test(ws) ? ' ' : ws));
}
