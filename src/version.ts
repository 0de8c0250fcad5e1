import { readFileSync } from 'node:fs';

export const toolName = 'iam-profile-lint';
/** The project's home; SARIF's `informationUri`. */
export const homepage = 'https://github.com/iam-profile-lint/iam-profile-lint';

let cached: string | undefined;

/** The version in package.json, read once; both `src/` and `dist/` sit one level below it. */
export function packageVersion(): string {
  if (cached !== undefined) return cached;
  const pkg: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const version = typeof pkg === 'object' && pkg !== null && 'version' in pkg ? pkg.version : undefined;
  cached = typeof version === 'string' ? version : 'unknown';
  return cached;
}
