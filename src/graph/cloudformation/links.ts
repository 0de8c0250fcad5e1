import type { CfnNode } from '../../parsers/cloudformation-tree.js';
import type { NestedIn, Resource } from '../types.js';
import type { Value } from '../value.js';
import {
  buildInstance,
  instanceScope,
  nestedStackInputs,
  nestedTemplatePath,
  nestedTemplateTail,
  templateExports,
  templateScope,
  type PreparedTemplate,
  type RunLinks,
} from './index.js';
import type { Scope } from './intrinsics.js';
import { isNestedStack } from './nested-types.js';

/** A template built before linking, its parse tree let go: what linking may still need of it. */
export interface BuiltTemplate {
  file: string;
  exports: Array<{ name: string; value: Value }>;
  /** Parses and prepares it again: only a nested stack that builds it needs its tree. */
  prepare: () => PreparedTemplate | undefined;
}

/**
 * Whether building `t` reads another template: it declares a nested stack
 * (`!GetAtt Stack.Outputs.X`) or imports a value. A template that does
 * neither is built as soon as it is parsed and its tree let go; the links
 * never answer it anything, so it is built the same either way.
 */
export function needsLinks(t: PreparedTemplate): boolean {
  return t.declared.some((d) => isNestedStack(d.type)) || usesFunction(t.root, 'Fn::ImportValue');
}

/** Every node of every template is visited, mostly before V8 optimises this: indexed loops, as an iterator costs there. */
function usesFunction(root: CfnNode, name: string): boolean {
  const stack: CfnNode[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.kind === 'fn') {
      if (node.name === name) return true;
      stack.push(node.arg);
    } else if (node.kind === 'map') {
      const entries = node.entries;
      for (let i = 0; i < entries.length; i++) stack.push(entries[i].value);
    } else if (node.kind === 'seq') {
      stack.push(...node.items);
    }
  }
  return false;
}

export interface LinkOptions {
  /** The key of a template file: its absolute path. */
  keyOf: (file: string) => string;
  /** The key of a nested stack's template, from its parent's file and the TemplateURL. */
  resolve: (parentFile: string, templateUrl: string) => string;
  /** Reads and prepares a template that is not among the linted ones (or undefined when it may not be read). */
  load: (key: string) => PreparedTemplate | undefined;
  /**
   * The key of the template a parent's asset manifest uploads under `objectKey` (CDK: `<hash>.json` in
   * the TemplateURL, `<Id>.nested.template.json` on disk, `<Parent>.assets.json` between them).
   */
  asset?: (parentFile: string, objectKey: string) => string | undefined;
}

/**
 * Links the templates of a run: `Fn::ImportValue` to the one export of that
 * name, `!GetAtt Stack.Outputs.X` to the nested stack's template built with
 * the parent's parameter values. Returns the nested instances' resources too.
 *
 * Once `instanceResources` has built every nested stack, the links let go of
 * the templates and their parse trees: a template's conditions keep its scope,
 * and so these links, until the rules are done with the graph.
 */
export function linkTemplates(
  templates: PreparedTemplate[],
  options: LinkOptions,
  built: readonly BuiltTemplate[] = [],
): { links: RunLinks; instanceResources: () => Resource[] } {
  // Worked out when the first Fn::ImportValue asks (evaluating an output has no effect but its value): many runs import nothing.
  const exports: Exports = { templates, built };
  // Not `templates.length` in the closures below: naming the array there would keep it (and every tree) in their shared context.
  const anyLinked = templates.length > 0;
  const instances = new Map<string, { resources: Resource[]; outputs: Map<string, Value> } | null>();
  let building: Building | undefined = { templates, built, byFile: new Map(templates.map((t) => [t.file, t])), parents: new Map(), options };

  // An instance is keyed by the whole chain that creates it (`main.yaml#Tier#Nodes`): a template nested
  // from two places, or below two instances, is built once for each, with that parent's values and conditions.
  const instance = (parentKey: string, stack: string) => {
    const key = `${parentKey}#${stack}`;
    if (instances.has(key)) return instances.get(key) ?? undefined;
    const parent = building && builder(building, parentKey, links);
    if (!building || !parent) return undefined;
    instances.set(key, null);
    const child = childTemplate(building, parent.template, stack);
    // A stack that nests its own template (or an ancestor's) resolves to unknown; CloudFormation could never finish it.
    if (!child || instances.size > 1000 || parent.files.includes(child.file)) return undefined;
    const inputs = nestedStackInputs(parent.template, parent.scope, stack);
    if (!inputs) return undefined;
    const scope = instanceScope(child, inputs.parameters, key, links);
    const nestedIn: NestedIn[] = [...parent.nestedIn, { stack, unit: parent.template.file, ...(inputs.guard ? { guard: inputs.guard } : {}) }];
    // Registered before it is built: its own nested stacks are looked up through it while it is.
    building.parents.set(key, { template: child, scope, nestedIn, files: [...parent.files, child.file] });
    const built = buildInstance(child, scope, nestedIn);
    instances.set(key, built);
    return built;
  };

  const links: RunLinks = {
    importValue: exportLookup(exports),
    nestedOutput: (parentKey, stack, output) => instance(parentKey, stack)?.outputs.get(output),
  };

  const instanceResources = () => {
    for (const t of building?.templates ?? []) {
      for (const d of t.declared) if (isNestedStack(d.type)) instance(t.file, d.logicalId);
    }
    // A template built here may still ask for an import once its trees are gone (its conditions, for the rules).
    if (anyLinked) exported(exports);
    // Every nested stack a template declares is built: later lookups are answered from `instances`.
    building = undefined;
    return [...instances.values()].flatMap((i) => i?.resources ?? []);
  };
  return { links, instanceResources };
}

/** What linking needs while templates are still being built. */
interface Building {
  templates: PreparedTemplate[];
  built: readonly BuiltTemplate[];
  /** Every linted template by key, worked out when the first nested stack asks (most runs have none); one built already is prepared again when a nested stack needs it. */
  byKey?: Map<string, PreparedTemplate | BuiltTemplate>;
  /** The keys by file name, written with '/', for a computed TemplateURL's tail. */
  byName?: Map<string, string[]>;
  byFile: Map<string, PreparedTemplate>;
  /** The templates built so far, by key (a linted file, a nested instance's chain), as parents of nested stacks. */
  parents: Map<string, Parent>;
  options: LinkOptions;
}

/** A template as the parent of nested stacks: built in its own scope, or in an instance's. */
interface Parent {
  template: PreparedTemplate;
  /** Where its nested stacks' parameters and Conditions are evaluated: its instance's condition space. */
  scope: Scope;
  /** The nested stacks that create it, outermost first; none for a linted template. */
  nestedIn: readonly NestedIn[];
  /** The files of the chain that nests it, its own last. */
  files: readonly string[];
}

/** The parent built as `key`: a nested instance already registered, else the linted template of that file. */
function builder(building: Building, key: string, links: RunLinks): Parent | undefined {
  const known = building.parents.get(key);
  if (known) return known;
  const t = building.byFile.get(key);
  if (!t) return undefined;
  const parent: Parent = { template: t, scope: templateScope(t, links), nestedIn: [], files: [t.file] };
  building.parents.set(key, parent);
  return parent;
}

function keysOf(building: Building): Map<string, PreparedTemplate | BuiltTemplate> {
  return (building.byKey ??= new Map([...building.templates, ...building.built].map((t) => [building.options.keyOf(t.file), t])));
}

/** The template a nested stack of `parent` builds: by its local path, else (a computed URL) by its path's end. */
function childTemplate(building: Building, parent: PreparedTemplate, stack: string): PreparedTemplate | undefined {
  const url = nestedTemplatePath(parent, stack);
  const childKey = url === undefined ? undefined : building.options.resolve(parent.file, url);
  if (childKey === undefined) {
    const tail = nestedTemplateTail(parent, stack);
    return preparedAt(building, byTail(building, tail) ?? byAsset(building, parent, tail));
  }
  return keysOf(building).has(childKey) ? preparedAt(building, childKey) : building.options.load(childKey);
}

/** The linted template at `key`, prepared (again, once, if it was built before linking). */
function preparedAt(building: Building, key: string | undefined): PreparedTemplate | undefined {
  if (key === undefined) return undefined;
  const byKey = keysOf(building);
  const t = byKey.get(key);
  if (t === undefined || !('prepare' in t)) return t;
  const prepared = t.prepare();
  if (prepared) byKey.set(key, prepared);
  return prepared;
}

/** The key of the one linted template whose path ends with `tail` (which starts with '/': a match has its file name). */
function byTail(building: Building, tail: string | undefined): string | undefined {
  if (tail === undefined) return undefined;
  building.byName ??= keysByFileName(keysOf(building).keys());
  const matches = (building.byName.get(fileName(tail)) ?? []).filter((key) => slashed(key).endsWith(tail));
  return matches.length === 1 ? matches[0] : undefined;
}

/** The key of the linted template the parent's asset manifest uploads as the URL's last name. */
function byAsset(building: Building, parent: PreparedTemplate, tail: string | undefined): string | undefined {
  const key = tail === undefined ? undefined : building.options.asset?.(parent.file, fileName(tail));
  return key !== undefined && keysOf(building).has(key) ? key : undefined;
}

function keysByFileName(keys: Iterable<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const key of keys) {
    const name = fileName(slashed(key));
    const list = out.get(name);
    if (list) list.push(key);
    else out.set(name, [key]);
  }
  return out;
}

function slashed(key: string): string {
  return key.split('\\').join('/');
}

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The run's exports, worked out once when first asked. */
interface Exports {
  /** Let go once the exports are worked out. */
  templates: readonly PreparedTemplate[];
  built: readonly BuiltTemplate[];
  byName?: Map<string, Value | null>;
}

/** The run's exports by name; a name two templates export is ambiguous: null. */
function exported(exports: Exports): Map<string, Value | null> {
  if (exports.byName) return exports.byName;
  const byName = new Map<string, Value | null>();
  for (const list of [...exports.templates.map(templateExports), ...exports.built.map((b) => b.exports)]) {
    for (const { name, value } of list) byName.set(name, byName.has(name) ? null : value);
  }
  exports.byName = byName;
  exports.templates = [];
  exports.built = [];
  return byName;
}

/**
 * `Fn::ImportValue` by export name. Made outside `linkTemplates`: a closure
 * made there would share its context, and so keep the templates alive.
 */
function exportLookup(exports: Exports): RunLinks['importValue'] {
  return (name) => exported(exports).get(name) ?? undefined;
}
