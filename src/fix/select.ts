import { isBuilt, type Finding, type Fix, type TextEdit } from '../shared/finding.js';
import { partitionPoint } from '../shared/search.js';

/** A file the fixes change: its text as read and as fixed, byte-order mark and line breaks kept. */
export interface FixedFile {
  file: string;
  abs: string;
  before: string;
  after: string;
}

/**
 * The fixes of one pass: in finding order, a fix is taken when none of its
 * edits overlaps an edit already taken (first wins; the others stay findings
 * and are tried again on the next pass). An edit identical to one taken is
 * the same change, not a conflict: two slots given the same role both add the
 * one profile, in the same pass.
 */
export function selectFixes(findings: readonly Finding[], canEdit: (file: string) => boolean): Fix[] {
  const taken = new Map<string, Taken>();
  const chosen: Fix[] = [];
  for (const f of findings) {
    const fix = f.fix;
    if (!isBuilt(fix) || fix.edits.length === 0 || !fix.edits.every((e) => canEdit(e.file))) continue;
    if (fix.edits.some((e) => conflictsWithTaken(e, taken.get(e.file)))) continue;
    for (const e of fix.edits) take(e, fix.edits, taken);
    chosen.push(fix);
  }
  return chosen;
}

/** A file's taken edits, and whether a fix's own edits overlap there (then every check compares them all). */
interface Taken {
  list: TextEdit[];
  overlapping: boolean;
}

/**
 * Taken edits of a file, sorted by start, an identical one kept once (it
 * conflicts with nothing the first does not). They never conflict with each
 * other: replacements are disjoint and no insertion lies strictly inside one,
 * so an edit is checked against those starting within it and, backwards,
 * until a replacement that ends before it: linear work for 10,000 fixes of a
 * file, not a comparison with every edit taken.
 */
function take(e: TextEdit, ofFix: readonly TextEdit[], taken: Map<string, Taken>): void {
  const file = taken.get(e.file) ?? { list: [], overlapping: false };
  taken.set(e.file, file);
  // Never so for our fixes (a profile after its role, a reference in another resource); kept correct all the same.
  if (ofFix.some((other) => conflicts(e, other))) file.overlapping = true;
  const at = firstStartingAt(file.list, e.start);
  for (let i = at; i < file.list.length && file.list[i].start === e.start; i++) if (same(file.list[i], e)) return;
  file.list.splice(at, 0, e);
}

function conflictsWithTaken(e: TextEdit, file: Taken | undefined): boolean {
  if (!file) return false;
  const list = file.list;
  if (file.overlapping) return list.some((t) => conflicts(e, t));
  const at = firstStartingAt(list, e.start);
  for (let i = at; i < list.length && list[i].start <= e.end; i++) if (conflicts(e, list[i])) return true;
  for (let i = at - 1; i >= 0; i--) {
    const t = list[i];
    if (conflicts(e, t)) return true;
    if (t.start < t.end && t.end <= e.start) break;
  }
  return false;
}

/** Index of the first edit starting at or after `offset` (binary search). */
function firstStartingAt(list: readonly TextEdit[], offset: number): number {
  return partitionPoint(list.length, (i) => list[i].start < offset);
}

/** Edits of one file, without repeats, in the order to apply them: from the end of the file backwards. */
export function editsByFile(fixes: readonly Fix[]): Map<string, TextEdit[]> {
  const out = new Map<string, TextEdit[]>();
  for (const fix of fixes) {
    for (const e of fix.edits) {
      const list = out.get(e.file) ?? [];
      if (!list.some((x) => same(x, e))) list.push(e);
      out.set(e.file, list);
    }
  }
  // Same start: the replacement first, so that an insertion at its start lands before it.
  for (const list of out.values()) list.sort((a, b) => b.start - a.start || b.end - a.end);
  return out;
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function same(a: TextEdit, b: TextEdit): boolean {
  return a.file === b.file && a.start === b.start && a.end === b.end && a.text === b.text;
}

/** Two edits of a file conflict when their ranges overlap, or both insert at the same place. Touching is fine. */
function conflicts(a: TextEdit, b: TextEdit): boolean {
  if (a.file !== b.file || same(a, b)) return false;
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  if (a.start === a.end) return a.start > b.start && a.start < b.end;
  if (b.start === b.end) return b.start > a.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}
