/**
 * `{ ...base, ...extra }` for objects whose keys the code fixes (values,
 * evaluation contexts, scopes). In V8 11 (Node 20) an object spread followed
 * by a key the source lacks (`{ ...value, via }`) can give every object made
 * there a hidden class of its own: about 200 bytes apiece, and each property
 * read that meets such objects goes megamorphic (in a micro-benchmark, 7x
 * slower to make and 30x slower to read). Copying onto a fresh literal with
 * `Object.assign` follows the shared transitions. Not for records keyed by
 * user text: `Object.assign` would call the `__proto__` setter.
 */
export function extend<T extends object, E extends object>(base: T, extra: E): T & E {
  return Object.assign({}, base, extra);
}
