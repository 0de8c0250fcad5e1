import { joinRange } from '../../shared/source.js';
import type { Expression, IndexExpr, SplatItemExpr } from './ast.js';
import type { Cursor } from './cursor.js';
import { parseExpression } from './expressions.js';
import { T } from './tokens.js';

/**
 * Postfix operators (spec "Index Operator", "Attribute Access Operator",
 * "Splat Operators"): `.name`, `[key]`, legacy `.0`, `.*` and `[*]`.
 *
 * An attribute-only splat `.*` takes the `.name`/`.0` steps after it into its
 * `each`; a full splat `[*]` takes every following step, further splats
 * included, exactly as HCL does: `a.*.b[0]` indexes the result while
 * `a[*].b[0]` indexes each element.
 */
export function parseTraversals(c: Cursor, from: Expression): Expression {
  let ret = from;
  for (;;) {
    if (c.aborted) return ret;
    const t = c.peekType();
    if (t === T.Dot) {
      const next = afterDot(c, ret, from);
      if (next === null) return ret;
      ret = next;
    } else if (t === T.OBrack) {
      ret = afterBracket(c, ret, from);
    } else {
      return ret;
    }
  }
}

function afterDot(c: Cursor, ret: Expression, from: Expression): Expression | null {
  const dot = c.next();
  const i = c.peek();
  switch (c.types[i]) {
    case T.Ident:
      c.next();
      return getAttr(c, ret, i);
    case T.Number:
      c.next();
      return legacyIndex(c, ret, i);
    case T.Star: {
      c.next();
      const item: SplatItemExpr = { type: 'SplatItem', range: c.range(c.starts[dot], c.ends[i]) };
      const each = attrSplatSteps(c, item);
      return {
        type: 'Splat',
        source: ret,
        each,
        full: false,
        range: joinRange(from.range, each.range),
      };
    }
    default:
      c.fail(`expected an attribute name after '.', found ${c.describe(i)}`, i);
      return null;
  }
}

/** The `.name` and `.0` steps an attribute-only splat applies to each element. */
function attrSplatSteps(c: Cursor, item: SplatItemExpr): Expression {
  let each: Expression = item;
  while (c.peekType() === T.Dot) {
    // `.*.a[0]` indexes the splat's result, so only dots are taken here.
    c.next();
    const i = c.peek();
    const t = c.types[i];
    if (t === T.Ident) {
      c.next();
      each = getAttr(c, each, i);
    } else if (t === T.Number) {
      c.next();
      each = legacyIndex(c, each, i);
    } else {
      c.fail(
        t === T.Star
          ? 'a splat (*) cannot be used inside another attribute-only splat; use [*]'
          : `expected an attribute name after '.', found ${c.describe(i)}`,
        i,
      );
      return each;
    }
  }
  return each;
}

function afterBracket(c: Cursor, ret: Expression, from: Expression): Expression {
  const open = c.next();
  if (c.peekType() === T.Star) {
    c.next();
    let close = c.next();
    if (c.types[close] !== T.CBrack) {
      c.fail(`expected ']' right after '[*', found ${c.describe(close)}`, close);
      close = c.recover(T.CBrack);
    }
    const item: SplatItemExpr = { type: 'SplatItem', range: c.range(c.starts[open], c.ends[close]) };
    if (!c.enter(c.starts[open])) {
      c.leave();
      return ret;
    }
    const each = parseTraversals(c, item);
    c.leave();
    return {
      type: 'Splat',
      source: ret,
      each,
      full: true,
      range: joinRange(from.range, each.range),
    };
  }
  c.pushNewlines(false);
  const key = parseExpression(c);
  let end: number;
  if (c.aborted) end = c.ends[c.last];
  else if (c.recovery) end = c.ends[c.recover(T.CBrack)];
  else {
    const close = c.peek();
    if (c.types[close] === T.CBrack) end = c.ends[c.next()];
    else {
      c.fail(`expected ']' to close the index opened at ${c.where(c.starts[open])}, found ${c.describe(close)}`, close);
      end = c.ends[c.recover(T.CBrack)];
    }
  }
  c.popNewlines();
  const index: IndexExpr = {
    type: 'Index',
    collection: ret,
    key,
    range: c.spanFrom(ret.range, end),
  };
  return index;
}

function getAttr(c: Cursor, object: Expression, name: number): Expression {
  return {
    type: 'GetAttr',
    object,
    name: c.tokenText(name),
    nameRange: c.tokenRange(name),
    range: c.spanFrom(object.range, c.ends[name]),
  };
}

/** `x.0`, inherited from HIL. `x.0.1` lexes as the number `0.1`, which HCL rejects. */
function legacyIndex(c: Cursor, collection: Expression, num: number): Expression {
  const raw = c.tokenText(num);
  const dot = raw.indexOf('.');
  if (dot >= 0) {
    c.errorAt(
      `invalid legacy index syntax: chained legacy indexes are not allowed; write [${raw.slice(0, dot)}][${raw.slice(dot + 1)}]`,
      num,
    );
  }
  const key = { type: 'Literal' as const, value: Number(raw), raw, range: c.tokenRange(num) };
  return {
    type: 'Index',
    collection,
    key,
    legacy: true,
    range: joinRange(collection.range, key.range),
  };
}
