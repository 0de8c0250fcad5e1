import type { Loc } from '../shared/source.js';
import { extend } from '../shared/extend.js';

/**
 * Property values in the resource graph, IaC-neutral.
 *
 * Every value carries where it was written. A value that came from elsewhere
 * (a parameter default, a variable, a module output) keeps the place it was
 * used as `loc` and the places it came through in `via`, so findings land
 * where the user wrote the reference and can point at the origin.
 */
export type Value =
  | LiteralValue
  | ObjectValue
  | ListValue
  | RefValue
  | TemplateValue
  | ChoiceValue
  | UnknownValue;

interface ValueBase {
  loc: Loc;
  via?: Loc[];
  /**
   * The value is the default of this deploy-time input (a CloudFormation
   * parameter, a Terraform variable): the deployer may give another.
   */
  fromInput?: string;
  /**
   * The value was given on the command line (`--var name=...`,
   * `--parameters Name=...`): findings name it, so the user sees where to change it.
   */
  commandLine?: string;
  /**
   * The deploy-time conditions the value is there under (a CloudFormation
   * `Fn::If` branch): a rule that combines it with another resource's value
   * asks `possibleTogether` whether both can be deployed at once.
   */
  when?: readonly Guard[];
}

/** A deploy-time condition (`test`, as the template names it) that holds or does not. */
export interface Guard {
  readonly space: GuardSpace;
  readonly test: string;
  readonly holds: boolean;
  /** Whether the guard is met with every input it rests on at its default; undefined when that is not known. */
  readonly metByDefault?: boolean;
}

/** The conditions of one template as built: whether guards written against them can hold together. */
export interface GuardSpace {
  /**
   * Whether the guards can all hold at once. Past the combinations it tries
   * (too many open inputs) it cannot tell, and answers `unsure`: true by
   * default, so that a finding is kept rather than a branch wrongly ruled out.
   */
  satisfiable(guards: readonly Guard[], unsure?: boolean): boolean;
}

/** `v` with `guards` added to those it is there under; `v` itself when there are none. */
export function guardedBy(v: Value, guards: readonly Guard[] | undefined): Value {
  if (!guards || guards.length === 0) return v;
  return extend(v, { when: v.when ? [...v.when, ...guards] : guards });
}

export interface LiteralValue extends ValueBase {
  kind: 'literal';
  value: string | number | boolean | null;
}

export interface ObjectEntry {
  key: string;
  keyLoc: Loc;
  value: Value;
}

export interface ObjectValue extends ValueBase {
  kind: 'object';
  entries: ObjectEntry[];
}

export interface ListValue extends ValueBase {
  kind: 'list';
  items: Value[];
  /**
   * A set (Terraform's `toset`, `distinct`, `setunion`) some of whose items
   * may turn out equal once computed: it holds at most these items, so its
   * length is not known. Also the instances of a counted resource or module
   * call whose number is not known: one item stands for all of them.
   */
  mayRepeat?: true;
  /**
   * The whole of a counted or `for_each` resource or module call: its one item
   * stands for this many instances, the list's length.
   */
  instanceCount?: number;
}

/**
 * A reference to an attribute of a resource in the graph.
 * `attribute` is canonical: see `Attribute`.
 */
export interface RefValue extends ValueBase {
  kind: 'ref';
  /** `Resource.id` of the target. */
  target: string;
  attribute: Attribute;
  /** The reference as written, for messages: `AppRole`, `aws_iam_role.app.name`. */
  text: string;
  /**
   * Terraform: the reference indexes one instance of a counted or `for_each`
   * resource (`aws_iam_instance_profile.this[0].name`), which fails where the
   * resource has none. A CloudFormation reference always needs its target.
   */
  oneInstance?: true;
}

/** A string built from parts: `Fn::Sub`, `Fn::Join`, HCL `"${...}"`. */
export interface TemplateValue extends ValueBase {
  kind: 'template';
  parts: Array<string | Value>;
}

/**
 * One of several values, decided at deploy time: CloudFormation `Fn::If`,
 * HCL `cond ? a : b`. Rules look at every option (`alternatives`).
 */
export interface ChoiceValue extends ValueBase {
  kind: 'choice';
  options: Value[];
  /**
   * The options of `each`/`count.index` in a repeated block: every option is
   * taken, one per instance (not one of them, as in a conditional).
   */
  perInstance?: true;
}

/**
 * The reason of an unknown account id read through an aliased Terraform
 * provider (`data "aws_caller_identity" "x" { provider = aws.other }`),
 * followed by the alias: an account's id, but not surely the deploying one's.
 */
export const PROVIDER_ACCOUNT_ID = 'pseudo:AccountIdOf:';

export interface UnknownValue extends ValueBase {
  kind: 'unknown';
  reason: string;
  /**
   * An object some of whose keys are computed (`"${local.issuer}:sub" = ...`):
   * unknown as a whole, since a computed key could be any key, but what it
   * holds is kept for questions that can use a key's known part (a condition
   * key's claim).
   */
  partialObject?: PartialObject;
  /**
   * A list some of whose items are known and the rest not
   * (`concat(local.settings, local.per_env[each.key])`): unknown as a whole,
   * its length and indexes too, but the items it certainly holds are kept
   * for what builds one thing per item (a `dynamic` block).
   */
  partialList?: Value[];
  /**
   * The unknown is a nested attribute of a resource in the graph, known only
   * once the resource exists (`aws_eks_cluster.c.identity[0].oidc[0].issuer`):
   * its target and attribute path, names only (`identity.oidc.issuer`), for
   * questions that need what kind of value it is, not its text.
   */
  attributeOf?: { target: string; path: string };
  /** The whole of a resource (`local.r = aws_iam_role.app`): its canonical attributes, for a `.name` taken later. */
  resourceAttributes?: ObjectValue;
}

/** The readable entries of an object with computed keys. */
export interface PartialObject {
  entries: ObjectEntry[];
  computed: ComputedKeyEntry[];
}

/** An object entry whose key is computed: the key as a (string) value. */
export interface ComputedKeyEntry {
  key: Value;
  keyLoc: Loc;
  value: Value;
}

/**
 * Canonical attributes a reference can take. `name`, `arn`, `id`,
 * `unique-id` mean the same for every IaC; `role-name`/`role-arn` are the
 * role held by an instance profile (`aws_iam_instance_profile.p.role`,
 * `data.aws_iam_instance_profile.p.role_arn`). Anything else is `other:<attr>`.
 */
export type Attribute = 'name' | 'arn' | 'id' | 'unique-id' | 'role-name' | 'role-arn' | `other:${string}`;

export function isLiteralString(v: Value | undefined): v is LiteralValue & { value: string } {
  return v !== undefined && v.kind === 'literal' && typeof v.value === 'string';
}

export function objectGet(v: Value | undefined, key: string): Value | undefined {
  if (!v || v.kind !== 'object') return undefined;
  for (const e of v.entries) if (e.key === key) return e.value;
  return undefined;
}

/** Case-insensitive key lookup, for policy documents whose keys are case-insensitive in practice. */
export function objectGetCI(v: Value | undefined, key: string): ObjectEntry | undefined {
  if (!v || v.kind !== 'object') return undefined;
  const k = key.toLowerCase();
  for (const e of v.entries) if (e.key.toLowerCase() === k) return e;
  return undefined;
}

/** A value as a list: lists give their items, a single value is a list of one. */
export function asList(v: Value | undefined): Value[] {
  if (!v) return [];
  return v.kind === 'list' ? v.items : [v];
}

/** Every concrete value a value may take: choices are expanded, recursively. */
export function alternatives(v: Value): Value[] {
  if (v.kind !== 'choice') return [v];
  return v.options.flatMap((o) => alternatives(guardedBy(o, v.when)));
}

/**
 * Every item a list may hold, on any branch: choices expanded, nested lists
 * flattened, each item carrying the guards of the branches it is on. A
 * choice of whole lists (`c ? ["*"] : [arn]`, `concat(a, c ? b : [])`) gives
 * the items of each, where `asList` would give the choice as one item.
 */
export function itemsOnAnyBranch(v: Value): Value[] {
  return alternatives(v).flatMap((a) => (a.kind === 'list' ? a.items.flatMap((item) => itemsOnAnyBranch(guardedBy(item, a.when))) : [a]));
}

/** The values directly inside a value: object entries, list items, choice options, template parts. */
export function childValues(v: Value): Value[] {
  switch (v.kind) {
    case 'object':
      return v.entries.map((e) => e.value);
    case 'list':
      return v.items;
    case 'choice':
      return v.options;
    case 'template':
      return v.parts.filter((p): p is Value => typeof p !== 'string');
    default:
      return [];
  }
}

/**
 * A value and every value under it, depth first, down to `maxDepth` levels. One generator
 * over a stack: nested `yield*` would hand each value up through every level above it.
 */
export function* valuesUnder(v: Value, maxDepth: number): Generator<Value> {
  const values = [v];
  const depths = [0];
  for (let value = values.pop(); value !== undefined; value = values.pop()) {
    const depth = depths.pop() ?? 0;
    yield value;
    if (depth >= maxDepth) continue;
    const children = childValues(value);
    for (let i = children.length - 1; i >= 0; i--) {
      values.push(children[i]);
      depths.push(depth + 1);
    }
  }
}
