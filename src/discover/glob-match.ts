/**
 * Matching gitignore globs in time linear in the path (times the pattern):
 * a backtracking regex for `*a*a*a*a*a*a*a*a*b` takes seconds per file name,
 * and a repository's `.gitignore` is input the linter does not control. The
 * glob's pieces run as a set of states (Thompson's construction), never
 * backtracking.
 */

export type GlobPiece =
  | { kind: 'char'; ch: string }
  /** `?`: one character but `/`. */
  | { kind: 'one' }
  /** `[...]`: one character but `/`, tested by a regex of exactly one character. */
  | { kind: 'class'; source: string }
  /** `*`: a run of characters without `/`. */
  | { kind: 'star' }
  /** `**` alone: anything. */
  | { kind: 'any' }
  /** A trailing `/**`: at least one character. */
  | { kind: 'some' }
  /** `**\/` before more: nothing, or anything ending in `/`. */
  | { kind: 'dirs' }
  /** Any one character, `/` too: the first of `some`, inside the matcher only. */
  | { kind: 'anyOne' };

/** The regex equivalent of a piece (for display and for callers that want a source). */
export function pieceSource(p: GlobPiece): string {
  switch (p.kind) {
    case 'char':
      return /[.*+?^${}()|[\]\\/]/.test(p.ch) ? `\\${p.ch}` : p.ch;
    case 'one':
      return '[^/]';
    case 'class':
      return p.source;
    case 'star':
      return '[^/]*';
    case 'any':
      return '.*';
    case 'some':
      return '.+';
    case 'dirs':
      return '(?:.*/)?';
    case 'anyOne':
      return '.';
  }
}

export interface GlobMatcher {
  /** Whether the whole text matches. */
  test(text: string): boolean;
}

export function globMatcher(pieces: readonly GlobPiece[]): GlobMatcher {
  // `.+` is one character and then `.*`: the matcher knows single steps only.
  const steps: GlobPiece[] = pieces.flatMap((p): GlobPiece[] => (p.kind === 'some' ? [{ kind: 'anyOne' }, { kind: 'any' }] : [p]));
  const classes = steps.map((p) => (p.kind === 'class' ? new RegExp(`^${p.source}$`, 's') : undefined));
  return { test: (text) => run(steps, classes, text) };
}

/** State `2j` is "before piece j"; `2j+1` is "inside a `dirs` piece j" (past some of its `.*`). */
function run(steps: readonly GlobPiece[], classes: ReadonlyArray<RegExp | undefined>, text: string): boolean {
  const m = steps.length;
  let current = closure(steps, [0]);
  // Code units, as the regex this replaces (no `u` flag) counted them.
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const next: number[] = [];
    for (const state of current) {
      const j = state >> 1;
      if (j >= m) continue;
      const p = steps[j];
      if (state & 1) {
        next.push(state);
        if (ch === '/') next.push(2 * (j + 1));
        continue;
      }
      if (p.kind === 'anyOne') next.push(2 * (j + 1));
      else if (p.kind === 'char' && ch === p.ch) next.push(2 * (j + 1));
      else if (p.kind === 'one' && ch !== '/') next.push(2 * (j + 1));
      else if (p.kind === 'class' && classes[j]?.test(ch)) next.push(2 * (j + 1));
      else if (p.kind === 'star' && ch !== '/') next.push(state);
      else if (p.kind === 'any') next.push(state);
      else if (p.kind === 'dirs') {
        next.push(state | 1);
        if (ch === '/') next.push(2 * (j + 1));
      }
    }
    if (next.length === 0) return false;
    current = closure(steps, next);
  }
  return current.includes(2 * m);
}

/** The states reachable without reading: pieces that may match nothing are skipped. */
function closure(steps: readonly GlobPiece[], states: number[]): number[] {
  const seen = new Set<number>();
  const stack = [...states];
  while (stack.length > 0) {
    const s = stack.pop() as number;
    if (seen.has(s)) continue;
    seen.add(s);
    const j = s >> 1;
    if (!(s & 1) && j < steps.length && ['star', 'any', 'dirs'].includes(steps[j].kind)) stack.push(2 * (j + 1));
  }
  return [...seen];
}
