import { occurrenceFingerprints } from '../engine/fingerprint.js';
import type { Finding, Severity } from '../shared/finding.js';
import { oneLine, withHelp } from './compact.js';
import type { ReportContext } from './formats.js';
import { exactFile, relativeSorted } from './paths.js';

/** GitLab's levels, mapped as GitLab's own ESLint integration maps ESLint's. */
const SEVERITY: Record<Severity, 'major' | 'minor' | 'info'> = { error: 'major', warning: 'minor', info: 'info' };

/**
 * GitLab Code Quality (a subset of the Code Climate issue format), shown inline in merge
 * request diffs. The fingerprint is the SARIF/baseline one, so an issue keeps its identity
 * across pipelines while lines move.
 */
export function formatCodeQuality(findings: readonly Finding[], ctx: ReportContext): string {
  const sorted = relativeSorted(findings, ctx.cwd, exactFile);
  const fingerprints = occurrenceFingerprints(sorted, ctx.cwd);
  const issues = sorted.map((f, i) => ({
    type: 'issue',
    check_name: f.rule,
    description: oneLine(withHelp(f)),
    categories: ['Security'],
    severity: SEVERITY[f.severity],
    fingerprint: fingerprints[i],
    location: { path: f.file, lines: { begin: f.line, end: Math.max(f.line, f.endLine) } },
  }));
  return `${JSON.stringify(issues, null, 2)}\n`;
}
