import { endOffset } from '../../shared/source.js';
import type { CfnMapEntry, CfnNode, CfnScalar } from '../cloudformation-tree.js';
import { PENDING_VALUE, type CfnTreeBuilder } from './nodes.js';
import { resolvePlainScalar } from './scalars.js';
import {
  BANG, COLON, DASH, DQUOTE, GT, HASH, LBRACE, LBRACKET, PIPE, SQUOTE, isPlainStart,
} from './fast-yaml-base.js';
import { FlowYaml } from './fast-yaml-flow.js';
import {
  afterBreak, bail, BAIL, isBreak, isDocumentMarker, lineEnd, quotedOnOneLine, readBlockScalar, readTag, SPACE, TAB, TooDeep,
} from './fast-yaml-scalars.js';

/**
 * A fast reader for the YAML that templates are written in: block mappings and
 * sequences, plain, quoted and block scalars, flow collections, local tags and
 * comments. Anything else (anchors, aliases, explicit keys, directives, tabs as
 * separators, every kind of error) makes it give up, and the complete reader
 * (the `yaml` package's composer) reads the file instead. The two must agree on
 * every node and position; the tests compare them on the corpus and on
 * mutated templates.
 */
export function readYamlFast(text: string, b: CfnTreeBuilder): { root: CfnNode | null } | { tooDeep: number } | null {
  // A lone CR ends a line in YAML; too rare to be worth handling here.
  if (text.includes('\r') && LONE_CR.test(text)) return null;
  try {
    return { root: new FastYaml(text, b).document() };
  } catch (e) {
    if (e === BAIL) return null;
    if (e instanceof TooDeep) return { tooDeep: e.offset };
    throw e;
  }
}

const LONE_CR = /\r(?!\n)/;

class FastYaml extends FlowYaml {
  document(): CfnNode | null {
    this.skipToContent(0, true);
    if (this.i < this.t.length && this.indent === 0 && isDocumentMarker(this.t, this.i)) {
      if (this.t.charCodeAt(this.i) !== DASH) bail();
      this.i += 3;
      this.endOfValueLine();
    }
    if (this.i >= this.t.length) return null;
    const root = this.blockNode(-1);
    if (this.i < this.t.length) bail();
    return root;
  }

  // ---- block structure ---------------------------------------------------

  /** A node starting at the current content line, inside a block at `parent`. */
  private blockNode(parent: number): CfnNode {
    this.enter();
    const col = this.column();
    const c = this.t.charCodeAt(this.i);
    let node: CfnNode;
    if (c === DASH && this.isSeparated(this.i + 1)) node = this.blockSeq(col);
    else if (c === BANG) node = this.taggedNode(parent, false);
    else if (this.isImplicitKey(this.i)) node = this.blockMap(col);
    else node = this.inlineValue(parent);
    this.depth--;
    return node;
  }

  private blockMap(col: number): CfnNode {
    const start = this.i;
    const entries: CfnMapEntry[] = [];
    for (;;) {
      const entry = this.mapKey();
      entry.value = this.mapValue(col);
      entries.push(entry);
      if (this.i >= this.t.length || this.indent < col) break;
      if (this.indent > col || !this.isImplicitKey(this.i)) bail();
    }
    const end = endOffset(entries[entries.length - 1].value.loc.range);
    return this.b.map(entries, this.b.loc(start, end));
  }

  private blockSeq(col: number): CfnNode {
    const start = this.i;
    const items: CfnNode[] = [];
    for (;;) {
      this.i++;
      items.push(this.seqItem(col));
      if (this.i >= this.t.length || this.indent < col) break;
      if (this.indent > col) bail();
      if (this.t.charCodeAt(this.i) !== DASH || !this.isSeparated(this.i + 1)) break;
    }
    return this.b.seq(items, this.b.loc(start, endOffset(items[items.length - 1].loc.range)));
  }

  /** After `key:`: a value on the same line, on the following lines, or none. */
  private mapValue(col: number): CfnNode {
    this.skipBlanks();
    const c = this.t.charCodeAt(this.i);
    if (c === BANG) return this.taggedNode(col, true);
    if (this.atLineEnd()) return this.valueOnNextLines(col, true, false);
    if (c === DASH && this.isSeparated(this.i + 1)) bail();
    // A second key on the line (`a: b: c`) is not looked for here: the value's own reader bails at its `: `.
    return this.inlineValue(col);
  }

  private seqItem(col: number): CfnNode {
    this.skipBlanks();
    if (this.atLineEnd()) return this.valueOnNextLines(col, false, false);
    const c = this.t.charCodeAt(this.i);
    if (c === DASH && this.isSeparated(this.i + 1)) {
      this.enter();
      const seq = this.blockSeq(this.column());
      this.depth--;
      return seq;
    }
    if (c === BANG) return this.taggedNode(col, false);
    if (this.isImplicitKey(this.i)) {
      this.enter();
      const map = this.blockMap(this.column());
      this.depth--;
      return map;
    }
    return this.inlineValue(col);
  }

  /** `!Tag value`, `!Tag [..]`, or `!Tag` with its value on the following lines. */
  private taggedNode(parent: number, sameIndentSeq: boolean): CfnNode {
    const tagStart = this.i;
    const tagEnd = readTag(this.t, this.i);
    const tag = this.t.slice(tagStart, tagEnd);
    this.i = tagEnd;
    this.skipBlanks();
    let value: CfnNode;
    if (this.atLineEnd()) value = this.valueOnNextLines(parent, sameIndentSeq, true);
    else {
      const c = this.t.charCodeAt(this.i);
      if (c === BANG || (c === DASH && this.isSeparated(this.i + 1))) bail();
      value = this.inlineValue(parent, true);
    }
    return this.b.tagged(tag, value, this.b.locFrom(tagStart, value.loc));
  }

  /**
   * The value of a key or item whose line ends after the indicator (or tag):
   * a more-indented block, a sequence at the key's own indentation, or empty.
   */
  private valueOnNextLines(col: number, sameIndentSeq: boolean, tagged: boolean): CfnNode {
    // An empty value sits after the indicator (or tag) and its blanks, as the yaml package places it.
    const emptyAt = this.i;
    this.skipToContent(lineEnd(this.t, this.i));
    if (this.i < this.t.length) {
      if (this.indent > col) {
        // After a less-indented comment line the yaml package reads a scalar differently; leave that to it.
        if (this.commentIndent <= col && !this.startsBlockCollection()) bail();
        return this.blockNode(col);
      }
      const seqHere = this.indent === col && this.t.charCodeAt(this.i) === DASH && this.isSeparated(this.i + 1);
      if (seqHere && sameIndentSeq) return this.blockSeq(col);
    }
    return this.b.scalar(tagged ? '' : null, 'plain', this.b.loc(emptyAt, emptyAt));
  }

  /** A scalar or flow collection starting on the current line. */
  private inlineValue(parent: number, tagged = false): CfnNode {
    const t = this.t;
    const c = t.charCodeAt(this.i);
    if (c === PIPE || c === GT) return this.blockScalar(parent);
    if (c === DQUOTE || c === SQUOTE) {
      const node = this.quoted(parent);
      this.endOfValueLine();
      return node;
    }
    if (c === LBRACKET || c === LBRACE) {
      const node = this.flowCollection(parent);
      this.endOfValueLine();
      return node;
    }
    return this.plainBlock(parent, tagged);
  }

  private blockScalar(parent: number): CfnScalar {
    const start = this.i;
    const block = readBlockScalar(this.t, start, parent);
    const style = this.t.charCodeAt(start) === PIPE ? 'block-literal' : 'block-folded';
    const node = this.b.scalar(block.value, style, this.b.loc(start, block.end));
    this.skipToContent(block.next);
    return node;
  }

  /** A plain scalar in block context, possibly continued on more-indented lines. */
  private plainBlock(parent: number, tagged: boolean): CfnScalar {
    const t = this.t;
    const start = this.i;
    if (!isPlainStart(t, start, false)) bail();
    let end = this.plainLine(start);
    let value = t.slice(start, end);
    let next = this.afterPlainLine(end);
    for (;;) {
      if (next < 0) break;
      const fold = this.plainContinuation(next, parent);
      if (fold === null) break;
      const lineEndAt = this.plainLine(fold.at);
      value += fold.sep + t.slice(fold.at, lineEndAt);
      end = lineEndAt;
      next = this.afterPlainLine(end);
    }
    this.i = end;
    this.skipToContent(lineEnd(t, end));
    const resolved = tagged ? value : resolvePlainScalar(value);
    return this.b.scalar(resolved, 'plain', this.b.loc(start, end));
  }

  /** End (trailing blanks excluded) of the plain text on the line from `i`; bails on `: ` and tabs. */
  private plainLine(i: number): number {
    const t = this.t;
    let end = i;
    for (;;) {
      const c = t.charCodeAt(i);
      if (i >= t.length || isBreak(c)) return end;
      if (c === TAB) bail();
      if (c === SPACE) {
        if (t.charCodeAt(i + 1) === HASH) return end;
        i++;
        continue;
      }
      if (c === COLON && this.isSeparated(i + 1)) bail();
      i++;
      end = i;
    }
  }

  /** The line break after a plain line ending at `end`, or -1 when a comment follows. */
  private afterPlainLine(end: number): number {
    const t = this.t;
    let i = end;
    while (t.charCodeAt(i) === SPACE) i++;
    if (t.charCodeAt(i) === HASH || i >= t.length) return -1;
    return i;
  }

  /** Where a plain scalar continues after the break at `at`, and what the fold adds; null if it ends. */
  private plainContinuation(at: number, parent: number): { at: number; sep: string } | null {
    const t = this.t;
    let breaks = 0;
    let i = at;
    for (;;) {
      i = afterBreak(t, i);
      breaks++;
      const lineStart = i;
      while (t.charCodeAt(i) === SPACE) i++;
      const c = t.charCodeAt(i);
      if (c === TAB) bail();
      if (isBreak(c)) continue;
      if (i >= t.length || i - lineStart <= parent || c === HASH) return null;
      if (isDocumentMarker(t, lineStart) || (c === COLON && this.isSeparated(i + 1))) bail();
      return { at: i, sep: breaks === 1 ? ' ' : '\n'.repeat(breaks - 1) };
    }
  }

  private startsBlockCollection(): boolean {
    const c = this.t.charCodeAt(this.i);
    return (c === DASH && this.isSeparated(this.i + 1)) || this.isImplicitKey(this.i);
  }
  // ---- keys --------------------------------------------------------------

  /** Whether a block mapping key starts at `i`: a one-line plain or quoted scalar, then `:` and a blank. */
  private isImplicitKey(i: number): boolean {
    const t = this.t;
    const c = t.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      const close = quotedKeyEnd(t, i);
      if (close < 0) return false;
      let j = close;
      while (t.charCodeAt(j) === SPACE) j++;
      return t.charCodeAt(j) === COLON && this.isSeparated(j + 1);
    }
    if (!isPlainStart(t, i, false)) return false;
    for (let j = i + 1; ; j++) {
      const d = t.charCodeAt(j);
      if (j >= t.length || isBreak(d)) return false;
      if (d === COLON && this.isSeparated(j + 1)) return true;
      if (d === HASH && (t.charCodeAt(j - 1) === SPACE || t.charCodeAt(j - 1) === TAB)) return false;
    }
  }

  /** The end of a plain key at `start`: before its `: ` and the spaces ahead of it. */
  private plainKeyEnd(start: number): number {
    const t = this.t;
    let j = start;
    while (!(t.charCodeAt(j) === COLON && this.isSeparated(j + 1))) {
      if (t.charCodeAt(j) === TAB) bail();
      j++;
    }
    while (t.charCodeAt(j - 1) === SPACE) j--;
    return j;
  }

  /** Reads the key at `i` (known to be one) and moves past its `:`: the entry, its value to be read. */
  private mapKey(): CfnMapEntry {
    const t = this.t;
    const start = this.i;
    const quoted = quotedOnOneLine(t, start, this.indent);
    const end = quoted ? quoted.end : this.plainKeyEnd(start);
    const text = quoted ? quoted.text : t.slice(start, end);
    let j = end;
    while (t.charCodeAt(j) === SPACE) j++;
    this.i = j + 1;
    return { key: text, keyLoc: this.b.loc(start, end), value: PENDING_VALUE };
  }

}

/** Offset after a quoted key's closing quote on the same line, or -1. */
function quotedKeyEnd(t: string, i: number): number {
  const quote = t.charCodeAt(i);
  for (let j = i + 1; j < t.length; j++) {
    const c = t.charCodeAt(j);
    if (isBreak(c)) return -1;
    if (quote === DQUOTE && c === 92) j++;
    else if (c === quote) {
      if (quote === SQUOTE && t.charCodeAt(j + 1) === SQUOTE) j++;
      else return j + 1;
    }
  }
  return -1;
}
