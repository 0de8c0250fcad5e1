import { describe, it, expect } from 'vitest';
import { parseTerraformJson } from '../../src/parsers/terraform-json.js';
import type { Attribute, Block, Expression, HclFile, TemplateExpr } from '../../src/parsers/hcl/ast.js';
import type { Range } from '../../src/shared/source.js';

const RANGE_KEYS = new Set(['range', 'nameRange', 'typeRange']);
const shape = (n: unknown): unknown => JSON.parse(JSON.stringify(n, (k, v: unknown) => (RANGE_KEYS.has(k) ? undefined : v)));
const at = (r: Range) => `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;
const slice = (src: string, r: Range) => src.slice(r.start.offset, r.end.offset);

function parseOk(src: string): HclFile {
  const f = parseTerraformJson(src, 'main.tf.json');
  expect(f.diagnostics.map((d) => d.message)).toEqual([]);
  return f;
}

function blocks(f: HclFile): Block[] {
  return f.body.items.filter((i): i is Block => i.type === 'Block');
}

function firstAttr(src: string): Attribute {
  return blocks(parseOk(src))[0].body.items[0] as Attribute;
}

describe('Terraform JSON blocks', () => {
  it('reads resource and data blocks with two labels', () => {
    const f = parseOk(JSON.stringify({
      resource: { aws_iam_role: { a: { name: 'x' }, b: { name: 'y' } } },
      data: { aws_iam_policy_document: { d: {} } },
    }));
    expect(blocks(f).map((b) => [b.blockType, ...b.labels.map((l) => l.value)])).toEqual([
      ['resource', 'aws_iam_role', 'a'],
      ['resource', 'aws_iam_role', 'b'],
      ['data', 'aws_iam_policy_document', 'd'],
    ]);
  });

  it('reads one-label and zero-label blocks', () => {
    const f = parseOk(JSON.stringify({
      module: { m: { source: './m' } },
      variable: { v: { default: 1 } },
      output: { o: { value: 2 } },
      provider: { aws: { region: 'us-east-1' } },
      locals: { l: 1 },
      terraform: { required_version: '>= 1.0' },
    }));
    expect(blocks(f).map((b) => [b.blockType, b.labels.length])).toEqual([
      ['module', 1], ['variable', 1], ['output', 1], ['provider', 1], ['locals', 0], ['terraform', 0],
    ]);
  });

  it('makes several blocks from arrays, at the label level or the body level', () => {
    const f = parseOk(JSON.stringify({
      provider: { aws: [{ region: 'a' }, { region: 'b', alias: 'b' }] },
      resource: [{ x: { one: {} } }, { x: { two: {} } }],
      locals: [{ a: 1 }, { b: 2 }],
    }));
    expect(blocks(f).map((b) => [b.blockType, ...b.labels.map((l) => l.value), b.body.items.length])).toEqual([
      ['provider', 'aws', 1],
      ['provider', 'aws', 2],
      ['resource', 'x', 'one', 0],
      ['resource', 'x', 'two', 0],
      ['locals', 0 + 1],
      ['locals', 1],
    ]);
  });

  it('keeps repeated property names in order and ignores "//" comments in bodies', () => {
    const f = parseOk('{"locals": {"//": "note", "a": 1, "a": 2}}');
    expect(blocks(f)[0].body.items.map((i) => (i as Attribute).name)).toEqual(['a', 'a']);
  });

  it('keeps nested objects in a body as Object expressions', () => {
    const a = firstAttr(JSON.stringify({ resource: { aws_instance: { i: { metadata_options: { http_tokens: 'required' } } } } }));
    expect(a.name).toBe('metadata_options');
    expect(shape(a.expr)).toEqual({
      type: 'Object',
      items: [
        {
          key: { type: 'Template', parts: [{ type: 'TemplateLiteral', value: 'http_tokens' }] },
          value: { type: 'Template', parts: [{ type: 'TemplateLiteral', value: 'required' }] },
        },
      ],
    });
  });
});

describe('Terraform JSON expressions', () => {
  const value = (json: string): Expression => firstAttr(`{"locals": {"x": ${json}}}`).expr;

  it('reads numbers, booleans, null and arrays', () => {
    expect(shape(value('1.50'))).toEqual({ type: 'Literal', value: 1.5, raw: '1.50' });
    expect(shape(value('-2e3'))).toEqual({ type: 'Literal', value: -2000, raw: '-2e3' });
    expect(shape(value('[true, false, null]'))).toEqual({
      type: 'Tuple',
      items: [{ type: 'Literal', value: true }, { type: 'Literal', value: false }, { type: 'Literal', value: null }],
    });
  });

  it('reads strings as templates with real expressions inside', () => {
    expect(shape(value('"${aws_iam_role.r.name}"'))).toEqual({
      type: 'Template',
      parts: [
        {
          type: 'TemplateInterpolation',
          expr: { type: 'GetAttr', object: { type: 'GetAttr', object: { type: 'Variable', name: 'aws_iam_role' }, name: 'r' }, name: 'name' },
          stripLeft: false,
          stripRight: false,
        },
      ],
    });
    expect(shape(value('"a-%{ if x }b%{ endif }"'))).toMatchObject({ parts: [{ value: 'a-' }, { type: 'TemplateIf' }] });
    expect(shape(value('"$${literal}"'))).toEqual({ type: 'Template', parts: [{ type: 'TemplateLiteral', value: '${literal}' }] });
  });

  it('does not apply HCL backslash escapes a second time', () => {
    expect(shape(value('"a\\\\nb ${x}"'))).toMatchObject({ parts: [{ value: 'a\\nb ' }, { type: 'TemplateInterpolation' }] });
  });
});

describe('Terraform JSON positions', () => {
  it('places blocks, labels and attributes in the JSON text', () => {
    const src = '{\n  "resource": {\n    "aws_iam_role": {\n      "r": {\n        "name": "x"\n      }\n    }\n  }\n}\n';
    const b = blocks(parseOk(src))[0];
    expect(at(b.typeRange)).toBe('2:3-2:13');
    expect(b.labels.map((l) => slice(src, l.range))).toEqual(['"aws_iam_role"', '"r"']);
    expect(slice(src, b.body.range)).toBe('{\n        "name": "x"\n      }');
    const a = b.body.items[0] as Attribute;
    expect(slice(src, a.nameRange)).toBe('name');
    expect(slice(src, a.range)).toBe('"name": "x"');
    expect(slice(src, a.expr.range)).toBe('"x"');
    expect(slice(src, (a.expr as TemplateExpr).parts[0].range)).toBe('x');
  });

  it('maps positions inside a string exactly when it has no escapes', () => {
    const src = '{"locals": {"x": "arn:${aws_iam_role.r.arn}"}}';
    const t = firstAttr(src).expr as TemplateExpr;
    const interp = t.parts[1];
    expect(slice(src, interp.range)).toBe('${aws_iam_role.r.arn}');
    expect(interp.type === 'TemplateInterpolation' && slice(src, interp.expr.range)).toBe('aws_iam_role.r.arn');
  });

  it('maps positions through escapes', () => {
    const src = '{"locals": {"x": "\\"q\\" \\u00e9 ${var.name}"}}';
    const t = firstAttr(src).expr as TemplateExpr;
    const interp = t.parts[1];
    expect(interp.type === 'TemplateInterpolation' && slice(src, interp.expr.range)).toBe('var.name');
    expect(slice(src, t.parts[0].range)).toBe('\\"q\\" \\u00e9 ');
  });

  it('positions the JSON text after a BOM and with CRLF', () => {
    const src = '{\r\n  "locals": {\r\n    "x": "${a}"\r\n  }\r\n}\r\n';
    const withBom = parseTerraformJson('\uFEFF' + src, 'x.tf.json');
    const a = (withBom.body.items[0] as Block).body.items[0] as Attribute;
    expect(at(a.range)).toBe('3:5-3:16');
    const t = a.expr as TemplateExpr;
    expect(t.parts[0].type === 'TemplateInterpolation' && at(t.parts[0].expr.range)).toBe('3:13-3:14');
  });
});

describe('Terraform JSON errors', () => {
  const messages = (src: string) =>
    parseTerraformJson(src, 'x.tf.json').diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.message}`);

  it('reports JSON syntax errors with their position', () => {
    expect(messages('{\n  "a": 1,\n}')).toEqual(["3:1 expected a property name in double quotes, found '}'"]);
    expect(messages('{"a": [1 2]}')).toEqual(["1:10 expected ',' or ']' after an array element, found '2'"]);
    expect(messages('{"a": "x\n"}')).toEqual(['1:9 unterminated string: control characters and line breaks must be escaped in JSON strings']);
    expect(messages('{"a": 1')).toEqual(["1:8 unexpected end of file: expected ',' or '}' after a property value; the object opened at 1:1 is not closed"]);
    expect(messages('{"a": tru}')).toEqual(["1:7 unexpected character 't': expected a JSON value"]);
    expect(messages('{"a": "\\x"}')).toEqual(["1:8 invalid escape sequence '\\x'"]);
    expect(messages('{} {}')).toEqual(['1:4 unexpected content after the end of the JSON value']);
    expect(messages('{"a": 01}')).toEqual(['1:7 invalid number "01"']);
  });

  it('reports block content of the wrong JSON type', () => {
    expect(messages('{"resource": {"aws_iam_role": "x"}}')).toEqual(['1:31 expected a JSON object for the labels of a "resource" block, found a string']);
    expect(messages('{"locals": 3}')).toEqual(['1:12 expected a JSON object for the body of the "locals" block, found 3']);
    expect(messages('[1]')).toEqual(['1:1 expected a JSON object for a Terraform JSON file, found an array']);
  });

  it('reports template errors inside strings at their place in the JSON text', () => {
    expect(messages('{"locals": {"x": "${a"}}')).toEqual(["1:22 unclosed template interpolation: expected '}' to end the sequence opened at 1:19"]);
  });

  it('reports deep nesting instead of overflowing the stack', () => {
    expect(messages('{"locals": {"x": ' + '['.repeat(100_000) + '}}')[0]).toMatch(/nesting too deep/);
  });
});
