import type { Expression, ForExpr } from './ast.js';
import type { Cursor } from './cursor.js';
import { parseExpression } from './expressions.js';
import { T } from './tokens.js';

/**
 * For expressions (spec "For Expressions"): `[for v in c : e if cond]` and
 * `{for k, v in c : ke => ve... if cond}`. The cursor is past the opening
 * bracket, at `for`; newlines are whitespace throughout.
 */
export function parseFor(c: Cursor, open: number, close: T): Expression {
  const kind = close === T.CBrack ? 'tuple' : 'object';
  const bail = (): Expression => {
    const end = c.aborted ? c.ends[c.last] : c.ends[c.recover(close)];
    return { type: 'Literal', value: null, range: c.range(c.starts[open], end) };
  };
  c.next(); // for
  const vars = parseForVariables(c, 'for expression');
  if (!vars) return bail();
  const { keyVar, valueVar } = vars;
  c.next();
  const collection = parseExpression(c);
  if (c.aborted || c.recovery) return bail();
  const colon = c.peek();
  if (c.types[colon] !== T.Colon) {
    c.fail(`expected ':' after the for expression's collection, found ${c.describe(colon)}`, colon);
    return bail();
  }
  c.next();
  let keyExpr: Expression | undefined;
  let valueExpr = parseExpression(c);
  if (!c.aborted && c.peekType() === T.FatArrow) {
    const arrow = c.next();
    keyExpr = valueExpr;
    valueExpr = parseExpression(c);
    if (kind === 'tuple') c.error("a key expression ('=>') is not valid in a tuple for expression", c.starts[arrow], c.ends[arrow]);
  }
  if (c.aborted || c.recovery) return bail();
  let grouping = false;
  if (c.peekType() === T.Ellipsis) {
    const e = c.next();
    grouping = true;
    if (kind === 'tuple') c.error("grouping ('...') is not valid in a tuple for expression", c.starts[e], c.ends[e]);
  }
  let condition: Expression | undefined;
  if (c.isKeyword(c.peek(), 'if')) {
    c.next();
    condition = parseExpression(c);
    if (c.aborted || c.recovery) return bail();
  }
  const end = c.peek();
  if (c.types[end] !== close) {
    const closer = close === T.CBrack ? ']' : '}';
    c.fail(`expected '${closer}' to close the for expression opened at ${c.where(c.starts[open])}, found ${c.describe(end)}`, end);
    return bail();
  }
  c.next();
  if (kind === 'object' && !keyExpr) {
    c.errorRange("an object for expression needs a key: '{for k, v in m : k => v}'", valueExpr.range);
  }
  const f: ForExpr = {
    type: 'For',
    valueVar,
    collection,
    valueExpr,
    grouping,
    range: c.range(c.starts[open], c.ends[end]),
  };
  if (keyVar !== undefined) f.keyVar = keyVar;
  if (keyExpr) f.keyExpr = keyExpr;
  if (condition) f.condition = condition;
  return f;
}

/**
 * `k, v in` or `v in` after `for`, in a for expression or a template's for
 * directive (`where` names which in the messages). On success the cursor is
 * past `in`; on failure the error is recorded and the caller recovers.
 */
export function parseForVariables(c: Cursor, where: 'for expression' | 'for directive'): { keyVar?: string; valueVar: string } | undefined {
  let v = c.peek();
  if (c.types[v] !== T.Ident) {
    const after = where === 'for expression' ? "'for'" : "'for' in the template directive";
    c.fail(`expected a variable name after ${after}, found ${c.describe(v)}`, v);
    return undefined;
  }
  c.next();
  let keyVar: string | undefined;
  let valueVar = c.tokenText(v);
  if (c.peekType() === T.Comma) {
    c.next();
    keyVar = valueVar;
    v = c.peek();
    if (c.types[v] !== T.Ident) {
      c.fail(`expected a value variable name after ',' in the ${where}, found ${c.describe(v)}`, v);
      return undefined;
    }
    c.next();
    valueVar = c.tokenText(v);
  }
  const inTok = c.peek();
  if (!c.isKeyword(inTok, 'in')) {
    c.fail(`expected 'in' after the ${where}'s variables, found ${c.describe(inTok)}`, inTok);
    return undefined;
  }
  return { keyVar, valueVar };
}
