import type { Body } from '../../parsers/hcl/ast.js';
import type { Loc } from '../../shared/source.js';
import type { Value } from '../value.js';
import { evaluate } from './evaluate.js';
import { readJsonFile } from './json.js';
import { moduleInput } from './module-values.js';
import { maxDepth, recordUnresolved, relocate, unknownAt, type Ctx, type ModuleScope } from './scope.js';

/** `var.x` / `local.x` names of a module, listed once: every unresolved reference shares the list. */
const declaredNames = new WeakMap<ModuleScope, Map<string, string[]>>();

function namesOf(scope: ModuleScope, prefix: 'var' | 'local', declared: ReadonlyMap<string, unknown>): string[] {
  let byPrefix = declaredNames.get(scope);
  if (!byPrefix) declaredNames.set(scope, (byPrefix = new Map()));
  let names = byPrefix.get(prefix);
  if (!names) byPrefix.set(prefix, (names = [...declared.keys()].map((n) => `${prefix}.${n}`)));
  return names;
}

/** `var.name` at `loc`: a tfvars value, else the default, else unknown. */
export function variableValue(name: string, ctx: Ctx, loc: Loc): Value {
  const { scope } = ctx;
  const decl = scope.variables.get(name);
  if (!decl) {
    recordUnresolved(ctx, { name: `var.${name}`, loc, expected: 'variable', candidates: namesOf(scope, 'var', scope.variables) });
    return unknownAt(loc, `unresolved reference var.${name}`);
  }
  const given = moduleInput(scope, name, decl, loc, ctx.depth);
  if (given) return given;
  const override = scope.overrides.get(name);
  if (override) return relocate(scope, override, loc, override.loc);
  const def = decl.block.body.items.find((i) => i.type === 'Attribute' && i.name === 'default');
  if (def?.type !== 'Attribute') {
    const caller = scope.instance.caller;
    return unknownAt(loc, caller ? `variable ${name} has no default and module ${caller.name} does not set it` : `variable ${name} has no default`);
  }
  const key = `var.${name}`;
  let value = scope.localCache.get(key);
  if (!value) {
    // Terraform allows no references in a default; one that names itself (or a cycle through locals) is unknown, not a recursion.
    if (scope.inProgress.has(key) || ctx.depth > maxDepth) return unknownAt(loc, `the default of variable ${name} refers to itself`);
    scope.inProgress.add(key);
    // Defaults are constants, so one evaluation serves every use (cloudposse's `var.context` is used everywhere).
    value = evaluate(def.expr, { scope, file: decl.file, env: new Map(), depth: ctx.depth + 1 });
    scope.inProgress.delete(key);
    scope.localCache.set(key, value);
  }
  // An empty default is a placeholder for the deployer to fill, never a name or a setting.
  if (value.kind === 'literal' && value.value === '') {
    return { ...unknownAt(loc, `variable ${name} has an empty default (a placeholder)`), via: [value.loc], fromInput: name };
  }
  // A default is what the deployer gets when they give nothing: mark it, as CloudFormation parameter defaults are.
  return { ...relocate(scope, value, loc, value.loc), fromInput: name };
}

/** `local.name` at `loc`, evaluated once where it is defined. */
export function localValue(name: string, ctx: Ctx, loc: Loc): Value {
  const { scope } = ctx;
  const decl = scope.locals.get(name);
  if (!decl) {
    recordUnresolved(ctx, { name: `local.${name}`, loc, expected: 'local value', candidates: namesOf(scope, 'local', scope.locals) });
    return unknownAt(loc, `unresolved reference local.${name}`);
  }
  const key = `local.${name}`;
  let value = scope.localCache.get(key);
  if (!value) {
    if (scope.inProgress.has(key) || ctx.depth > maxDepth) return unknownAt(loc, `local ${name} refers to itself`);
    scope.inProgress.add(key);
    value = evaluate(decl.attr.expr, { scope, file: decl.file, env: new Map(), depth: ctx.depth + 1 });
    scope.inProgress.delete(key);
    scope.localCache.set(key, value);
  }
  return relocate(scope, value, loc, value.loc);
}

/** Every local, so references inside unused locals are still checked. */
export function evaluateAllLocals(scope: ModuleScope): void {
  for (const [name, decl] of scope.locals) {
    localValue(name, { scope, file: decl.file, env: new Map(), depth: 0 }, { file: decl.file, range: decl.attr.range });
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

/** Values of an HCL tfvars file; they are constants, evaluated in the file's own context. */
export function applyTfvarsBody(scope: ModuleScope, file: string, body: Body): void {
  const ctx: Ctx = { scope, file, env: new Map(), depth: 0 };
  for (const item of body.items) {
    if (item.type === 'Attribute') scope.overrides.set(item.name, evaluate(item.expr, ctx));
  }
}

/** Values of a `.tfvars.json` file; false when it is not a JSON object. */
export function applyTfvarsJson(scope: ModuleScope, file: string, text: string): boolean {
  const doc = readJsonFile(scope, file, text);
  if (doc?.kind !== 'object') return false;
  for (const e of doc.entries) scope.overrides.set(e.key, e.value);
  return true;
}
