import type { Attribute, Block, Body, Expression } from './ast.js';
import type { Cursor } from './cursor.js';
import { parseExpression } from './expressions.js';
import { parseQuotedLabel } from './templates.js';
import { T } from './tokens.js';
import { startOffset } from '../../shared/source.js';

/**
 * The structural language (spec "Structural Elements"): bodies of
 * attributes and blocks, each item ending at a newline, plus the one-line
 * block `a { b = 1 }`. Errors skip to the next line so one typo does not
 * hide the rest of the file.
 */

/** Body items up to EOF (the file) or the `}` closing the block opened by token `open`. */
export function parseBody(c: Cursor, open: number): { items: Array<Attribute | Block>; end: number } {
  const items: Array<Attribute | Block> = [];
  const seen = new Map<string, Attribute>();
  const inBlock = open >= 0;
  const errorsBefore = c.diagnostics.length;
  for (;;) {
    c.recovery = false;
    c.aborted = false;
    const i = c.peek();
    const t = c.types[i];
    if (t === T.Newline) {
      c.next();
      continue;
    }
    if (t === T.CBrace && inBlock) {
      c.next();
      return { items, end: c.ends[i] };
    }
    if (t === T.EOF) {
      // After an error inside the block, recovery may have eaten its '}': one report is enough (HashiCorp's parser does the same).
      // So is an unclosed heredoc or string after the brace (the lexer's): it is what swallowed the '}'.
      if (inBlock && c.diagnostics.length === errorsBefore && !c.diagnostics.some((d) => startOffset(d.range) > c.starts[open])) {
        // At the brace that is never closed, as HashiCorp's parser reports it: the end of the file may be far away.
        c.error("this block's '{' is never closed: expected '}' before the end of the file", c.starts[open], c.ends[open]);
      }
      return { items, end: c.starts[i] };
    }
    if (t !== T.Ident) {
      if (t === T.OQuote) c.fail('argument names must not be quoted', i);
      else if (t === T.CBrace) c.fail("unexpected '}': there is no open block to close", i);
      else c.fail(`expected an argument or block definition, found ${c.describe(i)}`, i);
      // Openers stay so the skip jumps over what they enclose; anything else must be consumed to make progress.
      if (!isBracketOpener(t)) c.next();
      c.recoverAfterBodyItem();
      continue;
    }
    const item = parseBodyItem(c);
    if (item === null) continue;
    if (item.type === 'Attribute') {
      const prev = seen.get(item.name);
      if (prev) {
        const at = `${prev.nameRange.start.line}:${prev.nameRange.start.column}`;
        c.errorRange(`attribute "${item.name}" was already set at ${at}; each argument may be set only once`, item.nameRange);
      } else seen.set(item.name, item);
    }
    items.push(item);
  }
}

function isBracketOpener(t: number): boolean {
  return t === T.OBrace || t === T.OBrack || t === T.OParen || t === T.OQuote || t === T.OHeredoc;
}

function parseBodyItem(c: Cursor): Attribute | Block | null {
  const ident = c.next();
  const next = c.peek();
  const t = c.types[next];
  if (t === T.Equal) return parseAttribute(c, ident, false);
  if (t === T.OQuote || t === T.OBrace || t === T.Ident) return parseBlock(c, ident);
  c.fail(`expected '=' or a block after "${c.tokenText(ident)}", found ${c.describe(next)}; use "=" to set an argument`, next);
  c.recoverAfterBodyItem();
  return null;
}

function parseAttribute(c: Cursor, ident: number, singleLine: boolean): Attribute {
  c.next(); // =
  const expr = parseExpression(c);
  const attr = attribute(c, ident, expr);
  if (c.aborted || c.recovery) {
    c.recoverAfterBodyItem();
    return attr;
  }
  if (singleLine) return attr;
  const end = c.peek();
  const t = c.types[end];
  if (t === T.Newline) c.next();
  else if (t !== T.EOF) {
    const name = c.tokenText(ident);
    c.fail(
      t === T.Comma
        ? `unexpected ',' after argument "${name}": arguments are separated by newlines, not commas`
        : `missing newline after argument "${name}", found ${c.describe(end)}`,
      end,
    );
    c.recoverAfterBodyItem();
  }
  return attr;
}

function attribute(c: Cursor, ident: number, expr: Expression): Attribute {
  return {
    type: 'Attribute',
    name: c.tokenText(ident),
    nameRange: c.tokenRange(ident),
    expr,
    range: c.spanTo(c.starts[ident], expr.range),
  };
}

function parseBlock(c: Cursor, ident: number): Block {
  const labels: Block['labels'] = [];
  const blockType = c.tokenText(ident);
  for (;;) {
    const i = c.peek();
    const t = c.types[i];
    if (t === T.OBrace) break;
    if (t === T.OQuote) {
      const l = parseQuotedLabel(c);
      labels.push({ value: l.value, range: c.range(l.start, l.end) });
      continue;
    }
    if (t === T.Ident) {
      c.next();
      labels.push({ value: c.tokenText(i), range: c.tokenRange(i) });
      continue;
    }
    let msg: string;
    if (t === T.Equal) msg = `invalid block definition: "=" introduces an argument and cannot follow block labels`;
    else if (t === T.Newline || t === T.EOF) msg = `invalid block definition: the '{' of block "${blockType}" must be on the same line as its type and labels`;
    else msg = `invalid block definition: expected a quoted label or '{' after "${blockType}", found ${c.describe(i)}`;
    c.fail(msg, i);
    c.recoverAfterBodyItem();
    const r = c.tokenRange(ident);
    return { type: 'Block', blockType, typeRange: r, labels, body: { type: 'Body', items: [], range: r }, range: r };
  }
  if (!c.enter(c.starts[ident])) {
    c.leave();
    c.recoverAfterBodyItem();
    const r = c.tokenRange(ident);
    return { type: 'Block', blockType, typeRange: r, labels, body: { type: 'Body', items: [], range: r }, range: r };
  }
  const open = c.next();
  const after = c.types[c.peek()];
  c.openBlocks++;
  const body =
    after === T.Newline || after === T.EOF || after === T.CBrace ? parseBody(c, open) : parseOneLineBody(c, open);
  c.openBlocks--;
  c.leave();
  const bodyNode: Body = { type: 'Body', items: body.items, range: c.range(c.starts[open], body.end) };
  const block: Block = {
    type: 'Block',
    blockType,
    typeRange: c.tokenRange(ident),
    labels,
    body: bodyNode,
    range: c.range(c.starts[ident], body.end),
  };
  if (c.aborted) return block;
  const eol = c.peek();
  const et = c.types[eol];
  if (et === T.Newline) c.next();
  else if (et !== T.EOF) {
    c.fail(`missing newline after the block "${blockType}", found ${c.describe(eol)}`, eol);
    c.recoverAfterBodyItem();
  }
  return block;
}

/** `a { b = 1 }`: a single argument, closed on the same line. */
function parseOneLineBody(c: Cursor, open: number): { items: Array<Attribute | Block>; end: number } {
  const ident = c.peek();
  if (c.types[ident] !== T.Ident) {
    c.fail(`expected an argument or block definition, found ${c.describe(ident)}`, ident);
    return { items: [], end: c.ends[c.recover(T.CBrace)] };
  }
  c.next();
  const eq = c.peek();
  if (c.types[eq] !== T.Equal) {
    const name = c.tokenText(ident);
    c.fail(
      c.types[eq] === T.OQuote || c.types[eq] === T.OBrace || c.types[eq] === T.Ident
        ? `a one-line block can only contain a single argument; put the nested block "${name}" on a line of its own`
        : `expected '=' after "${name}", found ${c.describe(eq)}`,
      eq,
    );
    return { items: [], end: c.ends[c.recover(T.CBrace)] };
  }
  const attr = parseAttribute(c, ident, true);
  if (c.aborted) return { items: [attr], end: c.ends[c.last] };
  const close = c.peek();
  const t = c.types[close];
  if (t === T.CBrace) return { items: [attr], end: c.ends[c.next()] };
  if (t === T.EOF) c.fail(`expected '}' to close the block opened at ${c.where(c.starts[open])}`, close);
  else if (t === T.Comma) c.fail('a one-line block can only contain a single argument; use one line per argument', close);
  else if (t === T.Newline) c.fail("a one-line block must be closed on the same line: put '}' right after its argument", close);
  else c.fail(`expected '}' to close the one-line block, found ${c.describe(close)}`, close);
  return { items: [attr], end: c.ends[c.recover(T.CBrace)] };
}
