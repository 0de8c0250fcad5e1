/**
 * A fixture's findings in full, as a snapshot a reviewer can read (the layout
 * of Ruff's `.snap` files): each finding's rule, severity, range, message, a
 * frame of the source with the range underlined, help, resource, related
 * locations, and its fix as a unified diff of the files it edits. Findings are
 * read from the `--format json` output, so the snapshot holds what users and
 * machines receive, and a fix is shown by applying its edits: how the edits are
 * cut does not matter, only the text they produce.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { unifiedDiff } from '../src/fix/diff.js';
import { formatJson } from '../src/report/json.js';
import type { Finding } from '../src/shared/finding.js';

interface JsonEdit {
  file: string;
  start: number;
  end: number;
  text: string;
}

interface JsonFinding {
  rule: string;
  severity: string;
  message: string;
  help: string | null;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  resource: string | null;
  related?: Array<{ file: string; line: number; column: number; message: string }>;
  fix?: { description?: string; edits?: JsonEdit[] };
}

export interface SnapshotInput {
  /** The fixture as named under fixtures/ (`rule/bad.yaml`, `rule/nested-stack`). */
  target: string;
  findings: readonly Finding[];
  /** The directory the lint ran in: the JSON report's paths are relative to it. */
  cwd: string;
  fileCount: number;
  /** A report path (relative to `cwd`, forward slashes) as a path under fixtures/. */
  fixturePath: (reported: string) => string;
  /** The text of a file under fixtures/ (forward-slash path). */
  readFixture: (fixturePath: string) => string;
}

export function renderSnapshot(input: SnapshotInput): string {
  const report = JSON.parse(formatJson(input.findings, { cwd: input.cwd, fileCount: input.fileCount, color: false })) as { findings: JsonFinding[] };
  const header = `---\nsource: test/fixtures.test.ts\nfixture: fixtures/${input.target}\nupdate: npx vitest run test/fixtures.test.ts -u\n---\n`;
  const body = report.findings.map((f) => renderFinding(f, input)).join('\n');
  // A fix the rule asked for but whose edits were not built would vanish from the JSON: say so.
  const unbuilt = input.findings.filter((f) => f.fix).length - report.findings.filter((f) => f.fix).length;
  return `${header}${body}${unbuilt === 0 ? '' : `\n${unbuilt} fix(es) requested but absent from the JSON output (edits not built)\n`}`;
}

function renderFinding(f: JsonFinding, input: SnapshotInput): string {
  const file = input.fixturePath(f.file);
  const lines = [`${file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn}: ${f.severity} [${f.rule}] ${f.message}`];
  lines.push(...frame(sourceLines(input.readFixture(file)), f));
  if (f.help !== null) lines.push(`   = help: ${f.help}`);
  if (f.resource !== null) lines.push(`   = resource: ${f.resource}`);
  for (const r of f.related ?? []) lines.push(`   = related: ${input.fixturePath(r.file)}:${r.line}:${r.column}: ${r.message}`);
  if (f.fix) lines.push(...renderFix(f.fix, input));
  return `${lines.join('\n')}\n`;
}

function sourceLines(text: string): string[] {
  return stripBom(text).split(/\r\n|\n|\r/);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The lines of the range with carets under it (columns are UTF-16 code units,
 * as the findings count them). A range over many lines shows its first and
 * last line.
 */
function frame(source: string[], f: JsonFinding): string[] {
  const width = String(f.endLine).length;
  const gutter = ' '.repeat(width);
  const row = (n: number): string => `${String(n).padStart(width)} | ${visible(source[n - 1] ?? '')}`.trimEnd();
  const carets = (from: number, to: number): string => `${gutter} | ${' '.repeat(from - 1)}${'^'.repeat(Math.max(1, to - from))}`;
  const out = [`${gutter} |`];
  if (f.line === f.endLine) {
    out.push(row(f.line), carets(f.column, f.endColumn));
  } else {
    const first = source[f.line - 1] ?? '';
    out.push(row(f.line), carets(f.column, first.length + 1));
    if (f.endLine > f.line + 1) out.push(`${gutter} | ...`);
    const last = source[f.endLine - 1] ?? '';
    out.push(row(f.endLine), carets(Math.min(f.endColumn, last.length - last.trimStart().length + 1), f.endColumn));
  }
  out.push(`${gutter} |`);
  return out;
}

/** Control characters (a binary fixture's bytes) as `\xNN`, so a snapshot stays text. */
function visible(line: string): string {
  return line.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function renderFix(fix: NonNullable<JsonFinding['fix']>, input: SnapshotInput): string[] {
  const out = [`fix: ${fix.description ?? '(no description)'}`];
  const edits = fix.edits ?? [];
  if (edits.length === 0) return [...out, '  (no edits)'];
  const files = [...new Set(edits.map((e) => input.fixturePath(e.file)))].sort();
  for (const file of files) {
    const before = stripBom(input.readFixture(file));
    const after = applyEdits(
      before,
      edits.filter((e) => input.fixturePath(e.file) === file),
    );
    const diff = unifiedDiff(file, before, after);
    // Lines end without spaces, so that an editor trimming them does not change the snapshot.
    out.push(...(diff === '' ? [`  (edits leave ${file} unchanged)`] : diff.trimEnd().split('\n').map((l) => `  ${l}`.trimEnd())));
  }
  return out;
}

/** Applies edits from the last to the first, so earlier offsets stay valid; overlapping edits are a bug in the fix. */
function applyEdits(text: string, edits: readonly JsonEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.end > limit) throw new Error(`overlapping fix edits at offset ${e.start}`);
    if (e.start < 0 || e.end > text.length || e.start > e.end) throw new Error(`fix edit [${e.start}, ${e.end}) outside the text`);
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    limit = e.start;
  }
  return out;
}

/** A file of the fixtures tree, read as the linter read it. */
export function fixtureReader(root: string): (fixturePath: string) => string {
  return (p) => readFileSync(path.join(root, ...p.split('/')), 'utf8');
}
