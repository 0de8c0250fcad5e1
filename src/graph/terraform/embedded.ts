import type { Position } from '../../shared/source.js';
import type { Value } from '../value.js';
import { HOLE_CHAR, readJson } from './json.js';
import { startsLikeJson } from '../../parsers/json-tree.js';
import type { ModuleScope, TextMap } from './scope.js';
import { decodedPosition } from '../../parsers/decoded-map.js';

/** A string value rendered as text, each character with its position; values not known as text are holes. */
interface Rendered {
  text: string;
  file: string;
  positions: Position[];
  holes: Map<number, Value>;
}

/**
 * Parses the JSON inside a string value (a heredoc, a quoted string, a
 * `file()`), positions pointing where each character was written. Undefined
 * when the value is not a string that reads as a JSON object or array.
 */
export function parseJsonString(scope: ModuleScope, value: Value): Value | undefined {
  const rendered = render(scope, value);
  if (!rendered || !startsLikeJson(rendered.text)) return undefined;
  // A string a value stands for is a placeholder, which keeps where it came from (a default, a --var); where the
  // JSON does not read so (the string is part of its structure: a `%{if}` that adds a statement), it is read as text.
  return readRendered(rendered) ?? (rendered.holes.size > 0 ? retryAsText(scope, value) : undefined);
}

function retryAsText(scope: ModuleScope, value: Value): Value | undefined {
  const rendered = render(scope, value, true);
  return rendered && rendered.holes.size === 0 ? readRendered(rendered) : undefined;
}

/** A string whose text is all known and opens like JSON but does not read as JSON. */
export function malformedJson(scope: ModuleScope, value: Value): boolean {
  const rendered = render(scope, value, true);
  return rendered !== undefined && rendered.holes.size === 0 && startsLikeJson(rendered.text) && readRendered(rendered) === undefined;
}

/** Reads any JSON text (a `jsondecode` argument): objects, arrays and scalars. */
export function decodeJsonString(scope: ModuleScope, value: Value): Value | undefined {
  const rendered = render(scope, value);
  return rendered ? readRendered(rendered) : undefined;
}

/** The JSON in a rendered string, each value placed through the string's position map. */
function readRendered(rendered: Rendered): Value | undefined {
  const { positions } = rendered;
  return readJson({
    text: rendered.text,
    file: rendered.file,
    holes: rendered.holes,
    at: (i) => positions[Math.max(0, Math.min(i, positions.length - 1))],
  });
}

function render(scope: ModuleScope, value: Value, stringsAsText = false): Rendered | undefined {
  if (value.kind === 'literal' && typeof value.value === 'string') {
    const map = scope.textMaps.get(value);
    const text = value.value;
    return { text, file: map?.file ?? value.loc.file, positions: positionsOf(text.length, map, value), holes: new Map() };
  }
  if (value.kind !== 'template') return undefined;
  const maps = scope.partMaps.get(value) ?? [];
  const file = maps.find((m) => m)?.file ?? value.loc.file;
  let text = '';
  const positions: Position[] = [];
  const holes = new Map<number, Value>();
  let end = value.loc.range.end;
  const append = (known: string, map: TextMap | undefined, at: Value): void => {
    const own = positionsOf(known.length, map?.file === file ? map : undefined, at);
    positions.push(...own.slice(0, known.length));
    end = own[known.length];
    text += known;
  };
  const add = (part: string | Value, map: TextMap | undefined, owner: Value): void => {
    if (typeof part === 'string') return append(part, map, owner);
    const at = part.loc.file === file ? part : owner;
    if (stringsAsText) {
      if (part.kind === 'literal' && typeof part.value === 'string') return append(part.value, scope.textMaps.get(part), at);
      if (part.kind === 'template') {
        const inner = scope.partMaps.get(part) ?? [];
        return part.parts.forEach((q, j) => add(q, inner[j], at));
      }
      // `${jsonencode(list)}` in a template is the document's JSON text.
      const json = literalJson(part);
      if (json !== undefined) return append(json, undefined, at);
    }
    holes.set(text.length, part);
    positions.push(at.loc.range.start);
    end = at.loc.range.end;
    text += HOLE_CHAR;
  };
  value.parts.forEach((part, k) => add(part, maps[k], value));
  positions.push(end);
  return { text, file, positions, holes };
}

/** The JSON text of a value made of literals only; undefined for anything computed. */
function literalJson(v: Value): string | undefined {
  if (v.kind === 'literal') return JSON.stringify(v.value);
  const parts = v.kind === 'list' ? v.items.map(literalJson) : v.kind === 'object' ? v.entries.map((e) => { const j = literalJson(e.value); return j === undefined ? undefined : `${JSON.stringify(e.key)}:${j}`; }) : undefined;
  if (!parts || parts.some((p) => p === undefined)) return undefined;
  return v.kind === 'list' ? `[${parts.join(',')}]` : `{${parts.join(',')}}`;
}

/** One position per character plus the end; without a map every character sits at the value's start. */
function positionsOf(length: number, map: TextMap | undefined, value: Value): Position[] {
  const out: Position[] = [];
  for (let i = 0; i <= length; i++) out.push(map ? decodedPosition(map, i) : i < length ? value.loc.range.start : value.loc.range.end);
  return out;
}
