import { describe, it, expect } from 'vitest';
import type { Expression, TemplateExpr } from '../../src/parsers/hcl/ast.js';
import { expr, parseOk, shape, slice } from './hcl-helpers.js';

const lit = (value: string) => ({ type: 'TemplateLiteral', value });
const v = (name: string) => ({ type: 'Variable', name });
const interp = (e: unknown, stripLeft = false, stripRight = false) => ({ type: 'TemplateInterpolation', expr: e, stripLeft, stripRight });

function parts(src: string): unknown {
  const e = expr(src);
  expect(e.type).toBe('Template');
  return shape((e as TemplateExpr).parts);
}

describe('HCL quoted templates', () => {
  it('keeps a plain string as one literal part, and "" as one empty part', () => {
    expect(parts('"hello"')).toEqual([lit('hello')]);
    expect(parts('""')).toEqual([lit('')]);
  });

  it('decodes every escape sequence', () => {
    expect(parts('"a\\nb\\rc\\td\\"e\\\\f"')).toEqual([lit('a\nb\rc\td"e\\f')]);
    expect(parts('"\\u00e9\\U0001F600"')).toEqual([lit('é😀')]);
    expect(parts('"$${x} %%{y} $ % $$ %%"')).toEqual([lit('${x} %{y} $ % $$ %%')]);
  });

  it('splits interpolations from literal text', () => {
    expect(parts('"arn:${var.p}:iam::${id}"')).toEqual([
      lit('arn:'),
      interp({ type: 'GetAttr', object: v('var'), name: 'p' }),
      lit(':iam::'),
      interp(v('id')),
    ]);
  });

  it('parses nested quoted templates inside interpolations', () => {
    expect(parts('"${"a${b}"}"')).toEqual([interp({ type: 'Template', parts: [lit('a'), interp(v('b'))] })]);
  });

  it('applies strip markers to the adjacent literal text', () => {
    expect(parts('"a  ${~ b ~}  c"')).toEqual([lit('a'), interp(v('b'), true, true), lit('c')]);
    expect(parts('"${a ~}  ${b}"')).toEqual([interp(v('a'), false, true), lit(''), interp(v('b'))]);
  });

  it('parses if directives with and without else', () => {
    expect(parts('"%{ if a }yes%{ else }no%{ endif }"')).toEqual([
      { type: 'TemplateIf', condition: v('a'), then: [lit('yes')], else: [lit('no')] },
    ]);
    expect(parts('"%{if a}yes%{endif}!"')).toEqual([{ type: 'TemplateIf', condition: v('a'), then: [lit('yes')] }, lit('!')]);
  });

  it('parses for directives with one or two variables', () => {
    expect(parts('"%{ for k, v in m ~} ${k}=${v} %{~ endfor }"')).toEqual([
      {
        type: 'TemplateFor',
        keyVar: 'k',
        valueVar: 'v',
        collection: v('m'),
        // Stripping empties the literals but keeps them, as HCL does.
        body: [lit(''), interp(v('k')), lit('='), interp(v('v')), lit('')],
      },
    ]);
    expect(parts('"%{for x in xs}${x},%{endfor}"')).toMatchObject([{ type: 'TemplateFor', valueVar: 'x', body: [interp(v('x')), lit(',')] }]);
  });

  it('nests directives', () => {
    expect(parts('"%{for x in xs}%{if x}${x}%{endif}%{endfor}"')).toEqual([
      {
        type: 'TemplateFor',
        valueVar: 'x',
        collection: v('xs'),
        body: [{ type: 'TemplateIf', condition: v('x'), then: [interp(v('x'))] }],
      },
    ]);
  });

  it('gives template parts exact ranges', () => {
    const src = 'x = "a${b}c%{if d}e%{endif}"\n';
    const e = (parseOk(src).body.items[0] as { expr: Expression }).expr as TemplateExpr;
    expect(slice(src, e.range)).toBe('"a${b}c%{if d}e%{endif}"');
    expect(e.parts.map((p) => slice(src, p.range))).toEqual(['a', '${b}', 'c', '%{if d}e%{endif}']);
  });
});

describe('HCL heredocs', () => {
  it('keeps the text of a heredoc line by line, with its final newline', () => {
    const e = expr('<<EOT\nhello\n  ${name}\nEOT') as TemplateExpr;
    expect(shape(e.parts)).toEqual([lit('hello\n  '), interp(v('name')), lit('\n')]);
    expect(e.heredoc).toEqual({ marker: 'EOT', indented: false });
  });

  it('strips the common indentation of an indented heredoc', () => {
    const e = expr('<<-EOT\n    a\n      b\n\n    c\n    EOT') as TemplateExpr;
    expect(shape(e.parts)).toEqual([lit('a\n  b\n\nc\n')]);
    expect(e.heredoc).toEqual({ marker: 'EOT', indented: true });
  });

  it('counts an interpolation at a line start as no indentation', () => {
    expect(shape((expr('<<-EOT\n    a\n${b}\nEOT') as TemplateExpr).parts)).toEqual([lit('    a\n'), interp(v('b')), lit('\n')]);
  });

  it('keeps indentation in a plain heredoc and allows the marker to be indented', () => {
    expect(shape((expr('<<EOT\n  a\n  EOT') as TemplateExpr).parts)).toEqual([lit('  a\n')]);
  });

  it('does not end at the marker inside a line or after an interpolation', () => {
    expect(shape((expr('<<EOT\nEOTX\n${a}EOT\nEOT') as TemplateExpr).parts)).toEqual([lit('EOTX\n'), interp(v('a')), lit('EOT\n')]);
  });

  it('parses an empty heredoc', () => {
    expect(shape((expr('<<EOT\nEOT') as TemplateExpr).parts)).toEqual([lit('')]);
  });

  it('reads directives and escapes in heredocs, but not backslash escapes', () => {
    // A strip marker reaches only to the end of its own line: heredoc text is tokenised line by line.
    expect(shape((expr('<<EOT\n%{ if a ~}\n  x\\n $${y}\n%{~ endif }\nEOT') as TemplateExpr).parts)).toEqual([
      { type: 'TemplateIf', condition: v('a'), then: [lit('  x\\n ${y}')] },
      lit('\n'),
    ]);
  });

  it('ends the attribute after the closing marker', () => {
    const src = 'a = <<EOT\nx\nEOT\nb = 1\n';
    const f = parseOk(src);
    expect(f.body.items).toHaveLength(2);
    const e = (f.body.items[0] as { expr: Expression }).expr;
    expect(slice(src, e.range)).toBe('<<EOT\nx\nEOT');
  });

  it('works as a function argument', () => {
    const src = 'a = jsonencode(<<-EOT\n  {}\n  EOT\n)\n';
    expect(shape(parseOk(src).body.items[0])).toMatchObject({ expr: { type: 'FunctionCall', args: [{ type: 'Template', parts: [lit('{}\n')] }] } });
  });
});
