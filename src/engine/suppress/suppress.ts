import type { Resource } from '../../graph/types.js';
import { compareFindings } from '../run-rules.js';
import type { Finding, MessageData } from '../../shared/finding.js';
import { unusedSuppression, type UnusedSuppressionMessage } from '../../rules/unused-suppression.js';
import { fillMessage } from '../messages.js';
import { commentDirectives, type DirectiveProblem, type Directives, type Suppression } from './comments.js';
import { resourceMetadataDirectives, templateMetadataDirectives } from './metadata.js';

export interface SuppressionInput {
  /** Each linted file (as in `Finding.file`) and its text, byte-order mark removed. */
  sources: ReadonlyMap<string, string>;
  resources: readonly Resource[];
}

/**
 * Drops the findings that suppressions cover (inline comments, `-file` comments,
 * CloudFormation `Metadata`), and adds `unused-suppression` findings for each
 * suppression that covers nothing, has no reason, or cannot work as written.
 * Pure: the result is sorted by file, line, column, rule.
 */
export function applySuppressions(findings: readonly Finding[], input: SuppressionInput): Finding[] {
  const { suppressions, problems } = collectDirectives(input);
  const byFile = groupByFile(suppressions);
  const used = new Set<string>();
  const kept = findings.filter((finding) => {
    const covering = (byFile.get(finding.file) ?? []).filter((s) => covers(s, finding));
    for (const s of covering) used.add(usageKey(s, finding.rule));
    return covering.length === 0;
  });
  const reported = [
    ...problems.map((p) => toFinding(p, 'cannotWork', { problem: p.message })),
    ...suppressions.flatMap((s) => suppressionFindings(s, used)),
  ];
  return [...kept, ...reported].sort(compareFindings);
}

function collectDirectives(input: SuppressionInput): Directives {
  const all: Directives[] = [resourceMetadataDirectives(input.resources)];
  for (const [file, text] of input.sources) all.push(commentDirectives(file, text), templateMetadataDirectives(file, text));
  return { suppressions: all.flatMap((d) => d.suppressions), problems: all.flatMap((d) => d.problems) };
}

function groupByFile(suppressions: readonly Suppression[]): Map<string, Suppression[]> {
  const byFile = new Map<string, Suppression[]>();
  for (const s of suppressions) byFile.set(s.file, [...(byFile.get(s.file) ?? []), s]);
  return byFile;
}

function covers(s: Suppression, f: Finding): boolean {
  if (s.file !== f.file || !s.rules.includes(f.rule)) return false;
  if (s.scope.kind === 'file') return true;
  if (s.scope.kind === 'line') return s.scope.line === f.line;
  return f.resource === s.scope.address;
}

function usageKey(s: Suppression, rule: string): string {
  return `${s.file}\0${s.at.line}\0${s.at.column}\0${rule}`;
}

function suppressionFindings(s: Suppression, used: ReadonlySet<string>): Finding[] {
  const out: Finding[] = [];
  for (const rule of s.rules) {
    if (!used.has(usageKey(s, rule))) out.push(toFinding(s, 'suppressesNothing', { suppression: s.label, rule }));
  }
  if (s.reason === undefined) {
    const byKey = s.scope.kind === 'resource' || s.label.startsWith('Metadata');
    out.push(toFinding(s, byKey ? 'noReasonKey' : 'noReason', { suppression: s.label, rules: s.rules.join(', ') }));
  }
  return out;
}

function toFinding(where: Suppression | DirectiveProblem, messageId: UnusedSuppressionMessage, data: MessageData): Finding {
  return {
    rule: unusedSuppression.id,
    severity: unusedSuppression.severity,
    message: fillMessage(unusedSuppression.messages[messageId], data),
    messageId,
    data,
    file: where.file,
    ...where.at,
    ...(where.resource !== undefined && { resource: where.resource }),
  };
}
