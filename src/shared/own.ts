/**
 * Lookups keyed by text from the user's files. A plain object literal
 * inherits `toString`, `constructor`, `__proto__` and `valueOf`, so a resource
 * of type `toString` would find a function where a table row was expected.
 * Every table such text indexes is built here, without a prototype; a record
 * filled from user text starts from `record()`; an object of unknown origin is
 * read with `own()`. test/hostile/names.test.ts holds src/ to this.
 */

/** A constant table with no prototype: only the rows written here are found. */
export function table<T>(rows: Readonly<Record<string, T>>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, rows));
}

/** An empty record to fill from user text (`__proto__` is then an ordinary key). */
export function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `object[key]` when `key` is the object's own property, else undefined. */
export function own<T>(object: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** A JSON object (not null, not an array), to be read with `own()`. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
