import type { Finding, Severity } from '../shared/finding.js';
import { codeFrame, type SourceLines } from './code-frame.js';
import type { ReportContext } from './formats.js';
import { painter, type Paint } from './paint.js';
import { countFindings, relativeSorted, type Counts } from './paths.js';
import { wrapWords } from './wrap.js';
import { plural } from '../shared/text.js';

const SEVERITY_COLOR: Record<Severity, 'red' | 'yellow' | 'blue'> = { error: 'red', warning: 'yellow', info: 'blue' };
/** Below this, a message column beside the rule ids is too narrow to read: messages take the whole width instead. */
const MIN_MESSAGE_WIDTH = 40;
/** Help and notes never wrap narrower than this, whatever the terminal. */
const MIN_TEXT_WIDTH = 20;

/**
 * ESLint's stylish: findings grouped by file, aligned columns, one summary line; empty when clean.
 * Each finding's `help` goes on its own line under the message (as Ruff and rustc print `help:`);
 * with `ctx.width` messages wrap at word boundaries to fit it.
 */
export function formatStylish(findings: readonly Finding[], ctx: ReportContext): string {
  return formatGrouped(findings, ctx, undefined);
}

/** Stylish with the source line and a caret under each finding (ESLint's codeframe, Ruff's full output). */
export function formatCodeFrame(findings: readonly Finding[], ctx: ReportContext): string {
  const lines: SourceLines = new Map();
  return formatGrouped(findings, ctx, lines);
}

function formatGrouped(findings: readonly Finding[], ctx: ReportContext, frames: SourceLines | undefined): string {
  if (findings.length === 0) return '';
  const paint = painter(ctx.color);
  const sorted = relativeSorted(findings, ctx.cwd);
  let out = '\n';
  for (const group of groupByFile(sorted)) {
    out += `${paint(group[0].file, 'underline')}\n${formatTable(group, paint, ctx, frames)}\n\n`;
  }
  const fixable = sorted.filter((f) => f.fix).length;
  const hint = fixable > 0 ? `\n${paint(`  ${plural(fixable, 'problem')} fixable with the \`--fix\` option.`, 'bold')}` : '';
  return `${out}${summary(countFindings(sorted), ctx.fileCount, paint)}${hint}\n`;
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

interface Row {
  finding: Finding;
  position: string;
  severity: Severity;
  message: string;
  rule: string;
}

function formatTable(findings: Finding[], paint: Paint, ctx: ReportContext, frames: SourceLines | undefined): string {
  const rows = findings.map((f): Row => ({
    finding: f,
    position: `${f.line}:${f.column}`,
    severity: f.severity,
    message: flatten(f.message) + (f.fix ? ' (fixable)' : ''),
    rule: f.rule,
  }));
  const width = (pick: (r: Row) => string): number => Math.max(...rows.map((r) => pick(r).length));
  const lineWidth = Math.max(...findings.map((f) => String(f.line).length));
  const columnWidth = Math.max(...findings.map((f) => String(f.column).length));
  const severityWidth = width((r) => r.severity);
  const ruleWidth = width((r) => r.rule);
  // Where the message starts: "  L:C  severity  ".
  const indent = 2 + lineWidth + 1 + columnWidth + 2 + severityWidth + 2;
  const longest = width((r) => r.message);
  const room = ctx.width === undefined ? Infinity : ctx.width - indent - 2 - ruleWidth;
  // Too narrow for a rule column: each message flows over the whole width, its rule id after its last word.
  const flow = room < MIN_MESSAGE_WIDTH;
  const messageWidth = flow ? Math.max((ctx.width ?? 0) - indent, MIN_TEXT_WIDTH) : Math.min(longest, room);
  const frameWidth = ctx.width === undefined ? undefined : Math.max(ctx.width - indent, MIN_TEXT_WIDTH);
  const pad = ' '.repeat(indent);
  return rows
    .map((r) => {
      const f = r.finding;
      const [line, column] = [String(f.line).padStart(lineWidth), String(f.column).padEnd(columnWidth)];
      const head = `  ${paint(`${line}:${column}`, 'dim')}  ${paint(r.severity, SEVERITY_COLOR[r.severity])}${' '.repeat(severityWidth - r.severity.length)}  `;
      const messageLines = wrapWords(r.message, messageWidth);
      const out: string[] = [];
      if (flow) {
        const last = messageLines.length - 1;
        const ruleFits = messageLines[last].length + 2 + r.rule.length <= messageWidth;
        const body = messageLines.map((l, i) => (i === last && ruleFits ? `${l}  ${paint(r.rule, 'dim')}` : l));
        out.push(`${head}${body[0]}`, ...body.slice(1).map((l) => pad + l));
        if (!ruleFits) out.push(`${pad}${paint(r.rule, 'dim')}`);
      } else {
        out.push(`${head}${messageLines[0].padEnd(messageWidth)}  ${paint(r.rule, 'dim')}`.trimEnd());
        out.push(...messageLines.slice(1).map((l) => pad + l));
      }
      if (frames) out.push(...codeFrame(f, frames, ctx.cwd, paint, frameWidth).map((l) => pad + l));
      if (f.help) out.push(...labelled('help', f.help, pad, ctx.width, paint));
      if (ctx.explain) for (const rel of f.related ?? []) out.push(...labelled('note', `${rel.file}:${rel.line}:${rel.column}: ${flatten(rel.message)}`, pad, ctx.width, paint));
      return out.join('\n');
    })
    .join('\n');
}

/** `help: text`, wrapped under its own start: continuation lines align after the label. */
function labelled(label: string, text: string, pad: string, width: number | undefined, paint: Paint): string[] {
  const hang = ' '.repeat(label.length + 2);
  const room = width === undefined ? Infinity : Math.max(width - pad.length - hang.length, MIN_TEXT_WIDTH);
  return wrapWords(flatten(text), room).map((l, i) => (i === 0 ? `${pad}${paint(`${label}:`, 'cyan')} ${l}` : `${pad}${hang}${l}`));
}

/** One line: a message's line breaks become spaces (one pass over whitespace runs, linear on long runs). */
function flatten(text: string): string {
  return text.replace(/\s+/g, (ws) => (/[\r\n]/.test(ws) ? ' ' : ws));
}

function summary(counts: Counts, fileCount: number, paint: Paint): string {
  const total = counts.errorCount + counts.warningCount + counts.infoCount;
  const parts = [plural(counts.errorCount, 'error'), plural(counts.warningCount, 'warning')];
  if (counts.infoCount > 0) parts.push(`${counts.infoCount} info`);
  const text = `\u2716 ${plural(total, 'problem')} (${parts.join(', ')}); ${plural(fileCount, 'file')} checked`;
  const color = counts.errorCount > 0 ? 'red' : counts.warningCount > 0 ? 'yellow' : 'blue';
  return paint(text, color, 'bold');
}
