import type {
  BinaryOp,
  Expression,
  ForExpr,
  FunctionCallExpr,
  LiteralExpr,
  ObjectExpr,
  ObjectItem,
  TupleExpr,
} from './ast.js';
import type { Cursor } from './cursor.js';
import { parseTemplateExpr } from './templates.js';
import { parseTraversals } from './traversals.js';
import { T } from './tokens.js';

/**
 * Expressions (spec "Expressions"). Operator precedence, loosest first:
 * `?:`, `||`, `&&`, `== !=`, `< > <= >=`, `+ -`, `* / %`, then unary `- !`
 * and the postfix traversals. Same-level binary operators associate left.
 */

const PRECEDENCE: Partial<Record<number, number>> = {
  [T.Or]: 1,
  [T.And]: 2,
  [T.EqualOp]: 3,
  [T.NotEqual]: 3,
  [T.Lt]: 4,
  [T.Gt]: 4,
  [T.Le]: 4,
  [T.Ge]: 4,
  [T.Plus]: 5,
  [T.Minus]: 5,
  [T.Star]: 6,
  [T.Slash]: 6,
  [T.Percent]: 6,
};

const OPERATOR: Partial<Record<number, BinaryOp>> = {
  [T.Or]: '||',
  [T.And]: '&&',
  [T.EqualOp]: '==',
  [T.NotEqual]: '!=',
  [T.Lt]: '<',
  [T.Gt]: '>',
  [T.Le]: '<=',
  [T.Ge]: '>=',
  [T.Plus]: '+',
  [T.Minus]: '-',
  [T.Star]: '*',
  [T.Slash]: '/',
  [T.Percent]: '%',
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
    range: { start: cond.range.start, end: otherwise.range.end },
  };
}

function parseBinary(c: Cursor, minPrec: number): Expression {
  let left = parseOperand(c);
  for (;;) {
    if (c.aborted) return left;
    const t = c.peekType();
    const prec = PRECEDENCE[t];
    if (prec === undefined || prec < minPrec) return left;
    c.next();
    const right = parseBinary(c, prec + 1);
    left = {
      type: 'Binary',
      op: OPERATOR[t] ?? '+',
      left,
      right,
      range: { start: left.range.start, end: right.range.end },
    };
  }
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
    range: { start: c.positions.at(c.starts[i]), end: operand.range.end },
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
  let end = c.ends[open];
  for (;;) {
    const t = c.peek();
    if (c.types[t] === T.CParen) {
      end = c.ends[c.next()];
      break;
    }
    if (c.types[t] === T.EOF) {
      c.fail(`expected ')' to close the call to ${name}() opened at ${c.where(c.starts[open])}`, t);
      end = c.starts[t];
      break;
    }
    args.push(parseExpression(c));
    if (c.aborted) break;
    if (c.recovery) {
      end = c.ends[c.recover(T.CParen)];
      break;
    }
    const sep = c.next();
    const st = c.types[sep];
    if (st === T.CParen) {
      end = c.ends[sep];
      break;
    }
    if (st === T.Ellipsis) {
      expandFinal = true;
      const close = c.peek();
      if (c.types[close] === T.CParen) end = c.ends[c.next()];
      else {
        c.fail(`expected ')' right after '...' in the call to ${name}()`, close);
        end = c.ends[c.recover(T.CParen)];
      }
      break;
    }
    if (st !== T.Comma) {
      const msg =
        st === T.EOF
          ? `expected ')' to close the call to ${name}() opened at ${c.where(c.starts[open])}`
          : `expected ',' or ')' after an argument of ${name}(), found ${c.describe(sep)}`;
      c.fail(msg, sep);
      end = c.ends[st === T.EOF ? sep : c.recover(T.CParen)];
      break;
    }
  }
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

function parseTuple(c: Cursor): Expression {
  const open = c.next();
  c.pushNewlines(false);
  if (c.isKeyword(c.peek(), 'for')) {
    const f = parseFor(c, open, T.CBrack);
    c.popNewlines();
    return f;
  }
  const items: Expression[] = [];
  let end = c.ends[open];
  for (;;) {
    const t = c.peek();
    if (c.types[t] === T.CBrack) {
      end = c.ends[c.next()];
      break;
    }
    if (c.types[t] === T.EOF) {
      c.fail(`expected ']' to close the tuple opened at ${c.where(c.starts[open])}`, t);
      end = c.starts[t];
      break;
    }
    items.push(parseExpression(c));
    if (c.aborted) break;
    if (c.recovery) {
      end = c.ends[c.recover(T.CBrack)];
      break;
    }
    const sep = c.peek();
    const st = c.types[sep];
    if (st === T.CBrack) {
      end = c.ends[c.next()];
      break;
    }
    if (st !== T.Comma) {
      const msg =
        st === T.EOF
          ? `expected ']' to close the tuple opened at ${c.where(c.starts[open])}`
          : `expected ',' or ']' after a tuple element, found ${c.describe(sep)}`;
      c.fail(msg, sep);
      end = c.ends[c.recover(T.CBrack)];
      break;
    }
    c.next();
  }
  c.popNewlines();
  const tuple: TupleExpr = { type: 'Tuple', items, range: c.range(c.starts[open], end) };
  return tuple;
}

function parseObject(c: Cursor): Expression {
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
    if (c.aborted) break;
    if (c.recovery) {
      end = c.ends[c.recover(T.CBrace)];
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
    items.push({ key, value, range: { start: key.range.start, end: value.range.end } });
    if (c.aborted) break;
    if (c.recovery) {
      end = c.ends[c.recover(T.CBrace)];
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

function parseFor(c: Cursor, open: number, close: T): Expression {
  const kind = close === T.CBrack ? 'tuple' : 'object';
  const bail = (): Expression => {
    const end = c.aborted ? c.ends[c.last] : c.ends[c.recover(close)];
    return { type: 'Literal', value: null, range: c.range(c.starts[open], end) };
  };
  c.next(); // for
  let v = c.peek();
  if (c.types[v] !== T.Ident) {
    c.fail(`expected a variable name after 'for', found ${c.describe(v)}`, v);
    return bail();
  }
  c.next();
  let keyVar: string | undefined;
  let valueVar = c.tokenText(v);
  if (c.peekType() === T.Comma) {
    c.next();
    keyVar = valueVar;
    v = c.peek();
    if (c.types[v] !== T.Ident) {
      c.fail(`expected a value variable name after ',' in the for expression, found ${c.describe(v)}`, v);
      return bail();
    }
    c.next();
    valueVar = c.tokenText(v);
  }
  const inTok = c.peek();
  if (!c.isKeyword(inTok, 'in')) {
    c.fail(`expected 'in' after the for expression's variables, found ${c.describe(inTok)}`, inTok);
    return bail();
  }
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
