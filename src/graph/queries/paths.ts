import { alternatives, guardedBy, type ObjectValue, type Value } from '../value.js';

/**
 * Every value at a dot path (`A.B[].C`) under an object. Lists are entered at
 * every step whether or not the path marks them (`[]`), because CloudFormation
 * lists, Terraform repeatable blocks and `.tf.json` arrays all spell the same
 * thing; `Fn::If`/conditional choices are entered on every branch.
 */
export function valuesAtPath(root: Value, path: string): Array<{ value: Value; parent: ObjectValue }> {
  const segments = path.split('.').map((s) => s.replace(/\[\]$/, ''));
  let frontier: Value[] = [root];
  const found: Array<{ value: Value; parent: ObjectValue }> = [];
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    const next: Value[] = [];
    for (const v of frontier.flatMap(expand)) {
      if (v.kind !== 'object') continue;
      for (const e of v.entries) {
        if (e.key !== segment) continue;
        // A value inside a conditional object is there under the object's conditions too.
        const value = guardedBy(e.value, v.when);
        if (last) found.push({ value, parent: v });
        else next.push(value);
      }
    }
    frontier = next;
  });
  return found;
}

function expand(v: Value): Value[] {
  return alternatives(v).flatMap((a) => (a.kind === 'list' ? a.items.flatMap((item) => expand(guardedBy(item, a.when))) : [a]));
}

/** The first value at a path, or undefined. */
export function valueAtPath(root: Value, path: string): Value | undefined {
  return valuesAtPath(root, path)[0]?.value;
}
