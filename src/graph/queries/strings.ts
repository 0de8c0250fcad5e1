import type { Graph } from '../types.js';
import type { Value } from '../value.js';

/** A string with holes: the known text, and the values we could not turn into text. */
export interface StringShape {
  /** Known text; each hole is the character U+0000. */
  text: string;
  holes: Value[];
}

export const HOLE = '\u0000';

/**
 * The static shape of a string value: literals, templates whose parts are
 * known, references to resources whose physical name is a known literal.
 * Undefined when the value is not string-like at all (an object, a list).
 */
export function stringShape(value: Value, graph: Graph, depth = 0): StringShape | undefined {
  switch (value.kind) {
    case 'literal':
      return value.value === null || typeof value.value === 'object' ? undefined : { text: String(value.value), holes: [] };
    case 'template': {
      let text = '';
      const holes: Value[] = [];
      for (const part of value.parts) {
        if (typeof part === 'string') {
          text += part;
          continue;
        }
        const inner = depth < 8 ? stringShape(part, graph, depth + 1) : undefined;
        if (inner) {
          text += inner.text;
          holes.push(...inner.holes);
        } else {
          text += HOLE;
          holes.push(part);
        }
      }
      return { text, holes };
    }
    case 'ref': {
      const name = knownName(value, graph, depth);
      return name !== undefined ? { text: name, holes: [] } : { text: HOLE, holes: [value] };
    }
    case 'unknown':
    case 'choice':
      return { text: HOLE, holes: [value] };
    default:
      return undefined;
  }
}

/** The literal physical name behind a `name`/`id` reference to a role or profile, when written in the code. */
function knownName(ref: Value & { kind: 'ref' }, graph: Graph, depth: number): string | undefined {
  if (ref.attribute !== 'name' && ref.attribute !== 'id') return undefined;
  const target = graph.resource(ref.target);
  if (!target || (target.kind !== 'iam.role' && target.kind !== 'iam.instance-profile')) return undefined;
  const name = target.canonical.name;
  if (!name || depth >= 8) return undefined;
  const shape = stringShape(name, graph, depth + 1);
  return shape && shape.holes.length === 0 ? shape.text : undefined;
}

/**
 * Every text a value takes, one per instance of a repeated block: a known
 * string, or text around exactly one per-instance choice whose options are
 * known (`"app-${each.key}"` over a known set). Two such choices are not
 * multiplied out: `"${each.key}-${each.value}"` pairs its options instance by
 * instance, and their product would name instances that do not exist.
 */
export function perInstanceStrings(value: Value, graph: Graph): string[] | undefined {
  const shape = stringShape(value, graph);
  if (!shape) return undefined;
  if (shape.holes.length === 0) return [shape.text];
  const [hole] = shape.holes;
  if (shape.holes.length !== 1 || hole.kind !== 'choice' || !hole.perInstance) return undefined;
  const options = hole.options.map((o) => knownString(o, graph));
  if (options.some((o) => o === undefined)) return undefined;
  const [before, after] = shape.text.split(HOLE);
  return options.map((o) => `${before}${o}${after}`);
}

/** The value as a fully known string, or undefined. */
export function knownString(value: Value, graph: Graph): string | undefined {
  // The common case without building a shape: rules ask this of nearly every value they read.
  if (value.kind === 'literal') return value.value === null || typeof value.value === 'object' ? undefined : String(value.value);
  const shape = stringShape(value, graph);
  return shape && shape.holes.length === 0 ? shape.text : undefined;
}
