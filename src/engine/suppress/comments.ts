// Inline suppression comments: `# iam-profile-lint-ignore rule-id[, rule-id] -- reason`.
import { LineIndex } from '../../shared/source.js';

/** Where a suppression (or a problem with one) is written, as 1-based line/column; end exclusive. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Suppression {
  file: string;
  /** What it covers: one line, the whole file, or one CloudFormation resource. */
  scope: { kind: 'line'; line: number } | { kind: 'file' } | { kind: 'resource'; address: string };
  rules: string[];
  reason?: string;
  /** How messages name it: `iam-profile-lint-ignore`, `Metadata iam-profile-lint ignore`, ... */
  label: string;
  at: Span;
  resource?: string;
}

/** A directive that cannot work as written; reported as an `unused-suppression` finding. */
export interface DirectiveProblem {
  file: string;
  at: Span;
  message: string;
  resource?: string;
}

export interface Directives {
  suppressions: Suppression[];
  problems: DirectiveProblem[];
}

const LINE = 'iam-profile-lint-ignore';
const FILE = 'iam-profile-lint-ignore-file';

/** Comment leaders per file kind; JSON has no comments (its templates use `Metadata`). */
function commentLeaders(file: string): readonly string[] {
  const name = file.toLowerCase();
  if (name.endsWith('.json')) return [];
  if (name.endsWith('.tf') || name.endsWith('.tofu') || name.endsWith('.tfvars')) return ['#', '//'];
  return ['#'];
}

/** A comment starts a line or follows whitespace (YAML's rule; HCL agrees for our purposes). */
function directiveRegex(leaders: readonly string[]): RegExp {
  const leader = leaders.map((l) => l.replace(/\//g, '\\/')).join('|');
  return new RegExp(`(^|[ \\t])(?:${leader})[ \\t]*(${LINE}(?:-file)?)(?![\\w-])(.*)$`);
}

/** Finds every suppression comment in one file. */
export function commentDirectives(file: string, text: string): Directives {
  const out: Directives = { suppressions: [], problems: [] };
  const leaders = commentLeaders(file);
  if (leaders.length === 0 || !text.includes(LINE)) return out;
  const lines = new LineIndex(text);
  const regex = directiveRegex(leaders);
  const kinds = classifyLines(lines, leaders);
  const firstCode = kinds.indexOf('code') + 1 || kinds.length + 1;
  for (let n = 1; n <= lines.lineCount; n++) {
    const content = lines.lineText(n);
    const m = regex.exec(content);
    if (!m) continue;
    const column = m.index + m[1].length + 1;
    const at: Span = { line: n, column, endLine: n, endColumn: content.trimEnd().length + 1 };
    const alone = kinds[n - 1] === 'comment';
    const name = m[2];
    const parsed = parseBody(m[3]);
    if (parsed.problem) out.problems.push({ file, at, message: `${name}: ${parsed.problem}` });
    if (parsed.rules.length === 0) continue;
    const base = { file, rules: parsed.rules, label: name, at, ...(parsed.reason !== undefined && { reason: parsed.reason }) };
    if (name === FILE) {
      if (alone && n < firstCode) out.suppressions.push({ ...base, scope: { kind: 'file' } });
      else out.problems.push({ file, at, message: `${FILE} must come before the first line that is not a comment; here it suppresses nothing` });
      continue;
    }
    // Alone on its line, it covers the next line of code (so several can stack above one line).
    const target = alone ? kinds.indexOf('code', n) + 1 : n;
    out.suppressions.push({ ...base, scope: { kind: 'line', line: target > 0 ? target : n } });
  }
  return out;
}

type LineKind = 'blank' | 'comment' | 'code';

function classifyLines(lines: LineIndex, leaders: readonly string[]): LineKind[] {
  const kinds: LineKind[] = [];
  for (let n = 1; n <= lines.lineCount; n++) {
    const trimmed = lines.lineText(n).trim();
    if (trimmed === '' || trimmed === '---' || trimmed.startsWith('%')) kinds.push(trimmed === '' ? 'blank' : 'comment');
    else kinds.push(leaders.some((l) => trimmed.startsWith(l)) ? 'comment' : 'code');
  }
  return kinds;
}

/** `rule-a, rule-b -- reason`: rule ids separated by commas, the reason after ` -- `. */
export function parseBody(body: string): { rules: string[]; reason?: string; problem?: string } {
  const dashes = body.search(/(?:^|\s)--(?:\s|$)/);
  const rulesPart = dashes < 0 ? body : body.slice(0, dashes);
  const reasonPart = dashes < 0 ? undefined : body.slice(dashes).replace(/^\s*--/, '').trim();
  const items = rulesPart.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const rules = items.map((item) => item.split(/\s+/)[0]);
  const reason = reasonPart === undefined || reasonPart === '' ? undefined : reasonPart;
  if (rules.length === 0) return { rules, reason, problem: 'names no rule: list the rule ids to ignore, then " -- " and the reason' };
  if (items.some((item) => /\s/.test(item))) {
    return { rules, reason, problem: 'separate rule ids with commas, and the reason from them with " -- "' };
  }
  return reason === undefined ? { rules } : { rules, reason };
}
