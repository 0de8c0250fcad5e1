/** The one positioned JSON reader, seen through each of its adapters. */
import { describe, expect, it } from 'vitest';
import { parseEmbeddedJson } from '../../src/parsers/embedded-json.js';
import { readJson as readHclJson } from '../../src/parsers/hcl/json-syntax.js';
import { jsonStringOffsets, readJsonTree, startsLikeJson, type JsonBuilder } from '../../src/parsers/json-tree.js';
import { templateMessages } from '../../src/parsers/json-messages.js';
import { HOLE_CHAR, readJson as readValues } from '../../src/graph/terraform/json.js';
import type { Value } from '../../src/graph/value.js';
import { LineIndex } from '../../src/shared/source.js';

/** A builder that records what it was given, to see the reader's calls themselves. */
const plain: JsonBuilder<unknown, string, [string, unknown]> = {
  string: (value, start, end, offsets) => ({ value, start, end, offsets }),
  key: (value) => value,
  number: (value, raw) => ({ number: value, raw }),
  word: (value) => value,
  member: (key, value) => [key, value],
  object: (members) => members,
  array: (items) => items,
};

const at = (offset: number) => ({ line: 1, column: offset + 1, offset });
const read = (text: string, offsets = false) => readJsonTree(text, plain, { maxNesting: 4, messages: templateMessages(at), offsets });

function values(text: string, holes: ReadonlyMap<number, Value> = new Map()): Value | undefined {
  const index = new LineIndex(text);
  return readValues({ text, file: 'f.json', holes, at: (i) => index.position(i) });
}

describe('the JSON reader', () => {
  it('builds nodes through the adapter, in source order with repeated keys kept for the adapter to judge', () => {
    expect(read('{"a": [1, -2.5e1, true, null], "a": "x"}')).toEqual({
      root: [
        ['a', [{ number: 1, raw: '1' }, { number: -25, raw: '-2.5e1' }, true, null]],
        ['a', { value: 'x', start: 36, end: 39, offsets: undefined }],
      ],
      error: null,
    });
  });

  it('gives the source offset of each decoded unit only for strings with escapes, and only when asked', () => {
    const text = '["plain", "a\\nb\\u0041"]';
    expect(read(text).root).toEqual([
      { value: 'plain', start: 1, end: 8, offsets: undefined },
      { value: 'a\nbA', start: 10, end: 22, offsets: undefined },
    ]);
    const withOffsets = read(text, true).root as Array<{ offsets: number[] | undefined }>;
    expect(withOffsets[0].offsets).toBeUndefined();
    expect(withOffsets[1].offsets).toEqual([11, 12, 14, 15, 21]);
    expect(jsonStringOffsets(text, 10)).toEqual([11, 12, 14, 15, 21]);
  });

  it('stops at the nesting limit before opening the container, whatever follows', () => {
    expect(read('[[[[1]]]]').error).toBeNull();
    expect(read('[[[[[1]]]]]').error).toEqual({ message: 'Nesting is deeper than 4 levels', start: 4, end: 5 });
    expect(read('['.repeat(1_000_000)).error).toEqual({ message: 'Nesting is deeper than 4 levels', start: 4, end: 5 });
  });

  it('places a trailing comma at the comma, lines before the closer', () => {
    expect(read('[1,]').error).toMatchObject({ start: 2, end: 3 });
    expect(read('{"L": [\n  "a",\n  ]\n}').error).toMatchObject({ message: "Trailing comma before ']' is not allowed in JSON", start: 13, end: 14 });
    expect(read('{"a": 1 ,\r\n\t}').error).toMatchObject({ message: "Trailing comma before '}' is not allowed in JSON", start: 8, end: 9 });
  });

  it('words each error per dialect, at the same place', () => {
    const cases: Array<[string, string, string]> = [
      ['[1,]', "Trailing comma before ']' is not allowed in JSON", "unexpected character ']': expected a JSON value"],
      ['{"a":1,}', "Trailing comma before '}' is not allowed in JSON", "expected a property name in double quotes, found '}'"],
      ['{"a" 1}', 'Expected \':\' after the property name "a", found \'1\'', "expected ':' after the property name, found '1'"],
      ['[1 2]', "Expected ',' or ']' between array items (in the '[' opened at 1:1), found '2'", "expected ',' or ']' after an array element, found '2'"],
      ['1.', 'Invalid number: expected a digit after the decimal point', 'invalid number "1."'],
      ['01', 'Invalid number: leading zeros are not allowed in JSON', 'invalid number "01"'],
      ['"a\\x"', 'Invalid escape "\\x" in string (JSON allows \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)', "invalid escape sequence '\\x'"],
      ['{} x', "Expected the end of the file (the JSON value is already complete), found 'x'", 'unexpected content after the end of the JSON value'],
    ];
    for (const [text, template, hcl] of cases) {
      expect(read(text).error?.message).toBe(template);
      expect(readHclJson(text, (o) => `1:${o + 1}`).error?.message).toBe(hcl);
    }
    // HashiCorp's reader also rejects a valid number followed by `.` or `e`; the template reader reports the separator.
    expect(readHclJson('[1.5.]', () => '').error).toEqual({ message: 'invalid number "1.5."', start: 1, end: 5 });
    expect(read('[1.5.]').error?.message).toBe("Expected ',' or ']' between array items (in the '[' opened at 1:1), found '.'");
  });

  it('reads JSON numbers of any length', () => {
    expect(values(`[${'1'.repeat(80)}]`)).toMatchObject({ kind: 'list', items: [{ kind: 'literal', value: Number('1'.repeat(80)) }] });
  });
});

describe('placeholders in Terraform JSON text', () => {
  const hole = (reason: string): Value => ({ kind: 'unknown', reason, loc: { file: 'f.tf', range: { start: at(0), end: at(0) } } });

  it('reads a placeholder as the value it stands for, in a value or inside a string after escapes', () => {
    const text = `{"a": ${HOLE_CHAR}, "b": "x\\n${HOLE_CHAR}y", "c": "\\ue000"}`;
    const a = hole('a');
    const b = hole('b');
    const v = values(text, new Map([[text.indexOf(HOLE_CHAR), a], [text.lastIndexOf(HOLE_CHAR), b]]));
    expect(v).toMatchObject({
      kind: 'object',
      entries: [
        { key: 'a', value: a },
        { key: 'b', value: { kind: 'template', parts: ['x\n', b, 'y'] } },
        { key: 'c', value: { kind: 'literal', value: HOLE_CHAR } },
      ],
    });
  });

  it('is not JSON where no placeholder was put', () => {
    expect(values(`[${HOLE_CHAR}]`)).toBeUndefined();
  });
});

describe('what looks like JSON', () => {
  it('is text whose first non-space character opens an object (or an array, when arrays count)', () => {
    expect(startsLikeJson(' \r\n\t{"a": 1}')).toBe(true);
    expect(startsLikeJson('  [1]')).toBe(true);
    expect(startsLikeJson('  [1]', false)).toBe(false);
    expect(startsLikeJson('\u00a0{}')).toBe(false);
    expect(startsLikeJson('')).toBe(false);
    expect(parseEmbeddedJson('Version: 1', at, 'f')).toBeNull();
  });
});
