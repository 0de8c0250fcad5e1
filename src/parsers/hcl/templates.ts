import type { Expression, TemplateExpr, TemplateInterpolation, TemplatePart } from './ast.js';
import type { Cursor } from './cursor.js';
import { parseExpression } from './expressions.js';
import { parseForVariables } from './for-expressions.js';
import { buildTemplateTree, type FlatDirective, type FlatPart, type FlatLiteral } from './template-tree.js';
import { decodeLiteral, isUnicodeSpace, trimLeftSpace, trimRightSpace, type DecodeError } from './strings.js';
import { T } from './tokens.js';

/**
 * Templates (spec "Templates"): quoted strings, heredocs, and the bare
 * templates of `.tf.json` strings. As in hclsyntax, the tokens are first
 * raised to a flat list of literals, interpolations and directive markers;
 * strip markers and heredoc indentation are applied to that list; then it is
 * folded into the tree (`template-tree.ts`).
 */

/** A quoted template or heredoc; the cursor is at its opening token. */
export function parseTemplateExpr(c: Cursor): TemplateExpr {
  const open = c.next();
  const heredoc = c.types[open] === T.OHeredoc;
  const end = heredoc ? T.CHeredoc : T.CQuote;
  const { flat, endTok } = parseFlatParts(c, end, !heredoc);
  const start = c.starts[open];
  if (flat.length === 0) {
    const at = heredoc ? c.starts[endTok] : c.ends[open];
    flat.push({ k: 'lit', value: '', start: at, end: at });
  }
  let marker = '';
  let indented = false;
  if (heredoc) {
    indented = c.text.charCodeAt(start + 2) === 45;
    marker = c.text.slice(start + (indented ? 3 : 2), c.ends[open]);
    if (indented) flushHeredocIndent(flat);
  }
  const parts = buildTemplateTree(c, meldLiterals(flat));
  const node: TemplateExpr = { type: 'Template', parts, range: c.range(start, c.ends[endTok]) };
  if (heredoc) node.heredoc = { marker, indented };
  return node;
}

/** A whole token stream lexed in template mode (the content of a `.tf.json` string). */
export function parseBareTemplate(c: Cursor): TemplateExpr {
  const { flat } = parseFlatParts(c, T.EOF, false);
  if (flat.length === 0) flat.push({ k: 'lit', value: '', start: 0, end: 0 });
  const parts = buildTemplateTree(c, meldLiterals(flat));
  return { type: 'Template', parts, range: c.range(0, c.text.length) };
}

/** A block label: a quoted string without template sequences. The cursor is at the opening quote. */
export function parseQuotedLabel(c: Cursor): { value: string; start: number; end: number } {
  const open = c.next();
  let value = '';
  let end = c.ends[open];
  for (;;) {
    const i = c.next();
    const t = c.types[i];
    if (t === T.CQuote || t === T.EOF) {
      end = c.ends[i];
      break;
    }
    if (t === T.QuotedLit) {
      value += decode(c, i, true);
    } else if (t === T.TemplateInterp || t === T.TemplateControl) {
      const which = c.text[c.starts[i]];
      c.errorAt(`template sequences are not allowed in a block label; to include a literal "${which}{", write "${which}${which}{"`, i);
      value += `${which}{ ... }`;
      c.recover(T.TemplateSeqEnd);
      c.recovery = false;
    }
  }
  return { value, start: c.starts[open], end };
}

function decode(c: Cursor, i: number, quoted: boolean): string {
  const errors: DecodeError[] = [];
  const value = decodeLiteral(c.text, c.starts[i], c.ends[i], quoted, errors);
  for (const e of errors) c.error(e.message, e.start, e.end);
  return value;
}

function parseFlatParts(c: Cursor, end: T, quoted: boolean): { flat: FlatPart[]; endTok: number } {
  const flat: FlatPart[] = [];
  let ltrimNext = false;
  let prevWasLiteral = false;
  for (;;) {
    if (c.aborted) return { flat, endTok: c.last };
    const i = c.next();
    const t = c.types[i];
    if (t === end || t === T.EOF) return { flat, endTok: i };
    const ltrim = ltrimNext;
    ltrimNext = false;
    const canTrimPrev = prevWasLiteral;
    prevWasLiteral = false;
    if (t === T.QuotedLit || t === T.StringLit) {
      const raw = decode(c, i, quoted);
      flat.push({ k: 'lit', value: ltrim ? trimLeftSpace(raw) : raw, start: c.starts[i], end: c.ends[i] });
      prevWasLiteral = true;
      continue;
    }
    if (t !== T.TemplateInterp && t !== T.TemplateControl) {
      c.fail(`unexpected ${c.describe(i)} in a template`, i);
      continue;
    }
    const stripLeft = c.ends[i] - c.starts[i] === 3;
    if (stripLeft && canTrimPrev) {
      const prev = flat[flat.length - 1] as FlatLiteral;
      prev.value = trimRightSpace(prev.value);
    }
    c.pushNewlines(false);
    const closer = t === T.TemplateInterp ? interpolation(c, i, flat, stripLeft) : directive(c, i, flat);
    c.popNewlines();
    if (closer >= 0 && c.text.charCodeAt(c.starts[closer]) === 126) ltrimNext = true;
  }
}

/** `${ expr }`; returns the closing token, or -1 when it was not found. */
function interpolation(c: Cursor, open: number, flat: FlatPart[], stripLeft: boolean): number {
  if (!c.enter(c.starts[open])) {
    c.leave();
    return -1;
  }
  const expr = parseExpression(c);
  c.leave();
  const close = c.peek();
  const ok = !c.aborted && c.types[close] === T.TemplateSeqEnd;
  if (ok) c.next();
  else if (!c.aborted) resync(c, close, open, 'interpolation');
  const end = ok ? c.ends[close] : c.ends[c.last];
  const node: TemplateInterpolation = {
    type: 'TemplateInterpolation',
    expr,
    stripLeft,
    stripRight: ok && c.ends[close] - c.starts[close] === 2,
    range: c.range(c.starts[open], end),
  };
  flat.push({ k: 'interp', node, end });
  return ok ? close : -1;
}

function resync(c: Cursor, close: number, open: number, what: string): void {
  const t = c.types[close];
  const where = c.where(c.starts[open]);
  let msg: string;
  if (t === T.EOF || t === T.CQuote || t === T.CHeredoc) msg = `unclosed template ${what}: expected '}' to end the sequence opened at ${where}`;
  else if (t === T.Colon) msg = `unexpected ':' in a template ${what}; to write a literal "\${", escape it as "$\${"`;
  else msg = `expected '}' to end the template ${what} opened at ${where}, found ${c.describe(close)}; to write a literal "\${", escape it as "$\${"`;
  if (!c.recovery) c.errorAt(msg, close);
  if (t === T.EOF || t === T.CQuote || t === T.CHeredoc) {
    c.recovery = true;
    return;
  }
  const found = c.recover(T.TemplateSeqEnd);
  // Back in sync at the sequence end: the rest of the template can be parsed normally.
  if (c.types[found] === T.TemplateSeqEnd) c.recovery = false;
}

const DIRECTIVES = ['if', 'else', 'endif', 'for', 'endfor'];

/** `%{ if }`, `%{ else }`, `%{ endif }`, `%{ for }`, `%{ endfor }`; returns the closing token or -1. */
function directive(c: Cursor, open: number, flat: FlatPart[]): number {
  const kw = c.peek();
  const word = c.types[kw] === T.Ident ? c.tokenText(kw) : '';
  if (!DIRECTIVES.includes(word)) {
    const msg =
      word === ''
        ? `expected a template directive keyword (if, for, else, endif, endfor) after '%{', found ${c.describe(kw)}`
        : `invalid template directive "${word}"; expected if, for, else, endif or endfor`;
    c.fail(msg, kw);
    const found = c.recover(T.TemplateSeqEnd);
    if (c.types[found] === T.TemplateSeqEnd) c.recovery = false;
    return -1;
  }
  c.next();
  const start = c.starts[open];
  let part: FlatDirective | null;
  if (word === 'if') {
    const cond = directiveExpression(c, open);
    part = cond ? { k: 'if', cond, start, end: 0 } : null;
  } else if (word === 'for') {
    part = forDirective(c, open);
  } else {
    part = { k: word as 'else' | 'endif' | 'endfor', start, end: 0 };
  }
  if (c.aborted) return -1;
  const close = c.peek();
  if (part === null || c.types[close] !== T.TemplateSeqEnd) {
    if (part !== null) resync(c, close, open, `"${word}" directive`);
    else if (!c.aborted) {
      const found = c.recover(T.TemplateSeqEnd);
      if (c.types[found] === T.TemplateSeqEnd) c.recovery = false;
    }
    if (part !== null) {
      part.end = c.ends[c.last];
      flat.push(part);
    }
    return -1;
  }
  c.next();
  part.end = c.ends[close];
  flat.push(part);
  return close;
}

function directiveExpression(c: Cursor, open: number): Expression | null {
  if (!c.enter(c.starts[open])) {
    c.leave();
    return null;
  }
  const e = parseExpression(c);
  c.leave();
  return c.aborted ? null : e;
}

function forDirective(c: Cursor, open: number): FlatDirective | null {
  const vars = parseForVariables(c, 'for directive');
  if (!vars) return null;
  const { keyVar, valueVar } = vars;
  c.next();
  const coll = directiveExpression(c, open);
  if (!coll) return null;
  return { k: 'for', keyVar, valueVar, coll, start: c.starts[open], end: 0 };
}

/**
 * `<<-` heredocs: remove from every line the smallest indentation of any
 * non-blank line (hclsyntax `flushHeredocTemplateParts`). A line starting
 * with an interpolation has indentation 0; whitespace-only lines neither
 * count nor get trimmed.
 */
function flushHeredocIndent(flat: FlatPart[]): void {
  let min = Infinity;
  let atLineStart = true;
  const adjust: FlatLiteral[] = [];
  for (const part of flat) {
    if (atLineStart) {
      atLineStart = false;
      let spaces = 0;
      if (part.k === 'lit') {
        const v = part.value;
        let lead = 0;
        while (lead < v.length && isUnicodeSpace(v.charCodeAt(lead))) lead++;
        if (lead === v.length && endsLine(v)) spaces = Infinity;
        else {
          spaces = lead;
          adjust.push(part);
        }
      }
      if (spaces < min) min = spaces;
    }
    if (part.k === 'lit' && endsLine(part.value)) atLineStart = true;
  }
  if (min === Infinity || min === 0) return;
  for (const lit of adjust) {
    lit.value = lit.value.slice(min);
    lit.start += min;
  }
}

function endsLine(v: string): boolean {
  const c = v.charCodeAt(v.length - 1);
  return c === 10 || c === 13;
}

function meldLiterals(flat: FlatPart[]): FlatPart[] {
  const out: FlatPart[] = [];
  for (const part of flat) {
    const prev = out[out.length - 1];
    if (part.k === 'lit' && prev !== undefined && prev.k === 'lit') {
      prev.value += part.value;
      prev.end = part.end;
    } else {
      out.push(part);
    }
  }
  return out;
}

export type { TemplatePart };
