import type { Body, Expression } from '../../parsers/hcl/ast.js';
import type { Loc } from '../../shared/source.js';
import type { ParseDiagnostic } from '../types.js';
import type { Value } from '../value.js';
import { evaluate } from './evaluate.js';
import { readJsonFile } from './json.js';
import { moduleInput } from './module-values.js';
import { anchor, carryMaps, locOf, maxDepth, recordUnresolved, relocate, unknownAt, type Ctx, type ModuleScope, NO_BINDINGS } from './scope.js';
import { typedValue } from './type-defaults.js';
import { extend } from '../../shared/extend.js';

/** `var.x` / `local.x` names of a module, listed once: every unresolved reference shares the list. */
const declaredNames = new WeakMap<ModuleScope, Map<string, string[]>>();

function namesOf(scope: ModuleScope, prefix: 'var' | 'local', declared: ReadonlyMap<string, unknown>): string[] {
  let byPrefix = declaredNames.get(scope);
  if (!byPrefix) declaredNames.set(scope, (byPrefix = new Map()));
  let names = byPrefix.get(prefix);
  if (!names) byPrefix.set(prefix, (names = [...declared.keys()].map((n) => `${prefix}.${n}`)));
  return names;
}

/** A reference to a variable or local the module does not declare: recorded for unresolved-reference, and unknown. */
function undeclared(ctx: Ctx, prefix: 'var' | 'local', declared: ReadonlyMap<string, unknown>, name: string, loc: Loc): Value {
  const expected = prefix === 'var' ? 'variable' : 'local value';
  recordUnresolved(ctx, { name: `${prefix}.${name}`, loc, expected, candidates: namesOf(ctx.scope, prefix, declared) });
  return unknownAt(loc, `unresolved reference ${prefix}.${name}`);
}

/** `var.name` at `loc`: a tfvars value, else the default, else unknown. */
export function variableValue(name: string, ctx: Ctx, loc: Loc): Value {
  const { scope } = ctx;
  const decl = scope.variables.get(name);
  if (!decl) return undeclared(ctx, 'var', scope.variables, name, loc);
  const tried = scope.assignment?.get(name);
  if (tried) return { ...tried, loc };
  const given = moduleInput(scope, name, decl, loc, ctx.depth);
  if (given) return given;
  const assigned = scope.overrides.get(name);
  const override = assigned && typedValue(scope, decl, assigned, ctx.depth);
  if (override) return relocate(scope, override, loc, override.loc);
  const def = decl.block.body.items.find((i) => i.type === 'Attribute' && i.name === 'default');
  if (def?.type !== 'Attribute') {
    const caller = scope.instance.caller;
    return unknownAt(loc, caller ? `variable ${name} has no default and module ${caller.name} does not set it` : `variable ${name} has no default`);
  }
  // Terraform allows no references in a default; one that names itself (or a cycle through locals) is unknown, not a recursion.
  const written = evaluatedOnce(ctx, `var.${name}`, def.expr, decl.file);
  if (!written) return unknownAt(loc, `the default of variable ${name} refers to itself`);
  const value = typedValue(scope, decl, written, ctx.depth);
  // An empty default is a placeholder for the deployer to fill, never a name or a setting.
  if (value.kind === 'literal' && value.value === '') {
    return extend(unknownAt(loc, `variable ${name} has an empty default (a placeholder)`), { via: [value.loc], fromInput: name });
  }
  // In a module called from another, a default its caller does not override is what deploys: no `-var` reaches it.
  if (scope.instance.caller) return relocate(scope, value, loc, value.loc);
  // A root module's default is what the deployer gets when they give nothing: mark it, as CloudFormation parameter defaults are.
  const marked = markedDefault(scope, value, name);
  return extend(relocate(scope, marked, loc, marked.loc), { fromInput: name });
}

/** Each root default marked in every part, made once per default value (defaults are constants, so it never changes). */
const markedDefaults = new WeakMap<Value, Value>();

/**
 * A default with `fromInput` on every part, not only on the whole: what is
 * taken out of it (`var.names[0]`, `var.m["k"]`, `var.m.k`, a `for` or a
 * splat over it, `each.value`, a dynamic block's iterator) is a default too.
 * Position maps and anchors go with each part.
 */
function markedDefault(scope: ModuleScope, value: Value, name: string): Value {
  const known = markedDefaults.get(value);
  if (known) return known;
  const mark = (v: Value): Value => {
    let out: Value;
    switch (v.kind) {
      case 'object':
        out = extend(v, { entries: v.entries.map((e) => ({ ...e, value: mark(e.value) })), fromInput: name });
        break;
      case 'list':
        out = extend(v, { items: v.items.map(mark), fromInput: name });
        break;
      case 'choice':
        out = extend(v, { options: v.options.map(mark), fromInput: name });
        break;
      case 'template':
        out = extend(v, { parts: v.parts.map((p) => (typeof p === 'string' ? p : mark(p))), fromInput: name });
        break;
      default:
        out = extend(v, { fromInput: name });
    }
    carryMaps(scope, v, out);
    if (scope.anchored.has(v)) anchor(scope, out);
    return out;
  };
  const marked = mark(value);
  markedDefaults.set(value, marked);
  return marked;
}

/** `local.name` at `loc`, evaluated once where it is defined. */
export function localValue(name: string, ctx: Ctx, loc: Loc): Value {
  const { scope } = ctx;
  const decl = scope.locals.get(name);
  if (!decl) return undeclared(ctx, 'local', scope.locals, name, loc);
  const value = evaluatedOnce(ctx, `local.${name}`, decl.attr.expr, decl.file);
  if (!value) return unknownAt(loc, `local ${name} refers to itself`);
  return relocate(scope, value, loc, value.loc);
}

/**
 * A default or a local: constants of the module instance, so one evaluation
 * serves every use (cloudposse's `var.context` is used everywhere).
 * Undefined while it is being evaluated: a cycle, not a recursion.
 */
export function evaluatedOnce(ctx: Ctx, key: string, expr: Expression, file: string): Value | undefined {
  const { scope } = ctx;
  const cached = scope.localCache.get(key);
  if (cached) return cached;
  if (scope.inProgress.has(key) || ctx.depth > maxDepth) return undefined;
  scope.inProgress.add(key);
  const value = evaluate(expr, { scope, file, env: NO_BINDINGS, depth: ctx.depth + 1 });
  scope.inProgress.delete(key);
  scope.localCache.set(key, value);
  return value;
}

/** Every local, so references inside unused locals are still checked. */
export function evaluateAllLocals(scope: ModuleScope): void {
  for (const [name, decl] of scope.locals) {
    localValue(name, { scope, file: decl.file, env: NO_BINDINGS, depth: 0 }, { file: decl.file, range: decl.attr.range });
  }
}

/**
 * tfvars files in Terraform's order (later wins): `terraform.tfvars`,
 * `terraform.tfvars.json`, then `*.auto.tfvars(.json)` by file name.
 */
export function tfvarsOrder(names: string[]): string[] {
  const rank = (n: string): number => (n === 'terraform.tfvars' ? 0 : n === 'terraform.tfvars.json' ? 1 : 2);
  return names
    .filter(isTfvarsName)
    .sort((a, b) => rank(base(a)) - rank(base(b)) || (base(a) < base(b) ? -1 : base(a) > base(b) ? 1 : 0));
}

export function isTfvarsName(path: string): boolean {
  const n = base(path);
  return n === 'terraform.tfvars' || n === 'terraform.tfvars.json' || n.endsWith('.auto.tfvars') || n.endsWith('.auto.tfvars.json');
}

function base(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** A variable name a tfvars file sets, where its key is written. */
export interface VarFileKey {
  name: string;
  loc: Loc;
}

/** Values of an HCL tfvars file; they are constants, evaluated in the file's own context. The keys it sets. */
export function applyTfvarsBody(scope: ModuleScope, file: string, body: Body): VarFileKey[] {
  const ctx: Ctx = { scope, file, env: NO_BINDINGS, depth: 0 };
  const keys: VarFileKey[] = [];
  for (const item of body.items) {
    if (item.type !== 'Attribute') continue;
    scope.overrides.set(item.name, evaluate(item.expr, ctx));
    keys.push({ name: item.name, loc: locOf(ctx, { range: item.nameRange }) });
  }
  return keys;
}

/** Values of a `.tfvars.json` file: the keys it sets, or what is wrong when it is not JSON (the reader's error) or not a JSON object. */
export function applyTfvarsJson(scope: ModuleScope, file: string, text: string): { keys: VarFileKey[] } | { problem: ParseDiagnostic } {
  const { doc, error } = readJsonFile(scope, file, text);
  if (error) return { problem: error };
  if (doc.kind !== 'object') {
    const start = { line: 1, column: 1, offset: 0 };
    return { problem: { message: 'not a JSON object of variable values', loc: { file, range: { start, end: start } }, severity: 'error' } };
  }
  for (const e of doc.entries) scope.overrides.set(e.key, e.value);
  return { keys: doc.entries.map((e) => ({ name: e.key, loc: e.keyLoc })) };
}
