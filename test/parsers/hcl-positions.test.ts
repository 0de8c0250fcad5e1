import { describe, it, expect } from 'vitest';
import { parseHcl } from '../../src/parsers/hcl/index.js';
import type { Attribute, Block, Expression, TemplateExpr } from '../../src/parsers/hcl/ast.js';
import { at, parseOk, rangedNodes, slice } from './hcl-helpers.js';

const SAMPLE = [
  'resource "aws_iam_role" "r" {',
  '  name = "${var.p}-role"',
  '  tags = { a = 1, b = [x.y[0], f(2)] }',
  '  p = <<-EOT',
  '    ${jsonencode({ k = v })}',
  '    EOT',
  '  n = a ? -b : c.*.d',
  '}',
  '',
].join('\n');

/** Every node's range, as `type line:col-line:col`, to compare whole trees between encodings. */
function layout(src: string): string[] {
  return rangedNodes(parseOk(src).body).map((n) => `${n.type} ${at(n.range)}`);
}

describe('HCL positions', () => {
  it('gives every node a range over exactly its source text', () => {
    const f = parseOk(SAMPLE);
    const texts = rangedNodes(f.body.items).map((n) => `${n.type}: ${slice(SAMPLE, n.range)}`);
    expect(texts).toContain('Attribute: name = "${var.p}-role"');
    expect(texts).toContain('Template: "${var.p}-role"');
    expect(texts).toContain('TemplateInterpolation: ${var.p}');
    expect(texts).toContain('TemplateLiteral: -role');
    expect(texts).toContain('Object: { a = 1, b = [x.y[0], f(2)] }');
    expect(texts).toContain('Tuple: [x.y[0], f(2)]');
    expect(texts).toContain('Index: x.y[0]');
    expect(texts).toContain('FunctionCall: f(2)');
    expect(texts).toContain('Conditional: a ? -b : c.*.d');
    expect(texts).toContain('Unary: -b');
    expect(texts).toContain('Splat: c.*.d');
    expect(texts).toContain('SplatItem: .*');
    expect(texts).toContain('Template: <<-EOT\n    ${jsonencode({ k = v })}\n    EOT');
    expect(texts).toContain('Block: resource "aws_iam_role" "r" {\n' + SAMPLE.split('\n').slice(1, 8).join('\n'));
  });

  it('counts lines and columns the same with CRLF line endings', () => {
    const crlf = SAMPLE.replace(/\n/g, '\r\n');
    const lf = layout(SAMPLE);
    expect(layout(crlf)).toEqual(lf);
    const f = parseOk(crlf);
    const p = ((f.body.items[0] as Block).body.items[2] as Attribute).expr as TemplateExpr;
    // Heredoc text keeps the file's own line breaks.
    expect(p.parts.map((x) => (x.type === 'TemplateLiteral' ? x.value : x.type))).toEqual(['', 'TemplateInterpolation', '\r\n']);
  });

  it('counts lone CR as a line break', () => {
    expect(layout(SAMPLE.replace(/\n/g, '\r'))).toEqual(layout(SAMPLE));
  });

  it('counts a tab as one column', () => {
    const f = parseOk('a {\n\tb\t= 1\n}\n');
    const b = (f.body.items[0] as Block).body.items[0] as Attribute;
    expect(at(b.nameRange)).toBe('2:2-2:3');
    expect(at(b.expr.range)).toBe('2:6-2:7');
  });

  it('positions text after a BOM as if the BOM were not there', () => {
    const withBom = parseHcl('\uFEFF' + SAMPLE, 'x.tf');
    expect(withBom.diagnostics).toEqual([]);
    expect(rangedNodes(withBom.body).map((n) => `${n.type} ${at(n.range)}`)).toEqual(layout(SAMPLE));
    expect(withBom.body.items[0].range.start).toEqual({ line: 1, column: 1, offset: 0 });
  });

  it('counts columns in UTF-16 code units', () => {
    const f = parseOk('a = "😀é" # 😀\nb = x\n');
    const a = f.body.items[0] as Attribute;
    expect(at(a.expr.range)).toBe('1:5-1:10');
    expect(at((f.body.items[1] as Attribute).expr.range)).toBe('2:5-2:6');
  });

  it('moves a flushed heredoc line past the removed indentation', () => {
    const src = 'a = <<-EOT\n    x\n    EOT\n';
    const e = (parseOk(src).body.items[0] as Attribute).expr as TemplateExpr;
    expect(at(e.parts[0].range)).toBe('2:5-3:1');
  });

  it('gives positions with offsets that match line and column', () => {
    const src = SAMPLE.replace(/\n/g, '\r\n');
    const lineStarts = [0];
    for (let i = 0; i < src.length; i++) if (src[i] === '\n') lineStarts.push(i + 1);
    for (const n of rangedNodes(parseOk(src).body)) {
      for (const p of [n.range.start, n.range.end]) expect(lineStarts[p.line - 1] + p.column - 1).toBe(p.offset);
    }
  });

  it('reports diagnostics at exact positions', () => {
    const d = parseHcl('a = 1\nb = 2 @\n', 'x.tf').diagnostics;
    expect(d.map((x) => at(x.range))).toEqual(['2:7-2:8']);
  });

  it('gives the expressions of an attribute their own ranges', () => {
    const src = 'x = f(a, [b])\n';
    const e = (parseOk(src).body.items[0] as Attribute).expr as Expression & { args: Expression[] };
    expect(e.args.map((a) => at(a.range))).toEqual(['1:7-1:8', '1:10-1:13']);
  });
});
