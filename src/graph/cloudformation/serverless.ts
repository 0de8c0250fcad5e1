import type { CfnMap, CfnMapEntry, CfnNode } from '../../parsers/cloudformation-tree.js';
import type { Loc } from '../../shared/source.js';
import type { Value } from '../value.js';
import { isWholeInclude, SERVERLESS_VARIABLE, type ServerlessPlacement } from '../../discover/serverless.js';
import { stringOfParts } from '../build/sub.js';

const variableStart = new RegExp(SERVERLESS_VARIABLE.source, 'g');

/**
 * A string of a Serverless fragment: the Framework replaces each of its
 * variables (`${self:service}-${sls:stage}-worker`) before CloudFormation sees
 * it, so each is unknown here and the text around them is kept. Undefined for
 * a string with no Serverless variable (the literal as written).
 */
export function serverlessString(text: string, loc: Loc): Value | undefined {
  const parts: Array<string | Value> = [];
  let from = 0;
  variableStart.lastIndex = 0;
  for (let m = variableStart.exec(text); m; m = variableStart.exec(text)) {
    const end = closingBrace(text, m.index + 2);
    if (end < 0) break;
    if (m.index > from) parts.push(text.slice(from, m.index));
    parts.push({ kind: 'unknown', reason: `Serverless variable ${text.slice(m.index, end + 1)}, resolved by the Serverless Framework`, loc });
    from = end + 1;
    variableStart.lastIndex = from;
  }
  if (parts.length === 0) return undefined;
  if (from < text.length) parts.push(text.slice(from));
  return stringOfParts(parts, loc);
}

/** The `}` closing the variable whose body starts at `at`; variables nest (`${self:custom.${sls:stage}}`). -1 when unclosed. */
function closingBrace(text: string, at: number): number {
  let depth = 1;
  for (let i = at; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/**
 * The CloudFormation a Serverless Framework service file writes itself: its
 * `resources` (`Resources`, `Outputs`, `Conditions`), a map or a list whose
 * maps the framework merges (its `${file(...)}` items are linted as fragments
 * of their own). Undefined for a template, which has no `service`.
 */
export function serviceTemplate(root: CfnMap): CfnMap | undefined {
  const resources = root.entries.find((e) => e.key === 'resources')?.value;
  if (!resources || !root.entries.some((e) => e.key === 'service') || root.entries.some((e) => e.key === 'Resources')) return undefined;
  if (resources.kind === 'map') return resources;
  if (resources.kind !== 'seq') return { kind: 'map', entries: [], loc: resources.loc };
  const sections = new Map<string, CfnMapEntry>();
  for (const item of resources.items) {
    if (item.kind !== 'map') continue;
    for (const e of item.entries) {
      const earlier = sections.get(e.key);
      // Two items' Resources add up; within one name the later item wins, as the framework merges them.
      const merged = earlier?.value.kind === 'map' && e.value.kind === 'map' ? { ...e, value: { ...e.value, entries: [...earlier.value.entries.filter((x) => !hasKey(e.value, x.key)), ...e.value.entries] } } : e;
      sections.set(e.key, merged);
    }
  }
  return { kind: 'map', entries: [...sections.values()], loc: resources.loc };
}

function hasKey(node: CfnMapEntry['value'], key: string): boolean {
  return node.kind === 'map' && node.entries.some((e) => e.key === key);
}

/**
 * The template a file a service file places as resources stands for (`Resources: ${file(x.yml)}`,
 * `Resources: Name: ${file(x.yml):key}`, the same file placed again for another key): what each
 * include selects, under `Resources`, as the framework merges it. Its nodes keep their places in the
 * file; null where no include selects a mapping (the framework would fail on it before CloudFormation does).
 */
export function placedTemplate(root: CfnNode, placements: readonly ServerlessPlacement[]): CfnMap | null {
  const entries: CfnMapEntry[] = [];
  let at: CfnMap['loc'] | undefined;
  for (const placement of placements) {
    const selected = placement.select.reduce<CfnNode | undefined>((node, key) => (node?.kind === 'map' ? node.entries.find((e) => e.key === key)?.value : undefined), root);
    if (selected?.kind !== 'map') continue;
    at ??= selected.loc;
    if (placement.resource === undefined) entries.push(...selected.entries);
    else entries.push({ key: placement.resource, keyLoc: selected.loc, value: selected });
  }
  if (at === undefined) return null;
  return { kind: 'map', entries: [{ key: 'Resources', keyLoc: at, value: { kind: 'map', entries, loc: at } }], loc: root.loc };
}

/** One file of a service's stack: the service file itself, or a file it includes (with where it places it). */
export interface StackPart {
  root: CfnNode;
  /** The `serverless.yml` whose `resources` these are. */
  service?: true;
  placed?: readonly ServerlessPlacement[];
}

/**
 * The one stack a Serverless service deploys: the sections of its own `resources` and of every file
 * it includes, merged as the framework merges them (a later name replaces an earlier one), so that a
 * reference from one file to a resource in another is followed. Every node keeps its own file. A file
 * that is one resource takes the key the file including it writes for it (`AppRole: ${file(role.yml)}`):
 * the logical id is written there, and a new resource beside it goes there too.
 */
export function serviceStack(parts: readonly StackPart[]): CfnMap | undefined {
  const templates = parts.flatMap((part) => {
    const template = partTemplate(part);
    return template ? [{ part, template }] : [];
  });
  if (templates.length === 0) return undefined;
  // Where the service file (or a file it includes) writes `Name: ${file(x.yml)}`: the key of a resource written in another file.
  const includeKeys = new Map(templates.flatMap(({ template }) => resourcesOf(template).filter((e) => isInclude(e.value)).map((e) => [e.key, e.keyLoc] as const)));
  const sections = new Map<string, CfnMapEntry>();
  for (const { part, template } of templates) {
    for (const e of template.entries) {
      const section = e.key === 'Resources' && e.value.kind === 'map' ? { ...e, value: placedResources(e.value, part, includeKeys) } : e;
      const earlier = sections.get(e.key);
      sections.set(e.key, earlier ? mergedSections(earlier, section) : section);
    }
  }
  return { kind: 'map', entries: [...sections.values()], loc: templates[0].template.loc };
}

/**
 * A section written in two files: a later name replaces an earlier one. A mapping replaces what is
 * not one (`Resources: ${file(x.yml)}`, the include it stands for); other values stay as first written.
 */
function mergedSections(earlier: CfnMapEntry, later: CfnMapEntry): CfnMapEntry {
  if (earlier.value.kind !== 'map') return later.value.kind === 'map' ? later : earlier;
  if (later.value.kind !== 'map') return earlier;
  const names = new Set(later.value.entries.map((e) => e.key));
  return { ...earlier, value: { ...earlier.value, entries: [...earlier.value.entries.filter((e) => !names.has(e.key)), ...later.value.entries] } };
}

/** A file's resources without the includes (resources written elsewhere); a file that is one resource keyed where the file including it names it. */
function placedResources(resources: CfnMap, part: StackPart, includeKeys: ReadonlyMap<string, CfnMapEntry['keyLoc']>): CfnMap {
  const entries = resources.entries.filter((e) => !isInclude(e.value));
  const single = new Set((part.placed ?? []).flatMap((p) => (p.resource === undefined ? [] : [p.resource])));
  if (single.size === 0) return entries.length === resources.entries.length ? resources : { ...resources, entries };
  return { ...resources, entries: entries.map((e) => (single.has(e.key) ? { ...e, keyLoc: includeKeys.get(e.key) ?? e.keyLoc } : e)) };
}

function partTemplate(part: StackPart): CfnMap | undefined {
  if (part.service) return part.root.kind === 'map' ? serviceTemplate(part.root) : undefined;
  if (part.placed) return placedTemplate(part.root, part.placed) ?? undefined;
  return part.root.kind === 'map' ? part.root : undefined;
}

function resourcesOf(template: CfnMap | undefined): CfnMapEntry[] {
  const resources = template?.entries.find((e) => e.key === 'Resources')?.value;
  return resources?.kind === 'map' ? resources.entries : [];
}

/** `Name: ${file(x.yml)}`: a resource the framework reads from another file, no resource as written (discovery's test). */
function isInclude(node: CfnNode): boolean {
  return node.kind === 'scalar' && typeof node.value === 'string' && isWholeInclude(node.value);
}
