import path from 'node:path';
import { realpathSync } from './builtins.js';

/** Whether `abs` is `root` or under it, by path alone (callers resolve links where links matter). */
export function isWithin(root: string, abs: string): boolean {
  const rel = path.relative(root, abs);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** `abs` relative to `base` with `/` separators, when strictly inside it (not `base` itself); else undefined. */
export function relativeInside(base: string, abs: string): string | undefined {
  const rel = path.relative(base, abs);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

/** `p` with links and `..` resolved; undefined when it cannot be (missing, a link loop). */
export function realPath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

/** Whether `abs`, links followed, is strictly inside `root` (not `root` itself); false when either cannot be resolved. */
export function insideReal(root: string, abs: string): boolean {
  const realRoot = realPath(root);
  const real = realPath(abs);
  return realRoot !== undefined && real !== undefined && real !== realRoot && isWithin(realRoot, real);
}

/** `abs` with links and `..` resolved, or as given when it does not exist (a file about to be written). */
export function realOrGiven(abs: string): string {
  return realPath(abs) ?? abs;
}

/** Whether writing `target` would overwrite one of `linted` (paths relative to `cwd`), through `..` or links too. */
export function isLintedFile(target: string, linted: readonly string[], cwd: string): boolean {
  const real = realOrGiven(path.resolve(cwd, target));
  return linted.some((file) => realOrGiven(path.resolve(cwd, file)) === real);
}
