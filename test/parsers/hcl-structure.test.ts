import { describe, it, expect } from 'vitest';
import type { Attribute, Block } from '../../src/parsers/hcl/ast.js';
import { at, attrs, blocks, parseOk, shape, slice } from './hcl-helpers.js';

describe('HCL bodies', () => {
  it('parses attributes and blocks in source order', () => {
    const f = parseOk('a = 1\nresource "aws_iam_role" "r" {\n  name = "x"\n}\nb = 2\n');
    expect(f.body.items.map((i) => (i.type === 'Attribute' ? i.name : i.blockType))).toEqual(['a', 'resource', 'b']);
    const block = blocks(f)[0];
    expect(block.labels.map((l) => l.value)).toEqual(['aws_iam_role', 'r']);
    expect(attrs({ body: block.body, diagnostics: [] }).map((a) => a.name)).toEqual(['name']);
  });

  it('accepts identifier labels and labels with escapes', () => {
    const f = parseOk('dynamic statement {\n}\nx "a\\"b\\u00e9" {\n}\n');
    expect(blocks(f)[0].labels.map((l) => l.value)).toEqual(['statement']);
    expect(blocks(f)[1].labels.map((l) => l.value)).toEqual(['a"bé']);
  });

  it('parses blocks without labels and empty blocks', () => {
    const f = parseOk('locals {}\nterraform {\n}\n');
    expect(blocks(f).map((b) => [b.blockType, b.labels.length, b.body.items.length])).toEqual([
      ['locals', 0, 0],
      ['terraform', 0, 0],
    ]);
  });

  it('parses one-line blocks', () => {
    const src = 'lifecycle { create_before_destroy = true }\n';
    const f = parseOk(src);
    const b = blocks(f)[0];
    expect(shape(b.body.items)).toEqual([
      { type: 'Attribute', name: 'create_before_destroy', expr: { type: 'Literal', value: true } },
    ]);
    expect(slice(src, b.range)).toBe('lifecycle { create_before_destroy = true }');
    expect(slice(src, b.body.range)).toBe('{ create_before_destroy = true }');
  });

  it('parses nested blocks', () => {
    const f = parseOk('a "x" {\n  b {\n    c {\n      d = 1\n    }\n  }\n}\n');
    const a = blocks(f)[0];
    const b = a.body.items[0] as Block;
    const c = b.body.items[0] as Block;
    expect((c.body.items[0] as Attribute).name).toBe('d');
  });

  it('skips comments of all three kinds', () => {
    const f = parseOk('# hash\n// slashes\n/* block\n comment */ a = 1 /* inline */ # trailing\nb = 2 // trailing\n');
    expect(attrs(f).map((a) => a.name)).toEqual(['a', 'b']);
  });

  it('treats a line comment as the end of a line', () => {
    const f = parseOk('a = 1 # comment\nb { # comment\n  c = 2 // comment\n}\n');
    expect(f.body.items).toHaveLength(2);
  });

  it('accepts a file without a trailing newline', () => {
    expect(attrs(parseOk('a = 1')).map((a) => a.name)).toEqual(['a']);
    expect(blocks(parseOk('a {\n}'))).toHaveLength(1);
  });

  it('accepts identifiers with dashes and unicode letters', () => {
    const f = parseOk('foo-bar = 1\nnäme = 2\n');
    expect(attrs(f).map((a) => a.name)).toEqual(['foo-bar', 'näme']);
  });

  it('gives attributes and blocks exact ranges', () => {
    const src = 'resource "a" "b" {\n  name = var.x\n}\n';
    const f = parseOk(src);
    const b = blocks(f)[0];
    expect(at(b.range)).toBe('1:1-3:2');
    expect(at(b.typeRange)).toBe('1:1-1:9');
    expect(b.labels.map((l) => slice(src, l.range))).toEqual(['"a"', '"b"']);
    expect(at(b.body.range)).toBe('1:18-3:2');
    const a = b.body.items[0] as Attribute;
    expect(slice(src, a.range)).toBe('name = var.x');
    expect(at(a.nameRange)).toBe('2:3-2:7');
    expect(at(f.body.range)).toBe(`1:1-4:1`);
  });
});
