import type { Loc } from '../../shared/source.js';
import type { Value } from '../value.js';

/** The value as text when it is fully known: a string, number or boolean literal, or a template of such. */
export function knownText(v: Value, depth = 0): string | undefined {
  if (v.kind === 'literal') return v.value === null ? undefined : String(v.value);
  if (v.kind !== 'template' || depth > 8) return undefined;
  let text = '';
  for (const p of v.parts) {
    const t = typeof p === 'string' ? p : knownText(p, depth + 1);
    if (t === undefined) return undefined;
    text += t;
  }
  return text;
}

/** True for values that are definitely known (no unknown, no choice anywhere inside). */
export function isKnown(v: Value): boolean {
  switch (v.kind) {
    case 'unknown':
    case 'choice':
      return false;
    case 'object':
      return v.entries.every((e) => isKnown(e.value));
    case 'list':
      return v.items.every(isKnown);
    case 'template':
      return v.parts.every((p) => typeof p === 'string' || isKnown(p));
    default:
      return true;
  }
}

/** Most places a computed scalar carries in `via`, so a long chain of operators stays linear work. */
const maxVia = 8;

/**
 * The result with the certainty of what it was computed from: one computed
 * from a default is itself only a default (see `fromInput`); one computed from
 * what the user gave keeps where they gave it. A list or map takes the marks,
 * not the places: its items keep their own.
 */
export function withCertainty(result: Value, sources: readonly Value[]): Value {
  if (result.kind !== 'literal' && result.kind !== 'list' && result.kind !== 'object') return result;
  let input: string | undefined;
  let commandLine: string | undefined;
  let via: Loc[] | undefined;
  for (const o of sources) {
    input ??= o.fromInput;
    commandLine ??= o.commandLine;
    if (result.kind === 'literal' && o.via) for (const l of o.via) if ((via ??= []).length < maxVia) via.push(l);
  }
  // Most sources are plain literals: the result is then itself, as built.
  if (input === undefined && via === undefined && commandLine === undefined) return result;
  const out: Value = { ...result };
  if (input !== undefined) out.fromInput = input;
  if (via !== undefined) out.via = via;
  if (commandLine !== undefined) out.commandLine = commandLine;
  return out;
}

/** Names, ARNs and ids of resources are never empty; other attributes and computed strings may be. */
export function neverEmpty(v: Value): boolean {
  switch (v.kind) {
    case 'literal':
      return v.value !== null && v.value !== '';
    case 'ref':
      return !v.attribute.startsWith('other:');
    case 'template':
      return v.parts.some((p) => (typeof p === 'string' ? p !== '' : neverEmpty(p)));
    case 'object':
    case 'list':
      return true;
    default:
      return false;
  }
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The user-perceived characters of a string, as Terraform counts them (`length`, `substr`). */
export function graphemeClusters(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}
