import { isBuilt, type Finding, type Fix, type TextEdit } from '../shared/rule.js';

/**
 * The fixes of one pass: in finding order, a fix is taken when none of its
 * edits overlaps an edit already taken (first wins; the others stay findings
 * and are tried again on the next pass). An edit identical to one taken is
 * the same change, not a conflict: two slots given the same role both add the
 * one profile, in the same pass.
 */
export function selectFixes(findings: readonly Finding[], canEdit: (file: string) => boolean): Fix[] {
  const taken: TextEdit[] = [];
  const chosen: Fix[] = [];
  for (const f of findings) {
    const fix = f.fix;
    if (!isBuilt(fix) || fix.edits.length === 0 || !fix.edits.every((e) => canEdit(e.file))) continue;
    if (fix.edits.some((e) => taken.some((t) => conflicts(e, t)))) continue;
    taken.push(...fix.edits);
    chosen.push(fix);
  }
  return chosen;
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
