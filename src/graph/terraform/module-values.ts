import type { Expression } from '../../parsers/hcl/ast.js';
import type { Loc } from '../../shared/source.js';
import type { ObjectEntry, Value } from '../value.js';
import { attribute } from './body.js';
import { blockArgument } from './declarations.js';
import { assuming, evaluate } from './evaluate.js';
import type { Step } from './references.js';
import { allInstances, applySteps, indexesNoInstance } from './references.js';
import { existenceCondition, repetitionBindings } from './repetition.js';
import { typedValue } from './type-defaults.js';
import {
  anchor,
  carryMaps,
  failure,
  locOf,
  maxDepth,
  recordUnresolved,
  relocate,
  unknownAt,
  type Ctx,
  type DeclaredBlock,
  type DeclaredVariable,
  type ModuleScope,
  NO_BINDINGS,
} from './scope.js';

/**
 * Values that cross a module call: the call's arguments become the child's
 * variables, the child's outputs become `module.x.<output>` in the caller.
 *
 * An argument is evaluated in the caller and keeps the caller's position
 * wherever the child uses it (the child's use sites go into `via`): a finding
 * caused by what the caller passes belongs where the caller passes it.
 */

/** `var.name` in a module instance when its call sets the argument; undefined otherwise (the default applies). */
export function moduleInput(scope: ModuleScope, name: string, decl: DeclaredVariable, loc: Loc, depth: number): Value | undefined {
  const caller = scope.instance.caller;
  if (!caller) return undefined;
  const arg = blockArgument(caller.call, name);
  if (!arg) return undefined;
  const key = `input.${name}`;
  let value = scope.localCache.get(key);
  if (!value) {
    if (scope.inProgress.has(key) || depth > maxDepth) return unknownAt(loc, `argument ${name} of module ${caller.name} refers to itself`);
    scope.inProgress.add(key);
    const base: Ctx = { scope: caller.scope, file: arg.file, env: NO_BINDINGS, depth: depth + 1 };
    // `each` and `count` of a repeated call: one instance stands for all. Bound once per instance, not per argument.
    // Evaluated in the call block's own file (the argument may come from an override file).
    const env = (scope.callEnv ??= new Map(repetitionBindings(caller.call.block.body, { ...base, file: caller.call.file })));
    // Typed before anchoring, so the defaults the variable's type adds keep their own places too.
    const given = evaluate(arg.expr, { ...base, env, ...callAssumptions(caller.call, base) });
    value = anchorDeep(scope, typedValue(scope, decl, given, depth));
    scope.inProgress.delete(key);
    scope.localCache.set(key, value);
  }
  // `nullable = false`: a null argument means the default.
  if (value.kind === 'literal' && value.value === null && isFalse(attribute(decl.block.body, 'nullable'))) return undefined;
  return relocate(scope, value, loc, undefined);
}

/**
 * The instance is there only where the call's `count`/`for_each`/`enabled`
 * condition holds, so its arguments are evaluated where it does (as a
 * resource's body is).
 */
function callAssumptions(call: DeclaredBlock, base: Ctx): Pick<Ctx, 'assumed'> {
  const exists = existenceCondition(call.block.body);
  return exists ? { assumed: assuming({ ...base, file: call.file }, exists.condition, exists.holds).assumed } : {};
}

function isFalse(expr: Expression | undefined): boolean {
  return expr?.type === 'Literal' && expr.value === false;
}

/**
 * A copy of a value in which every part keeps its own position when used
 * elsewhere. A copy, because the original may be cached in the caller, whose
 * own uses must still move to their use sites.
 */
function anchorDeep(scope: ModuleScope, v: Value): Value {
  let copy: Value;
  switch (v.kind) {
    case 'object':
      copy = { ...v, entries: v.entries.map((e): ObjectEntry => ({ ...e, value: anchorDeep(scope, e.value) })) };
      break;
    case 'list':
      copy = { ...v, items: v.items.map((i) => anchorDeep(scope, i)) };
      break;
    case 'choice':
      copy = { ...v, options: v.options.map((o) => anchorDeep(scope, o)) };
      break;
    case 'template':
      copy = { ...v, parts: v.parts.map((p) => (typeof p === 'string' ? p : anchorDeep(scope, p))) };
      break;
    default:
      copy = { ...v };
  }
  carryMaps(scope, v, copy);
  return anchor(scope, copy);
}

/**
 * `module.name[...]`: an output of a followed module call, else unknown with
 * the reason. `steps` starts at the name; an index after it (`count`,
 * `for_each`) picks an instance, and one instance stands for all.
 */
export function moduleReference(name: string, steps: readonly Step[], expr: Expression, ctx: Ctx): Value {
  const loc = locOf(ctx, expr);
  const { scope } = ctx;
  if (!scope.modules.has(name)) {
    recordUnresolved(ctx, { name: `module.${name}`, loc: locOf(ctx, steps[0].node), expected: 'module', candidates: [...scope.modules.keys()].map((m) => `module.${m}`) });
    return unknownAt(loc, `unresolved reference module.${name}`);
  }
  let i = 1;
  const indexStep = steps[i];
  if (indexStep?.kind === 'index') {
    evaluate(indexStep.key, ctx);
    const call = scope.modules.get(name);
    if (call && indexesNoInstance(call.block.body, call.file, `module.${name}`, ctx)) return failure(ctx, loc, `module ${name} has no instance`);
    i++;
  }
  const child = scope.children.get(name);
  const outStep = steps[i];
  const outName = outStep?.kind === 'attr' ? outStep.name : undefined;
  if (!child || !('scope' in child)) {
    const reason = child && 'reason' in child ? child.reason : `module ${name} is not evaluated`;
    return unknownAt(loc, reason);
  }
  if (!outStep) {
    const whole = wholeModule(child.scope, loc, ctx.depth);
    const call = scope.modules.get(name);
    // `module.nodes` of a call with count or for_each is its instances, as Terraform gives it.
    const repeated = call && i === 1 && (attribute(call.block.body, 'count') ?? attribute(call.block.body, 'for_each'));
    return call && repeated ? allInstances(call.block.body, call.file, `module.${name}`, whole, loc, ctx) : whole;
  }
  if (outName === undefined) return unknownAt(loc, `an output of module ${name} chosen by an index`);
  if (!child.scope.outputs.has(outName)) {
    const candidates = [...child.scope.outputs.keys()].map((o) => `module.${name}.${o}`);
    if (!ctx.tolerant) recordUnresolved(ctx, { name: `module.${name}.${outName}`, loc: locOf(ctx, outStep.node), expected: `output of module ${name}`, candidates });
    return failure(ctx, loc, `module ${name} has no output ${outName}`);
  }
  const rest = steps.slice(i + 1);
  const useLoc = rest.length === 0 ? loc : locOf(ctx, outStep.node);
  const value = outputValue(child.scope, outName, useLoc, ctx.depth);
  const moved = relocate(scope, value, useLoc, value.loc);
  return rest.length === 0 ? moved : applySteps(moved, rest, ctx);
}

/** `module.x` on its own: an object of its outputs. */
function wholeModule(child: ModuleScope, loc: Loc, depth: number): Value {
  const entries: ObjectEntry[] = [...child.outputs].map(([name, decl]) => ({
    key: name,
    keyLoc: { file: decl.file, range: decl.block.labels[0].range },
    value: outputValue(child, name, loc, depth),
  }));
  return { kind: 'object', entries, loc };
}

/** The value of an output of a module instance, evaluated once in the instance. */
function outputValue(child: ModuleScope, name: string, loc: Loc, depth: number): Value {
  const decl = child.outputs.get(name);
  const arg = decl ? blockArgument(decl, 'value') : undefined;
  if (!arg) return unknownAt(loc, `output ${name} has no value`);
  const key = `output.${name}`;
  const cached = child.localCache.get(key);
  if (cached) return cached;
  if (child.inProgress.has(key) || depth > maxDepth) return unknownAt(loc, `output ${name} refers to itself`);
  child.inProgress.add(key);
  const value = evaluate(arg.expr, { scope: child, file: arg.file, env: NO_BINDINGS, depth: depth + 1 });
  child.inProgress.delete(key);
  child.localCache.set(key, value);
  return value;
}
