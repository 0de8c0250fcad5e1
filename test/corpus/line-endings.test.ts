/**
 * The real-world corpus converted to CRLF line endings and given a UTF-8
 * byte-order mark gives the same findings at the same lines and columns as
 * the corpus as it is: positions count lines however they end, and columns
 * do not count the BOM.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';

const realworld = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'realworld');
const temp = mkdtempSync(path.join(tmpdir(), 'ipl-line-endings-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function convert(dir: string): number {
  let n = 0;
  for (const name of readdirSync(dir)) {
    const abs = path.join(dir, name);
    if (statSync(abs).isDirectory()) {
      n += convert(abs);
      continue;
    }
    const text = readFileSync(abs, 'utf8');
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    writeFileSync(abs, `\uFEFF${body.replace(/\r?\n/g, '\r\n')}`);
    n++;
  }
  return n;
}

async function findings(root: string): Promise<string[]> {
  const result = await lint({ paths: ['realworld'], cwd: root });
  return result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`);
}

describe.runIf(existsSync(realworld))('real-world corpus with CRLF and a byte-order mark', () => {
  it('gives the same findings at the same lines and columns', async () => {
    const asIs = path.join(temp, 'as-is');
    const crlf = path.join(temp, 'crlf-bom');
    cpSync(realworld, path.join(asIs, 'realworld'), { recursive: true });
    cpSync(realworld, path.join(crlf, 'realworld'), { recursive: true });
    expect(convert(path.join(crlf, 'realworld'))).toBeGreaterThan(1000);
    const expected = await findings(asIs);
    expect(expected.length).toBeGreaterThan(100);
    const actual = await findings(crlf);
    const missing = expected.filter((f) => !actual.includes(f));
    const extra = actual.filter((f) => !expected.includes(f));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });
});
