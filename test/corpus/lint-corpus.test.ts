/**
 * The whole tool on real-world code (../shared/corpus/realworld): no crash,
 * no parse error on a valid file, and a count of findings per rule printed
 * so a change in behaviour is visible. Error-level findings on this corpus
 * have been reviewed one by one and are kept in corpus-errors.json with the
 * verdict for each; the run must give exactly those.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';

const corpus = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpus');
const realworld = path.join(corpus, 'realworld');

function invalidFiles(): Set<string> {
  const text = readFileSync(path.join(corpus, 'INVALID.md'), 'utf8');
  return new Set([...text.matchAll(/`(realworld\/[^`]+)`/g)].map((m) => m[1]));
}

describe.runIf(existsSync(realworld))('real-world corpus', () => {
  it('lints every file without a crash, parse errors only on invalid files, and reviewed errors only', async () => {
    const result = await lint({ paths: ['realworld'], cwd: corpus });
    expect(result.fileCount).toBeGreaterThan(1000);

    const counts = new Map<string, number>();
    for (const f of result.findings) counts.set(`${f.rule} (${f.severity})`, (counts.get(`${f.rule} (${f.severity})`) ?? 0) + 1);
    console.log(`${result.fileCount} files, ${result.findings.length} findings`);
    for (const [rule, n] of [...counts].sort()) console.log(`  ${rule}: ${n}`);

    const invalid = invalidFiles();
    const parseErrors = result.findings.filter((f) => f.rule === 'parse-error' && f.severity === 'error');
    expect(parseErrors.filter((f) => !invalid.has(f.file)).map((f) => `${f.file}:${f.line}:${f.column} ${f.message}`)).toEqual([]);
    for (const file of invalid) expect(parseErrors.some((f) => f.file === file), `${file} is reported`).toBe(true);

    const reviewed = JSON.parse(readFileSync(path.join(import.meta.dirname, 'corpus-errors.json'), 'utf8')) as Array<{
      file: string;
      line: number;
      rule: string;
    }>;
    const allowed = new Set(reviewed.map((r) => `${r.file}:${r.line}:${r.rule}`));
    const errors = result.findings
      .filter((f) => f.severity === 'error' && f.rule !== 'parse-error')
      .map((f) => `${f.file}:${f.line}:${f.rule}`);
    expect(errors.filter((e) => !allowed.has(e)), 'unreviewed error-level findings').toEqual([]);
    // Each reviewed finding is a true bug: losing one is a regression too.
    const present = new Set(errors);
    expect([...allowed].filter((e) => !present.has(e)), 'reviewed true findings no longer reported').toEqual([]);
  });
});
