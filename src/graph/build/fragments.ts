import type { UnresolvedRef } from '../types.js';

/** Kinds of Terraform names that a directory of shared files expects its includer to declare. */
const assembledElsewhere = new Set(['variable', 'local value', 'module']);

/**
 * A Terraform directory that declares no variables (or locals, or module
 * calls) at all, yet refers to them, is a fragment assembled into a module
 * elsewhere (cloudposse-style mixins, symlinked shared files): those names are
 * unknown, not missing. A directory that declares some of them and misses one
 * has a typo, and keeps the finding.
 */
export function withoutFragmentReferences(unresolved: UnresolvedRef[]): UnresolvedRef[] {
  return unresolved.filter((u) => !(assembledElsewhere.has(u.expected) && (u.candidates?.length ?? 0) === 0));
}
