import { perGraph, resourcesOfKind } from './memo.js';
import { denote, hasNameKeys, literalName, profilesHolding, resourcesNamed, resourcesWithNameKey, resourcesWithSameName } from './denote.js';
import type { Graph, Resource, SlotUse } from '../types.js';
import type { RuleOptions } from '../../shared/finding.js';
import { builtinKnownInstanceProfiles } from './known-profiles.js';

/** What an instance-profile slot was given, decided once and read by several rules. */
export type ProfileSlotVerdict =
  /** A role where a profile belongs; no profile answers to it. */
  | { verdict: 'role'; role?: Resource; roleName?: string; form: 'name' | 'arn' | 'unique-id'; holders: Resource[] }
  /** A role's name, and a profile with that same name exists: works by coincidence. */
  | { verdict: 'role-name-matches-profile'; role: Resource; profiles: Resource[] }
  /** A literal profile name or ARN that nothing analysed defines. */
  | { verdict: 'undefined-profile'; name: string; form: 'name' | 'arn' }
  | { verdict: 'ok' };

const cache = new WeakMap<SlotUse, ProfileSlotVerdict>();

export function profileSlotVerdict(use: SlotUse, graph: Graph, options: RuleOptions): ProfileSlotVerdict {
  let v = cache.get(use);
  if (!v) {
    v = classify(use, graph, options);
    cache.set(use, v);
  }
  return v;
}

/**
 * The agreement between the rules that read an instance-profile slot, in one
 * place. A slot given a role (by name, ARN or id) that no instance profile
 * answers to is `role-as-instance-profile`'s finding, and the others stay
 * quiet there: there is no profile, so no form to correct
 * (`instance-profile-wrong-form`) and no credentials to expose
 * (`imds-v2-not-required`). Undefined for any other slot or value.
 */
export function slotHoldsRole(use: SlotUse, graph: Graph, options: RuleOptions): RoleInProfileSlot | undefined {
  if (use.slot.expects !== 'instance-profile') return undefined;
  const v = profileSlotVerdict(use, graph, options);
  return v.verdict === 'role' ? v : undefined;
}

/**
 * A slot given a role's name that a same-named profile answers to:
 * `profile-by-role-name`'s finding; `instance-profile-wrong-form` stays
 * quiet there too (the fix of the one gives the right form).
 */
export function slotHoldsRoleNamedLikeProfile(use: SlotUse, graph: Graph, options: RuleOptions): RoleNamedLikeProfile | undefined {
  if (use.slot.expects !== 'instance-profile') return undefined;
  const v = profileSlotVerdict(use, graph, options);
  return v.verdict === 'role-name-matches-profile' ? v : undefined;
}

/** A slot given a literal profile name or ARN that nothing analysed defines: `unknown-instance-profile`'s finding. */
export function slotNamesUndefinedProfile(use: SlotUse, graph: Graph, options: RuleOptions): UndefinedProfile | undefined {
  if (use.slot.expects !== 'instance-profile') return undefined;
  const v = profileSlotVerdict(use, graph, options);
  return v.verdict === 'undefined-profile' ? v : undefined;
}

/** Each slot use for which `query` (one of the three above) finds something, with what it found: a rule's loop. */
export function* slotsWhere<T>(
  graph: Graph,
  options: RuleOptions,
  query: (use: SlotUse, graph: Graph, options: RuleOptions) => T | undefined,
): Generator<{ use: SlotUse; v: T }> {
  for (const use of graph.slots) {
    const v = query(use, graph, options);
    if (v !== undefined) yield { use, v };
  }
}

export type UndefinedProfile = ProfileSlotVerdict & { verdict: 'undefined-profile' };
export type RoleInProfileSlot = ProfileSlotVerdict & { verdict: 'role' };
export type RoleNamedLikeProfile = ProfileSlotVerdict & { verdict: 'role-name-matches-profile' };

function classify(use: SlotUse, graph: Graph, options: RuleOptions): ProfileSlotVerdict {
  const d = denote(use.value, graph);
  if (d.entity === 'role') {
    const role = d.resource;
    const roleName = d.name ?? (role ? literalName(role, graph) : undefined);
    if (d.form === 'name') {
      if (role) {
        // A role is a role whatever its name: only a profile whose name is provably the same answers to it.
        const profiles = nearestFirst(resourcesWithSameName(graph, 'instance-profile', role), use.resource);
        if (profiles.length > 0) return { verdict: 'role-name-matches-profile', role, profiles };
        // A role made outside the code may have a same-named profile (the console makes one).
        if (role.external) return { verdict: 'ok' };
      } else if (roleName === undefined) return { verdict: 'ok' };
      if (roleName !== undefined && (isKnown(roleName, options) || resourcesWithNameKey(graph, 'instance-profile', `lit:${roleName}`).length > 0)) {
        return { verdict: 'ok' };
      }
    }
    const holders = nearestFirst(role ? profilesHolding(role, graph) : [], use.resource);
    return { verdict: 'role', ...(role ? { role } : {}), ...(roleName !== undefined ? { roleName } : {}), form: d.form, holders };
  }
  // An empty name is no profile at all (the AWS provider reads "" as unset), never one that is missing.
  if (d.entity === 'name' && d.name === '') return { verdict: 'ok' };
  if (d.entity === 'name') {
    if (resourcesWithNameKey(graph, 'instance-profile', `lit:${d.name}`).length > 0 || isKnown(d.name, options)) return { verdict: 'ok' };
    // A parameter's default names what the deployer is expected to have made; the deployer may give another.
    const input = use.value.fromInput !== undefined;
    const role = resourcesNamed(graph, 'role', d.name, use.value).find((r) => !r.external);
    if (role) return { verdict: 'role', role, roleName: d.name, form: 'name', holders: nearestFirst(profilesHolding(role, graph), use.resource) };
    if (input || unitHasUnnamedProfile(use, graph)) return { verdict: 'ok' };
    return { verdict: 'undefined-profile', name: d.name, form: 'name' };
  }
  if (d.entity === 'instance-profile' && !d.resource && d.name !== undefined) {
    if (isKnown(d.name, options) || use.value.fromInput !== undefined || unitHasUnnamedProfile(use, graph)) return { verdict: 'ok' };
    return { verdict: 'undefined-profile', name: d.name, form: 'arn' };
  }
  return { verdict: 'ok' };
}

function isKnown(name: string, options: RuleOptions): boolean {
  return options.knownInstanceProfiles.has(name) || builtinKnownInstanceProfiles.includes(name);
}

/** A profile in the same unit whose name we cannot know might be the one meant. */
function unitHasUnnamedProfile(use: SlotUse, graph: Graph): boolean {
  const units = perGraph(graph, 'units-with-computed-profile-name', (g) => {
    const unnamed = resourcesOfKind(g, 'iam.instance-profile').filter((r) => r.canonical.name !== undefined && !hasNameKeys(r, g));
    return new Set(unnamed.map((r) => r.unit));
  });
  return units.has(use.resource.unit);
}

/**
 * Profiles of the same name may exist in several templates or modules of a
 * run; the one to suggest is the nearest: same unit, then same language.
 */
function nearestFirst(candidates: Resource[], from: Resource): Resource[] {
  const distance = (r: Resource) => (r.unit === from.unit ? 0 : r.iac === from.iac ? 1 : 2);
  return [...candidates].sort((a, b) => distance(a) - distance(b));
}
