import type { Finding, Severity } from '../shared/finding.js';
import type { ReportContext } from './formats.js';
import { exactFile, relativeSorted } from './paths.js';

/** GitHub's annotation levels; `info` has no level of its own there. */
const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * GitHub Actions workflow commands, one annotation per finding:
 * `::error file=F,line=L,col=C,endLine=L,endColumn=C,title=RULE::MESSAGE`.
 * The file is the exact path with GitHub's own escapes (the runner decodes
 * only those), so that the annotation attaches to the file whatever its name.
 */
export function formatGithub(findings: readonly Finding[], ctx: ReportContext): string {
  return relativeSorted(findings, ctx.cwd, exactFile)
    .map((f) => `::${COMMAND[f.severity]} ${properties(f)}::${escapeData(f.help ? `${f.message}\nhelp: ${f.help}` : f.message)}\n`)
    .join('');
}

function properties(f: Finding): string {
  const props: Array<[string, string | number]> = [['file', f.file], ['line', f.line]];
  // GitHub rejects columns on an annotation that spans lines.
  const oneLine = f.endLine === f.line;
  if (oneLine) props.push(['col', f.column]);
  props.push(['endLine', f.endLine]);
  if (oneLine && f.endColumn > f.column) props.push(['endColumn', f.endColumn]);
  props.push(['title', f.rule]);
  return props.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
}

/** As `@actions/core` escapes a command's message. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** As `@actions/core` escapes a property value: the data escapes plus the separators `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
