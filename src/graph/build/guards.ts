import type { Guard, GuardSpace } from '../value.js';

/**
 * What CloudFormation conditions and Terraform conditions share: a guard
 * that names its test, and deciding a set of guards by trying every
 * combination of the open inputs' values.
 */

/** Whether a condition holds: true, false, or undefined when what decides it is open. */
export type Truth = boolean | undefined;

/**
 * Past this many combinations of the open inputs' values, guards are taken
 * as able to hold together: a finding is kept rather than a branch wrongly
 * ruled out.
 */
export const MAX_CASES = 1024;

/** A guard on a value: `test`, a condition of its template or module, holds or not. */
export class TestGuard<S extends GuardSpace> implements Guard {
  // Private: a guard copied out of the run (a structured clone, JSON) carries what it says, not the space it belongs to.
  readonly #space: S;

  constructor(
    space: S,
    readonly test: string,
    readonly holds: boolean,
    readonly metByDefault?: boolean,
  ) {
    this.#space = space;
  }

  get space(): S {
    return this.#space;
  }

  /** Its conditions are not printed with it (`--debug-graph`), only what it says. */
  toJSON(): { test: string; holds: boolean; metByDefault?: boolean } {
    return { test: this.test, holds: this.holds, ...(this.metByDefault !== undefined ? { metByDefault: this.metByDefault } : {}) };
  }
}

/** Every way to give each input one of its values. */
export function* assignments<T>(domains: ReadonlyArray<readonly [string, readonly T[]]>): Generator<Array<[string, T]>> {
  if (domains.length === 0) {
    yield [];
    return;
  }
  const [[name, values], ...rest] = domains;
  for (const value of values) for (const others of assignments(rest)) yield [[name, value], ...others];
}

/** How many combinations `assignments` would yield. */
export function caseCount(domains: Iterable<readonly unknown[]>): number {
  let n = 1;
  for (const d of domains) n *= d.length;
  return n;
}

/** Whether a test is asked to hold and to fail at once: never, however many inputs are open. */
export function contradictory(guards: readonly Guard[]): boolean {
  const asked = new Map<string, boolean>();
  for (const g of guards) {
    if (asked.get(g.test) === !g.holds) return true;
    asked.set(g.test, g.holds);
  }
  return false;
}

/** The key under which a set of guards is decided once. */
export function guardsKey(guards: readonly Guard[]): string {
  return guards.map((g) => `${g.holds ? '' : '!'}${g.test}`).join('\0');
}
