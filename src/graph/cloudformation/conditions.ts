import type { CfnMap, CfnNode } from '../../parsers/cloudformation-tree.js';
import { table } from '../../shared/own.js';
import type { Value } from '../value.js';
import { literalText, mapGet, toValue, type Scope } from './intrinsics.js';

/**
 * CloudFormation `Conditions`, evaluated where their inputs are known.
 *
 * A condition is decided only by what is written or given: literals,
 * `--parameters`, a parent stack's literal values. A condition that rests on
 * a parameter default stays open (the deployer may give another value), and
 * so does one over anything computed; `Fn::If` then keeps both branches.
 */
export type Truth = boolean | undefined;

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
