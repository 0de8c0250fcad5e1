import type { CfnMap, CfnMapEntry, CfnNode, CfnParseResult, CfnScalar } from '../../parsers/cloudformation-tree.js';
import { parseCloudFormation } from '../../parsers/cloudformation.js';
import { decodedRangeMapper } from '../../parsers/string-index.js';
import { endOffset, startOffset, type Loc } from '../../shared/source.js';
import { prepareCloudFormation, type Declared, type PreparedTemplate, type TemplateOptions } from './index.js';
import { startsLikeJson } from '../../parsers/json-tree.js';
import { mapGet } from './intrinsics.js';

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
    const unit = `${file}#${d.logicalId}.${row.property}`;
    const parsed = parseCloudFormation(body.value, unit);
    out.push({
      unit,
      root: parsed.root && relocated(parsed.root, place),
      diagnostics: parsed.diagnostics.map((x) => ({ ...x, loc: place(x.loc) })),
      json: startsLikeJson(body.value, false),
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
    const prepared = e.root && prepareCloudFormation(e.unit, e.root, outer.source, { ...(options.parameters ? { parameters: options.parameters } : {}) });
    if (prepared) templates.push({ ...prepared, json: e.json });
  }
  return { templates, diagnostics };
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
