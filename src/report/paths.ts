import path from 'node:path';
import { printable } from '../engine/mask.js';
import type { Finding } from '../shared/finding.js';

/** A finding's file relative to `cwd`, with forward slashes, every character as in its name: for formats that quote it (JSON, SARIF, GitHub's escaped properties). */
export function exactFile(file: string, cwd: string): string {
  const rel = path.relative(cwd, path.resolve(cwd, file));
  return (rel === '' ? file : rel).split(path.sep).join('/');
}

/** A finding's file as written on a line of text: `exactFile` with control characters, tabs and line breaks escaped, so a name can neither split a finding's line nor move the cursor. */
export function displayFile(file: string, cwd: string): string {
  return printable(exactFile(file, cwd)).replace(/[\t\n]/g, (c) => (c === '\t' ? '\\x09' : '\\x0a'));
}

/** Findings with their paths as `present` writes them (by default `displayFile`), sorted by file, line, column, rule (code-unit order, locale-free). */
export function relativeSorted(findings: readonly Finding[], cwd: string, present: (file: string, cwd: string) => string = displayFile): Finding[] {
  return findings
    .map((finding) => ({
      ...finding,
      file: present(finding.file, cwd),
      ...(finding.related && {
        related: finding.related.map((r) => ({ ...r, file: present(r.file, cwd) })),
      }),
    }))
    .sort(compareFindings);
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column || compareStrings(a.rule, b.rule)
  );
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface Counts {
  errorCount: number;
  warningCount: number;
  infoCount: number;
}

export function countFindings(findings: readonly Finding[]): Counts {
  const counts: Counts = { errorCount: 0, warningCount: 0, infoCount: 0 };
  for (const { severity } of findings) {
    if (severity === 'error') counts.errorCount++;
    else if (severity === 'warning') counts.warningCount++;
    else counts.infoCount++;
  }
  return counts;
}
