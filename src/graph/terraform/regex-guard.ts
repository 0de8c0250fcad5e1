/**
 * Whether a regex written in the user's code (Terraform's `replace(s, "/re/",
 * x)`) may run on a text of this length. Terraform's engine (RE2) is linear;
 * JavaScript's backtracks, so `(a+)+$` on a long string would never end.
 * Refused (the result is unknown): backreferences, a quantified group that
 * holds a quantifier or an alternation, and more unbounded quantifiers than
 * the text is short.
 */

/** Bound on the steps a backtracking match may take, roughly length^quantifiers. */
const MAX_STEPS = 1e7;

export function regexIsSafe(source: string, textLength: number): boolean {
  const shape = regexShape(source);
  if (shape === undefined || shape.nested || shape.backreference) return false;
  return Math.pow(Math.max(textLength, 2), shape.unbounded) <= MAX_STEPS;
}

interface Shape {
  nested: boolean;
  backreference: boolean;
  unbounded: number;
}

/** A scan of the source: groups, classes and escapes; undefined when it cannot be read that way. */
function regexShape(source: string): Shape | undefined {
  const groups: boolean[] = []; // per open group: does it hold a quantifier or an alternation?
  let lastGroupHadQuantifier = false;
  let nested = false;
  let backreference = false;
  let unbounded = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    const afterGroup = lastGroupHadQuantifier;
    lastGroupHadQuantifier = false;
    if (c === '\\') {
      if (/[1-9k]/.test(source[i + 1] ?? '')) backreference = true;
      i++;
    } else if (c === '[') {
      i = classEnd(source, i);
      if (i < 0) return undefined;
    } else if (c === '(') {
      groups.push(false);
      // `(?:`, `(?<name>`, `(?P<name>` open a group: the `?` there is no quantifier.
      const opening = /^\(\?(:|P?<[A-Za-z_][A-Za-z0-9_]*>)/.exec(source.slice(i, i + 64));
      if (opening) i += opening[0].length - 1;
    } else if (c === '|') {
      if (groups.length > 0) groups[groups.length - 1] = true;
    } else if (c === ')') {
      const held = groups.pop();
      if (held === undefined) return undefined;
      lastGroupHadQuantifier = held;
      if (held && groups.length > 0) groups[groups.length - 1] = true;
    } else {
      const q = quantifier(source, i);
      if (q === undefined) continue;
      if (afterGroup) nested = true;
      if (q.unbounded) unbounded++;
      if (groups.length > 0) groups[groups.length - 1] = true;
      i = q.end;
    }
  }
  return groups.length > 0 ? undefined : { nested, backreference, unbounded };
}

function quantifier(source: string, i: number): { unbounded: boolean; end: number } | undefined {
  const c = source[i];
  const lazy = (end: number): number => (source[end + 1] === '?' ? end + 1 : end);
  if (c === '*' || c === '+') return { unbounded: true, end: lazy(i) };
  if (c === '?') return { unbounded: false, end: i };
  if (c !== '{') return undefined;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i, i + 24));
  if (!m) return undefined;
  return { unbounded: m[2] !== undefined && m[3] === '', end: lazy(i + m[0].length - 1) };
}

function classEnd(source: string, start: number): number {
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']' && i > start + 1) return i;
  }
  return -1;
}
