import type { Body, Expression } from '../../parsers/hcl/ast.js';
import type { DeclaredResource } from './scope.js';

/**
 * Whether Terraform leaves argument `name` of a resource as it finds it after
 * creation: `lifecycle { ignore_changes = all }`, or a list naming the argument
 * or a part of it (`[value]`, `[tags["owner"]]`, the old `["value"]`). What is
 * written there is then only what the resource was created with (a
 * `"PLACEHOLDER"` someone replaces by hand), not what other resources read
 * from it; the last lifecycle block to set it wins (an override file's).
 */
export function ignoresChangesTo(decl: DeclaredResource, name: string): boolean {
  let ignored: Expression | undefined;
  for (const block of [decl.block, ...decl.overrides.map((o) => o.block)]) ignored = ignoreChanges(block.body) ?? ignored;
  if (!ignored) return false;
  if (ignored.type === 'Variable') return ignored.name === 'all';
  return ignored.type === 'Tuple' && ignored.items.some((item) => rootName(item) === name);
}

function ignoreChanges(body: Body): Expression | undefined {
  let found: Expression | undefined;
  for (const item of body.items) {
    if (item.type !== 'Block' || item.blockType !== 'lifecycle') continue;
    for (const inner of item.body.items) if (inner.type === 'Attribute' && inner.name === 'ignore_changes') found = inner.expr;
  }
  return found;
}

/** `value` of `value`, `tags["owner"]`, `"value"`, `"tags.owner"`. */
function rootName(expr: Expression): string | undefined {
  let node = expr;
  while (node.type === 'GetAttr' || node.type === 'Index') node = node.type === 'GetAttr' ? node.object : node.collection;
  if (node.type === 'Variable') return node.name;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value.split(/[.[]/)[0];
  if (node.type === 'Template' && node.parts.length === 1 && node.parts[0].type === 'TemplateLiteral') return node.parts[0].value.split(/[.[]/)[0];
  return undefined;
}
