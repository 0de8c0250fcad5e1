import path from 'node:path';
import { realpathSync } from './builtins.js';

/** Whether `abs` is `root` or under it, by path alone (callers resolve links where links matter). */
export function isWithin(root: string, abs: string): boolean {
  const rel = path.relative(root, abs);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** `abs` with links and `..` resolved, or as given when it does not exist (a file about to be written). */
export function realOrGiven(abs: string): string {
  try {
    return realpathSync(abs);
  } catch {
    return abs;
  }
}

/** Whether writing `target` would overwrite one of `linted` (paths relative to `cwd`), through `..` or links too. */
export function isLintedFile(target: string, linted: readonly string[], cwd: string): boolean {
  const real = realOrGiven(path.resolve(cwd, target));
  return linted.some((file) => realOrGiven(path.resolve(cwd, file)) === real);
}
