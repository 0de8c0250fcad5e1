// Code actions: the CLI's fixes as quick fixes, a suppression comment per finding, and fix-all for a document.
import path from 'node:path';
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { LintOptions } from '../index.js';
import { isBuilt, type Finding, type TextEdit } from '../shared/finding.js';
import { findingRange, minimalEdit, toDiagnostic, toLspEdits, uriOf } from './diagnostics.js';
import type { ReadText } from './units.js';
import { escapeRegExp } from '../shared/text.js';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.iam-profile-lint`;

/** Written where the user must say why; the linter reports a suppression without a reason. */
export const REASON_PLACEHOLDER = 'TODO: say why this is safe here';

/** Lints the unit with one file's text replaced, and returns that file's findings. */
export type LintEdited = (abs: string, text: string) => Promise<readonly Finding[]>;

const MAX_SUPPRESSION_CHECKS = 20;

/** Findings a suppression must not add: the file no longer parses, or the comment itself is faulty. */
const SUPPRESSION_FAULTS: readonly string[] = ['parse-error', 'unused-suppression', 'internal-error'];

/**
 * Quick fixes and suppressions for the findings of a file whose ranges meet `range`. A suppression
 * is offered once a lint of the edited text confirms it: a comment inside a heredoc or a YAML block
 * scalar would change the string, not suppress the finding.
 */
export async function findingActions(abs: string, findings: readonly Finding[], range: Range, cwd: string, read: ReadText, lintEdited: LintEdited): Promise<CodeAction[]> {
  const absOf = (file: string): string => path.resolve(cwd, file);
  const text = read(abs) ?? '';
  const out: CodeAction[] = [];
  let checks = 0;
  for (const f of findings) {
    if (!overlaps(findingRange(f), range)) continue;
    const diagnostic = toDiagnostic(f, absOf);
    if (isBuilt(f.fix) && f.fix.edits.length > 0) {
      const edit = workspaceEdit(f.fix.edits, absOf, read);
      if (edit) out.push({ title: f.fix.description, kind: CodeActionKind.QuickFix, isPreferred: true, diagnostics: [diagnostic], edit });
    }
    // Each check is a lint: a request over a whole large file checks the first findings only.
    const candidates = checks++ < MAX_SUPPRESSION_CHECKS ? suppressions(abs, text, f) : [];
    const suppress = await firstVerified(candidates, async (c) => suppresses(f, findings, await lintEdited(abs, applyToText(text, c.edit))));
    if (suppress) {
      out.push({
        title: `Suppress ${f.rule} ${suppress.where} (with a reason)`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [uriOf(abs)]: toLspEdits(text, [suppress.edit]) } },
      });
    }
  }
  return out;
}

/** Whether the edited file has fewer findings of the rule and no new fault. */
function suppresses(f: Finding, before: readonly Finding[], after: readonly Finding[]): boolean {
  const count = (list: readonly Finding[], rule: string): number => list.filter((x) => x.rule === rule).length;
  return count(after, f.rule) < count(before, f.rule) && SUPPRESSION_FAULTS.every((rule) => rule === f.rule || count(after, rule) <= count(before, rule));
}

/** An edit's offsets count after a byte-order mark, which the text may hold. */
function applyToText(text: string, edit: TextEdit): string {
  const bom = text.charCodeAt(0) === 0xfeff ? '\uFEFF' : '';
  const body = text.slice(bom.length);
  return bom + body.slice(0, edit.start) + edit.text + body.slice(edit.end);
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

async function firstVerified<T>(candidates: readonly T[], works: (candidate: T) => Promise<boolean>): Promise<T | undefined> {
  for (const candidate of candidates) if (await works(candidate)) return candidate;
  return undefined;
}

/**
 * How a file says "ignore this", in the order tried: a comment line above the finding, then (templates)
 * the resource's Metadata, which also covers a finding inside a string the comment cannot reach, then
 * (files with comments) a file-wide comment at the top, for a finding in a Terraform heredoc.
 */
function suppressions(abs: string, text: string, f: Finding): Array<{ edit: TextEdit; where: string }> {
  const name = abs.toLowerCase();
  // Terraform JSON has no comments, and the linter reads none there.
  if (/\.(tf|tofu|tfvars)\.json$/.test(name)) return [];
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const json = name.endsWith('.json') || /^\s*\{/.test(body);
  const out: Array<{ edit: TextEdit; where: string }> = [];
  if (!json) out.push({ edit: commentSuppression(text, f), where: 'on this line' });
  const template = !/\.(tf|tofu|tfvars)$/.test(name);
  const metadata = !template || !f.resource ? undefined : json ? jsonMetadataSuppression(body, f.resource, f.rule) : yamlMetadataSuppression(body, f.resource, f.rule);
  if (metadata) out.push({ edit: metadata, where: `on ${f.resource}` });
  if (!json) out.push({ edit: fileSuppression(body, f.rule), where: 'in this file' });
  return out;
}

/** `# iam-profile-lint-ignore rule -- reason` alone on the line above, indented like it: it covers the next line of code. */
export function commentSuppression(text: string, f: Finding): TextEdit {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const start = lineStart(body, f.line);
  const indent = /^[ \t]*/.exec(body.slice(start))?.[0] ?? '';
  return { file: '', start, end: start, text: `${indent}# iam-profile-lint-ignore ${f.rule} -- ${REASON_PLACEHOLDER}${newlineOf(body)}` };
}

/** `# iam-profile-lint-ignore-file rule -- reason` as the first line: it must come before any code. */
function fileSuppression(body: string, rule: string): TextEdit {
  return { file: '', start: 0, end: 0, text: `# iam-profile-lint-ignore-file ${rule} -- ${REASON_PLACEHOLDER}${newlineOf(body)}` };
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

/** `"Metadata": {"iam-profile-lint": {"ignore": [...]}}` as the first key of the resource, when it has no Metadata yet. */
function jsonMetadataSuppression(body: string, resource: string, rule: string): TextEdit | undefined {
  if (!hasNoMetadata(body, resource)) return undefined;
  const resources = /"Resources"\s*:\s*\{/.exec(body);
  if (!resources) return undefined;
  const key = new RegExp(`"${escapeRegExp(resource)}"\\s*:\\s*\\{`, 'g');
  key.lastIndex = resources.index + resources[0].length;
  const found = key.exec(body);
  if (!found) return undefined;
  const open = found.index + found[0].length;
  const lineBegin = body.lastIndexOf('\n', found.index) + 1;
  const indent = `${/^[ \t]*/.exec(body.slice(lineBegin))?.[0] ?? ''}  `;
  const entry = JSON.stringify({ 'iam-profile-lint': { ignore: [{ rule, reason: REASON_PLACEHOLDER }] } });
  return { file: '', start: open, end: open, text: `${newlineOf(body)}${indent}"Metadata": ${entry},` };
}

/** The same in YAML: a `Metadata` block as the resource's first key, indented like its other keys. */
function yamlMetadataSuppression(body: string, resource: string, rule: string): TextEdit | undefined {
  const resources = /^Resources[ \t]*:[ \t]*(?:#.*)?\r?$/m.exec(body);
  if (!resources) return undefined;
  const key = new RegExp(`^([ \\t]+)${escapeRegExp(resource)}[ \\t]*:[ \\t]*(?:#.*)?\\r?$`, 'gm');
  key.lastIndex = resources.index;
  const found = key.exec(body);
  if (!found) return undefined;
  const lines = body.slice(found.index + found[0].length).split(/\r?\n/).slice(1);
  // The resource's lines: up to the first line indented no deeper than its key.
  const end = lines.findIndex((l) => l.trim() !== '' && !l.startsWith(`${found[1]} `) && !l.startsWith(`${found[1]}\t`));
  const members = end < 0 ? lines : lines.slice(0, end);
  const first = members.find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  const indent = first === undefined ? undefined : /^[ \t]*/.exec(first)?.[0];
  if (indent === undefined || members.some((l) => new RegExp(`^${indent}Metadata[ \\t]*:`).test(l))) return undefined;
  const nl = newlineOf(body);
  const at = body.indexOf('\n', found.index) + 1;
  if (at === 0) return undefined;
  const block = [`Metadata:`, `  iam-profile-lint:`, `    ignore:`, `      - rule: ${rule}`, `        reason: "${REASON_PLACEHOLDER}"`];
  return { file: '', start: at, end: at, text: block.map((line) => `${indent}${line}${nl}`).join('') };
}

function newlineOf(body: string): string {
  return body.includes('\r\n') ? '\r\n' : '\n';
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

/** Every fix of a document's findings, pass by pass and checked as `--fix` checks them, as one edit per file it changes. */
export async function fixAllAction(abs: string, options: LintOptions, diagnostics: Diagnostic[] = []): Promise<CodeAction | undefined> {
  const { computeFixes } = await import('../engine/fix-passes.js');
  const cwd = options.cwd ?? process.cwd();
  const absOf = (file: string): string => path.resolve(cwd, file);
  const outcome = await computeFixes({ lint: options, fixes: (f) => absOf(f.file) === abs });
  if (outcome.applied === 0 || outcome.files.length === 0) return undefined;
  const changes: Record<string, LspTextEdit[]> = {};
  const bom = (s: string): string => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s);
  for (const f of outcome.files) changes[uriOf(f.abs)] = toLspEdits(f.before, [minimalEdit(bom(f.before), bom(f.after))]);
  return { title: `Fix all iam-profile-lint problems (${outcome.applied})`, kind: FIX_ALL_KIND, diagnostics, edit: { changes } };
}
