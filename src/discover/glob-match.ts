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
  return literalShape(pieces) ?? stateMatcher(pieces);
}

/**
 * Most patterns are a name (`node_modules`, `sts:assumerole`), or a prefix
 * and a suffix around one `*` (`*.log`, `tmp*`, `arn:aws:iam::*`): string
 * comparisons answer those without running the states over every character.
 */
function literalShape(pieces: readonly GlobPiece[]): GlobMatcher | undefined {
  if (pieces.some((p) => p.kind !== 'char' && p.kind !== 'star' && p.kind !== 'any')) return undefined;
  const wild = pieces.findIndex((p) => p.kind !== 'char');
  if (wild >= 0 && pieces.findIndex((p, i) => i > wild && p.kind !== 'char') >= 0) return undefined;
  const text = (from: number, to: number): string => pieces.slice(from, to).map((p) => (p.kind === 'char' ? p.ch : '')).join('');
  if (wild < 0) {
    const whole = text(0, pieces.length);
    return { test: (t) => t === whole };
  }
  const head = text(0, wild);
  const tail = text(wild + 1, pieces.length);
  // `**` covers anything; `*` a run without `/`.
  const slashes = pieces[wild].kind === 'any';
  return {
    test: (t) => {
      if (t.length < head.length + tail.length || !t.startsWith(head) || !t.endsWith(tail)) return false;
      if (slashes) return true;
      const slash = t.indexOf('/', head.length);
      return slash < 0 || slash >= t.length - tail.length;
    },
  };
}

function stateMatcher(pieces: readonly GlobPiece[]): GlobMatcher {
  // `.+` is one character and then `.*`: the matcher knows single steps only.
  const steps: GlobPiece[] = pieces.flatMap((p): GlobPiece[] => (p.kind === 'some' ? [{ kind: 'anyOne' }, { kind: 'any' }] : [p]));
  const classes = steps.map((p) => (p.kind === 'class' ? new RegExp(`^${p.source}$`, 's') : undefined));
  // Pieces that may match nothing: the states before them reach the state after them without reading.
  const skippable = steps.map((p) => p.kind === 'star' || p.kind === 'any' || p.kind === 'dirs');
  return { test: (text) => run(steps, classes, skippable, text) };
}

/**
 * State `2j` is "before piece j"; `2j+1` is "inside a `dirs` piece j" (past
 * some of its `.*`). The current and next state sets are lists with a mark
 * per state, so a step allocates nothing.
 */
function run(steps: readonly GlobPiece[], classes: ReadonlyArray<RegExp | undefined>, skippable: readonly boolean[], text: string): boolean {
  const m = steps.length;
  const size = 2 * m + 2;
  let current = new Int32Array(size);
  let next = new Int32Array(size);
  // The character index + 1 at which a state was last added to `next`: a mark that needs no clearing.
  const addedAt = new Int32Array(size).fill(-1);
  let count = 0;
  let nextCount = 0;
  const add = (state: number, stamp: number): void => {
    // Adding a state adds its closure: pieces that may match nothing are skipped.
    for (let s = state; ; s = 2 * ((s >> 1) + 1)) {
      if (addedAt[s] === stamp) return;
      addedAt[s] = stamp;
      next[nextCount++] = s;
      const j = s >> 1;
      if (s & 1 || j >= m || !skippable[j]) return;
    }
  };
  add(0, 0);
  [current, next] = [next, current];
  count = nextCount;
  // Code units, as the regex this replaces (no `u` flag) counted them.
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const stamp = i + 1;
    nextCount = 0;
    for (let k = 0; k < count; k++) {
      const state = current[k];
      const j = state >> 1;
      if (j >= m) continue;
      const p = steps[j];
      if (state & 1) {
        add(state, stamp);
        if (ch === '/') add(2 * (j + 1), stamp);
        continue;
      }
      if (p.kind === 'anyOne') add(2 * (j + 1), stamp);
      else if (p.kind === 'char' && ch === p.ch) add(2 * (j + 1), stamp);
      else if (p.kind === 'one' && ch !== '/') add(2 * (j + 1), stamp);
      else if (p.kind === 'class' && classes[j]?.test(ch)) add(2 * (j + 1), stamp);
      else if (p.kind === 'star' && ch !== '/') add(state, stamp);
      else if (p.kind === 'any') add(state, stamp);
      else if (p.kind === 'dirs') {
        add(state | 1, stamp);
        if (ch === '/') add(2 * (j + 1), stamp);
      }
    }
    if (nextCount === 0) return false;
    [current, next] = [next, current];
    count = nextCount;
  }
  for (let k = 0; k < count; k++) if (current[k] === 2 * m) return true;
  return false;
}
