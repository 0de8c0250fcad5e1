import { shortenQuotes } from './mask.js';
import type { Config } from '../config/config.js';
import type { Graph } from '../graph/types.js';
import { isLiteralString, objectGet } from '../graph/value.js';
import type { Loc } from '../shared/source.js';
import { checkContained } from './contain.js';
import { internalError } from '../rules/internal-error.js';
import type { Finding, Report, Rule, RuleOptions, Severity } from '../shared/rule.js';
import { instanceDepth, withoutInstanceNames } from './instance-names.js';
import { viaRelated } from './via-related.js';

export function ruleOptions(config: Config): RuleOptions {
  return {
    knownInstanceProfiles: new Set(config.knownInstanceProfiles),
    knownRoles: new Set(config.knownRoles),
    trustedAccounts: new Set(config.trustedAccounts),
  };
}

/**
 * Runs every enabled rule over the graph; findings are deduplicated and sorted by file, line, column, rule.
 * `explain` adds every place the value of a finding came through as related locations (`via-related.ts`).
 */
export function runRules(graph: Graph, rules: readonly Rule[], config: Config, run: { explain?: boolean } = {}): Finding[] {
  const options = ruleOptions(config);
  // Finding index by place, rule and message (instance names aside: `instance-names.ts`).
  const seen = new Map<string, number>();
  const findings: Finding[] = [];
  for (const rule of rules) {
    const setting = config.rules[rule.id];
    if (setting === 'off') continue;
    // A rule that throws is reported as an internal error of the units it fails on (contain.ts); the others go on.
    checkContained(
      rule,
      graph,
      (r) => {
        const f = toFinding(rule, withVia(r, graph, run.explain ?? false), setting);
        const key = `${f.file}\0${f.line}\0${f.column}\0${f.rule}\0${withoutInstanceNames(f.message)}`;
        const previous = seen.get(key);
        if (previous === undefined) {
          seen.set(key, findings.length);
          findings.push(f);
        } else if (instanceDepth(f.message) < instanceDepth(findings[previous].message)) findings[previous] = f;
      },
      (r) => findings.push(toFinding(internalError, r, undefined)),
      options,
    );
  }
  return findings.sort(compareFindings);
}

function withVia(r: Report, graph: Graph, explain: boolean): Report {
  const extra = viaRelated(r.at, 'kind' in r.at ? r.at.loc : r.at, graph.sources, explain);
  return extra.length === 0 ? r : { ...r, related: [...(r.related ?? []), ...extra] };
}

function toFinding(rule: Rule, r: Report, setting: Severity | undefined): Finding {
  const loc: Loc = 'kind' in r.at ? r.at.loc : r.at;
  const { start, end } = loc.range;
  const cdkPath = r.resource?.metadata ? objectGet(r.resource.metadata, 'aws:cdk:path') : undefined;
  return {
    rule: rule.id,
    severity: setting ?? r.severity ?? rule.severity,
    // CDK users find their code by construct path, not by the synthesized template's line.
    // Shortened as made: 10,000 findings quoting a 100 KB value must not hold a gigabyte of messages.
    message: shortenQuotes(isLiteralString(cdkPath) ? `${r.message} [CDK: ${cdkPath.value}]` : r.message),
    ...(r.help ? { help: shortenQuotes(r.help) } : {}),
    file: loc.file,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    ...(r.resource ? { resource: r.resource.address } : {}),
    ...(r.fix ? { fix: r.fix } : {}),
    ...(r.related && r.related.length > 0
      ? {
          related: r.related.map((x) => ({
            file: x.loc.file,
            line: x.loc.range.start.line,
            column: x.loc.range.start.column,
            message: shortenQuotes(x.message),
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
