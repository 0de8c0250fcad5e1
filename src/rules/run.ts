import type { Config } from '../config.js';
import type { Graph } from '../graph/types.js';
import { isLiteralString, objectGet } from '../graph/value.js';
import type { Loc } from '../source.js';
import type { Finding, Report, Rule, RuleOptions, Severity } from './types.js';

export function ruleOptions(config: Config): RuleOptions {
  return {
    knownInstanceProfiles: new Set(config.knownInstanceProfiles),
    knownRoles: new Set(config.knownRoles),
    trustedAccounts: new Set(config.trustedAccounts),
  };
}

/** Runs every enabled rule over the graph; findings are deduplicated and sorted by file, line, column, rule. */
export function runRules(graph: Graph, rules: readonly Rule[], config: Config): Finding[] {
  const options = ruleOptions(config);
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const rule of rules) {
    const setting = config.rules[rule.id];
    if (setting === 'off') continue;
    rule.check(
      graph,
      (r) => {
        const f = toFinding(rule, r, setting);
        const key = `${f.file}\0${f.line}\0${f.column}\0${f.rule}\0${f.message}`;
        if (seen.has(key)) return;
        seen.add(key);
        findings.push(f);
      },
      options,
    );
  }
  return findings.sort(compareFindings);
}

function toFinding(rule: Rule, r: Report, setting: Severity | undefined): Finding {
  const loc: Loc = 'kind' in r.at ? r.at.loc : r.at;
  const { start, end } = loc.range;
  const cdkPath = r.resource?.metadata ? objectGet(r.resource.metadata, 'aws:cdk:path') : undefined;
  return {
    rule: rule.id,
    severity: setting ?? r.severity ?? rule.severity,
    // CDK users find their code by construct path, not by the synthesized template's line.
    message: isLiteralString(cdkPath) ? `${r.message} [CDK: ${cdkPath.value}]` : r.message,
    file: loc.file,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    ...(r.resource ? { resource: r.resource.address } : {}),
    ...(r.related && r.related.length > 0
      ? {
          related: r.related.map((x) => ({
            file: x.loc.file,
            line: x.loc.range.start.line,
            column: x.loc.range.start.column,
            message: x.message,
          })),
        }
      : {}),
  };
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}
