import type { Resource } from '../types.js';
import type { Value } from '../value.js';
import {
  buildInstance,
  nestedStackParameters,
  nestedTemplatePath,
  nestedTemplateTail,
  templateExports,
  type PreparedTemplate,
  type RunLinks,
} from './index.js';

export interface LinkOptions {
  /** The key of a template file: its absolute path. */
  keyOf: (file: string) => string;
  /** The key of a nested stack's template, from its parent's file and the TemplateURL. */
  resolve: (parentFile: string, templateUrl: string) => string;
  /** Reads and prepares a template that is not among the linted ones (or undefined when it may not be read). */
  load: (key: string) => PreparedTemplate | undefined;
}

/**
 * Links the templates of a run: `Fn::ImportValue` to the one export of that
 * name, `!GetAtt Stack.Outputs.X` to the nested stack's template built with
 * the parent's parameter values. Returns the nested instances' resources too.
 */
export function linkTemplates(templates: PreparedTemplate[], options: LinkOptions): { links: RunLinks; instanceResources: () => Resource[] } {
  // Worked out when the first Fn::ImportValue asks (evaluating an output has no effect but its value): many runs import nothing.
  let exports: Map<string, Value | null> | undefined;
  const exported = (): Map<string, Value | null> => (exports ??= runExports(templates));
  // Worked out when the first nested stack asks: most runs have none.
  let keys: Map<string, PreparedTemplate> | undefined;
  const byKey = (): Map<string, PreparedTemplate> => (keys ??= new Map(templates.map((t) => [options.keyOf(t.file), t])));
  let names: Map<string, Array<[string, PreparedTemplate]>> | undefined;
  const instances = new Map<string, { resources: Resource[]; outputs: Map<string, Value> } | null>();

  // A computed URL names its template by its path's end: the one linted template whose path ends so.
  const byTail = (tail: string | undefined): PreparedTemplate | undefined => {
    if (tail === undefined) return undefined;
    // The tail starts with '/' (nestedTemplateTail): a match has the tail's file name; the templates are indexed by theirs.
    names ??= byFileName(byKey());
    const matches = (names.get(fileName(tail)) ?? []).filter(([key]) => key.endsWith(tail));
    return matches.length === 1 ? matches[0][1] : undefined;
  };

  const instance = (parent: PreparedTemplate, stack: string) => {
    const key = `${parent.file}#${stack}`;
    if (instances.has(key)) return instances.get(key) ?? undefined;
    instances.set(key, null); // a stack that nests itself resolves to unknown
    const url = nestedTemplatePath(parent, stack);
    const childKey = url === undefined ? undefined : options.resolve(parent.file, url);
    const child = childKey === undefined ? byTail(nestedTemplateTail(parent, stack)) : (byKey().get(childKey) ?? options.load(childKey));
    if (!child || instances.size > 1000) return undefined;
    const built = buildInstance(child, nestedStackParameters(parent, stack, links), key, links);
    instances.set(key, built);
    return built;
  };

  const links: RunLinks = {
    importValue: (name) => exported().get(name) ?? undefined,
    nestedOutput: (parent, stack, output) => instance(parent, stack)?.outputs.get(output),
  };

  const instanceResources = () => {
    for (const t of templates) {
      for (const d of t.declared) if (d.type === 'AWS::CloudFormation::Stack') instance(t, d.logicalId);
    }
    return [...instances.values()].flatMap((i) => i?.resources ?? []);
  };
  return { links, instanceResources };
}

/** The run's exports by name; a name two templates export is ambiguous: null. */
function runExports(templates: readonly PreparedTemplate[]): Map<string, Value | null> {
  const exports = new Map<string, Value | null>();
  for (const t of templates) {
    for (const { name, value } of templateExports(t)) exports.set(name, exports.has(name) ? null : value);
  }
  return exports;
}

/** The templates by file name, each with its key written with '/'. */
function byFileName(byKey: ReadonlyMap<string, PreparedTemplate>): Map<string, Array<[string, PreparedTemplate]>> {
  const out = new Map<string, Array<[string, PreparedTemplate]>>();
  for (const [key, t] of byKey) {
    const slashed = key.split('\\').join('/');
    const name = fileName(slashed);
    const list = out.get(name);
    if (list) list.push([slashed, t]);
    else out.set(name, [[slashed, t]]);
  }
  return out;
}

function fileName(slashed: string): string {
  return slashed.slice(slashed.lastIndexOf('/') + 1);
}
