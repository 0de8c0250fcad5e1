import path from 'node:path';
import type { ParseDiagnostic } from '../types.js';
import { blockArgument, declareModule } from './declarations.js';
import { evaluate } from './evaluate.js';
import { moduleConditions } from './conditions.js';
import { bothMake, existenceCondition, instancesOf } from './repetition.js';
import { createScope, locOf, maxInstances, recordUnresolved, type DeclaredBlock, type InstanceInfo, type ModuleChild, type ModuleScope, NO_BINDINGS } from './scope.js';
import { knownText } from './values.js';
import { startOffset } from '../../shared/source.js';

/**
 * Module calls, followed as Terraform follows them: a local source (`./x`,
 * `../x`) relative to the calling module, anything else where `terraform
 * init` installed it (`.terraform/modules/modules.json` of the root module).
 * Each call is one instance, whatever its `count` or `for_each`: the graph
 * holds one resource for all instances of a resource, and so for modules.
 * A call known to make no instance is built all the same (references into
 * it resolve), and its resources are left out of the graph as a resource's
 * own `count = 0` leaves it out.
 */

/** Deeper module nesting than this is not followed (real trees are 3 or 4 deep). */
export const maxModuleDepth = 8;

/** Builds an instance for every module call of `scope` that can be followed, and theirs in turn. */
export function followModuleCalls(scope: ModuleScope, diagnostics: ParseDiagnostic[]): void {
  for (const [name, call] of scope.modules) {
    const child = follow(scope, name, call, diagnostics);
    scope.children.set(name, child);
    if ('scope' in child) followModuleCalls(child.scope, diagnostics);
  }
}

/** Every instance under a module, depth first, in call order. */
export function instancesUnder(scope: ModuleScope): ModuleScope[] {
  const out: ModuleScope[] = [];
  for (const child of scope.children.values()) {
    if ('scope' in child) out.push(child.scope, ...instancesUnder(child.scope));
  }
  return out;
}

function follow(scope: ModuleScope, name: string, call: DeclaredBlock, diagnostics: ParseDiagnostic[]): ModuleChild {
  const source = literalSource(scope, call);
  if (source === undefined) return { reason: `the source of module ${name} is not a literal string`, source: '' };
  const where = moduleDir(scope, name, source);
  if ('reason' in where) return { reason: where.reason, source };
  if (scope.instance.names.length >= maxModuleDepth) return { reason: `module ${name} is nested more than ${maxModuleDepth} deep; not followed`, source };
  if (callsItself(scope, where.dir)) return { reason: `module ${name} (${source}) is one of the modules calling it`, source };
  if (scope.instance.budget.left <= 0) return { reason: `more than ${maxInstances} module instances; module ${name} not followed`, source };
  const files = scope.env.readModule(scope.instance.rootDir, where.dir);
  if ('reason' in files) {
    // `terraform init` stops at a local source that is not there; everything the module would make goes unchecked.
    if (files.missing) missingSource(scope, call, source);
    if (files.outside) notFollowed(scope, call, name, source);
    return { reason: `module ${name}: ${files.reason}`, source };
  }
  scope.instance.budget.left--;
  const child = createScope(where.dir, scope.env, { scope, call, name }, presence(scope, call));
  declareModule(child, files, diagnostics);
  return { scope: child, source };
}

/** Whether the call makes instances, on top of whether its caller is there. */
function presence(scope: ModuleScope, call: DeclaredBlock): Pick<InstanceInfo, 'made' | 'when'> {
  const ctx = { scope, file: call.file, env: NO_BINDINGS, depth: 0 };
  const own = instancesOf(call.block.body, ctx);
  const made = bothMake(scope.instance.made, own);
  const exists = own === 'open' ? existenceCondition(call.block.body) : undefined;
  const guard = exists && moduleConditions(scope).guard(ctx, exists.condition, exists.holds);
  return { made, when: guard ? [...scope.instance.when, guard] : scope.instance.when };
}

function missingSource(scope: ModuleScope, call: DeclaredBlock, source: string): void {
  const arg = blockArgument(call, 'source');
  if (!arg) return;
  const ctx = { scope, file: arg.file, env: NO_BINDINGS, depth: 0 };
  recordUnresolved(ctx, { name: source, loc: locOf(ctx, arg.expr), expected: 'module directory', missingPath: true });
}

/**
 * A local module outside the project root (nearest `.git`, else the working
 * directory) is never read, so what it makes goes unchecked: the run says so
 * where the call names it, rather than pass the caller as clean. Typically an
 * `examples/complete` linted from inside a checkout without `.git`.
 */
function notFollowed(scope: ModuleScope, call: DeclaredBlock, name: string, source: string): void {
  const arg = blockArgument(call, 'source');
  if (!arg) return;
  const loc = locOf({ scope, file: arg.file, env: NO_BINDINGS, depth: 0 }, arg.expr);
  const message = `module ${name}: ${source} is outside the project root (the nearest .git, else the working directory) and was not read; lint from a directory that holds both`;
  if (scope.notices.some((n) => n.loc.file === loc.file && startOffset(n.loc.range) === startOffset(loc.range))) return;
  scope.notices.push({ rule: 'skipped-file', severity: 'info', message, loc });
}

/** `source` must be a literal string in Terraform. */
function literalSource(scope: ModuleScope, call: DeclaredBlock): string | undefined {
  const arg = blockArgument(call, 'source');
  if (!arg) return undefined;
  return knownText(evaluate(arg.expr, { scope, file: arg.file, env: NO_BINDINGS, depth: 0 }));
}

const localSource = /^\.\.?([\\/]|$)/;

function moduleDir(scope: ModuleScope, name: string, source: string): { dir: string } | { reason: string } {
  if (localSource.test(source)) return { dir: path.join(scope.dir, source).replace(/[\\/]+$/, '') || '.' };
  const key = [...scope.instance.names, name].join('.');
  const installed = scope.env.installedModule(scope.instance.rootDir, key);
  if (installed !== undefined) return { dir: installed };
  return { reason: `module ${name} comes from ${source}; run terraform init to let iam-profile-lint follow it` };
}

/** A call back into a module that is already on the way down from the root would never end. */
function callsItself(scope: ModuleScope, dir: string): boolean {
  const target = scope.env.resolve(dir);
  for (let s: ModuleScope | undefined = scope; s; s = s.instance.caller?.scope) {
    if (scope.env.resolve(s.dir) === target) return true;
  }
  return false;
}
