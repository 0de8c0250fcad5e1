// `prepare`: build dist/ unless it is newer than every input of the build. npm runs `prepare`
// on `npm install` in the repository, again when npx first links the repository's own bin,
// and on `npm pack`: one build is enough (npm run build always builds).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

function newest(entry) {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(entry).map((name) => newest(path.join(entry, name))));
}

function builtAt() {
  try {
    return statSync(path.join(root, 'dist', 'cli.js')).mtimeMs;
  } catch {
    return -Infinity;
  }
}

const inputs = ['src', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/bundle.mjs'].map((p) => path.join(root, p));
if (builtAt() > Math.max(...inputs.map(newest))) process.exit(0);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const r = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(r.status ?? 1);
