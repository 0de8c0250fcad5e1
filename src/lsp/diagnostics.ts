// Findings as LSP diagnostics, and the linter's offsets as LSP positions.
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type Range, type TextEdit as LspTextEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { docsBaseUrl } from '../engine/docs.js';
import type { Finding, Severity, TextEdit } from '../shared/finding.js';

export const SOURCE = 'iam-profile-lint';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function uriOf(abs: string): string {
  return pathToFileURL(abs).href;
}

export function ruleDocsUrl(rule: string): string {
  return `${docsBaseUrl}${rule}.md`;
}

/** Findings are 1-based with UTF-16 columns, as LSP positions are once made 0-based. */
export function findingRange(f: Pick<Finding, 'line' | 'column' | 'endLine' | 'endColumn'>): Range {
  const start = { line: f.line - 1, character: f.column - 1 };
  const end = { line: f.endLine - 1, character: f.endColumn - 1 };
  return { start, end: end.line < start.line || (end.line === start.line && end.character < start.character) ? start : end };
}

export function toDiagnostic(f: Finding, absOf: (file: string) => string): Diagnostic {
  return {
    range: findingRange(f),
    severity: SEVERITY[f.severity],
    code: f.rule,
    codeDescription: { href: ruleDocsUrl(f.rule) },
    source: SOURCE,
    message: f.message,
    ...(f.related?.length && {
      relatedInformation: f.related.map((r) => ({
        location: { uri: uriOf(absOf(r.file)), range: findingRange({ line: r.line, column: r.column, endLine: r.line, endColumn: r.column }) },
        message: r.message,
      })),
    }),
  };
}

/** A diagnostic the server raises itself (its own failure, a config problem) at the start of a file. */
export function serverDiagnostic(code: string, message: string, severity: DiagnosticSeverity = DiagnosticSeverity.Error): Diagnostic {
  const at = { line: 0, character: 0 };
  return { range: { start: at, end: at }, severity, code, source: SOURCE, message };
}

/** The linter's edits of one file as LSP edits; offsets count after a byte-order mark, which the text may still hold. */
export function toLspEdits(text: string, edits: readonly TextEdit[]): LspTextEdit[] {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const doc = TextDocument.create('file:///edit', 'plaintext', 0, text);
  return edits.map((e) => ({ range: { start: doc.positionAt(e.start + bom), end: doc.positionAt(e.end + bom) }, newText: e.text }));
}

/** The smallest single edit turning `before` into `after`: one changed middle, common head and tail kept. */
export function minimalEdit(before: string, after: string): TextEdit {
  let head = 0;
  const most = Math.min(before.length, after.length);
  while (head < most && before.charCodeAt(head) === after.charCodeAt(head)) head++;
  let tail = 0;
  while (tail < most - head && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { file: '', start: head, end: before.length - tail, text: after.slice(head, after.length - tail) };
}
