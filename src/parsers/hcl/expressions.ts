import { joinRange } from '../../shared/source.js';
import type { BinaryOp, Expression, FunctionCallExpr, LiteralExpr } from './ast.js';
import { parseList, parseObject, parseTuple } from './collections.js';
import type { Cursor } from './cursor.js';
import { parseTemplateExpr } from './templates.js';
import { parseTraversals } from './traversals.js';
import { T } from './tokens.js';

/**
 * Expressions (spec "Expressions"). Operator precedence, loosest first:
 * `?:`, `||`, `&&`, `== !=`, `< > <= >=`, `+ -`, `* / %`, then unary `- !`
 * and the postfix traversals. Same-level binary operators associate left.
 */

/** Each binary operator token: what it is, and how tightly it binds (HCL's table, loosest first). */
const BINARY: Partial<Record<number, { op: BinaryOp; precedence: number }>> = {
  [T.Or]: { op: '||', precedence: 1 },
  [T.And]: { op: '&&', precedence: 2 },
  [T.EqualOp]: { op: '==', precedence: 3 },
  [T.NotEqual]: { op: '!=', precedence: 3 },
  [T.Lt]: { op: '<', precedence: 4 },
  [T.Gt]: { op: '>', precedence: 4 },
  [T.Le]: { op: '<=', precedence: 4 },
  [T.Ge]: { op: '>=', precedence: 4 },
  [T.Plus]: { op: '+', precedence: 5 },
  [T.Minus]: { op: '-', precedence: 5 },
  [T.Star]: { op: '*', precedence: 6 },
  [T.Slash]: { op: '/', precedence: 6 },
  [T.Percent]: { op: '%', precedence: 6 },
};

export function parseExpression(c: Cursor): Expression {
  const first = c.peek();
  if (!c.enter(c.starts[first])) {
    c.leave();
    return placeholder(c, first);
  }
  const e = parseConditional(c);
  c.leave();
  return e;
}

function parseConditional(c: Cursor): Expression {
  const cond = parseBinary(c, 1);
  if (c.aborted || c.peekType() !== T.Question) return cond;
  const q = c.next();
  const then = parseExpression(c);
  if (c.aborted) return cond;
  const colon = c.peek();
  if (c.types[colon] !== T.Colon) {
    c.fail(`expected ':' for the false branch of the conditional started at ${c.where(c.starts[q])}, found ${c.describe(colon)}`, colon);
    return cond;
  }
  c.next();
  const otherwise = parseExpression(c);
  return {
    type: 'Conditional',
    condition: cond,
    then,
    else: otherwise,
    range: joinRange(cond.range, otherwise.range),
  };
}

function parseBinary(c: Cursor, minPrec: number): Expression {
  let left = parseOperand(c);
  // A chain `a+b+c` is the left-deep tree `(a+b)+c`; its evaluator folds the left spine in a loop
  // (terraform/operators.ts), so a flat chain of any length is not nesting. Only the right operand,
  // parsed by recursion, counts towards the depth limit.
  for (;;) {
    if (c.aborted) break;
    const op = c.peek();
    const t = c.types[op];
    const binary = BINARY[t];
    if (binary === undefined || binary.precedence < minPrec) break;
    if (!c.enter(c.starts[op])) {
      c.leave();
      break;
    }
    c.next();
    const right = parseBinary(c, binary.precedence + 1);
    c.leave();
    left = {
      type: 'Binary',
      op: binary.op,
      left,
      right,
      range: joinRange(left.range, right.range),
    };
  }
  return left;
}

/** A term with its traversals, or a unary operator applied to one (`-a.b` negates `a.b`; `-1+2` is `(-1)+2`). */
export function parseOperand(c: Cursor): Expression {
  const i = c.peek();
  const t = c.types[i];
  if (t !== T.Minus && t !== T.Bang) return parseTraversals(c, parseTerm(c));
  // Unary chains recurse without passing through parseExpression, so they count depth themselves.
  if (!c.enter(c.starts[i])) {
    c.leave();
    return placeholder(c, i);
  }
  c.next();
  const operand = parseOperand(c);
  c.leave();
  return {
    type: 'Unary',
    op: t === T.Minus ? '-' : '!',
    operand,
    range: c.spanTo(c.starts[i], operand.range),
  };
}

function parseTerm(c: Cursor): Expression {
  const i = c.peek();
  switch (c.types[i]) {
    case T.Number:
      return parseNumber(c);
    case T.Ident:
      return parseIdentTerm(c);
    case T.OQuote:
    case T.OHeredoc:
      return parseTemplateExpr(c);
    case T.OParen:
      return parseParens(c);
    case T.OBrack:
      return parseTuple(c);
    case T.OBrace:
      return parseObject(c);
    case T.EOF:
      c.fail('expected an expression, found the end of the file', i);
      return placeholder(c, i);
    default:
      c.fail(`expected an expression, found ${c.describe(i)}`, i);
      return placeholder(c, i);
  }
}

/** Stands in for an expression that could not be parsed, so the tree stays well-formed. */
export function placeholder(c: Cursor, i: number): LiteralExpr {
  return { type: 'Literal', value: null, range: c.range(c.starts[i], c.starts[i]) };
}

function parseNumber(c: Cursor): LiteralExpr {
  const i = c.next();
  const raw = c.tokenText(i);
  const value = Number(raw);
  if (Number.isNaN(value)) c.errorAt(`invalid number literal "${raw}"`, i);
  return { type: 'Literal', value, raw, range: c.tokenRange(i) };
}

function parseIdentTerm(c: Cursor): Expression {
  const i = c.next();
  const after = c.peekType();
  if (after === T.OParen || after === T.DoubleColon) return parseFunctionCall(c, i);
  const name = c.tokenText(i);
  const range = c.tokenRange(i);
  if (name === 'true') return { type: 'Literal', value: true, range };
  if (name === 'false') return { type: 'Literal', value: false, range };
  if (name === 'null') return { type: 'Literal', value: null, range };
  return { type: 'Variable', name, range };
}

function parseParens(c: Cursor): Expression {
  const open = c.next();
  c.pushNewlines(false);
  const expr = parseExpression(c);
  let end: number;
  if (c.aborted) {
    end = c.ends[c.last];
  } else if (c.recovery) {
    end = c.ends[c.recover(T.CParen)];
  } else {
    const close = c.peek();
    if (c.types[close] === T.CParen) {
      c.next();
      end = c.ends[close];
    } else {
      c.fail(`expected ')' to close the parenthesis opened at ${c.where(c.starts[open])}, found ${c.describe(close)}`, close);
      end = c.ends[c.recover(T.CParen)];
    }
  }
  c.popNewlines();
  return { type: 'Parens', expr, range: c.range(c.starts[open], end) };
}

function parseFunctionCall(c: Cursor, nameTok: number): Expression {
  let name = c.tokenText(nameTok);
  let nameEnd = c.ends[nameTok];
  let open = c.next();
  while (c.types[open] === T.DoubleColon) {
    const part = c.next();
    if (c.types[part] !== T.Ident) {
      c.fail(`expected a function name after '::', found ${c.describe(part)}`, part);
      return placeholder(c, nameTok);
    }
    name += '::' + c.tokenText(part);
    nameEnd = c.ends[part];
    open = c.next();
  }
  const nameRange = c.range(c.starts[nameTok], nameEnd);
  if (c.types[open] !== T.OParen) {
    c.fail(`expected '(' after the function name ${name}, found ${c.describe(open)}`, open);
    return placeholder(c, nameTok);
  }
  c.pushNewlines(false);
  const args: Expression[] = [];
  let expandFinal = false;
  const end = parseList(c, open, args, {
    close: T.CParen,
    unclosed: () => `expected ')' to close the call to ${name}() opened at ${c.where(c.starts[open])}`,
    unexpected: (found) => `expected ',' or ')' after an argument of ${name}(), found ${found}`,
    ellipsis: () => {
      expandFinal = true;
      const close = c.peek();
      if (c.types[close] === T.CParen) return c.ends[c.next()];
      c.fail(`expected ')' right after '...' in the call to ${name}()`, close);
      return c.ends[c.recover(T.CParen)];
    },
  });
  c.popNewlines();
  const call: FunctionCallExpr = {
    type: 'FunctionCall',
    name,
    nameRange,
    args,
    expandFinal,
    range: c.range(c.starts[nameTok], end),
  };
  return call;
}
