// Directory trees written for a test and removed after it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/**
 * Returns `tree(files)`: writes each relative path with its text under a new
 * temporary directory named `ipl-<prefix>-…` and returns that directory.
 * Every directory made is removed after each test of the calling file.
 */
export function tempTrees(prefix: string): (files: Record<string, string>) => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  return (files) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), `ipl-${prefix}-`));
    made.push(root);
    for (const [rel, text] of Object.entries(files)) {
      const file = path.join(root, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
    return root;
  };
}
