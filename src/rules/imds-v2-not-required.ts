import { knownString } from '../graph/queries/strings.js';
import type { Graph, Resource } from '../graph/types.js';
import { alternatives, type Guard, type Value } from '../graph/value.js';
import { unmetByDefault } from '../graph/queries/guards.js';
import { type Loc, startOffset } from '../shared/source.js';
import { launchTemplateOf } from '../graph/queries/launch-template.js';
import { slotHoldsRole } from '../graph/queries/profile-slot.js';
import { slotHoldsForeignArn, slotHoldsOtherResource } from '../graph/queries/other-resource.js';
import { launcherLabel, launchesInstances } from '../graph/kinds.js';
import { dialectOf, propKey, propPath } from '../graph/dialect.js';
import type { Rule } from './rule.js';
import { capitalised, shownName } from '../shared/text.js';

/** How to require IMDSv2, in the resource's own language. */
function requireHint(r: Resource): string {
  return dialectOf(r).setTo(propPath(r, 'httpTokens') ?? 'httpTokens', 'required');
}

/** The metadata token setting of a resource: each way it can be, as far as the code tells. */
type Tokens =
  | { state: 'required' }
  // byDefault: the note saying which conditions the defaults decide, where they pick this setting over a safe one.
  | { state: 'optional'; at: Value[]; byDefault?: string }
  | { state: 'unset'; byDefault?: string }
  | { state: 'unknown' };

function tokens(r: Resource, graph: Graph): Tokens {
  // A resource the defaults leave out deploys no setting by default.
  const deployedByDefault = !unmetByDefault(r.when);
  const endpoint = r.canonical.httpEndpoint;
  // With the endpoint off there is no IMDS to read credentials from; computed means we cannot tell.
  if (endpoint) {
    const states = alternatives(endpoint).map((v) => knownString(v, graph));
    if (states.some((s) => s === undefined)) return { state: 'unknown' };
    if (states.every((s) => s === 'disabled')) return { state: 'required' };
  }
  const value = r.canonical.httpTokens;
  if (!value) return { state: 'unset' };
  // A setting on branches we cannot decide is reported only when no branch is safe,
  // or when the defaults (what deploys when nobody overrides an input) take an unsafe one.
  const options = alternatives(value);
  const states = options.map((v) => (v.kind === 'literal' && v.value === null ? 'unset' : knownString(v, graph)));
  if (states.some((s) => s === 'required')) return (deployedByDefault ? byDefault(options, states) : undefined) ?? { state: 'required' };
  // A branch we cannot read leaves the setting unknown, unless the defaults leave that branch out and take an unsafe one.
  if (states.some((s) => s !== 'optional' && s !== 'unset')) return (deployedByDefault ? byDefault(options, states) : undefined) ?? { state: 'unknown' };
  const optional = options.filter((_, i) => states[i] === 'optional');
  return optional.length > 0 ? { state: 'optional', at: optional } : { state: 'unset' };
}

/**
 * The unsafe setting the defaults take where some branch is safe: a parameter
 * (`DisableIMDSv1: Default "false"`) that keeps IMDSv1 unless overridden. Only
 * when the defaults decide every branch, each taken (every guard met) or left
 * out (a guard unmet); a branch left out leaves the setting unset.
 */
function byDefault(options: readonly Value[], states: ReadonlyArray<string | undefined>): Tokens | undefined {
  const taken: Array<{ v: Value; state: string | undefined }> = [];
  const left: Guard[] = [];
  for (const [i, v] of options.entries()) {
    const unmet = unmetByDefault(v.when);
    if (unmet) left.push(unmet);
    else if (v.when?.length && v.when.every((g) => g.metByDefault === true)) taken.push({ v, state: states[i] });
    else return undefined;
  }
  if (taken.some((t) => t.state !== 'optional' && t.state !== 'unset')) return undefined;
  const note = [...taken.flatMap((t) => t.v.when ?? []).map((g) => `${g.test} is ${g.holds}`), ...left.map((g) => `${g.test} is ${!g.holds}`)];
  const byDefaultNote = `${[...new Set(note)].join(' and ')} with the defaults`;
  const optional = taken.filter((t) => t.state === 'optional').map((t) => t.v);
  return optional.length > 0 ? { state: 'optional', at: optional, byDefault: byDefaultNote } : { state: 'unset', byDefault: byDefaultNote };
}

/** `instance profile "app-profile"`, `instance profile AppProfile`: the profile as written. */
function profileLabel(written: Value, r: Resource, graph: Graph): string {
  // `!Sub ${AppProfile}` (a template of one reference and no text) is that reference.
  const v = written.kind === 'template' && written.parts.length === 1 && typeof written.parts[0] !== 'string' ? written.parts[0] : written;
  const text = knownString(v, graph);
  if (text !== undefined) return `instance profile "${text}"`;
  // A deploy-time input with no usable default: the input is what the deployer fills in, so name it.
  if (v.kind === 'unknown' && v.fromInput !== undefined) return `${namedByInput} ${inputWord[r.iac]} ${v.fromInput}`;
  if (v.kind !== 'ref') return unknownProfile;
  // `!GetAtt NodeProfile.Arn` names the profile NodeProfile: the attribute is how it is passed, not its name.
  const target = graph.resource(v.target);
  return `instance profile ${shownName(target?.iac === 'cloudformation' ? target.address : v.text)}`;
}

const unknownProfile = 'an instance profile (value unknown)';

const namedByInput = 'the instance profile named by';

/** What each language calls a deploy-time input. */
const inputWord = { cloudformation: 'parameter', terraform: 'variable' } as const;

/**
 * Where the resource's own code puts the profile: the value's place when it
 * is written there, else where the resource uses what a module caller passed
 * (a hop of `via` in the resource's file). A missing IMDSv2 setting is the
 * resource's mistake, so it is reported there, once for every instance of a
 * module and for the module linted on its own.
 */
function ownPlace(v: Value, r: Resource, through: readonly Loc[] | undefined): Value | Loc {
  if (v.loc.file === r.loc.file) return v;
  // A branch of a choice went where the choice went (`through`), after its own hops.
  return [...(v.via ?? []), ...(through ?? [])].find((hop) => hop.file === r.loc.file) ?? v;
}

/** Module instance prefixes of an address: fewer is the more local naming. */
const depthOf = (address: string): number => address.split('module.').length - 1;

const locKey = (loc: Loc): string => `${loc.file}:${startOffset(loc.range)}`;

export const imdsV2NotRequired: Rule<'optional' | 'optionalByTemplate' | 'optionalByDefault' | 'optionalByTemplateByDefault' | 'notRequired' | 'notRequiredByTemplate'> = {
  id: 'imds-v2-not-required',
  severity: 'warning',
  summary: 'An instance with an instance profile does not require IMDSv2',
  docs: {
    what: 'Flags an EC2 instance, launch template or launch configuration that carries an instance profile and does not require IMDSv2: `MetadataOptions.HttpTokens` (`metadata_options { http_tokens }`) is `optional` or not set. An instance without metadata options of its own is judged by the launch template it references, as cdk-nag does; auto scaling groups need no check of their own because their launch template or configuration is checked where it carries the profile. A setting chosen by a condition is reported when no branch requires tokens, or "by default" when the defaults pick one that does not. Metadata options that are computed, a launch template the code does not define, and `HttpEndpoint: disabled` are not reported.',
    why: "With IMDSv1 allowed, anything that can make the instance send one HTTP GET to 169.254.169.254 (a server-side request forgery, a misconfigured proxy) can read the role's temporary credentials. IMDSv2 requires a session token obtained by a PUT, which such requests cannot do. AMIs and account-level defaults may require IMDSv2 anyway, but the template does not say so.",
    fix: 'Require session tokens: `MetadataOptions: { HttpTokens: required }` (under `LaunchTemplateData` for a launch template) in CloudFormation, `metadata_options { http_tokens = "required" }` in Terraform.',
  },
  messages: {
    optional: '{{kind}} {{resource}} carries {{profile}} but sets {{key}} "optional"',
    optionalByTemplate: '{{kind}} {{resource}} carries {{profile}} but sets {{key}} "optional" through launch template {{template}}',
    optionalByDefault: '{{kind}} {{resource}} carries {{profile}} but sets {{key}} "optional" by default',
    optionalByTemplateByDefault: '{{kind}} {{resource}} carries {{profile}} but sets {{key}} "optional" by default through launch template {{template}}',
    notRequired: '{{kind}} {{resource}} carries {{profile}} but does not require IMDSv2',
    notRequiredByTemplate: '{{kind}} {{resource}} carries {{profile}} but does not require IMDSv2 through launch template {{template}}',
  },
  check(graph, report, options) {
    // Per place in the code, the finding that names its profile and its resource best (`ownPlace`).
    const unset = new Map<string, { report: Parameters<typeof report>[0]; rank: [number, number] }>();
    const reported = new Set<string>();
    const once = (key: string, emit: () => void): void => {
      if (reported.has(key)) return;
      reported.add(key);
      emit();
    };
    for (const use of graph.slots) {
      const r = use.resource;
      if (use.slot.expects !== 'instance-profile' || !launchesInstances(r.kind) || r.external) continue;
      if (use.value.kind === 'literal' && (use.value.value === null || use.value.value === '')) continue;
      // A role (or a policy, an attachment) in the slot means no profile, no credentials to expose: role-as-instance-profile (not-a-role-or-profile) says what is wrong.
      if (slotHoldsRole(use, graph, options) || slotHoldsOtherResource(use, graph, options) || slotHoldsForeignArn(use, graph)) continue;
      const about = { kind: capitalised(launcherLabel(r.kind) ?? r.type), resource: r.address, profile: profileLabel(use.value, r, graph) };
      let own = tokens(r, graph);
      let source = r;
      if (own.state === 'unset' && r.kind === 'ec2.instance' && r.canonical.launchTemplate) {
        // An instance without metadata options of its own gets its launch template's.
        const lt = launchTemplateOf(r.canonical.launchTemplate, graph);
        if (!lt || lt.found === 'unknown') continue;
        own = tokens(lt.found, graph);
        source = lt.found;
      }
      const via: Record<string, string> = source === r ? {} : { template: source.address };
      const key = propKey(source, 'httpTokens') ?? 'httpTokens';
      if (own.state === 'optional') {
        for (const at of own.at) {
          once(locKey(at.loc), () =>
            report({
              at,
              resource: source,
              messageId: source === r ? (own.byDefault ? 'optionalByDefault' : 'optional') : own.byDefault ? 'optionalByTemplateByDefault' : 'optionalByTemplate',
              data: { ...about, key, ...via },
              help:
                `set ${key} to "required": with "optional", IMDSv1 requests without a token can read the role's credentials` +
                (own.byDefault ? ` (${own.byDefault}, which picks "optional")` : ''),
            }),
          );
        }
      } else if (own.state === 'unset') {
        // A launch template may name its profile twice (Name and Arn): one finding per resource.
        if (reported.has(r.id)) continue;
        reported.add(r.id);
        const at = ownPlace(use.value, r, use.through);
        const place = `${locKey('kind' in at ? at.loc : at)}\0${source === r ? '' : source.loc.file}`;
        const rank: [number, number] = [about.profile === unknownProfile || about.profile.startsWith(namedByInput) ? 1 : 0, depthOf(r.address)];
        const best = unset.get(place);
        if (best && (best.rank[0] < rank[0] || (best.rank[0] === rank[0] && best.rank[1] <= rank[1]))) continue;
        unset.set(place, {
          rank,
          report: {
            at,
            // In a module installed by terraform init, what the caller passes is reported at the caller (engine/user-cause.ts).
            causes: [use.value],
            resource: r,
            messageId: source === r ? 'notRequired' : 'notRequiredByTemplate',
            data: { ...about, ...via },
            help:
              `${requireHint(source)} (no ${key} "required" lets IMDSv1 requests without a token read the role's credentials` +
              (own.byDefault ? `; ${own.byDefault}, which leaves it unset)` : ')'),
          },
        });
      }
    }
    for (const { report: r } of unset.values()) report(r);
  },
};
