import type { CfnMap, CfnMapEntry, CfnNode, CfnParseResult, CfnScalar } from '../../parsers/cloudformation-tree.js';
import { parseCloudFormation } from '../../parsers/cloudformation.js';
import { decodedRangeMapper } from '../../parsers/string-index.js';
import { endOffset, startOffset, type Loc } from '../../shared/source.js';
import { prepareCloudFormation, sourceOf, type Declared, type PreparedTemplate, type TemplateOptions } from './index.js';
import { startsLikeJson } from '../../parsers/json-tree.js';
import { mapGet, toValue } from './intrinsics.js';
import type { Value } from '../value.js';

/**
 * Properties that hold a whole template written in a string: a StackSet's
 * `TemplateBody` is deployed as a stack of its own into every target account
 * (CloudFormation User Guide, AWS::CloudFormation::StackSet), so its roles and
 * profiles are checked as every template's are.
 */
const TEMPLATE_PROPERTIES: ReadonlyArray<{ type: string; property: string }> = [{ type: 'AWS::CloudFormation::StackSet', property: 'TemplateBody' }];

/** A template written in a string of another, parsed, with every place in it mapped back to the file. */
export interface EmbeddedTemplate {
  /** Names the template in the run (its resources' ids, its unit): `<file>#<LogicalId>.TemplateBody`. */
  unit: string;
  root: CfnNode | null;
  diagnostics: CfnParseResult['diagnostics'];
  /** Written in JSON (advice is quoted as the template is written, not as the file around it). */
  json: boolean;
  /** The resource whose property holds it. */
  holder: Declared;
}

/** The templates written in strings of the resources `declared` in `file`. */
export function embeddedTemplates(file: string, declared: readonly Declared[]): EmbeddedTemplate[] {
  const out: EmbeddedTemplate[] = [];
  for (const d of declared) {
    const row = TEMPLATE_PROPERTIES.find((r) => r.type === d.type);
    if (!row) continue;
    const props = mapGet(d.body, 'Properties');
    const body = props?.kind === 'map' ? mapGet(props, row.property) : undefined;
    if (body?.kind !== 'scalar' || typeof body.value !== 'string' || body.value.trim() === '') continue;
    const place = placer(body);
    if (!place) continue;
    const unit = `${body.loc.file}#${d.logicalId}.${row.property}`;
    const parsed = parseCloudFormation(body.value, unit);
    out.push({
      unit,
      root: parsed.root && relocated(parsed.root, place),
      diagnostics: parsed.diagnostics.map((x) => ({ ...x, loc: place(x.loc) })),
      json: startsLikeJson(body.value, false),
      holder: d,
    });
  }
  return out;
}

/**
 * The templates written in strings of `outer`, prepared as templates of their own (their
 * places in `outer`'s file, so `outer.source` is the text they are read against).
 */
export function prepareEmbedded(outer: PreparedTemplate, options: TemplateOptions): { templates: PreparedTemplate[]; diagnostics: CfnParseResult['diagnostics'] } {
  const templates: PreparedTemplate[] = [];
  const diagnostics: CfnParseResult['diagnostics'] = [];
  for (const e of embeddedTemplates(outer.file, outer.declared)) {
    diagnostics.push(...e.diagnostics);
    const given = { ...(options.parameters ? { parameters: options.parameters } : {}), passed: stackSetParameters(outer, e.holder) };
    const prepared = e.root && prepareCloudFormation(e.unit, e.root, sourceOf(outer, e.root.loc.file), given);
    if (prepared) templates.push({ ...prepared, json: e.json });
  }
  return { templates, diagnostics };
}

/**
 * What a StackSet gives its template's parameters (`Parameters`), evaluated
 * in the template around it: what every stack instance deploys with, not the
 * template's defaults. A parameter that a stack instance group overrides
 * (`StackInstancesGroup[].ParameterOverrides`) differs between instances: unknown.
 */
function stackSetParameters(outer: PreparedTemplate, stackSet: Declared): Map<string, Value> {
  const props = mapGet(stackSet.body, 'Properties');
  const overridden = new Set<string>();
  for (const group of listIn(props, 'StackInstancesGroup')) for (const { name } of parameterList(group, 'ParameterOverrides')) overridden.add(name);
  const scope = { ...outer.scope, unresolved: [] };
  const passed = new Map<string, Value>();
  for (const { name, value } of parameterList(props, 'Parameters')) {
    passed.set(name, overridden.has(name) ? { kind: 'unknown', reason: `parameter ${name} is set per stack instance group`, loc: value.loc } : toValue(value, scope));
  }
  return passed;
}

/** `[{ ParameterKey, ParameterValue }]` under `key` of a map. */
function parameterList(node: CfnNode | undefined, key: string): Array<{ name: string; value: CfnNode }> {
  return listIn(node, key).flatMap((item) => {
    const name = item.kind === 'map' ? mapGet(item, 'ParameterKey') : undefined;
    const value = item.kind === 'map' ? mapGet(item, 'ParameterValue') : undefined;
    return name?.kind === 'scalar' && value !== undefined ? [{ name: String(name.value), value }] : [];
  });
}

function listIn(node: CfnNode | undefined, key: string): CfnNode[] {
  const list = node?.kind === 'map' ? mapGet(node, key) : undefined;
  return list?.kind === 'seq' ? list.items : [];
}

/** Maps a place in the string's value to the place in the file it was written at; undefined when the string cannot be placed. */
function placer(scalar: CfnScalar): ((loc: Loc) => Loc) | undefined {
  const map = decodedRangeMapper(scalar.loc, scalar.style);
  if (!map) return undefined;
  const length = String(scalar.value).length;
  return (loc) => {
    const from = Math.min(startOffset(loc.range), Math.max(length - 1, 0));
    const to = Math.min(Math.max(endOffset(loc.range), from + 1), length);
    return map(from, to);
  };
}

/** The tree with every node's and key's place moved into the file. */
function relocated(node: CfnNode, place: (loc: Loc) => Loc): CfnNode {
  switch (node.kind) {
    case 'scalar':
      return { ...node, loc: place(node.loc) };
    case 'seq':
      return { kind: 'seq', items: node.items.map((i) => relocated(i, place)), loc: place(node.loc) };
    case 'fn':
      return { kind: 'fn', name: node.name, arg: relocated(node.arg, place), loc: place(node.loc) };
    case 'map':
      return relocatedMap(node, place);
  }
}

function relocatedMap(node: CfnMap, place: (loc: Loc) => Loc): CfnMap {
  const entries: CfnMapEntry[] = node.entries.map((e) => ({ key: e.key, keyLoc: place(e.keyLoc), value: relocated(e.value, place) }));
  return { kind: 'map', entries, loc: place(node.loc) };
}
