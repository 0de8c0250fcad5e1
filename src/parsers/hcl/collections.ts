import { joinRange } from '../../shared/source.js';
import type { Expression, ObjectExpr, ObjectItem, TupleExpr } from './ast.js';
import type { Cursor } from './cursor.js';
import { parseExpression } from './expressions.js';
import { parseFor } from './for-expressions.js';
import { T } from './tokens.js';

/**
 * Collection values (spec "Collection Values"): tuples need commas between
 * elements (newlines are whitespace inside brackets, as in hclsyntax);
 * object items are separated by commas or newlines. A leading `for` makes
 * either a for expression instead.
 */

export function parseTuple(c: Cursor): Expression {
  const open = c.next();
  c.pushNewlines(false);
  if (c.isKeyword(c.peek(), 'for')) {
    const f = parseFor(c, open, T.CBrack);
    c.popNewlines();
    return f;
  }
  const items: Expression[] = [];
  const end = parseList(c, open, items, {
    close: T.CBrack,
    unclosed: () => `expected ']' to close the tuple opened at ${c.where(c.starts[open])}`,
    unexpected: (found) => `expected ',' or ']' after a tuple element, found ${found}`,
  });
  c.popNewlines();
  const tuple: TupleExpr = { type: 'Tuple', items, range: c.range(c.starts[open], end) };
  return tuple;
}

/** What tells one comma-separated list from another: a tuple's elements, a call's arguments. */
export interface ListSyntax {
  close: T;
  unclosed: () => string;
  /** Said when an item is followed by neither ',' nor the closing bracket. */
  unexpected: (found: string) => string;
  /** A call's `...` after its last argument: called with the `...` consumed; returns where the list ends. */
  ellipsis?: () => number;
}

/**
 * Reads expressions separated by commas up to the closing bracket (newlines
 * are whitespace here), into `items`; returns the offset where the list ends.
 * After a fault it recovers to the matching closing bracket.
 */
export function parseList(c: Cursor, open: number, items: Expression[], syntax: ListSyntax): number {
  const { close } = syntax;
  for (;;) {
    const t = c.peek();
    if (c.types[t] === close) return c.ends[c.next()];
    if (c.types[t] === T.EOF) {
      c.fail(syntax.unclosed(), t);
      return c.starts[t];
    }
    items.push(parseExpression(c));
    if (c.aborted) return c.ends[open];
    if (c.recovery) return c.ends[c.recover(close)];
    const sep = c.peek();
    const st = c.types[sep];
    if (st === close) return c.ends[c.next()];
    if (st === T.Ellipsis && syntax.ellipsis) {
      c.next();
      return syntax.ellipsis();
    }
    if (st !== T.Comma) {
      c.fail(st === T.EOF ? syntax.unclosed() : syntax.unexpected(c.describe(sep)), sep);
      return c.ends[c.recover(close)];
    }
    c.next();
  }
}

export function parseObject(c: Cursor): Expression {
  const open = c.next();
  // `for` is looked for with newlines ignored, as `{\n for ...` is still a for expression.
  c.pushNewlines(false);
  const isFor = c.isKeyword(c.peek(), 'for');
  if (isFor) {
    const f = parseFor(c, open, T.CBrace);
    c.popNewlines();
    return f;
  }
  c.popNewlines();
  c.pushNewlines(true);
  const items: ObjectItem[] = [];
  let end = c.ends[open];
  const unclosed = (): string => `expected '}' to close the object opened at ${c.where(c.starts[open])}`;
  // After a key or a value: where the object ends when the parse gave up or is recovering, else undefined.
  const stopped = (): number | undefined => (c.aborted ? end : c.recovery ? c.ends[c.recover(T.CBrace)] : undefined);
  for (;;) {
    const t = c.peek();
    const tt = c.types[t];
    if (tt === T.Newline) {
      c.next();
      continue;
    }
    if (tt === T.CBrace) {
      end = c.ends[c.next()];
      break;
    }
    if (tt === T.EOF) {
      c.fail(unclosed(), t);
      end = c.starts[t];
      break;
    }
    const forceExpr = tt === T.OParen;
    const keyTok = t;
    const keyExpr = parseExpression(c);
    const key = forceExpr ? keyExpr : objectKey(c, keyExpr, keyTok);
    const stoppedAfterKey = stopped();
    if (stoppedAfterKey !== undefined) {
      end = stoppedAfterKey;
      break;
    }
    const sep = c.peek();
    const st = c.types[sep];
    if (st !== T.Equal && st !== T.Colon) {
      const msg =
        st === T.EOF
          ? unclosed()
          : st === T.Ident
            ? `expected '=' after the object key, found ${c.describe(sep)}; quote a key that contains periods or spaces`
            : `expected '=' or ':' after the object key, found ${c.describe(sep)}`;
      c.fail(msg, sep);
      end = c.ends[st === T.EOF ? sep : c.recover(T.CBrace)];
      break;
    }
    c.next();
    const value = parseExpression(c);
    items.push({ key, value, range: joinRange(key.range, value.range) });
    const stoppedAfterValue = stopped();
    if (stoppedAfterValue !== undefined) {
      end = stoppedAfterValue;
      break;
    }
    const after = c.peek();
    const at = c.types[after];
    if (at === T.CBrace) {
      end = c.ends[c.next()];
      break;
    }
    if (at !== T.Comma && at !== T.Newline) {
      c.fail(at === T.EOF ? unclosed() : `expected ',' or a newline after an object item, found ${c.describe(after)}`, after);
      end = c.ends[at === T.EOF ? after : c.recover(T.CBrace)];
      break;
    }
    c.next();
  }
  c.popNewlines();
  const obj: ObjectExpr = { type: 'Object', items, range: c.range(c.starts[open], end) };
  return obj;
}

/** A naked name (including `true`, `false`, `null`) as an object key is the literal string, not a reference. */
function objectKey(c: Cursor, key: Expression, keyTok: number): Expression & { bareKey?: boolean } {
  if (key.type === 'Variable') return { type: 'Literal', value: key.name, bareKey: true, range: key.range };
  if (key.type === 'Literal' && c.types[keyTok] === T.Ident && c.last === keyTok) {
    return { type: 'Literal', value: c.tokenText(keyTok), bareKey: true, range: key.range };
  }
  return key;
}
