import type { CfnMap, CfnNode } from '../../parsers/cloudformation-tree.js';
import { table } from '../../shared/own.js';
import type { Guard, GuardSpace, Value } from '../value.js';
import { assignments, caseCount, contradictory, guardsKey, MAX_CASES, TestGuard, type Truth } from '../build/guards.js';
import { checkConditionName, literalText, mapGet, toValue, type Scope } from './intrinsics.js';

/**
 * CloudFormation `Conditions`, evaluated where their inputs are known.
 *
 * A condition is decided only by what is written or given: literals,
 * `--parameters`, a parent stack's literal values. A condition that rests on
 * a parameter default stays open (the deployer may give another value), and
 * so does one over anything computed; `Fn::If` then keeps both branches.
 */

const memo = new WeakMap<CfnMap, WeakMap<object, Map<string, Truth>>>();

/** The value of condition `name` in the template of `scope`, when known. */
export function conditionTruth(name: string, scope: Scope): Truth {
  const conditions = scope.conditions;
  if (!conditions) return undefined;
  let byInputs = memo.get(conditions);
  if (!byInputs) memo.set(conditions, (byInputs = new WeakMap()));
  let known = byInputs.get(scope.parameterValues);
  if (!known) byInputs.set(scope.parameterValues, (known = new Map()));
  if (known.has(name)) return known.get(name);
  // A condition that refers to itself is open; CloudFormation rejects the template anyway.
  known.set(name, undefined);
  const node = mapGet(conditions, name);
  const truth = node ? evaluateCondition(node, { ...scope, unresolved: [] }, 0) : undefined;
  known.set(name, truth);
  return truth;
}

type Operator = (args: CfnNode[], scope: Scope, depth: number) => Truth;

const operators: Readonly<Record<string, Operator>> = table({
  'Fn::Equals': (args, scope) => {
    if (args.length !== 2) return undefined;
    const [a, b] = args.map((n) => knownText(toValue(n, scope)));
    return a === undefined || b === undefined ? undefined : a === b;
  },
  'Fn::Not': (args, scope, depth) => {
    const inner = args.length === 1 ? evaluateCondition(args[0], scope, depth + 1) : undefined;
    return inner === undefined ? undefined : !inner;
  },
  'Fn::And': (args, scope, depth) => combine(args.map((n) => evaluateCondition(n, scope, depth + 1)), false),
  'Fn::Or': (args, scope, depth) => combine(args.map((n) => evaluateCondition(n, scope, depth + 1)), true),
});

function evaluateCondition(node: CfnNode, scope: Scope, depth: number): Truth {
  if (depth > 16) return undefined;
  if (node.kind === 'scalar') return typeof node.value === 'boolean' ? node.value : undefined;
  if (node.kind === 'map' && node.entries.length === 1 && node.entries[0].key === 'Condition') {
    const ref = node.entries[0].value;
    return ref.kind === 'scalar' ? conditionTruth(String(ref.value), scope) : undefined;
  }
  if (node.kind !== 'fn') return undefined;
  if (node.name === 'Condition') return node.arg.kind === 'scalar' ? conditionTruth(String(node.arg.value), scope) : undefined;
  const op = operators[node.name];
  if (!op || node.arg.kind !== 'seq') return undefined;
  return op(node.arg.items, scope, depth);
}

/** `Fn::Or` is true when any argument is (`Fn::And` false when any is), whatever the others. */
function combine(values: Truth[], decisive: boolean): Truth {
  if (values.some((v) => v === decisive)) return decisive;
  return values.every((v) => v !== undefined) ? !decisive : undefined;
}

/** Text that is written or given, not a default: a default leaves the condition open. */
function knownText(v: Value): string | undefined {
  if (v.fromInput !== undefined) return undefined;
  if (v.kind === 'template' && v.parts.some((p) => typeof p !== 'string' && p.fromInput !== undefined)) return undefined;
  return literalText(v);
}

const spaces = new WeakMap<CfnMap, WeakMap<object, TemplateConditions>>();

/** The conditions of the template of `scope`, for guards on its values and resources; none without a `Conditions` section. */
export function conditionSpace(scope: Scope): TemplateConditions | undefined {
  const conditions = scope.conditions;
  if (!conditions) return undefined;
  let byInputs = spaces.get(conditions);
  if (!byInputs) spaces.set(conditions, (byInputs = new WeakMap()));
  let space = byInputs.get(scope.parameterValues);
  if (!space) byInputs.set(scope.parameterValues, (space = new TemplateConditions(conditions, { ...scope, unresolved: [] })));
  return space;
}

/**
 * A template's conditions over its parameters. A condition left open by a
 * default or a parameter without one is not free: `IsProd` and `IsDev` may
 * both test `Env`, and a resource that exists only where `IsProd` holds never
 * sees the `IsDev` branch of an `Fn::If`. Guards are decided by trying every
 * value of the open parameters they test: each `AllowedValues` entry, else
 * each literal the conditions compare with, plus one value equal to none.
 */
export class TemplateConditions implements GuardSpace {
  private readonly implied = new Map<string, Truth>();
  private readonly byDefault = new Map<string, Truth>();

  constructor(
    private readonly conditions: CfnMap,
    private readonly scope: Scope,
  ) {}

  /** An open parameter's value when nobody gives one: its `Default`, or the default a parent stack passes. */
  private defaultText(name: string): string | undefined {
    const passed = this.scope.parameterValues.get(name);
    if (passed !== undefined && typeof passed !== 'string') return passed.fromInput !== undefined ? literalText(passed) : undefined;
    const param = this.scope.parameters.get(name);
    const def = param && mapGet(param, 'Default');
    return def?.kind === 'scalar' && def.value !== null ? String(def.value) : undefined;
  }

  /** A guard that `test` holds (or not), knowing whether the defaults meet it. */
  guard(test: string, holds: boolean): Guard {
    const truth = this.defaultTruth(test);
    return new TestGuard(this, test, holds, truth === undefined ? undefined : truth === holds);
  }

  /** `test` with every open parameter at its default; undefined when one has none or an empty one (a placeholder). */
  private defaultTruth(test: string): Truth {
    if (this.byDefault.has(test)) return this.byDefault.get(test);
    const values: Array<[string, string]> = [];
    for (const name of this.openParameters([test]).keys()) {
      const text = this.defaultText(name) ?? '';
      if (text === '') {
        this.byDefault.set(test, undefined);
        return undefined;
      }
      values.push([name, text]);
    }
    const truth = conditionTruth(test, this.caseScope(values));
    this.byDefault.set(test, truth);
    return truth;
  }

  /** Whether `test` must hold (or must not) wherever every guard in `assumed` holds; undefined when either can. */
  impliedBy(assumed: readonly Guard[], test: string): Truth {
    const key = `${guardsKey(assumed)}\0?${test}`;
    if (this.implied.has(key)) return this.implied.get(key);
    const truth = this.decide(assumed, test);
    this.implied.set(key, truth);
    return truth;
  }

  /**
   * Whether `test` can hold and whether it can fail where `assumed` holds, in one pass over the
   * values worth trying: the answer two `satisfiable` calls would give, each case evaluated once.
   */
  private decide(assumed: readonly Guard[], test: string): Truth {
    const domains = this.openParameters([...assumed.map((g) => g.test), test]);
    if (caseCount(domains.values()) > MAX_CASES) return undefined;
    let canHold = false;
    let canFail = false;
    for (const values of assignments([...domains])) {
      const scope = this.caseScope(values);
      if (!assumed.every((g) => conditionTruth(g.test, scope) !== !g.holds)) continue;
      const truth = conditionTruth(test, scope);
      if (truth !== false) canHold = true;
      if (truth !== true) canFail = true;
      if (canHold && canFail) return undefined;
    }
    return canHold === canFail ? undefined : canHold;
  }

  private readonly admitted = new Map<string, boolean>();

  /**
   * Whether open parameter `name` can have value `text` wherever every guard in `assumed` holds.
   * False where those guards need another value: the else branch of `!If [UseNew, ..., !Ref Existing]`
   * with `UseNew: !Equals [!Ref Existing, create]` never sees Existing's default `create`.
   */
  admits(assumed: readonly Guard[], name: string, text: string): boolean {
    const key = `${guardsKey(assumed)}\0=${name}\0${text}`;
    const known = this.admitted.get(key);
    if (known !== undefined) return known;
    const domains = this.openParameters(assumed.map((g) => g.test));
    let admits = true;
    if (domains.delete(name) && caseCount(domains.values()) <= MAX_CASES) {
      admits = false;
      for (const values of assignments([...domains])) {
        const scope = this.caseScope([...values, [name, text]]);
        if (assumed.every((g) => conditionTruth(g.test, scope) !== !g.holds)) {
          admits = true;
          break;
        }
      }
    }
    this.admitted.set(key, admits);
    return admits;
  }

  satisfiable(guards: readonly Guard[], unsure = true): boolean {
    if (contradictory(guards)) return false;
    const tests = guards.map((g) => g.test);
    const domains = this.openParameters(tests);
    if (caseCount(domains.values()) > MAX_CASES) return unsure;
    for (const values of assignments([...domains])) {
      const scope = this.caseScope(values);
      // A guard its inputs do not decide (a pseudo parameter, a computed value) may hold.
      if (guards.every((g) => conditionTruth(g.test, scope) !== !g.holds)) return true;
    }
    return false;
  }

  /** The template's scope with the open parameters given `values`. */
  private caseScope(values: Iterable<readonly [string, string]>): Scope {
    return { ...this.scope, parameterValues: new Map([...this.scope.parameterValues, ...values]), unresolved: [], assumed: undefined };
  }

  /** The parameters the conditions `tests` read (through other conditions too) that nobody gave a value, each with the values worth trying. */
  private openParameters(tests: readonly string[]): Map<string, string[]> {
    const refs = new Set<string>();
    const literals = new Set<string>();
    const seen = new Set<string>();
    const visit = (node: CfnNode, depth: number): void => {
      if (depth > 32) return;
      if (node.kind === 'scalar') {
        if (typeof node.value === 'string') literals.add(node.value);
      } else if (node.kind === 'seq') {
        for (const item of node.items) visit(item, depth + 1);
      } else if (node.kind === 'map') {
        for (const e of node.entries) visit(e.value, depth + 1);
      } else if (node.name === 'Ref' && node.arg.kind === 'scalar') {
        refs.add(String(node.arg.value));
      } else if (node.name === 'Condition' && node.arg.kind === 'scalar') {
        visitCondition(String(node.arg.value));
      } else {
        visit(node.arg, depth + 1);
      }
    };
    const visitCondition = (name: string): void => {
      if (seen.has(name)) return;
      seen.add(name);
      const node = mapGet(this.conditions, name);
      if (node) visit(node, 0);
    };
    for (const test of tests) visitCondition(test);
    const open = new Map<string, string[]>();
    for (const name of refs) {
      const param = this.scope.parameters.get(name);
      if (!param || isGiven(this.scope.parameterValues.get(name))) continue;
      open.set(name, allowedValues(param) ?? [...literals, `\u0000${name}`]);
    }
    return open;
  }
}

/** A value someone gave (`--parameters`, a parent stack's literal): not open. */
function isGiven(value: string | Value | undefined): boolean {
  if (value === undefined) return false;
  return typeof value === 'string' || (value.fromInput === undefined && literalText(value) !== undefined);
}

function allowedValues(param: CfnMap): string[] | undefined {
  const allowed = mapGet(param, 'AllowedValues');
  if (allowed?.kind !== 'seq' || allowed.items.length === 0) return undefined;
  const values = allowed.items.map((n) => (n.kind === 'scalar' && n.value !== null ? String(n.value) : undefined));
  return values.every((v): v is string => v !== undefined) ? values : undefined;
}

/**
 * The condition names a template uses outside `Fn::If` (which checks its own):
 * each resource's and output's `Condition`, and `Condition` inside the
 * definitions of `Conditions` (`!Condition IsProd`, `{Condition: IsProd}`).
 */
export function checkConditionNames(root: CfnMap, declared: ReadonlyArray<{ body: CfnMap }>, scope: Scope): void {
  for (const d of declared) {
    const condition = mapGet(d.body, 'Condition');
    if (condition) checkConditionName(condition, scope);
  }
  const outputs = mapGet(root, 'Outputs');
  for (const output of outputs?.kind === 'map' ? outputs.entries : []) {
    const condition = output.value.kind === 'map' ? mapGet(output.value, 'Condition') : undefined;
    if (condition) checkConditionName(condition, scope);
  }
  for (const definition of scope.conditions?.entries ?? []) checkNamesWithin(definition.value, scope);
}

/** `Condition` references within one condition's definition; iterative, as nesting is the user's. */
function checkNamesWithin(definition: CfnNode, scope: Scope): void {
  const pending: CfnNode[] = [definition];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.kind === 'fn') {
      if (node.name === 'Condition') checkConditionName(node.arg, scope);
      else pending.push(node.arg);
    } else if (node.kind === 'seq') {
      pending.push(...node.items);
    } else if (node.kind === 'map') {
      if (node.entries.length === 1 && node.entries[0].key === 'Condition') checkConditionName(node.entries[0].value, scope);
      else pending.push(...node.entries.map((e) => e.value));
    }
  }
}
