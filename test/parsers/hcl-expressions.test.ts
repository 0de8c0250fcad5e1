import { describe, it, expect } from 'vitest';
import type { Expression } from '../../src/parsers/hcl/ast.js';
import { expr, parseOk, shape, slice } from './hcl-helpers.js';

const v = (name: string) => ({ type: 'Variable', name });
const num = (raw: string) => ({ type: 'Literal', value: Number(raw), raw });
const str = (value: string) => ({ type: 'Template', parts: [{ type: 'TemplateLiteral', value }] });
const attr = (object: unknown, name: string) => ({ type: 'GetAttr', object, name });
const bin = (op: string, left: unknown, right: unknown) => ({ type: 'Binary', op, left, right });

/** Renders an expression with explicit grouping, to check precedence compactly. */
function grouped(e: Expression): string {
  switch (e.type) {
    case 'Binary':
      return `(${grouped(e.left)} ${e.op} ${grouped(e.right)})`;
    case 'Unary':
      return `(${e.op}${grouped(e.operand)})`;
    case 'Conditional':
      return `(${grouped(e.condition)} ? ${grouped(e.then)} : ${grouped(e.else)})`;
    case 'Variable':
      return e.name;
    case 'Literal':
      return String(e.raw ?? e.value);
    case 'Parens':
      return `[${grouped(e.expr)}]`;
    case 'GetAttr':
      return `${grouped(e.object)}.${e.name}`;
    default:
      return e.type;
  }
}

describe('HCL literals', () => {
  it('parses numbers and keeps their source text', () => {
    expect(shape(expr('42'))).toEqual(num('42'));
    expect(shape(expr('1.50'))).toEqual({ type: 'Literal', value: 1.5, raw: '1.50' });
    expect(shape(expr('1e3'))).toEqual({ type: 'Literal', value: 1000, raw: '1e3' });
    expect(shape(expr('2E-2'))).toEqual({ type: 'Literal', value: 0.02, raw: '2E-2' });
    expect(shape(expr('12345678901234567890'))).toMatchObject({ raw: '12345678901234567890' });
  });

  it('parses true, false and null', () => {
    expect(shape(expr('true'))).toEqual({ type: 'Literal', value: true });
    expect(shape(expr('false'))).toEqual({ type: 'Literal', value: false });
    expect(shape(expr('null'))).toEqual({ type: 'Literal', value: null });
  });

  it('keeps a negative number as a negation, as HCL does', () => {
    expect(shape(expr('-1'))).toEqual({ type: 'Unary', op: '-', operand: num('1') });
  });
});

describe('HCL collections', () => {
  it('parses tuples with commas, newlines between items and a trailing comma', () => {
    expect(shape(expr('[]'))).toEqual({ type: 'Tuple', items: [] });
    expect(shape(expr('[1, "a", b]'))).toEqual({ type: 'Tuple', items: [num('1'), str('a'), v('b')] });
    expect(shape(expr('[\n  1,\n  2,\n]'))).toEqual({ type: 'Tuple', items: [num('1'), num('2')] });
  });

  it('parses objects separated by newlines or commas, with = or :', () => {
    const e = expr('{\n  a = 1\n  "b": 2, c = 3,\n}');
    expect(shape(e)).toEqual({
      type: 'Object',
      items: [
        { key: { type: 'Literal', value: 'a', bareKey: true }, value: num('1') },
        { key: str('b'), value: num('2') },
        { key: { type: 'Literal', value: 'c', bareKey: true }, value: num('3') },
      ],
    });
  });

  it('reads naked names, including keywords, as literal keys and parenthesised keys as expressions', () => {
    const e = expr('{ null = 1, true = 2, (k) = 3, a.b = 4, 5 = 6 }');
    expect(e.type === 'Object' && e.items.map((i) => shape(i.key))).toEqual([
      { type: 'Literal', value: 'null', bareKey: true },
      { type: 'Literal', value: 'true', bareKey: true },
      { type: 'Parens', expr: v('k') },
      attr(v('a'), 'b'),
      num('5'),
    ]);
  });

  it('gives object items ranges from key to value', () => {
    const src = 'x = { a = 1, "b" = [2] }\n';
    const f = parseOk(src);
    const e = (f.body.items[0] as { expr: Expression }).expr;
    expect(e.type === 'Object' && e.items.map((i) => slice(src, i.range))).toEqual(['a = 1', '"b" = [2]']);
  });
});

describe('HCL traversals', () => {
  it('parses attribute access and indexes', () => {
    expect(shape(expr('aws_iam_role.r.name'))).toEqual(attr(attr(v('aws_iam_role'), 'r'), 'name'));
    expect(shape(expr('a[0]["k"]'))).toEqual({
      type: 'Index',
      collection: { type: 'Index', collection: v('a'), key: num('0') },
      key: str('k'),
    });
  });

  it('parses the legacy .0 index', () => {
    expect(shape(expr('a.0.b'))).toEqual(attr({ type: 'Index', collection: v('a'), key: num('0'), legacy: true }, 'b'));
  });

  it('parses attribute-only splats: later indexes apply to the result', () => {
    const e = expr('a.*.b.c[0]');
    expect(shape(e)).toEqual({
      type: 'Index',
      collection: {
        type: 'Splat',
        source: v('a'),
        each: attr(attr({ type: 'SplatItem' }, 'b'), 'c'),
        full: false,
      },
      key: num('0'),
    });
  });

  it('parses full splats: every later step applies to each element', () => {
    const e = expr('a[*].b[0]');
    expect(shape(e)).toEqual({
      type: 'Splat',
      source: v('a'),
      each: { type: 'Index', collection: attr({ type: 'SplatItem' }, 'b'), key: num('0') },
      full: true,
    });
    expect(shape(expr('a[*]'))).toEqual({ type: 'Splat', source: v('a'), each: { type: 'SplatItem' }, full: true });
  });

  it('gives traversal steps exact ranges', () => {
    const src = 'x = aws_iam_role.this[0].arn\n';
    const e = (parseOk(src).body.items[0] as { expr: Expression }).expr;
    expect(slice(src, e.range)).toBe('aws_iam_role.this[0].arn');
    expect(e.type === 'GetAttr' && slice(src, e.nameRange)).toBe('arn');
    expect(e.type === 'GetAttr' && slice(src, e.object.range)).toBe('aws_iam_role.this[0]');
  });
});

describe('HCL function calls', () => {
  it('parses calls with arguments, trailing commas, newlines and expansion', () => {
    expect(shape(expr('f()'))).toEqual({ type: 'FunctionCall', name: 'f', args: [], expandFinal: false });
    expect(shape(expr('jsonencode({\n  a = 1\n},\n)'))).toMatchObject({ name: 'jsonencode', args: [{ type: 'Object' }] });
    expect(shape(expr('concat(a, b...)'))).toEqual({ type: 'FunctionCall', name: 'concat', args: [v('a'), v('b')], expandFinal: true });
  });

  it('parses provider-namespaced functions', () => {
    const src = 'x = provider::aws::arn_parse(y)\n';
    const e = (parseOk(src).body.items[0] as { expr: Expression }).expr;
    expect(e.type === 'FunctionCall' && e.name).toBe('provider::aws::arn_parse');
    expect(e.type === 'FunctionCall' && slice(src, e.nameRange)).toBe('provider::aws::arn_parse');
    expect(slice(src, e.range)).toBe('provider::aws::arn_parse(y)');
  });
});

describe('HCL operators', () => {
  it('applies HCL precedence', () => {
    expect(grouped(expr('a || b && c == d < e + f * g'))).toBe('(a || (b && (c == (d < (e + (f * g))))))');
    expect(grouped(expr('a * b + c > d != e && f || g'))).toBe('((((((a * b) + c) > d) != e) && f) || g)');
  });

  it('associates same-level operators to the left', () => {
    expect(grouped(expr('a / b * c % d'))).toBe('(((a / b) * c) % d)');
    expect(grouped(expr('a - b + c'))).toBe('((a - b) + c)');
  });

  it('binds unary operators tighter than binary ones, and traversals tighter still', () => {
    expect(grouped(expr('-a.b + 1'))).toBe('((-a.b) + 1)');
    expect(grouped(expr('!a && !!b'))).toBe('((!a) && (!(!b)))');
  });

  it('parses every comparison operator', () => {
    for (const op of ['==', '!=', '<', '>', '<=', '>=']) {
      expect(shape(expr(`a ${op} b`))).toEqual(bin(op, v('a'), v('b')));
    }
  });

  it('parses conditionals, nested to the right', () => {
    expect(grouped(expr('a ? b : c ? d : e'))).toBe('(a ? b : (c ? d : e))');
    expect(grouped(expr('a > 0 ? a + 1 : -1'))).toBe('((a > 0) ? (a + 1) : (-1))');
  });

  it('keeps parentheses', () => {
    expect(grouped(expr('(a + b) * c'))).toBe('([(a + b)] * c)');
    expect(shape(expr('(\n  a\n)'))).toEqual({ type: 'Parens', expr: v('a') });
  });
});

describe('HCL for expressions', () => {
  it('parses tuple for expressions with a condition', () => {
    expect(shape(expr('[for s in var.list : upper(s) if s != ""]'))).toEqual({
      type: 'For',
      valueVar: 's',
      collection: attr(v('var'), 'list'),
      valueExpr: { type: 'FunctionCall', name: 'upper', args: [v('s')], expandFinal: false },
      condition: bin('!=', v('s'), str('')),
      grouping: false,
    });
  });

  it('parses object for expressions with key and value variables and grouping', () => {
    expect(shape(expr('{\n  for k, v in m :\n  v => k...\n}'))).toEqual({
      type: 'For',
      keyVar: 'k',
      valueVar: 'v',
      collection: v('m'),
      keyExpr: v('v'),
      valueExpr: v('k'),
      grouping: true,
    });
  });

  it('prefers the for expression over a key named for', () => {
    expect(shape(expr('{ "for" = 1 }'))).toMatchObject({ type: 'Object' });
    expect(shape(expr('[(for), 1]'))).toEqual({ type: 'Tuple', items: [{ type: 'Parens', expr: v('for') }, num('1')] });
  });
});

describe('HCL expression newlines', () => {
  it('ignores newlines inside brackets, parentheses and calls', () => {
    expect(shape(expr('[\n1\n,\n2\n]'))).toEqual({ type: 'Tuple', items: [num('1'), num('2')] });
    expect(grouped(expr('(a\n+\nb)'))).toBe('[(a + b)]');
    expect(shape(expr('a[\n0\n]'))).toEqual({ type: 'Index', collection: v('a'), key: num('0') });
  });

  it('ends an attribute at a newline outside brackets', () => {
    const f = parseOk('a = b\nc = 1\n');
    expect(f.body.items).toHaveLength(2);
  });
});
