/**
 * A gitignore-style matcher (git's `gitignore(5)` semantics) used for both
 * `.gitignore` files and the config's `ignore` globs. Node 20 has no stable
 * glob matcher (`path.matchesGlob` is experimental), hence our own.
 */

import { globMatcher, pieceSource, type GlobMatcher, type GlobPiece } from './glob-match.js';

export interface IgnoreRule {
  negate: boolean;
  dirOnly: boolean;
  /** Anchored rules match the whole path relative to the base; others match one path segment. */
  anchored: boolean;
  /** Matches in linear time whatever the pattern (glob-match.ts). */
  regex: GlobMatcher;
  source: string;
}

/** A set of rules that apply to paths under `base` (an absolute directory). */
export interface IgnoreLayer {
  base: string;
  rules: IgnoreRule[];
}

/** Parses the text of a `.gitignore` file (or a list of config globs joined by newlines). */
export function parseIgnoreFile(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const line of text.split(/\r?\n|\r/)) {
    const rule = parseIgnoreLine(line);
    if (rule) rules.push(rule);
  }
  return rules;
}

export function parseIgnoreLine(raw: string): IgnoreRule | undefined {
  let line = trimUnescapedTrailingSpaces(raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw);
  if (line === '' || line.startsWith('#')) return undefined;
  let negate = false;
  if (line.startsWith('!')) {
    negate = true;
    line = line.slice(1);
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
    line = line.slice(1);
  }
  let dirOnly = false;
  if (line.endsWith('/') && !line.endsWith('\\/')) {
    dirOnly = true;
    line = line.replace(/\/+$/, '');
  }
  if (line === '') return undefined;
  // A slash at the start or in the middle anchors the pattern to the base directory.
  const anchored = line.includes('/');
  if (line.startsWith('/')) line = line.slice(1);
  return { negate, dirOnly, anchored, regex: globMatcher(globPieces(line)), source: raw };
}

function trimUnescapedTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) {
    if (end >= 2 && line[end - 2] === '\\') break;
    end--;
  }
  return line.slice(0, end);
}

/** Translates one gitignore glob (no leading `!`, no trailing `/`) into a regex source. */
export function globToRegexSource(glob: string): string {
  return globPieces(glob).map(pieceSource).join('');
}

/** One gitignore glob (no leading `!`, no trailing `/`) as the pieces glob-match.ts runs. */
export function globPieces(glob: string): GlobPiece[] {
  const out: GlobPiece[] = [];
  let i = 0;
  while (i < glob.length) {
    const c = glob[i];
    if (c === '*') {
      const run = countRun(glob, i, '*');
      const atSegmentStart = i === 0 || glob[i - 1] === '/';
      const atSegmentEnd = i + run === glob.length || glob[i + run] === '/';
      if (run >= 2 && atSegmentStart && atSegmentEnd) {
        out.push(doubleStar(glob, i, run));
        i += run + (i + run < glob.length ? 1 : 0);
        continue;
      }
      out.push({ kind: 'star' });
      i += run;
    } else if (c === '?') {
      out.push({ kind: 'one' });
      i++;
    } else if (c === '[') {
      const cls = characterClass(glob, i);
      if (cls) {
        out.push({ kind: 'class', source: cls.source });
        i = cls.next;
      } else {
        out.push({ kind: 'char', ch: '[' });
        i++;
      }
    } else if (c === '\\' && i + 1 < glob.length) {
      out.push({ kind: 'char', ch: glob[i + 1] });
      i += 2;
    } else {
      out.push({ kind: 'char', ch: c });
      i++;
    }
  }
  return out;
}

function countRun(s: string, start: number, ch: string): number {
  let n = 0;
  while (s[start + n] === ch) n++;
  return n;
}

/** `**` as a whole segment: leading `**\/`, inner `/**\/` and trailing `/**`. */
function doubleStar(glob: string, i: number, run: number): GlobPiece {
  const atEnd = i + run === glob.length;
  if (atEnd) return { kind: i === 0 ? 'any' : 'some' };
  return { kind: 'dirs' };
}

function characterClass(glob: string, start: number): { source: string; next: number } | undefined {
  let i = start + 1;
  let negate = false;
  if (glob[i] === '!' || glob[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  while (i < glob.length && (glob[i] !== ']' || first)) {
    const c = glob[i];
    if (c === '\\' && i + 1 < glob.length) {
      body += escapeClassChar(glob[i + 1]);
      i += 2;
    } else {
      body += c === '-' ? '-' : escapeClassChar(c);
      i++;
    }
    first = false;
  }
  if (i >= glob.length) return undefined;
  // A class never matches the path separator, negated or not.
  const source = negate ? `(?!/)[^${body}]` : `(?!/)[${body}]`;
  return { source, next: i + 1 };
}

function escapeClassChar(c: string): string {
  return /[\\\]^-]/.test(c) ? `\\${c}` : c;
}


/**
 * Decides whether a path is ignored by the layers (outermost first; later layers and later
 * rules win, as in git). `relPath` segments are relative to `layer.base` and computed by the caller.
 */
export function matchLayers(
  layers: readonly IgnoreLayer[],
  relativeTo: (base: string) => string | undefined,
  isDir: boolean,
): boolean {
  let ignored = false;
  for (const layer of layers) {
    const rel = relativeTo(layer.base);
    if (rel === undefined) continue;
    const verdict = matchRules(layer.rules, rel, isDir);
    if (verdict !== undefined) ignored = verdict;
  }
  return ignored;
}

/** The verdict of the last matching rule: true = ignored, false = re-included, undefined = no match. */
export function matchRules(rules: readonly IgnoreRule[], relPath: string, isDir: boolean): boolean | undefined {
  const name = relPath.slice(relPath.lastIndexOf('/') + 1);
  let verdict: boolean | undefined;
  for (const rule of rules) {
    if (rule.dirOnly && !isDir) continue;
    if (rule.regex.test(rule.anchored ? relPath : name)) verdict = !rule.negate;
  }
  return verdict;
}

/**
 * Rewrites a pattern written relative to a directory so it applies relative to the
 * subdirectory `prefix` (segments) of it; undefined when it can match nothing there.
 */
export function rebaseIgnorePattern(pattern: string, prefix: readonly string[]): string | undefined {
  const negate = pattern.startsWith('!');
  const body = trimUnescapedTrailingSpaces(negate ? pattern.slice(1) : pattern);
  const core = body.replace(/\/+$/, '');
  if (!core.includes('/') || prefix.length === 0) return pattern;
  const dirSuffix = core.length < body.length ? '/' : '';
  const segments = core.replace(/^\//, '').split('/');
  const bang = negate ? '!' : '';
  for (let i = 0; i < prefix.length; i++) {
    if (i >= segments.length) return `${bang}**`; // the pattern covers the whole subdirectory
    if (segments[i] === '**') return `${bang}/${segments.slice(i).join('/')}${dirSuffix}`;
    if (!globMatcher(globPieces(segments[i])).test(prefix[i])) return undefined;
  }
  if (segments.length === prefix.length) return `${bang}**`;
  return `${bang}/${segments.slice(prefix.length).join('/')}${dirSuffix}`;
}
