import { expect } from 'vitest';
import { parseHcl } from '../../src/parsers/hcl/index.js';
import type { Attribute, Block, Expression, HclFile } from '../../src/parsers/hcl/ast.js';
import type { Range } from '../../src/shared/source.js';

/** Parses and requires no diagnostics. */
export function parseOk(src: string): HclFile {
  const f = parseHcl(src, 'test.tf');
  expect(f.diagnostics.map((d) => d.message)).toEqual([]);
  return f;
}

/** The expression of `x = <src>`. */
export function expr(src: string): Expression {
  const f = parseOk(`x = ${src}\n`);
  return (f.body.items[0] as Attribute).expr;
}

export function attrs(f: HclFile): Attribute[] {
  return f.body.items.filter((i): i is Attribute => i.type === 'Attribute');
}

export function blocks(f: HclFile): Block[] {
  return f.body.items.filter((i): i is Block => i.type === 'Block');
}

const RANGE_KEYS = new Set(['range', 'nameRange', 'typeRange']);

/** The tree without ranges, for comparing shapes. */
export function shape(node: unknown): unknown {
  return JSON.parse(JSON.stringify(node, (k, v: unknown) => (RANGE_KEYS.has(k) ? undefined : v)));
}

/** `line:col-line:col`, compact for position assertions. */
export function at(r: Range): string {
  return `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;
}

/** The source text a range covers. */
export function slice(src: string, r: Range): string {
  return src.slice(r.start.offset, r.end.offset);
}

export function messages(src: string): string[] {
  return parseHcl(src, 'test.tf').diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.message}`);
}

/** Every node of a tree that has a range, for checking all ranges at once. */
export function rangedNodes(node: unknown, out: Array<{ type: string; range: Range }> = []): Array<{ type: string; range: Range }> {
  if (Array.isArray(node)) {
    for (const n of node) rangedNodes(n, out);
  } else if (node !== null && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.type === 'string' && o.range) out.push({ type: o.type, range: o.range as Range });
    for (const [k, v] of Object.entries(o)) if (!RANGE_KEYS.has(k)) rangedNodes(v, out);
  }
  return out;
}
