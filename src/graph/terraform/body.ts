import type { Block, Body, Expression } from '../../parsers/hcl/ast.js';
import type { Loc } from '../../shared/source.js';
import { guardedBy, type ListValue, type ObjectEntry, type ObjectValue, type Value } from '../value.js';
import { moduleConditions } from './conditions.js';
import { conditionForSome, repetitionEvaluated } from './repetition.js';
import { providerArguments } from './attributes.js';
import { assuming, evaluate, evaluateConditional } from './evaluate.js';
import { locOf, unknownAt, withEnv, type Ctx } from './scope.js';

/**
 * A block body as an object: attributes by name; nested blocks as a list of
 * objects per block type (even for one block), in source order. Names in
 * `skip` (meta-arguments) are evaluated for their references but left out.
 */
const skipNothing: ReadonlySet<string> = new Set();

export function evaluateBody(body: Body, ctx: Ctx, loc: Loc, skip: ReadonlySet<string> = skipNothing): ObjectValue {
  const entries: ObjectEntry[] = [];
  const blockLists = new Map<string, ListValue>();
  for (const item of body.items) {
    if (item.type === 'Attribute') {
      if (skip.has(item.name) && (providerArguments.has(item.name) || repetitionEvaluated(item.expr, ctx))) continue;
      const value = evaluate(item.expr, ctx);
      if (!skip.has(item.name)) entries.push({ key: item.name, keyLoc: locOf(ctx, { range: item.nameRange }), value });
      continue;
    }
    if (skip.has(item.blockType)) continue;
    const isDynamic = item.blockType === 'dynamic' && item.labels.length > 0;
    const type = isDynamic ? item.labels[0].value : item.blockType;
    const values = isDynamic ? dynamicContent(item, ctx) : [evaluateBody(item.body, ctx, locOf(ctx, item))];
    let list = blockLists.get(type);
    if (!list) {
      list = { kind: 'list', items: [], loc: locOf(ctx, item) };
      blockLists.set(type, list);
      const keyRange = isDynamic ? item.labels[0].range : item.typeRange;
      entries.push({ key: type, keyLoc: locOf(ctx, { range: keyRange }), value: list });
    }
    list.items.push(...values);
  }
  // Arrays grown by push keep room for about 17 elements; these are kept to the end of the run.
  for (const list of blockLists.values()) list.items = list.items.slice();
  return { kind: 'object', entries: entries.slice(), loc };
}

/**
 * `dynamic "x" { for_each = ..., content { ... } }`: one block per element
 * when the collection is known (the iterator is `{key, value}` of that
 * element), else the content once with the iterator unknown.
 */
function dynamicContent(block: Block, ctx: Ctx): Value[] {
  const name = block.labels[0].value;
  const loc = locOf(ctx, block);
  const forEach = attribute(block.body, 'for_each');
  // `for_each = C ? [...] : []`: the blocks are there only where C holds, and are built assuming it.
  const some = conditionForSome(forEach, true);
  // C once, for the branch the collection takes and for the blocks' guard (`!C ? ...` evaluates it twice).
  const tested = forEach?.type === 'Conditional' && forEach.condition === some?.condition ? evaluate(forEach.condition, ctx) : undefined;
  const collection = forEach?.type === 'Conditional' && tested ? evaluateConditional(forEach, ctx, tested) : forEach && evaluate(forEach, ctx);
  const iteratorExpr = attribute(block.body, 'iterator');
  const iterator = iteratorExpr?.type === 'Variable' ? iteratorExpr.name : name;
  const content = block.body.items.find((i): i is Block => i.type === 'Block' && i.blockType === 'content');
  if (!content) return [unknownAt(loc, `dynamic block ${name} has no content`)];
  const contentLoc = locOf(ctx, content);
  const guard = some && moduleConditions(ctx.scope).guard(ctx, some.condition, some.holds, tested);
  const inner = some ? assuming(ctx, some.condition, some.holds) : ctx;
  const instance = (element: Value): Value => guardedBy(evaluateBody(content.body, withEnv(inner, [[iterator, element]]), contentLoc), guard && [guard]);
  const elements = collection ? knownElements(collection) : undefined;
  const element = ({ key, value }: { key: Value; value: Value }): Value =>
    instance({
      kind: 'object',
      entries: [
        { key: 'key', keyLoc: value.loc, value: key },
        { key: 'value', keyLoc: value.loc, value },
      ],
      loc: value.loc,
    });
  const unknownElement = (): Value => instance(unknownAt(loc, `${iterator} is an element of the for_each of dynamic block ${name}`));
  if (elements) return elements.map(element);
  // A collection known in part: a block per item it certainly holds, and one for what else it may hold.
  const known = collection?.kind === 'unknown' ? collection.partialList : undefined;
  if (!known) return [unknownElement()];
  return [...known.map((value) => element({ key: unknownAt(value.loc, `${iterator}.key of an item of a collection known in part`), value })), unknownElement()];
}

/**
 * The elements of a known list (keys are indexes) or object (keys are its
 * keys), or of every option of a choice (`C ? [x] : []`); undefined when not known.
 */
function knownElements(collection: Value): Array<{ key: Value; value: Value }> | undefined {
  if (collection.kind === 'choice') {
    const options = collection.options.map(knownElements);
    return options.every((o) => o !== undefined) ? options.flat() : undefined;
  }
  if (collection.kind === 'list') {
    return collection.items.map((value, i) => ({ key: { kind: 'literal', value: i, loc: value.loc }, value }));
  }
  if (collection.kind === 'object') {
    return collection.entries.map((e) => ({ key: { kind: 'literal', value: e.key, loc: e.keyLoc }, value: e.value }));
  }
  return undefined;
}

export function attribute(body: Body, name: string): Expression | undefined {
  for (const item of body.items) if (item.type === 'Attribute' && item.name === name) return item.expr;
  return undefined;
}

/** `override.tf` blocks replace the attributes and nested block types they set (Terraform override files). */
export function mergeOverride(base: ObjectValue, override: ObjectValue): ObjectValue {
  const keys = new Set(override.entries.map((e) => e.key));
  return { ...base, entries: [...base.entries.filter((e) => !keys.has(e.key)), ...override.entries] };
}
