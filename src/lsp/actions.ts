// Code actions: the CLI's fixes as quick fixes, a suppression comment per finding, and fix-all for a document.
import path from 'node:path';
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { LintOptions } from '../index.js';
import type { Finding, TextEdit } from '../rules/types.js';
import { findingRange, minimalEdit, toDiagnostic, toLspEdits, uriOf } from './diagnostics.js';
import type { ReadText } from './units.js';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.iam-profile-lint`;

/** Written where the user must say why; the linter reports a suppression without a reason. */
export const REASON_PLACEHOLDER = 'TODO: say why this is safe here';

/** Quick fixes and suppressions for the findings of a file whose ranges meet `range`. */
export function findingActions(abs: string, findings: readonly Finding[], range: Range, cwd: string, read: ReadText): CodeAction[] {
  const absOf = (file: string): string => path.resolve(cwd, file);
  const out: CodeAction[] = [];
  findings.forEach((f, index) => {
    if (!overlaps(findingRange(f), range)) return;
    const diagnostic = toDiagnostic(f, index, absOf);
    if (f.fix && f.fix.edits.length > 0) {
      const edit = workspaceEdit(f.fix.edits, absOf, read);
      if (edit) out.push({ title: f.fix.description, kind: CodeActionKind.QuickFix, isPreferred: true, diagnostics: [diagnostic], edit });
    }
    const suppress = suppression(abs, read(abs) ?? '', f);
    if (suppress) {
      out.push({
        title: `Suppress ${f.rule} ${suppress.where} (with a reason)`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [uriOf(abs)]: toLspEdits(read(abs) ?? '', [suppress.edit]) } },
      });
    }
  });
  return out;
}

/** Edits by file as a workspace edit; undefined when a file they touch cannot be read. */
function workspaceEdit(edits: readonly TextEdit[], absOf: (file: string) => string, read: ReadText): WorkspaceEdit | undefined {
  const changes: Record<string, LspTextEdit[]> = {};
  const byFile = new Map<string, TextEdit[]>();
  for (const e of edits) byFile.set(absOf(e.file), [...(byFile.get(absOf(e.file)) ?? []), e]);
  for (const [abs, list] of byFile) {
    const text = read(abs);
    if (text === undefined) return undefined;
    changes[uriOf(abs)] = toLspEdits(text, list);
  }
  return { changes };
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']): boolean => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** How a file kind says "ignore this": a comment line above the finding, or (JSON templates) the resource's Metadata. */
function suppression(abs: string, text: string, f: Finding): { edit: TextEdit; where: string } | undefined {
  const name = abs.toLowerCase();
  if (name.endsWith('.json') || /^\uFEFF?\s*\{/.test(text)) {
    // Terraform JSON has no comments and the linter reads none there; a JSON template has Metadata.
    if (name.endsWith('.tf.json') || name.endsWith('.tofu.json') || name.endsWith('.tfvars.json')) return undefined;
    const edit = metadataSuppression(text, f);
    return edit && { edit, where: `on ${f.resource}` };
  }
  return { edit: commentSuppression(text, f), where: 'on this line' };
}

/** `# iam-profile-lint-ignore rule -- reason` alone on the line above, indented like it: it covers the next line of code. */
export function commentSuppression(text: string, f: Finding): TextEdit {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const start = lineStart(body, f.line);
  const indent = /^[ \t]*/.exec(body.slice(start))?.[0] ?? '';
  const newline = body.includes('\r\n') ? '\r\n' : '\n';
  return { file: '', start, end: start, text: `${indent}# iam-profile-lint-ignore ${f.rule} -- ${REASON_PLACEHOLDER}${newline}` };
}

function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let n = 1; n < line; n++) {
    const next = text.slice(offset).search(/\r\n|\r|\n/);
    if (next < 0) return text.length;
    offset += next + (text.startsWith('\r\n', offset + next) ? 2 : 1);
  }
  return offset;
}

/** `"Metadata": {"iam-profile-lint": {"ignore": [...]}}` as the first key of the finding's resource, when it has no Metadata yet. */
function metadataSuppression(text: string, f: Finding): TextEdit | undefined {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!f.resource || !hasNoMetadata(body, f.resource)) return undefined;
  const resources = /"Resources"\s*:\s*\{/.exec(body);
  if (!resources) return undefined;
  const key = new RegExp(`"${escapeRegExp(f.resource)}"\\s*:\\s*\\{`, 'g');
  key.lastIndex = resources.index + resources[0].length;
  const found = key.exec(body);
  if (!found) return undefined;
  const open = found.index + found[0].length;
  const lineBegin = body.lastIndexOf('\n', found.index) + 1;
  const indent = `${/^[ \t]*/.exec(body.slice(lineBegin))?.[0] ?? ''}  `;
  const entry = JSON.stringify({ 'iam-profile-lint': { ignore: [{ rule: f.rule, reason: REASON_PLACEHOLDER }] } });
  const newline = body.includes('\r\n') ? '\r\n' : '\n';
  return { file: '', start: open, end: open, text: `${newline}${indent}"Metadata": ${entry},` };
}

function hasNoMetadata(body: string, resource: string): boolean {
  try {
    const parsed: unknown = JSON.parse(body);
    const entry = field(field(parsed, 'Resources'), resource);
    return typeof entry === 'object' && entry !== null && field(entry, 'Metadata') === undefined;
  } catch {
    return false;
  }
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every fix of a document's findings, pass by pass and checked as `--fix` checks them, as one edit per file it changes. */
export async function fixAllAction(abs: string, options: LintOptions, diagnostics: Diagnostic[] = []): Promise<CodeAction | undefined> {
  const { computeFixes } = await import('../fix/apply.js');
  const cwd = options.cwd ?? process.cwd();
  const absOf = (file: string): string => path.resolve(cwd, file);
  const outcome = await computeFixes({ lint: options, fixes: (f) => absOf(f.file) === abs });
  if (outcome.applied === 0 || outcome.files.length === 0) return undefined;
  const changes: Record<string, LspTextEdit[]> = {};
  const bom = (s: string): string => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s);
  for (const f of outcome.files) changes[uriOf(f.abs)] = toLspEdits(f.before, [minimalEdit(bom(f.before), bom(f.after))]);
  return { title: `Fix all iam-profile-lint problems (${outcome.applied})`, kind: FIX_ALL_KIND, diagnostics, edit: { changes } };
}
