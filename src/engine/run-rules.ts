import { shortenQuotes } from './mask.js';
import type { Config } from '../config/config.js';
import type { Graph } from '../graph/types.js';
import { isLiteralString, objectGet } from '../graph/value.js';
import type { Loc } from '../shared/source.js';
import { checkContained } from './contain.js';
import { internalError } from '../rules/internal-error.js';
import type { Report, Rule } from '../rules/rule.js';
import type { Finding, MessageData, RuleOptions, Severity } from '../shared/finding.js';
import { instanceDepth, withoutInstanceNames } from './instance-names.js';
import { fillMessage, shortenData } from './messages.js';
import { atUserCause } from './user-cause.js';
import { viaRelated } from './via-related.js';
import { extend } from '../shared/extend.js';

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
  // Finding index by place, rule, message id and data (instance names aside: `instance-names.ts`).
  const seen = new Map<string, { index: number; depth: number }>();
  const findings: Finding[] = [];
  // Per finding index: which build of which declaration reported it (`oneInstanceEach`).
  const origins = new Map<number, Origin>();
  for (const rule of rules) {
    const setting = config.rules[rule.id];
    if (setting === 'off') continue;
    // A rule that throws is reported as an internal error of the units it fails on (contain.ts); the others go on.
    checkContained(
      rule,
      graph,
      (reported) => {
        const r = atUserCause(reported);
        // Keyed before the finding is built, so that a duplicate that loses costs no message, masking or related places.
        const { start } = locOf(r).range;
        const key = `${locOf(r).file}\0${start.line}\0${start.column}\0${rule.id}\0${r.messageId}\0${dataKey(r.data)}`;
        const depth = dataDepth(r.data);
        const previous = seen.get(key);
        if (previous !== undefined && depth >= previous.depth) return;
        const f = toFinding(rule, withVia(r, graph, run.explain ?? false), setting);
        const index = previous?.index ?? findings.length;
        if (previous === undefined) {
          seen.set(key, { index, depth });
          findings.push(f);
        } else {
          findings[index] = f;
          previous.depth = depth;
        }
        const origin = originOf(r, rule.id, depth, f.severity);
        if (origin) origins.set(index, origin);
        else origins.delete(index);
      },
      (r) => findings.push(toFinding(internalError, r, undefined)),
      options,
    );
  }
  return oneInstanceEach(findings, origins).sort(compareFindings);
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** A finding's place and rule with the declaration of its resource, the build it came from, and what makes it the one to keep. */
interface Origin {
  place: string;
  build: string;
  rank: number;
  fixable: boolean;
  /** Module instance prefixes in its names: none for the module's own build, whose names its file can write. */
  depth: number;
  /** The nested stacks that create its resource: a nested template as its parent deploys it. */
  nesting: number;
}

function originOf(r: Report, ruleId: string, depth: number, severity: Severity): Origin | undefined {
  const resource = r.resource;
  if (!resource) return undefined;
  const at = locOf(r);
  const decl = resource.loc;
  return {
    place: `${at.file}\0${at.range.start.line}\0${at.range.start.column}\0${ruleId}\0${decl.file}\0${decl.range.start.line}\0${decl.range.start.column}`,
    build: resource.id,
    rank: SEVERITY_RANK[severity],
    fixable: r.fix !== undefined,
    depth,
    nesting: resource.nestedIn?.length ?? 0,
  };
}

/**
 * One finding where each build of one declaration reported one at the same place: a module linted
 * on its own and each instance a caller makes of it (a nested stack's template and its parent's
 * instance of it) find the same mistake, worded with what each knows. Kept: the more severe, then
 * one with a fix, then the module's own names (those its file can write, as its help and fix do),
 * then a nested template as its parent deploys it, then the first. Where one build reports several
 * findings at one place (two secrets in one user data), they are distinct and all stay.
 */
function oneInstanceEach(findings: Finding[], origins: ReadonlyMap<number, Origin>): Finding[] {
  const byPlace = new Map<string, Array<[number, Origin]>>();
  for (const entry of origins) {
    const same = byPlace.get(entry[1].place);
    if (same) same.push(entry);
    else byPlace.set(entry[1].place, [entry]);
  }
  const dropped = new Set<number>();
  for (const found of byPlace.values()) {
    if (found.length < 2 || new Set(found.map(([, o]) => o.build)).size !== found.length) continue;
    const [best] = found.reduce((a, b) => (outranks(b[1], a[1]) ? b : a));
    for (const [i] of found) if (i !== best) dropped.add(i);
  }
  return dropped.size === 0 ? findings : findings.filter((_, i) => !dropped.has(i));
}

function outranks(next: Origin, kept: Origin): boolean {
  if (next.rank !== kept.rank) return next.rank > kept.rank;
  if (next.fixable !== kept.fixable) return next.fixable;
  if (next.depth !== kept.depth) return next.depth < kept.depth;
  return next.nesting > kept.nesting;
}

/** The data as one string, each value without its module instance prefixes. */
function dataKey(data: MessageData | undefined): string {
  if (data === undefined) return '';
  return Object.keys(data)
    .sort()
    .map((k) => `${k}\0${withoutInstanceNames(String(data[k]))}`)
    .join('\0');
}

/** How many module instance prefixes the data has: fewer is the more local naming. */
function dataDepth(data: MessageData | undefined): number {
  let depth = 0;
  for (const v of Object.values(data ?? {})) depth += instanceDepth(String(v));
  return depth;
}

function locOf(r: Report): Loc {
  return 'kind' in r.at ? r.at.loc : r.at;
}

function withVia(r: Report, graph: Graph, explain: boolean): Report {
  const extra = viaRelated(r.at, locOf(r), graph.sources, explain);
  return extra.length === 0 ? r : extend(r, { related: [...(r.related ?? []), ...extra] });
}

function toFinding(rule: Rule, r: Report, setting: Severity | undefined): Finding {
  const loc = locOf(r);
  const { start, end } = loc.range;
  const cdkPath = r.resource?.metadata ? objectGet(r.resource.metadata, 'aws:cdk:path') : undefined;
  const message = fillMessage(rule.messages[r.messageId], r.data);
  return {
    rule: rule.id,
    severity: setting ?? r.severity ?? rule.severity,
    // CDK users find their code by construct path, not by the synthesized template's line.
    // Shortened as made: 10,000 findings quoting a 100 KB value must not hold a gigabyte of messages.
    message: shortenQuotes(isLiteralString(cdkPath) ? `${message} [CDK: ${cdkPath.value}]` : message),
    messageId: r.messageId,
    ...(r.data ? { data: shortData(r.data) } : {}),
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

function shortData(data: MessageData): MessageData {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, shortenData(v)]));
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
