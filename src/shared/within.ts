import path from 'node:path';

/** Whether `abs` is `root` or under it, by path alone (callers resolve links where links matter). */
export function isWithin(root: string, abs: string): boolean {
  const rel = path.relative(root, abs);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
