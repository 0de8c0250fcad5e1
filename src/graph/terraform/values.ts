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
