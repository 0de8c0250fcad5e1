// Hover on a finding: the rule's own docs (what it does, why, how to fix), from its metadata.
import type { Hover, Position, Range } from 'vscode-languageserver/node';
import { rules } from '../rules/index.js';
import type { Finding } from '../shared/finding.js';
import { findingRange, ruleDocsUrl } from './diagnostics.js';

const byId = new Map(rules.map((rule) => [rule.id, rule]));

export function findingHover(findings: readonly Finding[], at: Position): Hover | undefined {
  const here = findings.filter((f) => contains(findingRange(f), at));
  if (here.length === 0) return undefined;
  const seen = new Set<string>();
  const sections: string[] = [];
  for (const f of here) {
    if (seen.has(f.rule)) continue;
    seen.add(f.rule);
    sections.push(ruleSection(f));
  }
  return { contents: { kind: 'markdown', value: sections.join('\n\n---\n\n') }, range: findingRange(here[0]) };
}

function ruleSection(f: Finding): string {
  const rule = byId.get(f.rule);
  const head = `**${f.rule}** (${f.severity}): ${f.message}`;
  if (!rule) return `${head}\n\n[Rule documentation](${ruleDocsUrl(f.rule)})`;
  const { what, why, fix } = rule.docs;
  return [head, `**What it does.** ${what}`, `**Why is this bad?** ${why}`, `**How to fix it.** ${fix}`, `[Rule documentation](${ruleDocsUrl(f.rule)})`].join('\n\n');
}

function contains(range: Range, at: Position): boolean {
  const after = (p: Position, q: Position): boolean => p.line > q.line || (p.line === q.line && p.character >= q.character);
  return after(at, range.start) && (after(range.end, at) || (range.start.line === range.end.line && range.start.character === range.end.character && at.line === range.start.line));
}
