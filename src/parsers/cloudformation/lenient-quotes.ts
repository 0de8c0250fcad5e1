import type { CST } from 'yaml';
import { endOffset, type Loc, startOffset } from '../../shared/source.js';
import type { Positions } from '../positions.js';
import type { CfnNode, CfnParseResult } from '../cloudformation-tree.js';
import { forEachCstToken, isClosedQuote } from './cst-walk.js';
import { partitionPoint } from '../../shared/search.js';

// YAML 1.2 wants a quoted string's or a flow collection's continuation lines indented more than its key; PyYAML
// (cfn-lint) and CloudFormation do not, and real templates rely on that. For the `yaml` package's sake such lines
// are indented in a copy (leading blanks mean nothing there: scalars fold them, flow collections ignore them).
/** The relaxed copy, and offsets in it mapped back to the original. */
export interface RelaxedText {
  text: string;
  toOriginal: (offset: number) => number;
}

// Likewise PyYAML reads a lone `-` before `,`, `]` or `}` in a flow collection (`!Split [-, ...]`) as the string "-",
// which YAML 1.2 takes for a block sequence there: the copy quotes it.
export function relaxQuotedIndentation(text: string, cst: readonly CST.Token[]): RelaxedText | null {
  const insertions: Array<[offset: number, inserted: string]> = [];
  const indent = (lines: Array<[number, number]>): void => {
    for (const [offset, spaces] of lines) insertions.push([offset, ' '.repeat(spaces)]);
  };
  for (const doc of cst) {
    forEachCstToken(doc, (token) => {
      if ((token.type === 'double-quoted-scalar' || token.type === 'single-quoted-scalar') && !isClosedQuote(token.source)) {
        indent(underIndentedLines(text, token.offset, closingQuote(text, token.offset)));
      } else if (token.type === 'flow-collection') {
        if (!isClosedFlow(token)) indent(underIndentedLines(text, token.start.offset, closingBracket(text, token.start.offset)));
        for (const dash of loneDashes(text, token)) insertions.push([dash, '"'], [dash + 1, '"']);
      }
    });
  }
  if (insertions.length === 0) return null;
  insertions.sort((a, b) => a[0] - b[0]);
  let relaxed = '';
  let from = 0;
  const patchedStarts: number[] = [];
  const shifts: number[] = [];
  let shift = 0;
  for (const [offset, inserted] of insertions) {
    relaxed += text.slice(from, offset) + inserted;
    from = offset;
    patchedStarts.push(offset + shift);
    shift += inserted.length;
    shifts.push(shift);
  }
  relaxed += text.slice(from);
  return { text: relaxed, toOriginal: (offset) => offset - shiftBefore(patchedStarts, shifts, offset) };
}

/** Total spaces inserted before `offset` in the relaxed text (inserted spaces map to their insertion point). */
function shiftBefore(patchedStarts: number[], shifts: number[], offset: number): number {
  const lo = partitionPoint(patchedStarts.length, (i) => patchedStarts[i] <= offset);
  if (lo === 0) return 0;
  const inserted = shifts[lo - 1] - (lo > 1 ? shifts[lo - 2] : 0);
  return shifts[lo - 1] - Math.max(0, inserted - (offset - patchedStarts[lo - 1]));
}

/** Lines between `open` (a quote or a bracket) and `close` that are indented less than its column. */
function underIndentedLines(text: string, open: number, close: number): Array<[number, number]> {
  if (close < 0) return [];
  const quoteColumn = open - (Math.max(text.lastIndexOf('\n', open), text.lastIndexOf('\r', open)) + 1);
  const found: Array<[number, number]> = [];
  for (let i = open; i < close; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && !(c === 13 && text.charCodeAt(i + 1) !== 10)) continue;
    let indent = 0;
    while (text.charCodeAt(i + 1 + indent) === 32) indent++;
    const next = text.charCodeAt(i + 1 + indent);
    const blank = next === 10 || next === 13;
    if (!blank && indent < quoteColumn) found.push([i + 1 + indent, quoteColumn - indent]);
  }
  return found;
}

/** Offsets of the lone `-` items or values of a flow collection (the lexer made each an empty block sequence). */
function loneDashes(text: string, token: CST.FlowCollection): number[] {
  const found: number[] = [];
  for (const item of token.items) {
    for (const part of [item.key, item.value]) {
      if (part?.type !== 'block-seq' || part.items.length !== 1) continue;
      const only = part.items[0];
      const indicator = only.start.length === 1 ? only.start[0] : undefined;
      if (indicator?.type === 'seq-item-ind' && !only.key && !only.value && ',]}'.includes(text[indicator.offset + 1] ?? '')) found.push(indicator.offset);
    }
  }
  return found;
}

/** A flow collection the lexer ended with its closing bracket (it stops early at a line indented too little). */
function isClosedFlow(token: CST.FlowCollection): boolean {
  const close = token.start.source === '[' ? ']' : '}';
  return token.end.some((t) => t.source === close);
}

/** The bracket closing the one at `open`, skipping quoted strings and comments; -1 when there is none. */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      i = closingQuote(text, i);
      if (i < 0) return -1;
    } else if (c === '#' && /[ \t\r\n]/.test(text[i - 1] ?? '')) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function closingQuote(text: string, open: number): number {
  const quote = text.charCodeAt(open);
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote === 34 && c === 92) i++;
    else if (c === quote) {
      if (quote === 39 && text.charCodeAt(i + 1) === 39) i++;
      else return i;
    }
  }
  return -1;
}

/** Moves every position of a result parsed from relaxed text back onto the original text. */
export function remapResult(result: CfnParseResult, toOriginal: (offset: number) => number, lines: Positions): CfnParseResult {
  const remap = (loc: Loc): Loc => ({
    file: loc.file,
    range: lines.range(toOriginal(startOffset(loc.range)), toOriginal(endOffset(loc.range))),
  });
  const seen = new WeakSet<CfnNode>();
  const stack: CfnNode[] = result.root ? [result.root] : [];
  while (stack.length > 0) {
    const node = stack.pop() as CfnNode;
    if (seen.has(node)) continue;
    seen.add(node);
    node.loc = remap(node.loc);
    if (node.kind === 'map') {
      for (const entry of node.entries) {
        entry.keyLoc = remap(entry.keyLoc);
        stack.push(entry.value);
      }
    } else if (node.kind === 'seq') stack.push(...node.items);
    else if (node.kind === 'fn') stack.push(node.arg);
  }
  return { root: result.root, diagnostics: result.diagnostics.map((d) => ({ ...d, loc: remap(d.loc) })) };
}
