// The package's bin as built (`npm test` builds first): CommonJS, so that a run never starts
// Node's ES module loader (scripts/bundle.mjs says what that costs). No timing here: which of
// Node's internal modules a run loaded is a fact of the build, not of the machine.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
const BIN = path.join(ROOT, PACKAGE.bin['iam-profile-lint']);
const TEMPLATE = path.join(ROOT, 'examples/cloudformation/web-stack.yaml');

/** The bin run with a preload that writes, at exit, the internal modules Node loaded. */
function runTraced(bin: string, args: string[]): { status: number | null; stdout: string; loaded: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipl-bin-'));
  try {
    const list = path.join(dir, 'loaded.txt');
    const probe = path.join(dir, 'probe.cjs');
    fs.writeFileSync(probe, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));\n`);
    const r = spawnSync(process.execPath, ['--require', probe, bin, ...args], { cwd: ROOT, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, loaded: fs.readFileSync(list, 'utf8').split('\n') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const ES_LOADER = 'NativeModule internal/modules/esm/module_job';

describe('the bin', () => {
  it('lints a template without starting the ES module loader', () => {
    const r = runTraced(BIN, [TEMPLATE]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/role-as-instance-profile/);
    expect(r.loaded).toContain('NativeModule internal/modules/cjs/loader');
    expect(r.loaded).not.toContain(ES_LOADER);
  });

  it('prints its version without the ES module loader, and dist/cli.js runs the same bin', () => {
    const bin = runTraced(BIN, ['--version']);
    expect(bin.stdout).toBe(`${PACKAGE.version}\n`);
    expect(bin.loaded).not.toContain(ES_LOADER);
    // `node dist/cli.js` is an ES module itself (the probe sees the loader), then the same program.
    const shim = runTraced(path.join(ROOT, 'dist/cli.js'), [TEMPLATE]);
    expect(shim.loaded).toContain(ES_LOADER);
    expect(shim.stdout).toBe(runTraced(BIN, [TEMPLATE]).stdout);
  });
});
