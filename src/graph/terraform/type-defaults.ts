import type { Block, Expression } from '../../parsers/hcl/ast.js';
import type { ObjectEntry, Value } from '../value.js';
import { attribute } from './body.js';
import { evaluate } from './evaluate.js';
import { anchor, carryMaps, NO_BINDINGS, type DeclaredVariable, type ModuleScope } from './scope.js';

/**
 * What a variable's type constraint adds to the value it is given: the
 * defaults of `optional(T, default)` object attributes (Terraform 1.3+). An
 * attribute left out, or set to null, takes its default, at any depth
 * (`list(object({ project = optional(string, "Default") }))`), in a default,
 * a tfvars value and a module argument alike; one left out of an
 * `optional(T)` without a default is null.
 */
type Shape =
  | { kind: 'object'; attributes: ReadonlyMap<string, AttributeShape> }
  | { kind: 'elements'; of: Shape }
  | { kind: 'tuple'; items: ReadonlyArray<Shape | undefined> };

interface AttributeShape {
  /** `optional(T, default)`'s default; an `optional(T)` without one is null when left out. */
  default?: Expression;
  optional: boolean;
  shape?: Shape;
}

/** Type constructors whose one argument is the type of every element. */
const ELEMENT_TYPES = new Set(['list', 'set', 'map']);

/** The shape of a type expression; undefined when no optional default is anywhere in it. */
function shapeOf(type: Expression): Shape | undefined {
  if (type.type === 'Parens') return shapeOf(type.expr);
  if (type.type !== 'FunctionCall') return undefined;
  const [arg] = type.args;
  if (!arg) return undefined;
  if (ELEMENT_TYPES.has(type.name)) {
    const of = shapeOf(arg);
    return of && { kind: 'elements', of };
  }
  if (type.name === 'tuple' && arg.type === 'Tuple') {
    const items = arg.items.map(shapeOf);
    return items.some(Boolean) ? { kind: 'tuple', items } : undefined;
  }
  if (type.name !== 'object' || arg.type !== 'Object') return undefined;
  const attributes = new Map<string, AttributeShape>();
  for (const item of arg.items) {
    if (item.key.type !== 'Literal' && item.key.type !== 'Template') continue;
    const name = literalKey(item.key);
    if (name === undefined) continue;
    const optional = item.value.type === 'FunctionCall' && item.value.name === 'optional' ? item.value : undefined;
    const shape = shapeOf(optional?.args[0] ?? item.value);
    const fallback = optional?.args[1];
    if (shape || optional) attributes.set(name, { optional: optional !== undefined, ...(fallback ? { default: fallback } : {}), ...(shape ? { shape } : {}) });
  }
  return attributes.size > 0 ? { kind: 'object', attributes } : undefined;
}

function literalKey(key: Expression): string | undefined {
  if (key.type === 'Literal') return typeof key.value === 'string' ? key.value : undefined;
  if (key.type === 'Template' && key.parts.length === 1 && key.parts[0]?.type === 'TemplateLiteral') return key.parts[0].value;
  return undefined;
}

const shapes = new WeakMap<Block, Shape | null>();

/** The shape of a `variable` block's `type`, read once per block. */
function variableShape(block: Block): Shape | undefined {
  let shape = shapes.get(block);
  if (shape === undefined) {
    const type = attribute(block.body, 'type');
    shape = (type && shapeOf(type)) ?? null;
    shapes.set(block, shape);
  }
  return shape ?? undefined;
}

/** How defaults are evaluated (they are constants), and what a copied value keeps of the original (position maps, anchors). */
export interface Typing {
  evaluateDefault(expr: Expression): Value;
  copied(from: Value, to: Value): void;
}

/** `value` with the defaults its variable's type gives; `value` itself when the type has none. */
function withTypeDefaults(block: Block, value: Value, typing: Typing): Value {
  const shape = variableShape(block);
  return shape ? shaped(value, shape, typing) : value;
}

function shaped(value: Value, shape: Shape, typing: Typing): Value {
  const out = reshaped(value, shape, typing);
  if (out !== value) typing.copied(value, out);
  return out;
}

function reshaped(value: Value, shape: Shape, typing: Typing): Value {
  if (value.kind === 'choice') return { ...value, options: value.options.map((o) => shaped(o, shape, typing)) };
  switch (shape.kind) {
    case 'elements':
      if (value.kind === 'list') return { ...value, items: value.items.map((i) => shaped(i, shape.of, typing)) };
      if (value.kind === 'object') return { ...value, entries: value.entries.map((e) => ({ ...e, value: shaped(e.value, shape.of, typing) })) };
      return value;
    case 'tuple':
      if (value.kind !== 'list') return value;
      return { ...value, items: value.items.map((item, n) => tupleItem(item, shape.items[n], typing)) };
    case 'object':
      return value.kind === 'object' ? withAttributes(value, shape.attributes, typing) : value;
  }
}

function tupleItem(item: Value, shape: Shape | undefined, typing: Typing): Value {
  return shape ? shaped(item, shape, typing) : item;
}

function withAttributes(value: Extract<Value, { kind: 'object' }>, attributes: ReadonlyMap<string, AttributeShape>, typing: Typing): Value {
  const entries: ObjectEntry[] = [];
  const seen = new Set<string>();
  for (const entry of value.entries) {
    seen.add(entry.key);
    const attr = attributes.get(entry.key);
    if (!attr) {
      entries.push(entry);
      continue;
    }
    const isNull = entry.value.kind === 'literal' && entry.value.value === null;
    const given = isNull && attr.default ? typing.evaluateDefault(attr.default) : entry.value;
    entries.push({ ...entry, value: attr.shape ? shaped(given, attr.shape, typing) : given });
  }
  for (const [key, attr] of attributes) {
    if (seen.has(key) || !attr.optional) continue;
    if (!attr.default) {
      entries.push({ key, keyLoc: value.loc, value: { kind: 'literal', value: null, loc: value.loc } });
      continue;
    }
    const given = typing.evaluateDefault(attr.default);
    entries.push({ key, keyLoc: given.loc, value: attr.shape ? shaped(given, attr.shape, typing) : given });
  }
  return { ...value, entries };
}

/** Values with their type's defaults, one copy per value (tfvars values and defaults are evaluated once). */
const typedValues = new WeakMap<Value, Value>();

/** `value` as the variable receives it: absent `optional(T, default)` attributes of its type filled in. */
export function typedValue(scope: ModuleScope, decl: DeclaredVariable, value: Value, depth: number): Value {
  let typed = typedValues.get(value);
  if (!typed) {
    typed = withTypeDefaults(decl.block, value, {
      evaluateDefault: (expr) => evaluate(expr, { scope, file: decl.file, env: NO_BINDINGS, depth: depth + 1 }),
      copied: (from, to) => {
        carryMaps(scope, from, to);
        if (scope.anchored.has(from)) anchor(scope, to);
      },
    });
    typedValues.set(value, typed);
  }
  return typed;
}

