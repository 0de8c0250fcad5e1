import { canonicalProps } from '../build/canonical.js';
import { isJsonConfigFile } from '../../discover/config-files.js';
import { kindRow } from '../kinds.js';
import type { ParseDiagnostic, Resource } from '../types.js';
import { isLiteralString, objectGet, type ObjectEntry, type ObjectValue, type Value } from '../value.js';
import type { TerraformBuildResult } from './index.js';
import { readJsonFile } from './json.js';
import { jsonStringOffsets, startsLikeJson } from '../../parsers/json-tree.js';
import { configExpressions, moduleAndAddress, planConfig, type PlanConfig } from './plan-config.js';
import { parsePolicyStrings } from './resources.js';
import { createScope, lineIndex, type BuildEnv, type ModuleScope } from './scope.js';
import { startOffset } from '../../shared/source.js';

/**
 * A Terraform plan in JSON (`terraform show -json plan.out > plan.json`).
 *
 * Its `planned_values` are what Terraform will create, every module already
 * expanded: each resource instance (`module.x.aws_instance.y[0]`) becomes a
 * resource whose props are its planned values, at their exact place in the
 * plan file. Values Terraform knows only after apply (`after_unknown` in
 * `resource_changes`) are absent there; for those, the `configuration`
 * section tells what the expression references (`plan-config.ts`). The
 * configuration records no positions in the `.tf` files, so every finding
 * points into the plan file.
 */

/** A `.json` file that is a plan, not a template: discovery and the builder agree on this. */
export function isPlanFile(path: string): boolean {
  const name = path.toLowerCase();
  return name.endsWith('.json') && !isJsonConfigFile(name) && !name.endsWith('.tfvars.json');
}

export function buildTerraformPlan(file: string, text: string, env: BuildEnv): TerraformBuildResult {
  const scope = createScope(file, env);
  const { doc, error } = readJsonFile(scope, file, text);
  const root = objectGet(objectGet(doc, 'planned_values'), 'root_module');
  if (doc?.kind !== 'object' || root?.kind !== 'object') {
    const start = lineIndex(scope, file).position(0);
    const diagnostic: ParseDiagnostic = error ?? { message: 'not a Terraform plan in JSON (no planned_values.root_module)', loc: { file, range: { start, end: start } }, severity: 'error' };
    return { resources: [], unresolved: [], parseDiagnostics: [diagnostic], sources: new Map(), rendered: new Map() };
  }
  const config = planConfig(file, doc);
  const unknowns = afterUnknown(doc);
  const resources = plannedResources(root).flatMap((r) => {
    const built = planResource(r, scope, config, unknowns);
    return built ? [built] : [];
  });
  return { resources, unresolved: [], parseDiagnostics: [], sources: new Map(), rendered: new Map() };
}

/** Every resource instance of a module of `planned_values` and of its child modules. */
function plannedResources(module: Value): ObjectValue[] {
  const own = listItems(objectGet(module, 'resources')).filter((r): r is ObjectValue => r.kind === 'object');
  return [...own, ...listItems(objectGet(module, 'child_modules')).flatMap(plannedResources)];
}

function listItems(v: Value | undefined): Value[] {
  return v?.kind === 'list' ? v.items : [];
}

/** `resource_changes[].change.after_unknown` by address: which top-level values are known only after apply. */
function afterUnknown(doc: Value): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const change of listItems(objectGet(doc, 'resource_changes'))) {
    const address = objectGet(change, 'address');
    const unknown = objectGet(objectGet(change, 'change'), 'after_unknown');
    if (!isLiteralString(address) || unknown?.kind !== 'object') continue;
    out.set(address.value, new Set(unknown.entries.filter((e) => e.value.kind === 'literal' && e.value.value === true).map((e) => e.key)));
  }
  return out;
}

function planResource(r: ObjectValue, scope: ModuleScope, config: PlanConfig, unknowns: Map<string, Set<string>>): Resource | undefined {
  const [address, type, mode] = ['address', 'type', 'mode'].map((k) => objectGet(r, k));
  if (!isLiteralString(address) || !isLiteralString(type)) return undefined;
  const values = objectGet(r, 'values');
  // A null is an argument left unset, as an absent one in HCL.
  const known = values?.kind === 'object' ? values.entries.filter((e) => !(e.value.kind === 'literal' && e.value.value === null)) : [];
  const have = new Set(known.map((e) => e.key));
  const later: ObjectEntry[] = [];
  const expressions = configExpressions(config, address.value);
  for (const key of unknowns.get(address.value) ?? []) {
    const expr = expressions?.get(key);
    // Without an expression it is computed by the provider (an ARN, a generated name): absent, as in HCL.
    if (!have.has(key) && expr) later.push({ key, keyLoc: expr.keyLoc, value: expr.value() });
  }
  const loc = address.loc;
  for (const e of known) mapJsonString(scope, e.value);
  let props: ObjectValue = { kind: 'object', entries: [...known, ...later], loc: values?.loc ?? loc };
  props = parsePolicyStrings(props, type.value, scope);
  const row = kindRow('terraform', type.value);
  const isData = isLiteralString(mode) && mode.value === 'data';
  return {
    id: `${config.file}#${address.value}`,
    kind: row.kind,
    iac: 'terraform',
    type: type.value,
    address: address.value,
    unit: config.file,
    loc,
    external: isData && type.value !== 'aws_iam_policy_document',
    props,
    canonical: canonicalProps(props, row),
  };
}

/**
 * Policies are JSON inside JSON strings: a string that may hold a document
 * gets a map from each of its characters to where it is written in the
 * plan, escapes and all, so findings inside the policy point at the exact
 * place.
 */
function mapJsonString(scope: ModuleScope, v: Value): void {
  if (v.kind === 'object') for (const e of v.entries) mapJsonString(scope, e.value);
  else if (v.kind === 'list') for (const i of v.items) mapJsonString(scope, i);
  else if (isLiteralString(v) && startsLikeJson(v.value)) {
    const text = scope.sources.get(v.loc.file) ?? '';
    const start = startOffset(v.loc.range);
    if (text[start] !== '"') return;
    scope.textMaps.set(v, { file: v.loc.file, offsets: jsonStringOffsets(text, start), index: lineIndex(scope, v.loc.file) });
  }
}
