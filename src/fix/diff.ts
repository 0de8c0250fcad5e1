/**
 * Unified diffs (`diff -u`, what `git apply` and `patch -p1` read) of whole
 * texts. Lines keep their `\r`, so a CRLF file's diff applies to it as is.
 * The common head and tail are cut first; the middle, which for a fix is a
 * few lines, is compared by LCS, and a middle too large for that becomes one
 * hunk that replaces it.
 */
const CONTEXT = 3;
/** Cells of the LCS table beyond which the middle is replaced whole. */
const MAX_CELLS = 4_000_000;

type Op = { kind: ' ' | '-' | '+'; line: string };

export function unifiedDiff(file: string, before: string, after: string): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a, b);
  let out = `--- a/${file}\n+++ b/${file}\n`;
  for (const hunk of hunks(ops)) out += renderHunk(hunk, ops);
  return out;
}

/** Marks a last line without a line break, so that it differs from the same text with one. */
const NO_BREAK = '\0';

/** Lines without their `\n` (a `\r` before it stays). */
function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else lines[lines.length - 1] += NO_BREAK;
  return lines;
}

function diffLines(a: string[], b: string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  // Concatenated, not pushed with a spread: a spread of 100,000 lines overflows the call stack.
  const context = (lines: string[]): Op[] => lines.map((line) => ({ kind: ' ', line }));
  return context(a.slice(0, head)).concat(middle(midA, midB), context(a.slice(a.length - tail)));
}

function middle(a: string[], b: string[]): Op[] {
  if ((a.length + 1) * (b.length + 1) > MAX_CELLS) {
    return [...a.map((line): Op => ({ kind: '-', line })), ...b.map((line): Op => ({ kind: '+', line }))];
  }
  // lcs[i][j]: length of the LCS of a[i..] and b[j..].
  const w = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * w);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i++] });
      j++;
    } else if (j < b.length && (i === a.length || lcs[i * w + j + 1] >= lcs[(i + 1) * w + j])) {
      ops.push({ kind: '+', line: b[j++] });
    } else {
      ops.push({ kind: '-', line: a[i++] });
    }
  }
  // Removals before additions within a change, as diff prints them.
  return normalise(ops);
}

function normalise(ops: Op[]): Op[] {
  const out: Op[] = [];
  let k = 0;
  while (k < ops.length) {
    if (ops[k].kind === ' ') {
      out.push(ops[k++]);
      continue;
    }
    const run: Op[] = [];
    while (k < ops.length && ops[k].kind !== ' ') run.push(ops[k++]);
    for (const o of run) if (o.kind === '-') out.push(o);
    for (const o of run) if (o.kind === '+') out.push(o);
  }
  return out;
}

/** Index ranges of `ops` to print: each change with up to three lines of context, close changes merged. */
function hunks(ops: Op[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let k = 0; k < ops.length; k++) {
    if (ops[k].kind === ' ') continue;
    const start = Math.max(0, k - CONTEXT);
    let end = k;
    while (end < ops.length && ops[end].kind !== ' ') end++;
    const stop = Math.min(ops.length, end + CONTEXT);
    const last = out[out.length - 1];
    if (last && start <= last[1]) last[1] = stop;
    else out.push([start, stop]);
    k = end - 1;
  }
  return out;
}

function renderHunk([from, to]: [number, number], ops: Op[]): string {
  let aLine = 1;
  let bLine = 1;
  for (let k = 0; k < from; k++) {
    if (ops[k].kind !== '+') aLine++;
    if (ops[k].kind !== '-') bLine++;
  }
  const slice = ops.slice(from, to);
  const aCount = slice.filter((o) => o.kind !== '+').length;
  const bCount = slice.filter((o) => o.kind !== '-').length;
  let out = `@@ -${range(aLine, aCount)} +${range(bLine, bCount)} @@\n`;
  for (const op of slice) {
    const noBreak = op.line.endsWith(NO_BREAK);
    out += `${op.kind}${noBreak ? op.line.slice(0, -1) : op.line}\n`;
    if (noBreak) out += '\\ No newline at end of file\n';
  }
  return out;
}

/** `start,count`, and for an empty side the line before it, as diff writes it. */
function range(start: number, count: number): string {
  if (count === 0) return `${start - 1},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}
