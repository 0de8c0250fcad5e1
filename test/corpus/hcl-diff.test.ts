import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CORPUS = fileURLToPath(new URL('../../../shared/corpus', import.meta.url));
const present = existsSync(CORPUS);
if (!present) console.warn(`hcl-diff corpus check skipped: ${CORPUS} does not exist`);

describe.runIf(present)('HCL parser against HashiCorp hclsyntax (@cdktf/hcl2json) on the corpus', () => {
  it('renders every .tf file exactly as hcl2json does, and rejects none of them', () => {
    // Built code: `npm run test:corpus` builds first.
    const run = spawnSync(process.execPath, ['scripts/hcl-diff.mjs', '../shared/corpus'], { cwd: ROOT, encoding: 'utf8' });
    const lines = run.stdout.trimEnd().split('\n');
    const last = lines[lines.length - 1];
    expect(run.stderr).toBe('');
    expect(lines.slice(0, -1)).toEqual([]);
    expect(last).toMatch(/^\d+ files, 0 mismatches, 0 rejected by both, 0 rejected by hcl2json only, 0 rejected by us only$/);
    expect(Number(last.split(' ')[0])).toBeGreaterThan(1000);
    expect(run.status).toBe(0);
  });
});
