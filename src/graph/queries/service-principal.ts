import { closest, editDistance } from './describe.js';
import { HOLE, stringShape } from './strings.js';
import type { Graph } from '../types.js';
import type { Value } from '../value.js';
import { knownServicePrincipals, regionPattern, servicePrincipalSuffixes } from '../../aws/service-principals.js';
import { table } from '../../shared/own.js';
import { endOffset, startOffset } from '../../shared/source.js';

/** What a `Service` principal is, judged leniently: only near-misses and malformed names are reported. */
export type ServiceVerdict =
  | { verdict: 'known' }
  /** Well-formed but one or two typos away from a known service; `service` is the part to replace by `near`. */
  | { verdict: 'typo'; suggestion: string; service: string; near: string }
  /** Not shaped like a service principal at all (wrong domain, no domain). */
  | { verdict: 'malformed'; suggestion?: string };

const known = new Set(knownServicePrincipals);
const commercial = '.amazonaws.com';
/** `ec2`, `build.apprunner`: the names under `.amazonaws.com`. */
const knownServices = knownServicePrincipals.filter((p) => p.endsWith(commercial)).map((p) => p.slice(0, -commercial.length));
const knownServiceSet = new Set(knownServices);
// Longest first, so `.amazonaws.com.cn` is not read as `.amazonaws.com`.
const suffixes = [...servicePrincipalSuffixes].sort((a, b) => b.length - a.length);

/** Typos tolerated by length: short names (`sns`, `sms`, `ssm`) are too close to each other to guess. */
function maxTypoDistance(service: string): number {
  if (service.length <= 3) return 0;
  return service.length <= 7 ? 1 : 2;
}

function closestService(service: string): string | undefined {
  const limit = maxTypoDistance(service);
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of knownServices) {
    // The distance is at least the difference in length: such a candidate could not be nearer.
    if (Math.abs(candidate.length - service.length) >= bestDistance) continue;
    const d = editDistance(service, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Judges a service principal name (lower-cased text). */
export function judgeServicePrincipal(name: string): ServiceVerdict {
  if (known.has(name)) return { verdict: 'known' };
  const suffix = suffixes.find((s) => name.endsWith(s));
  if (suffix) {
    const head = name.slice(0, -suffix.length);
    // `logs.us-east-1.amazonaws.com`: a regional form of a service principal.
    const lastDot = head.lastIndexOf('.');
    const region = lastDot > 0 && regionPattern.test(head.slice(lastDot + 1)) ? head.slice(lastDot) : '';
    const service = region ? head.slice(0, lastDot) : head;
    if (knownServiceSet.has(service)) return { verdict: 'known' };
    const near = closestService(service);
    return near ? { verdict: 'typo', suggestion: `${near}${region}${suffix}`, service, near } : { verdict: 'known' };
  }
  // `ec2.amazon.com`: only the Alexa principals (listed by name) live under amazon.com.
  if (name.endsWith('.amazon.com')) {
    const service = name.slice(0, -'.amazon.com'.length);
    const near = knownServiceSet.has(service) ? service : closestService(service);
    return { verdict: 'malformed', suggestion: `${near ?? service}${commercial}` };
  }
  if (knownServiceSet.has(name)) return { verdict: 'malformed', suggestion: `${name}${commercial}` };
  const near = closest(name, knownServicePrincipals);
  return near ? { verdict: 'malformed', suggestion: near } : { verdict: 'malformed' };
}

/** Pseudo values that still leave a service principal checkable, and what they stand for when judging. */
const pseudoStandIns: Record<string, { judge: string; shown: string }> = table({
  'pseudo:AWS::URLSuffix': { judge: 'amazonaws.com', shown: '${AWS::URLSuffix}' },
  'pseudo:AWS::Region': { judge: 'us-east-1', shown: '${AWS::Region}' },
});

/**
 * The text of a principal value to judge and to show, when it is known:
 * fully literal, or built only with `AWS::URLSuffix`/`AWS::Region`
 * (`!Sub ec2.${AWS::URLSuffix}`). Undefined when anything else is computed.
 */
/** `${data.aws_partition.current.dns_suffix}` when the hole was written as a reference of its own (Terraform). */
function writtenReference(hole: Value, graph: Graph): string | undefined {
  const text = graph.sources.get(hole.loc.file)?.slice(startOffset(hole.loc.range), endOffset(hole.loc.range));
  return text && /^[A-Za-z_][\w.-]*$/.test(text) ? `\${${text}}` : undefined;
}

export function servicePrincipalText(value: Value, graph: Graph): { judge: string; shown: string } | undefined {
  const shape = stringShape(value, graph);
  if (!shape) return undefined;
  let judge = '';
  let shown = '';
  let hole = 0;
  for (const ch of shape.text) {
    if (ch !== HOLE) {
      judge += ch;
      shown += ch;
      continue;
    }
    const h = shape.holes[hole++];
    const standIn = h?.kind === 'unknown' ? pseudoStandIns[h.reason] : undefined;
    if (!h || !standIn) return undefined;
    judge += standIn.judge;
    shown += writtenReference(h, graph) ?? standIn.shown;
  }
  return { judge, shown };
}

/** The suggestion in the spelling the user wrote (`ecs-tasks.${AWS::URLSuffix}`, not the stand-in). */
export function suggestionAsWritten(v: ServiceVerdict, shown: string): string | undefined {
  if (v.verdict === 'typo' && shown.startsWith(v.service)) return v.near + shown.slice(v.service.length);
  return v.verdict === 'known' ? undefined : v.suggestion;
}
