import { Chalk, type ChalkInstance } from 'chalk';
import type { Finding, Severity } from '../rules/types.js';
import type { ReportContext } from './formats.js';
import { countFindings, relativeSorted, type Counts } from './paths.js';

const SEVERITY_COLOR: Record<Severity, 'red' | 'yellow' | 'blue'> = { error: 'red', warning: 'yellow', info: 'blue' };

/** ESLint's stylish: findings grouped by file, aligned columns, one summary line; empty when clean. */
export function formatStylish(findings: readonly Finding[], ctx: ReportContext): string {
  if (findings.length === 0) return '';
  // An instance of our own, so the global chalk (and anyone else's) keeps its level.
  const chalk = new Chalk({ level: ctx.color ? 1 : 0 });
  const sorted = relativeSorted(findings, ctx.cwd);
  let out = '\n';
  for (const group of groupByFile(sorted)) {
    out += `${chalk.underline(group[0].file)}\n${formatTable(group, chalk)}\n\n`;
  }
  const fixable = sorted.filter((f) => f.fix).length;
  const hint = fixable > 0 ? `\n${chalk.bold(`  ${plural(fixable, 'problem')} fixable with the \`--fix\` option.`)}` : '';
  return `${out}${summary(countFindings(sorted), chalk)}${hint}\n`;
}

function groupByFile(sorted: Finding[]): Finding[][] {
  const groups: Finding[][] = [];
  for (const finding of sorted) {
    const last = groups[groups.length - 1];
    if (last && last[0].file === finding.file) last.push(finding);
    else groups.push([finding]);
  }
  return groups;
}

function formatTable(findings: Finding[], chalk: ChalkInstance): string {
  const rows = findings.map((f) => ({
    line: String(f.line),
    column: String(f.column),
    severity: f.severity,
    // One pass over whitespace runs: `\s*[\r\n]+\s*` backtracks quadratically on a long run of spaces.
    message: f.message.replace(/\s+/g, (ws) => (/[\r\n]/.test(ws) ? ' ' : ws)) + (f.fix ? ' (fixable)' : ''),
    rule: f.rule,
  }));
  const width = (pick: (r: (typeof rows)[number]) => string): number => Math.max(...rows.map((r) => pick(r).length));
  const lineWidth = width((r) => r.line);
  const columnWidth = width((r) => r.column);
  const severityWidth = width((r) => r.severity);
  const messageWidth = width((r) => r.message);
  return rows
    .map((r) => {
      const position = chalk.dim(`${r.line.padStart(lineWidth)}:${r.column.padEnd(columnWidth)}`);
      const severity = chalk[SEVERITY_COLOR[r.severity]](r.severity) + ' '.repeat(severityWidth - r.severity.length);
      return `  ${position}  ${severity}  ${r.message.padEnd(messageWidth)}  ${chalk.dim(r.rule)}`;
    })
    .join('\n');
}

function summary(counts: Counts, chalk: ChalkInstance): string {
  const total = counts.errorCount + counts.warningCount + counts.infoCount;
  const parts = [plural(counts.errorCount, 'error'), plural(counts.warningCount, 'warning')];
  if (counts.infoCount > 0) parts.push(`${counts.infoCount} info`);
  const text = `\u2716 ${plural(total, 'problem')} (${parts.join(', ')})`;
  const color = counts.errorCount > 0 ? 'red' : counts.warningCount > 0 ? 'yellow' : 'blue';
  return chalk[color].bold(text);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
