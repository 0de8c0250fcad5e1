import { readFileSync } from './builtins.js';

export const toolName = 'iam-profile-lint';
/** The project's home; SARIF's `informationUri`. */
export const homepage = 'https://github.com/iam-profile-lint/iam-profile-lint';

let cached: string | undefined;

/**
 * The version in package.json, read once. This module sits at `src/shared/`,
 * `dist/shared/` (tsc's output) or in a bundle chunk at `dist/`: the nearest
 * package.json of ours above it is the one.
 */
export function packageVersion(): string {
  cached ??= ['../package.json', '../../package.json'].map(versionAt).find((v) => v !== undefined) ?? 'unknown';
  return cached;
}

function versionAt(relative: string): string | undefined {
  let pkg: unknown;
  try {
    pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof pkg !== 'object' || pkg === null || !('name' in pkg) || pkg.name !== toolName || !('version' in pkg)) return undefined;
  return typeof pkg.version === 'string' ? pkg.version : undefined;
}
