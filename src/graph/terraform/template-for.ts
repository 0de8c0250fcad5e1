import type { TemplateFor } from '../../parsers/hcl/ast.js';
import type { Value } from '../value.js';
import { sortedEntries } from './collection-functions.js';
import { locOf, type Ctx } from './scope.js';

/** Beyond this many elements a `%{for}` is not rendered: its text would pass the computed-string bound anyway. */
const MAX_TEMPLATE_FOR_ELEMENTS = 1000;

/**
 * `%{for V in C}body%{endfor}` (`%{for K, V in C}`) over a collection known as
 * a whole: the body once per element, in Terraform's order (a list's items by
 * index, a map's entries by key), to be joined. Each rendering is the body
 * evaluated with the names bound, by `renderBody`, so each element's text
 * keeps where it was written in the template. Undefined when the collection
 * is not known as a list or an object (a computed or chosen collection), or too large.
 */
export function renderTemplateFor(part: TemplateFor, collection: Value, ctx: Ctx, renderBody: (ctx: Ctx) => Value): Value[] | undefined {
  const elements = templateForElements(collection, ctx, part);
  if (!elements || elements.length > MAX_TEMPLATE_FOR_ELEMENTS) return undefined;
  return elements.map(([key, value]) => {
    const env = new Map(ctx.env);
    env.set(part.valueVar, value);
    if (part.keyVar !== undefined) env.set(part.keyVar, key);
    return renderBody({ ...ctx, env });
  });
}

function templateForElements(collection: Value, ctx: Ctx, part: TemplateFor): Array<[Value, Value]> | undefined {
  if (collection.kind === 'list') return collection.items.map((item, i) => [{ kind: 'literal', value: i, loc: locOf(ctx, part) }, item]);
  if (collection.kind !== 'object') return undefined;
  return sortedEntries(collection.entries).map((e) => [{ kind: 'literal', value: e.key, loc: e.keyLoc }, e.value]);
}
