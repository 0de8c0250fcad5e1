import type { KindRow } from '../kinds.js';
import { valueAtPath } from '../queries/paths.js';
import type { CanonicalProp } from '../types.js';
import type { ObjectValue, Value } from '../value.js';

/** Picks the canonical properties of a resource from its raw properties. */
export function canonicalProps(props: ObjectValue, row: KindRow): Partial<Record<CanonicalProp, Value>> {
  const out: Partial<Record<CanonicalProp, Value>> = {};
  const paths = propPaths(row);
  for (let i = 0; i < paths.length; i++) {
    const v = valueAtPath(props, paths[i][1]);
    if (v !== undefined) out[paths[i][0]] = v;
  }
  if (row.legacyProps) {
    for (const [prop, legacy] of Object.entries(row.legacyProps) as Array<[CanonicalProp, string]>) {
      const v = out[prop] === undefined ? valueAtPath(props, legacy) : undefined;
      if (v !== undefined) out[prop] = v;
    }
  }
  return out;
}

/** A row's canonical properties and their paths, listed once per row (rows are constants) rather than once per resource. */
const rowPaths = new WeakMap<KindRow, ReadonlyArray<readonly [CanonicalProp, string]>>();

function propPaths(row: KindRow): ReadonlyArray<readonly [CanonicalProp, string]> {
  let paths = rowPaths.get(row);
  if (!paths) rowPaths.set(row, (paths = Object.entries(row.props) as Array<[CanonicalProp, string]>));
  return paths;
}
