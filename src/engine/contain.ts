import { createGraph } from '../graph/graph.js';
import type { Graph } from '../graph/types.js';
import type { Loc } from '../shared/source.js';
import type { Report, Rule } from '../rules/rule.js';
import type { RuleOptions } from '../shared/finding.js';
import type { InternalErrorMessage } from '../rules/internal-error.js';

/**
 * Runs a rule so that an exception in it costs only the units it fails on.
 * The rule first runs on the whole graph; when it throws, it is run on each
 * unit (template file or module directory) alone to find the ones it fails
 * on, those are reported, and its findings come from a run without them.
 */
export function checkContained(
  rule: Rule,
  graph: Graph,
  report: (r: Report) => void,
  reportFailure: (r: Report<InternalErrorMessage>) => void,
  options: RuleOptions,
): void {
  const pending: Report[] = [];
  const failure = attempt(() => rule.check(graph, declared(rule, (r) => pending.push(r)), options));
  if (failure === undefined) {
    for (const r of pending) report(r);
    return;
  }
  const units = unitsOf(graph);
  const failing = units.filter((u) => attempt(() => rule.check(subgraph(graph, (x) => x === u), declared(rule, () => {}), options)) !== undefined);
  // A failure no unit reproduces alone comes from their combination: every unit is named.
  const culprits = new Set(failing.length > 0 ? failing : units);
  if (culprits.size < units.length) attempt(() => rule.check(subgraph(graph, (x) => !culprits.has(x)), declared(rule, report), options));
  for (const unit of culprits.size > 0 ? culprits : ['']) {
    reportFailure({
      at: fileStart(unitFile(graph, unit)),
      messageId: failing.length > 0 ? 'ruleFailed' : 'ruleFailedTogether',
      data: { rule: rule.id, unit: unit || 'this run', error: failure.message },
    });
  }
}

/** A report naming a message the rule does not declare is a bug in the rule: it throws there, and is contained like any other. */
function declared(rule: Rule, report: (r: Report) => void): (r: Report) => void {
  return (r) => {
    if (!Object.hasOwn(rule.messages, r.messageId)) throw new Error(`rule ${rule.id} reported message id '${r.messageId}', which its messages do not declare`);
    report(r);
  };
}

/** The exception of `run`, made a message without its stack; undefined when it returned. */
export function attempt(run: () => void): { message: string } | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return { message: describeException(error) };
  }
}

/** One line: a stack trace must never reach the user (run with --debug for it). */
export function describeException(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split(/\r?\n|\r/)[0].slice(0, 300);
}

export function fileStart(file: string): Loc {
  const at = { line: 1, column: 1, offset: 0 };
  return { file, range: { start: at, end: at } };
}

function unitsOf(graph: Graph): string[] {
  return [...new Set(graph.resources.map((r) => r.unit))].sort();
}

/** A file of the unit to name: the first declaration's, else the unit itself. */
function unitFile(graph: Graph, unit: string): string {
  const files = graph.resources.filter((r) => r.unit === unit).map((r) => r.loc.file);
  return files.sort()[0] ?? (unit || [...graph.sources.keys()].sort()[0] || '.');
}

function inUnit(file: string, keep: (unit: string) => boolean, units: readonly string[]): boolean {
  const owner = units.find((u) => file === u || file.startsWith(`${u}/`));
  return owner === undefined || keep(owner);
}

/** The graph restricted to the units `keep` accepts; what belongs to no unit stays. */
function subgraph(graph: Graph, keep: (unit: string) => boolean): Graph {
  const units = unitsOf(graph);
  return createGraph({
    resources: graph.resources.filter((r) => keep(r.unit)),
    unresolved: graph.unresolved.filter((u) => (u.resource ? keep(u.resource.unit) : inUnit(u.loc.file, keep, units))),
    parseDiagnostics: graph.parseDiagnostics.filter((d) => inUnit(d.loc.file, keep, units)),
    notices: (graph.notices ?? []).filter((n) => inUnit(n.loc.file, keep, units)),
    sources: graph.sources,
  });
}
