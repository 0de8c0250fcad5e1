import { type Position, type Range, startOffset, stripBom } from '../shared/source.js';
import type { Attribute, Block, Body, Expression, HclDiagnostic, HclFile, TemplateExpr } from './hcl/ast.js';
import { parseHclTemplate } from './hcl/index.js';
import { readJson, type JsonMember, type JsonObject, type JsonString, type JsonValue } from './hcl/json-syntax.js';
import { PositionMap, type PositionSource } from './hcl/positions.js';
import { decodedPosition, type DecodedMap } from './decoded-map.js';
import { table } from '../shared/own.js';

/**
 * Terraform's JSON syntax (`*.tf.json`, hashicorp/hcl `json/spec.md`) read
 * into the native-syntax tree, with positions in the JSON text.
 *
 * Without Terraform's schemas, only the top-level keys are known to be
 * blocks (with their label counts below). Inside a block body every property
 * is an attribute; a nested JSON object stays an Object expression, which the
 * graph builder treats like a nested block. Every string is an HCL template,
 * so `"${aws_iam_role.r.name}"` holds a real traversal.
 */
const BLOCK_LABELS: Record<string, number> = table({
  resource: 2,
  data: 2,
  module: 1,
  variable: 1,
  output: 1,
  provider: 1,
  check: 1,
  locals: 0,
  terraform: 0,
  moved: 0,
  import: 0,
  removed: 0,
});

/** The property name JSON bodies reserve for comments. */
const COMMENT_KEY = '//';

export function parseTerraformJson(text: string, file: string): HclFile {
  void file;
  const src = stripBom(text);
  const positions = new PositionMap(src);
  const diagnostics: HclDiagnostic[] = [];
  const where = (o: number): string => {
    const p = positions.at(o);
    return `${p.line}:${p.column}`;
  };
  const { value, error } = readJson(src, where);
  const emptyBody: Body = { type: 'Body', items: [], range: positions.range(0, src.length) };
  if (error) {
    diagnostics.push({ message: error.message, range: positions.range(error.start, error.end), severity: 'error' });
    return { body: emptyBody, diagnostics };
  }
  if (value === null) return { body: emptyBody, diagnostics };
  const converter = new Converter(positions, diagnostics);
  const items = converter.topLevel(value);
  diagnostics.sort((a, b) => startOffset(a.range) - startOffset(b.range));
  return { body: { type: 'Body', items, range: positions.range(0, src.length) }, diagnostics };
}

class Converter {
  constructor(
    private readonly positions: PositionMap,
    private readonly diagnostics: HclDiagnostic[],
  ) {}

  topLevel(root: JsonValue): Array<Attribute | Block> {
    const items: Array<Attribute | Block> = [];
    for (const m of this.members(root, 'a Terraform JSON file')) {
      const key = m.key.value;
      if (key === COMMENT_KEY) continue;
      const labels = BLOCK_LABELS[key];
      if (labels === undefined) items.push(this.attribute(m));
      else this.blocks(m.key, m.value, labels, [], items);
    }
    return items;
  }

  /** Body content: one object, or an array of objects read one after the other. */
  private members(v: JsonValue, what: string): JsonMember[] {
    if (v.kind === 'object') return v.members;
    if (v.kind === 'array' && v.items.every((i) => i.kind === 'object')) {
      return v.items.flatMap((i) => (i.kind === 'object' ? i.members : []));
    }
    this.error(`expected a JSON object for ${what}, found ${describe(v)}`, v.start, v.end);
    return [];
  }

  /** Each label level is an object keyed by the label; after the last, an object (or array of objects) per block. */
  private blocks(typeKey: JsonString, v: JsonValue, remaining: number, labels: Block['labels'], out: Array<Attribute | Block>): void {
    const type = typeKey.value;
    if (remaining > 0) {
      for (const m of this.members(v, `the labels of a "${type}" block`)) {
        const label = { value: m.key.value, range: this.range(m.key.start, m.key.end) };
        this.blocks(typeKey, m.value, remaining - 1, [...labels, label], out);
      }
      return;
    }
    const start = labels.length > 0 ? startOffset(labels[labels.length - 1].range) : typeKey.start;
    if (v.kind === 'object') {
      out.push(this.block(typeKey, labels, v, start));
      return;
    }
    if (v.kind === 'array' && v.items.every((i) => i.kind === 'object')) {
      for (const body of v.items) if (body.kind === 'object') out.push(this.block(typeKey, labels, body, start));
      return;
    }
    this.error(`expected a JSON object for the body of the "${type}" block, found ${describe(v)}`, v.start, v.end);
  }

  private block(typeKey: JsonString, labels: Block['labels'], obj: JsonObject, start: number): Block {
    return {
      type: 'Block',
      blockType: typeKey.value,
      typeRange: this.range(typeKey.start, typeKey.end),
      labels,
      body: this.body(obj),
      range: this.range(start, obj.end),
    };
  }

  private body(obj: JsonObject): Body {
    const items = obj.members.filter((m) => m.key.value !== COMMENT_KEY).map((m) => this.attribute(m));
    return { type: 'Body', items, range: this.range(obj.start, obj.end) };
  }

  private attribute(m: JsonMember): Attribute {
    return {
      type: 'Attribute',
      name: m.key.value,
      nameRange: this.range(m.key.start + 1, m.key.end - 1),
      expr: this.expression(m.value),
      range: this.range(m.key.start, m.value.end),
    };
  }

  private expression(v: JsonValue): Expression {
    switch (v.kind) {
      case 'object':
        return {
          type: 'Object',
          items: v.members.map((m) => ({
            key: this.template(m.key),
            value: this.expression(m.value),
            range: this.range(m.key.start, m.value.end),
          })),
          range: this.range(v.start, v.end),
        };
      case 'array':
        return { type: 'Tuple', items: v.items.map((i) => this.expression(i)), range: this.range(v.start, v.end) };
      case 'string':
        return this.template(v);
      case 'number':
        return { type: 'Literal', value: v.value, raw: v.raw, range: this.range(v.start, v.end) };
      default:
        return { type: 'Literal', value: v.value, range: this.range(v.start, v.end) };
    }
  }

  /** A JSON string read as an HCL template, its positions mapped back through any escapes. */
  private template(s: JsonString): TemplateExpr {
    const range = this.range(s.start, s.end);
    if (!s.value.includes('${') && !s.value.includes('%{')) {
      return { type: 'Template', parts: [{ type: 'TemplateLiteral', value: s.value, range: this.range(s.start + 1, s.end - 1) }], range };
    }
    const { template, diagnostics } = parseHclTemplate(s.value, new StringPositions(this.positions, s));
    this.diagnostics.push(...diagnostics);
    return { ...template, range };
  }

  private range(start: number, end: number): Range {
    return this.positions.range(start, end);
  }

  private error(message: string, start: number, end: number): void {
    this.diagnostics.push({ message, range: this.range(start, end), severity: 'error' });
  }
}

/** Positions inside a decoded JSON string, reported where the characters sit in the JSON text. */
class StringPositions implements PositionSource {
  private readonly map: DecodedMap | undefined;

  constructor(
    private readonly file: PositionMap,
    private readonly s: JsonString,
  ) {
    this.map = s.offsets && { offsets: s.offsets, index: file.lines };
  }

  at(offset: number): Position {
    if (this.map) return decodedPosition(this.map, offset);
    // Without escapes, unit i sits i characters after the opening quote: no list of offsets needed.
    return this.file.at(this.s.start + 1 + Math.max(0, Math.min(offset, this.s.value.length)));
  }

  range(start: number, end: number): Range {
    return { start: this.at(start), end: this.at(end) };
  }
}

function describe(v: JsonValue): string {
  switch (v.kind) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'string':
      return 'a string';
    default:
      return v.raw;
  }
}
