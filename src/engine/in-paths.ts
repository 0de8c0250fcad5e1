import path from 'node:path';
import type { Finding } from '../shared/finding.js';

/**
 * Which findings a run with explicit paths reports. A given directory covers every
 * file under it; a given file covers itself only, though its whole module was
 * analysed (pre-commit passes changed files; findings elsewhere in the module are
 * not the commit's). A `.tfvars` file has no findings of its own, so it covers its
 * module's directory, whose values it feeds.
 */
export function inScope<T extends Pick<Finding, 'file'>>(items: readonly T[], given: readonly GivenPath[], cwd: string): T[] {
  if (!given.some((g) => g.kind === 'file')) return [...items];
  const files = new Set<string>();
  const dirs: string[] = [];
  const moduleDirs = new Set<string>();
  for (const g of given) {
    const abs = path.resolve(cwd, g.path);
    if (g.kind === 'directory') dirs.push(abs);
    else if (isTfvars(abs)) moduleDirs.add(path.dirname(abs));
    else files.add(abs);
  }
  return items.filter((f) => {
    const abs = path.resolve(cwd, f.file);
    return files.has(abs) || moduleDirs.has(path.dirname(abs)) || dirs.some((dir) => isInside(dir, abs));
  });
}

export interface GivenPath {
  path: string;
  kind: 'file' | 'directory';
}

function isTfvars(file: string): boolean {
  const name = file.toLowerCase();
  return name.endsWith('.tfvars') || name.endsWith('.tfvars.json');
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}
