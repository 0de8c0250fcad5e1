import path from 'node:path';
import { printable } from '../engine/mask.js';
import type { Finding } from '../shared/finding.js';

/** A finding's file as shown to the user: relative to `cwd`, with forward slashes, control characters escaped. */
export function displayFile(file: string, cwd: string): string {
  const rel = path.relative(cwd, path.resolve(cwd, file));
  return printable((rel === '' ? file : rel).split(path.sep).join('/'));
}

/** Findings with display paths, sorted by file, line, column, rule (code-unit order, locale-free). */
export function relativeSorted(findings: readonly Finding[], cwd: string): Finding[] {
  return findings
    .map((finding) => ({
      ...finding,
      file: displayFile(finding.file, cwd),
      ...(finding.related && {
        related: finding.related.map((r) => ({ ...r, file: displayFile(r.file, cwd) })),
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
