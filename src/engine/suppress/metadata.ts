// CloudFormation `Metadata: { iam-profile-lint: { ignore: [{ rule, reason }] } }`, on a resource or the template.
import type { LineCounter, Node } from 'yaml';
import { yaml } from '../../parsers/yaml-lazy.js';
import type { Resource } from '../../graph/types.js';
import type { Value } from '../../graph/value.js';
import type { Loc } from '../../shared/source.js';
import type { Directives, Span, Suppression } from './comments.js';

const KEY = 'iam-profile-lint';
const SHAPE = 'expected ignore: [{ rule: <rule id>, reason: <why> }]';

/** Metadata as far as we read it: mappings, lists and scalars, each with where it is written. */
interface MetaNode {
  at: Span;
  map?: ReadonlyMap<string, MetaNode>;
  list?: readonly MetaNode[];
  scalar?: string;
}

/** Suppressions in the `Metadata` of CloudFormation resources: each covers its own resource. */
export function resourceMetadataDirectives(resources: readonly Resource[]): Directives {
  const out: Directives = { suppressions: [], problems: [] };
  for (const resource of resources) {
    if (resource.iac !== 'cloudformation' || resource.metadata === undefined) continue;
    const value = entryValue(resource.metadata, KEY);
    if (!value) continue;
    const ours = fromValue(value);
    const scope = { kind: 'resource', address: resource.address } as const;
    addIgnores(out, ours, { file: resource.loc.file, scope, label: `Metadata ${KEY} ignore`, resource: resource.address });
  }
  return out;
}

/** Suppressions in a template's top-level `Metadata`: each covers the whole file. Read only when the text mentions us. */
export function templateMetadataDirectives(file: string, text: string): Directives {
  const out: Directives = { suppressions: [], problems: [] };
  if (!isCloudFormationFile(file) || !text.includes(KEY)) return out;
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  // Intrinsic tags (`!Ref`) are unknown to a plain parse; they only warn, and we read no tagged value.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, logLevel: 'silent', uniqueKeys: false });
  if (doc.errors.length > 0) return out;
  const root = fromYaml(doc.contents, lineCounter);
  const ours = root?.map?.get('Metadata')?.map?.get(KEY);
  if (ours) addIgnores(out, ours, { file, scope: { kind: 'file' }, label: `Metadata ${KEY} ignore` });
  return out;
}

function isCloudFormationFile(file: string): boolean {
  const name = file.toLowerCase();
  return !/\.(?:tf|tofu)(?:\.json)?$/.test(name) && /\.(ya?ml|json|template)$/.test(name);
}

type Base = Pick<Suppression, 'file' | 'scope' | 'label' | 'resource'>;

function addIgnores(out: Directives, ours: MetaNode, base: Base): void {
  const problem = (at: Span, message: string): void => {
    out.problems.push({ file: base.file, at, message: `${base.label}: ${message}`, ...(base.resource && { resource: base.resource }) });
  };
  const list = ours.map?.get('ignore')?.list;
  if (!list) return problem(ours.at, SHAPE);
  for (const item of list) {
    // A bare rule id is accepted, without a reason (which is then reported).
    const rule = item.scalar ?? item.map?.get('rule')?.scalar;
    const reason = item.map?.get('reason')?.scalar?.trim();
    if (!rule) {
      problem(item.at, SHAPE);
      continue;
    }
    out.suppressions.push({ ...base, rules: [rule], at: item.at, ...(reason && { reason }) });
  }
}

/** The value of `key` in an object (the last, if written twice), without converting the rest: most metadata is not ours. */
function entryValue(value: Value, key: string): Value | undefined {
  if (value.kind !== 'object') return undefined;
  for (let i = value.entries.length - 1; i >= 0; i--) if (value.entries[i].key === key) return value.entries[i].value;
  return undefined;
}

function fromValue(value: Value): MetaNode {
  const at = span(value.loc);
  if (value.kind === 'object') return { at, map: new Map(value.entries.map((e) => [e.key, fromValue(e.value)])) };
  if (value.kind === 'list') return { at, list: value.items.map(fromValue) };
  if (value.kind === 'literal' && value.value !== null) return { at, scalar: String(value.value) };
  return { at };
}

function fromYaml(node: Node | null, lines: LineCounter): MetaNode | undefined {
  if (!node?.range) return undefined;
  const at = yamlSpan(node.range, lines);
  if (yaml().isMap(node)) {
    const map = new Map<string, MetaNode>();
    for (const pair of node.items) {
      const key = yaml().isScalar(pair.key) ? String(pair.key.value) : undefined;
      const value = fromYaml(pair.value as Node | null, lines);
      if (key !== undefined && value) map.set(key, value);
    }
    return { at, map };
  }
  if (yaml().isSeq(node)) return { at, list: node.items.flatMap((item) => fromYaml(item as Node | null, lines) ?? []) };
  if (yaml().isScalar(node) && node.value !== null) return { at, scalar: String(node.value) };
  return { at };
}

function span(loc: Loc): Span {
  const { start, end } = loc.range;
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

function yamlSpan(range: [number, number, number], lines: LineCounter): Span {
  const start = lines.linePos(range[0]);
  const end = lines.linePos(range[1]);
  return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
}
