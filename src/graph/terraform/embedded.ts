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
  if (!rendered) return undefined;
  return startsLikeJson(rendered.text) ? readRendered(rendered) : undefined;
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

function render(scope: ModuleScope, value: Value): Rendered | undefined {
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
  value.parts.forEach((part, k) => {
    if (typeof part === 'string') {
      const map = maps[k]?.file === file ? maps[k] : undefined;
      const own = positionsOf(part.length, map, value);
      positions.push(...own.slice(0, part.length));
      end = own[part.length];
      text += part;
      return;
    }
    holes.set(text.length, part);
    const inFile = part.loc.file === file;
    positions.push(inFile ? part.loc.range.start : value.loc.range.start);
    end = inFile ? part.loc.range.end : value.loc.range.end;
    text += HOLE_CHAR;
  });
  positions.push(end);
  return { text, file, positions, holes };
}

/** One position per character plus the end; without a map every character sits at the value's start. */
function positionsOf(length: number, map: TextMap | undefined, value: Value): Position[] {
  const out: Position[] = [];
  for (let i = 0; i <= length; i++) out.push(map ? decodedPosition(map, i) : i < length ? value.loc.range.start : value.loc.range.end);
  return out;
}
