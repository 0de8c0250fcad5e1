import { dirname } from 'node:path';
import { isConfigFile } from '../../discover/config-files.js';
import type { Graph, Resource, SlotDef, SlotUse } from '../types.js';
import type { Value } from '../value.js';
import { HOLE, stringShape } from './strings.js';
import { work } from '../build/work.js';
import { dialectOf } from '../dialect.js';

/**
 * `IamInstanceProfile`, `IamInstanceProfile.Arn`, `iam_instance_profile.name`: the slot as a user reads it.
 * A slot picked out by its siblings is named by the option it is: an Elastic Beanstalk option by its name and
 * namespace, `IamInstanceProfile (aws:autoscaling:launchconfiguration)`; a Data Pipeline field by its key,
 * `Fields resourceRole` (every setting and field has a `value`).
 */
export function slotLabel(slot: SlotDef): string {
  const chosenBy = slot.when ? Object.values(slot.when) : [];
  if (chosenBy.length > 1) return `${chosenBy[chosenBy.length - 1]} (${chosenBy.slice(0, -1).join(', ')})`;
  const segments = slot.path.replace(/\[\]/g, '').split('.');
  const option = chosenBy.at(-1);
  if (option !== undefined && segments.length > 1) return `${segments[segments.length - 2]} ${option}`;
  const last = segments[segments.length - 1];
  const tail = /^(name|arn|value|stringvalue)$/i.test(last) && segments.length > 1 ? segments.slice(-2) : [last];
  return tail.join('.');
}

/**
 * How to write a reference to a resource's name or ARN in place of the value
 * a slot is given (`use.value`, written where its loc says). Where that
 * expression is written in another Terraform module or another stack than the
 * resource, the reference cannot be written directly: the hint says where the
 * target is and that it must come out through an output.
 */
export function referenceSyntax(resource: Resource, form: 'name' | 'arn', use?: SlotUse): string {
  const { prefix, inner } = splitModule(resource.address);
  const index = resource.repeated ? instanceIndex(resource.repeated, use) : '';
  const dialect = dialectOf(resource);
  const local = resource.iac === 'cloudformation' ? (form === 'arn' ? dialect.arnOf(inner) : dialect.nameOf(inner)) : `${inner}${index}.${form}`;
  // A Fn::ForEach resource's instances are named by the loop: `${Tier}Profile` is no name a Ref can take.
  if (resource.iac === 'cloudformation' && resource.repeated) return `${local}, the instance of the same Fn::ForEach iteration`;
  if (!use) return local;
  if (resource.iac === 'terraform' && !writtenInModuleOf(resource, use)) {
    const where = `${local} inside ${prefix.slice(0, -1) || 'the root module'}`;
    // Used in a module the resource's module calls (at any depth): it goes down as that call's argument.
    const down = calledFrom(prefix, splitModule(use.resource.address).prefix);
    return down ? `${where}, passed in as an argument of ${down}` : `${where}, passed out through an output`;
  }
  if (resource.unit !== use.resource.unit) return `${local} in ${resource.unit}, passed out through an export or output`;
  return local;
}

/**
 * How to pick the instance of a repeated resource in a reference written in
 * place of `use.value`: the index the value was written with
 * (`aws_iam_role.r["a"].name` -> `["a"]`), `[each.key]` in a block that
 * iterates too, else a key to choose; `[0]` for `count`, where one instance is the usual case.
 */
function instanceIndex(repeated: 'count' | 'for_each', use: SlotUse | undefined): string {
  const written = use?.value.kind === 'ref' && use.value.oneInstance ? /(\[[^\]]*\])\.[^.[\]]+$/.exec(use.value.text)?.[1] : undefined;
  if (written !== undefined) return written;
  if (repeated === 'count') return '[0]';
  return !use || use.resource.repeated === 'for_each' ? '[each.key]' : '[KEY]';
}

/**
 * Whether the value `use` is given is written in the Terraform module that
 * declares `resource` (a module argument passed down is written in the
 * caller): in its directory; in a plan, which records no places in the
 * configuration, when the slot's resource is in the same module.
 */
function writtenInModuleOf(resource: Resource, use: SlotUse): boolean {
  const at = use.value.loc.file;
  if (isConfigFile(at) && isConfigFile(resource.loc.file)) return dirname(at) === dirname(resource.loc.file);
  return splitModule(resource.address).prefix === splitModule(use.resource.address).prefix;
}

/** The module call, written in the module at `above`, that the module at `below` is (or is inside); undefined when `below` is not under `above`. */
function calledFrom(above: string, below: string): string | undefined {
  if (below.length <= above.length || !below.startsWith(above)) return undefined;
  return /^module\.[^.[]+/.exec(below.slice(above.length))?.[0];
}

/** `module.a.module.b.aws_x.y` -> prefix `module.a.module.b.`, inner `aws_x.y`. */
function splitModule(address: string): { prefix: string; inner: string } {
  const m = /^((?:module\.[^.]+(?:\[[^\]]*\])?\.)*)(.*)$/.exec(address);
  return { prefix: m?.[1] ?? '', inner: m?.[2] ?? address };
}

/**
 * The instance of a CloudFormation `Fn::ForEach` resource in the iteration that a written name of a sibling loop
 * resource picks: `${Tier}HostProfile` for `BatchHostRole` (an instance of `${Tier}HostRole`) is `BatchHostProfile`;
 * undefined when the name does not pick one iteration of every identifier the resource's key uses.
 */
export function loopInstanceOf(resource: Resource, sibling: Resource, written: string): Resource | undefined {
  if (resource.iac !== 'cloudformation' || !resource.repeated || !sibling.repeated || written.includes('{')) return undefined;
  // Split on `${Id}` / `&{Id}`: the odd pieces are the loop identifiers, the even ones the text between them.
  const pieces = sibling.address.split(LOOP_PLACEHOLDER);
  const identifiers = pieces.filter((_, i) => i % 2 === 1);
  const pattern = pieces.map((p, i) => (i % 2 === 1 ? '([A-Za-z0-9]+)' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  const match = new RegExp(`^${pattern}$`).exec(written);
  if (!match || identifiers.length === 0) return undefined;
  const bound = new Map<string, string>();
  for (const [i, id] of identifiers.entries()) {
    if (bound.has(id) && bound.get(id) !== match[i + 1]) return undefined;
    bound.set(id, match[i + 1]);
  }
  const keyPieces = resource.address.split(LOOP_PLACEHOLDER);
  if (keyPieces.some((p, i) => i % 2 === 1 && !bound.has(p))) return undefined;
  const address = keyPieces.map((p, i) => (i % 2 === 1 ? bound.get(p) : p)).join('');
  const { repeated: _loop, ...instance } = resource;
  return { ...instance, address };
}

const LOOP_PLACEHOLDER = /[$&]\{([^{}]+)\}/;

/** What a new instance profile for a role would be, in the role's language. */
export function newProfileHint(role: Resource): string {
  if (role.iac === 'cloudformation') {
    const dialect = dialectOf(role);
    return `add an AWS::IAM::InstanceProfile with ${dialect.assign('Roles', `[${dialect.nameOf(role.address)}]`)} and reference it`;
  }
  // A repeated role needs a repeated profile: one profile per role instance.
  const repeatedBy: Record<NonNullable<Resource['repeated']>, string> = {
    count: `count = length(${role.address}) and role = ${role.address}[count.index].name`,
    for_each: `for_each = ${role.address} and role = each.value.name`,
  };
  const settings = role.repeated ? repeatedBy[role.repeated] : `role = ${role.address}.name`;
  return `add an aws_iam_instance_profile with ${settings} and reference it`;
}

/** `AppRole` or `"app-role" (AppRole)`. */
export function resourceLabel(resource: Resource, literalName?: string): string {
  return literalName !== undefined ? `"${literalName}" (${resource.address})` : resource.address;
}

/** A string value as written, computed parts as `…`. */
export function writtenText(value: Value, graph: Graph): string {
  const shape = stringShape(value, graph);
  return shape ? shape.text.split(HOLE).join('…') : '…';
}

/** Edit distance, for "did you mean". Small inputs only. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** Up to this many candidates, a suggestion compares with each; a longer list is searched through its index. */
const SMALL_LIST = 32;
/** At most this many index entries are compared for one suggestion. */
const SCAN_LIMIT = 256;
/** Names longer than this are neither indexed nor suggested for: typos are in names people type. */
const INDEXED_LENGTH = 64;

/**
 * Every spelling of each candidate with one character left out (and the whole
 * name), lower-cased: two names within one edit (or one transposition) share
 * an entry. Built once per candidate list, so 50,000 unresolved references
 * among 50,000 names cost 50,000 look-ups, not 2.5 billion comparisons.
 */
const indexes = new WeakMap<readonly string[], Map<string, string[]>>();

function deletions(word: string): string[] {
  const out = [word];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

function indexOf(candidates: readonly string[]): Map<string, string[]> {
  let index = indexes.get(candidates);
  if (index) return index;
  index = new Map();
  for (const c of candidates) {
    if (c.length > INDEXED_LENGTH) continue;
    for (const key of new Set(deletions(c.toLowerCase()))) {
      const bucket = index.get(key);
      if (bucket) bucket.push(c);
      else index.set(key, [c]);
    }
  }
  indexes.set(candidates, index);
  return index;
}

/** The closest candidate within a small distance, if any. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  if (Array.isArray(candidates) && candidates.length > SMALL_LIST) return closestIndexed(name, candidates as readonly string[]);
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 4)) + 1;
  for (const c of candidates) {
    work.comparisons++;
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Among many candidates: those within one edit of the name (through the index), the closest; at most SCAN_LIMIT compared. */
function closestIndexed(name: string, candidates: readonly string[]): string | undefined {
  if (name.length > INDEXED_LENGTH) return undefined;
  const index = indexOf(candidates);
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  let compared = 0;
  for (const key of new Set(deletions(lower))) {
    for (const c of index.get(key) ?? []) {
      if (++compared > SCAN_LIMIT) return best;
      work.comparisons++;
      const d = editDistance(lower, c.toLowerCase());
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
  }
  return best;
}

/** A literal as a message quotes it: strings in quotes; a number past the double range (`1e400`) as what it became, never JSON's `null`. */
export function shownLiteral(value: string | number | boolean | null): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'NaN (not a number)' : `${value < 0 ? '-' : ''}Infinity (beyond the largest number)`;
  return JSON.stringify(value);
}
