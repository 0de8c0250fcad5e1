import { guardedBy, itemsOnAnyBranch, type ObjectValue, type Value } from '../value.js';

/**
 * Every value at a dot path (`A.B[].C`) under an object. Lists are entered at
 * every step whether or not the path marks them (`[]`), because CloudFormation
 * lists, Terraform repeatable blocks and `.tf.json` arrays all spell the same
 * thing; `Fn::If`/conditional choices are entered on every branch.
 */
export function valuesAtPath(root: Value, path: string): Array<{ value: Value; parent: ObjectValue }> {
  const segments = pathSegments(path);
  let frontier: Value[] = [root];
  const found: Array<{ value: Value; parent: ObjectValue }> = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const last = i === segments.length - 1;
    const next: Value[] = [];
    // Indexed loops: this runs for every resource and slot, mostly before V8 optimises it, where for-of allocates.
    const expanded = expandAll(frontier);
    for (let f = 0; f < expanded.length; f++) {
      const v = expanded[f];
      if (v.kind !== 'object') continue;
      for (let k = 0; k < v.entries.length; k++) {
        const e = v.entries[k];
        if (e.key !== segment) continue;
        // A value inside a conditional object is there under the object's conditions too.
        const value = guardedBy(e.value, v.when);
        if (last) found.push({ value, parent: v });
        else next.push(value);
      }
    }
    frontier = next;
  }
  return found;
}

/** The segments of a path, each without its `[]`; the paths are the tables' few, each split once. */
const segmentsOf = new Map<string, readonly string[]>();

function pathSegments(path: string): readonly string[] {
  let segments = segmentsOf.get(path);
  if (!segments) segmentsOf.set(path, (segments = path.split('.').map((s) => s.replace(/\[\]$/, ''))));
  return segments;
}

/** `frontier.flatMap(itemsOnAnyBranch)`, without new arrays for the plain objects that nearly every frontier holds. */
function expandAll(frontier: Value[]): Value[] {
  return frontier.every(isPlain) ? frontier : frontier.flatMap(itemsOnAnyBranch);
}

function isPlain(v: Value): boolean {
  return v.kind !== 'choice' && v.kind !== 'list';
}

/** The first value at a path, or undefined. */
export function valueAtPath(root: Value, path: string): Value | undefined {
  return valuesAtPath(root, path)[0]?.value;
}
