// selectFixes indexes the edits it has taken; it must choose exactly what comparing every pair chooses.
import { describe, expect, it } from 'vitest';
import { selectFixes } from '../../src/fix/select.js';
import type { Finding, Fix, TextEdit } from '../../src/shared/finding.js';

/** The definition: an edit conflicts with a taken one when their ranges overlap or both insert at one place; identical edits never. */
function conflicts(a: TextEdit, b: TextEdit): boolean {
  if (a.file !== b.file || (a.start === b.start && a.end === b.end && a.text === b.text)) return false;
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  if (a.start === a.end) return a.start > b.start && a.start < b.end;
  if (b.start === b.end) return b.start > a.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

function naive(fixes: readonly Fix[]): Fix[] {
  const taken: TextEdit[] = [];
  const chosen: Fix[] = [];
  for (const fix of fixes) {
    if (fix.edits.some((e) => taken.some((t) => conflicts(e, t)))) continue;
    taken.push(...fix.edits);
    chosen.push(fix);
  }
  return chosen;
}

/** A small deterministic generator (no Math.random: a failure must replay). */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function randomFix(next: () => number): Fix {
  const edit = (): TextEdit => {
    const start = Math.floor(next() * 60);
    const end = next() < 0.4 ? start : start + 1 + Math.floor(next() * 6);
    return { file: next() < 0.8 ? 'a' : 'b', start, end, text: next() < 0.5 ? 'x' : 'y' };
  };
  const edits = next() < 0.5 ? [edit()] : [edit(), edit()];
  return { kind: 'swap-form', at: { file: 'a', start: 0, end: 1 }, resource: 'r', form: 'name', description: 'd', edits };
}

describe('selectFixes', () => {
  it('chooses what comparing every pair chooses, on 2,000 random sets of edits', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const next = generator(seed);
      const fixes = Array.from({ length: 2 + Math.floor(next() * 25) }, () => randomFix(next));
      const findings: Finding[] = fixes.map((fix, i) => ({ rule: 'r', severity: 'error', message: `m${i}`, file: 'a', line: 1, column: 1, endLine: 1, endColumn: 1, fix }));
      expect(selectFixes(findings, () => true), `seed ${seed}`).toEqual(naive(fixes));
    }
  });
});
