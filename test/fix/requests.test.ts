/**
 * A fix is a request (plain data) until a run asks for edits: a plain lint
 * builds none (counted by `expansions`, as `work` counts graph evaluations),
 * `fixes: true` builds them for exactly the findings that said "fixable",
 * and the request survives JSON (the cache) and structured clone (the
 * roomy-heap worker) unchanged.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintCached } from '../../src/engine/cache.js';
import { expansions } from '../../src/fix/expand.js';
import { work } from '../../src/graph/build/work.js';
import { lint } from '../../src/index.js';
import type { Finding } from '../../src/shared/finding.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const fixable = ['role-as-instance-profile', 'profile-by-role-name', 'instance-profile-wrong-form'];
const paths = [...fixable.map((rule) => `fixtures/${rule}`), 'examples'];

const place = (f: Finding): string => `${f.file}:${f.line}:${f.column} ${f.rule}`;

describe('a plain lint builds no edit', () => {
  it('findings carry the request alone, and nothing is expanded', async () => {
    const before = expansions.count;
    const { findings } = await lint({ paths, cwd: root });
    const requested = findings.filter((f) => f.fix);
    expect(requested.length).toBeGreaterThan(20);
    expect(new Set(requested.map((f) => f.fix?.kind))).toEqual(new Set(['reference-profile', 'new-profile', 'swap-form']));
    for (const f of requested) {
      expect(f.fix).not.toHaveProperty('edits');
      expect(f.fix).not.toHaveProperty('description');
    }
    expect(expansions.count).toBe(before);
  });

  it('fixes: true builds edits for exactly the findings whose request said fixable', async () => {
    const plain = await lint({ paths, cwd: root });
    const before = expansions.count;
    const expanded = await lint({ paths, cwd: root, fixes: true });
    const requested = plain.findings.filter((f) => f.fix);
    expect(expansions.count - before).toBe(requested.length);
    expect(expanded.findings.filter((f) => f.fix).map(place)).toEqual(requested.map(place));
    for (const f of expanded.findings.filter((x) => x.fix)) {
      expect(f.fix?.edits?.length).toBeGreaterThan(0);
      expect(f.fix?.description).toMatch(/^(reference|use|add) /);
    }
    // The same findings otherwise: building edits changes nothing else.
    const strip = (f: Finding): Finding => ({ ...f, fix: undefined });
    expect(expanded.findings.map(strip)).toEqual(plain.findings.map(strip));
  });

  it('a request is plain data: JSON and structured clone give it back whole', async () => {
    const { findings } = await lint({ paths, cwd: root });
    for (const f of findings.filter((x) => x.fix)) {
      expect(JSON.parse(JSON.stringify(f.fix))).toEqual(f.fix);
      expect(structuredClone(f.fix)).toEqual(f.fix);
    }
  });
});

describe('a request survives the cache round trip', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'fix-requests-'));
    cpSync(path.join(root, 'fixtures', 'role-as-instance-profile'), path.join(dir, 'infra'), { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([false, true])('fixes: %s: the cached answer has the same fixes as the run that wrote it', async (fixes) => {
    const options = { paths: ['infra'], cwd: dir, fixes };
    const cache = { location: `cache-${fixes}` };
    const start = work.evaluations;
    const written = await lintCached(options, cache);
    expect(written.findings.some((f) => f.fix)).toBe(true);
    const evaluations = work.evaluations;
    expect(evaluations).toBeGreaterThan(start);
    const expanded = expansions.count;
    const read = await lintCached(options, cache);
    // Answered from the cache: no graph built, no edit built.
    expect(work.evaluations).toBe(evaluations);
    expect(expansions.count).toBe(expanded);
    expect(read.findings).toEqual(written.findings);
    expect(read.findings.some((f) => (fixes ? f.fix?.edits !== undefined : f.fix?.kind !== undefined && f.fix.edits === undefined))).toBe(true);
  });
});
