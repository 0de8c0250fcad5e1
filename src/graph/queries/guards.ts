import type { Guard, GuardSpace } from '../value.js';

/**
 * Whether values and resources there under these guards can all be deployed
 * at once: each template's conditions are asked about its own guards; guards
 * of different templates are independent. No guards: always.
 */
export function possibleTogether(...sets: ReadonlyArray<readonly Guard[] | undefined>): boolean {
  return together(sets, true);
}

/** As `possibleTogether`, but false where the conditions have too many open inputs to tell. */
export function surelyPossibleTogether(...sets: ReadonlyArray<readonly Guard[] | undefined>): boolean {
  return together(sets, false);
}

function together(sets: ReadonlyArray<readonly Guard[] | undefined>, unsure: boolean): boolean {
  const bySpace = new Map<GuardSpace, Guard[]>();
  for (const set of sets) {
    for (const guard of set ?? []) {
      const same = bySpace.get(guard.space);
      if (same) same.push(guard);
      else bySpace.set(guard.space, [guard]);
    }
  }
  for (const [space, guards] of bySpace) if (!space.satisfiable(guards, unsure)) return false;
  return true;
}

/**
 * A guard the defaults do not meet: with every deploy-time input at its
 * default (what deploys when nobody overrides one), what it guards is not
 * deployed. Undefined when every guard is met by default or may be.
 */
export function unmetByDefault(when: readonly Guard[] | undefined): Guard | undefined {
  return when?.find((g) => g.metByDefault === false);
}
