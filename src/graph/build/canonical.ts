import type { KindRow } from '../kinds.js';
import { valueAtPath } from '../queries/paths.js';
import type { CanonicalProp } from '../types.js';
import type { ObjectValue, Value } from '../value.js';

/** Picks the canonical properties of a resource from its raw properties. */
export function canonicalProps(props: ObjectValue, row: KindRow): Partial<Record<CanonicalProp, Value>> {
  const out: Partial<Record<CanonicalProp, Value>> = {};
  for (const [prop, path] of Object.entries(row.props) as Array<[CanonicalProp, string]>) {
    const v = valueAtPath(props, path);
    if (v !== undefined) out[prop] = v;
  }
  return out;
}
