import type { Loc } from '../../shared/source.js';
import { isLiteralString, objectGet, type Value } from '../value.js';
import { canonicalAttribute } from './attributes.js';
import { table } from '../../shared/own.js';
import { extend } from '../../shared/extend.js';

/**
 * The `configuration` section of a plan: for each resource, module call and
 * output, what its arguments reference (`references`) or the constant they
 * are (`constant_value`). It is how a value known only after apply is
 * followed: `iam_instance_profile = aws_iam_role.r.name` is recorded as
 * references `["aws_iam_role.r.name", "aws_iam_role.r"]`.
 *
 * The section records references, not expressions: `"${aws_iam_role.r.name}-x"`
 * is recorded the same as `aws_iam_role.r.name`. So a reference alone never
 * stands for the value (an error must not rest on that guess): only values
 * that flow through module variables and outputs to a constant are followed,
 * and a value that uses a resource's attribute is unknown, saying which.
 */
export interface PlanConfig {
  file: string;
  root: Value | undefined;
  /** Root module variable values (`variables.<name>.value`). */
  variables: Value | undefined;
  /** Planned address without instance keys (`module.x.aws_instance.y`) -> the first planned instance. */
  planned: Map<string, string>;
}

/** One argument of a resource in the configuration, evaluated when needed. */
export interface ConfigExpression {
  keyLoc: Loc;
  value(): Value;
}

const maxHops = 16;

export function planConfig(file: string, doc: Value): PlanConfig {
  const planned = new Map<string, string>();
  collectAddresses(objectGet(objectGet(doc, 'planned_values'), 'root_module'), planned);
  return { file, root: objectGet(objectGet(doc, 'configuration'), 'root_module'), variables: objectGet(doc, 'variables'), planned };
}

function collectAddresses(module: Value | undefined, out: Map<string, string>): void {
  for (const r of items(objectGet(module, 'resources'))) {
    const address = objectGet(r, 'address');
    if (!isLiteralString(address)) continue;
    const m = moduleAndAddress(address.value);
    const key = [...m.path.map((n) => `module.${n}.`), m.address].join('');
    if (!out.has(key)) out.set(key, address.value);
  }
  for (const child of items(objectGet(module, 'child_modules'))) collectAddresses(child, out);
}

function items(v: Value | undefined): Value[] {
  return v?.kind === 'list' ? v.items : [];
}

/** `module.a["k"].module.b.aws_instance.y[0]` -> path `[a, b]`, address `aws_instance.y`. */
export function moduleAndAddress(planned: string): { path: string[]; address: string } {
  const path: string[] = [];
  let rest = planned;
  for (let m = /^module\.([^.[]+)(?:\[[^\]]*\])?\./.exec(rest); m; m = /^module\.([^.[]+)(?:\[[^\]]*\])?\./.exec(rest)) {
    path.push(m[1]);
    rest = rest.slice(m[0].length);
  }
  return { path, address: rest.replace(/\[[^\]]*\]$/, '') };
}

function configModule(config: PlanConfig, path: string[]): Value | undefined {
  let module = config.root;
  for (const name of path) module = objectGet(objectGet(objectGet(module, 'module_calls'), name), 'module');
  return module;
}

/** The arguments of a planned resource instance as the configuration records them. */
export function configExpressions(config: PlanConfig, planned: string): Map<string, ConfigExpression> | undefined {
  const { path, address } = moduleAndAddress(planned);
  const resource = items(objectGet(configModule(config, path), 'resources')).find((r) => {
    const a = objectGet(r, 'address');
    return isLiteralString(a) && a.value === address;
  });
  const expressions = objectGet(resource, 'expressions');
  if (expressions?.kind !== 'object') return undefined;
  return new Map(expressions.entries.map((e) => [e.key, { keyLoc: e.keyLoc, value: () => resolveExpression(config, e.value, path, 0) }]));
}

function unknown(loc: Loc, reason: string): Value {
  return { kind: 'unknown', reason, loc };
}

/** `{ constant_value }` or `{ references }`, as seen from the module at `path`. */
function resolveExpression(config: PlanConfig, expr: Value, path: string[], hops: number): Value {
  const constant = expr.kind === 'object' ? expr.entries.find((e) => e.key === 'constant_value') : undefined;
  if (constant) return constant.value;
  const refs = items(objectGet(expr, 'references')).filter(isLiteralString);
  if (refs.length === 0) return unknown(expr.loc, 'the plan records no references for this value');
  const first = refs[0];
  // `["aws_iam_role.r.name", "aws_iam_role.r"]` is one thing; `["var.a", "var.b"]` is not.
  const one = refs.every((r) => first.value === r.value || first.value.startsWith(`${r.value}.`) || first.value.startsWith(`${r.value}[`));
  if (!one) return unknown(first.loc, `built from ${refs.map((r) => r.value).join(', ')}`);
  if (hops > maxHops) return unknown(first.loc, `${first.value}: too many hops through modules`);
  const resolved = resolveReference(config, first.value, first.loc, path, hops);
  // A resource attribute known only after apply: the plan does not say whether the value is it or is built from it.
  if (resolved.kind === 'ref') return unknown(first.loc, `the plan records that this value uses ${first.value}, not whether it is that value; lint the .tf files to follow it`);
  return resolved;
}

type ReferenceHandler = (config: PlanConfig, parts: string[], loc: Loc, path: string[], hops: number) => Value;

/** Roots of a reference, as in HCL (`references.ts`). */
const handlers: Record<string, ReferenceHandler> = table({
  var: (config, [name], loc, path, hops) => {
    if (path.length === 0) {
      const value = objectGet(objectGet(config.variables, name), 'value');
      return value ? through(value, loc) : unknown(loc, `variable ${name} has no value in the plan`);
    }
    const parent = path.slice(0, -1);
    const call = objectGet(objectGet(configModule(config, parent), 'module_calls'), path[path.length - 1]);
    const expr = objectGet(objectGet(call, 'expressions'), name);
    if (!expr) return unknown(loc, `variable ${name} is not set by module ${path[path.length - 1]} (its default is not in the plan)`);
    return through(resolveExpression(config, expr, parent, hops + 1), loc);
  },
  module: (config, [name, output], loc, path, hops) => {
    const child = [...path, name.replace(/\[.*$/, '')];
    const expr = objectGet(objectGet(objectGet(configModule(config, child), 'outputs'), output ?? ''), 'expression');
    if (!expr) return unknown(loc, `output ${output ?? '?'} of module ${name} is not in the plan`);
    return through(resolveExpression(config, expr, child, hops + 1), loc);
  },
  data: (config, [type, ...rest], loc, path) => resourceRef(config, 'data', type, rest, loc, path),
});

function resolveReference(config: PlanConfig, text: string, loc: Loc, path: string[], hops: number): Value {
  const [root, ...parts] = text.split('.');
  const handler = Object.hasOwn(handlers, root) ? handlers[root] : undefined;
  if (handler) return handler(config, parts, loc, path, hops);
  if (/^(local|each|count|self|path|terraform)$/.test(root)) return unknown(loc, `${text}: the plan does not record ${root} values`);
  return resourceRef(config, 'managed', root, parts, loc, path);
}

/** `T.N[.attr]` or `T.N[i].attr`: a reference to the first planned instance of that resource. */
function resourceRef(config: PlanConfig, mode: 'managed' | 'data', type: string, parts: string[], loc: Loc, path: string[]): Value {
  const [nameWithIndex, attr] = parts;
  const name = (nameWithIndex ?? '').replace(/\[.*$/, '');
  const address = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
  const planned = config.planned.get([...path.map((n) => `module.${n}.`), address].join(''));
  if (!planned) return unknown(loc, `${address} is not in the plan's planned values`);
  const canonical = attr === undefined ? undefined : canonicalAttribute(mode, type, attr);
  if (!canonical) return unknown(loc, `${address}${attr ? `.${attr}` : ''} is known only after apply`);
  return { kind: 'ref', target: `${config.file}#${planned}`, attribute: canonical, text: `${address}.${attr}`, loc };
}

/** A value reached through a variable or an output: where it went through goes into `via`. */
function through(value: Value, loc: Loc): Value {
  return extend(value, { via: [...(value.via ?? []), loc] });
}
