import type { CfnMapEntry, CfnNode, CfnScalar } from '../cloudformation-tree.js';
import {
  BANG, COLON, COMMA, DQUOTE, HASH, LBRACE, LBRACKET, RBRACE, RBRACKET, SQUOTE, YamlCursor, isPlainStart,
} from './fast-yaml-base.js';
import { afterBreak, bail, isBreak, lineEnd, quotedOnOneLine, readTag, SPACE, TAB } from './fast-yaml-scalars.js';
import { resolvePlainScalar } from './scalars.js';
import { endOffset } from '../../shared/source.js';

/** Flow collections (`[...]`, `{...}`) for the fast YAML reader. */
export abstract class FlowYaml extends YamlCursor {
  protected flowCollection(parent: number): CfnNode {
    this.enter();
    const t = this.t;
    const start = this.i;
    const isMap = t.charCodeAt(start) === LBRACE;
    const close = isMap ? RBRACE : RBRACKET;
    this.i++;
    this.flowSpace(parent);
    const entries: CfnMapEntry[] = [];
    const items: CfnNode[] = [];
    while (t.charCodeAt(this.i) !== close) {
      if (isMap) entries.push(this.flowPair(parent));
      else items.push(this.flowItem(parent));
      const c = t.charCodeAt(this.i);
      if (c === COMMA) {
        this.i++;
        this.flowSpace(parent);
      } else if (c !== close) bail();
    }
    this.i++;
    this.depth--;
    const loc = this.b.loc(start, this.i);
    return isMap ? this.b.map(entries, loc) : this.b.seq(items, loc);
  }

  /** An item of a flow sequence; `[a, key: value]` makes a single-pair mapping of `key: value`. */
  protected flowItem(parent: number): CfnNode {
    const t = this.t;
    const start = this.i;
    const c = t.charCodeAt(start);
    const node = this.flowNode(parent);
    this.flowSpace(parent);
    if (t.charCodeAt(this.i) !== COLON) return node;
    if (node.kind !== 'scalar' || c === LBRACKET || c === LBRACE || c === BANG || (node.style !== 'plain' && this.isMultiline(node))) bail();
    const key = node.style === 'plain' ? t.slice(start, endOffset(node.loc.range)) : String(node.value);
    this.i++;
    if (node.style === 'plain' && !this.isFlowSeparated(this.i)) bail();
    this.flowSpace(parent);
    const next = t.charCodeAt(this.i);
    if (next === COMMA || next === RBRACKET) bail();
    const value = this.flowNode(parent);
    this.flowSpace(parent);
    return this.b.map([{ key, keyLoc: node.loc, value }], this.b.loc(start, endOffset(value.loc.range)));
  }

  protected isMultiline(node: CfnNode): boolean {
    return node.loc.range.start.line !== node.loc.range.end.line;
  }

  protected flowPair(parent: number): CfnMapEntry {
    const t = this.t;
    const start = this.i;
    const c = t.charCodeAt(start);
    const quoted = quotedOnOneLine(t, start, parent);
    if (!quoted && !isPlainStart(t, start, true)) bail();
    const end = quoted ? quoted.end : this.flowPlainEnd(start);
    const key = quoted ? quoted.text : t.slice(start, end);
    this.i = end;
    this.flowSpace(parent);
    if (t.charCodeAt(this.i) !== COLON) bail();
    this.i++;
    if (c !== DQUOTE && c !== SQUOTE && !this.isFlowSeparated(this.i)) bail();
    this.flowSpace(parent);
    const next = t.charCodeAt(this.i);
    if (next === COMMA || next === RBRACE) bail();
    const value = this.flowNode(parent);
    this.flowSpace(parent);
    return { key, keyLoc: this.b.loc(start, end), value };
  }

  protected flowNode(parent: number): CfnNode {
    const t = this.t;
    const c = t.charCodeAt(this.i);
    if (c === DQUOTE || c === SQUOTE) return this.quoted(parent);
    if (c === LBRACKET || c === LBRACE) return this.flowCollection(parent);
    if (c === BANG) {
      const tagStart = this.i;
      const tagEnd = readTag(t, this.i);
      this.i = tagEnd;
      if (t.charCodeAt(this.i) !== SPACE) bail();
      this.flowSpace(parent);
      const next = t.charCodeAt(this.i);
      if (next === COMMA || next === RBRACKET || next === RBRACE || next === BANG) bail();
      const value = next === DQUOTE || next === SQUOTE || next === LBRACKET || next === LBRACE ? this.flowNode(parent) : this.flowPlain(true);
      return this.b.tagged(t.slice(tagStart, tagEnd), value, this.b.locFrom(tagStart, value.loc));
    }
    return this.flowPlain(false);
  }

  protected flowPlain(tagged: boolean): CfnScalar {
    const start = this.i;
    if (!isPlainStart(this.t, start, true)) bail();
    const end = this.flowPlainEnd(start);
    this.i = end;
    const text = this.t.slice(start, end);
    return this.b.scalar(tagged ? text : resolvePlainScalar(text), 'plain', this.b.loc(start, end));
  }

  /** End of a one-line plain scalar in a flow collection (a continued one is left to the complete reader). */
  protected flowPlainEnd(start: number): number {
    const t = this.t;
    let end = start;
    for (let i = start; ; i++) {
      const c = t.charCodeAt(i);
      if (i >= t.length) bail();
      if (c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE) break;
      if (c === COLON && this.isFlowSeparated(i + 1)) break;
      if (c === TAB) bail();
      if (isBreak(c)) {
        let j = afterBreak(t, i);
        while (t.charCodeAt(j) === SPACE) j++;
        const d = t.charCodeAt(j);
        if (!(d === COMMA || d === RBRACKET || d === RBRACE || d === COLON || d === HASH)) bail();
        break;
      }
      if (c === SPACE) {
        if (t.charCodeAt(i + 1) === HASH) break;
        continue;
      }
      end = i + 1;
    }
    return end;
  }

  /** Blanks, line breaks and comments inside a flow collection; its lines must stay indented. */
  protected flowSpace(parent: number): void {
    const t = this.t;
    let i = this.i;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === SPACE) i++;
      else if (c === TAB) bail();
      else if (c === HASH) {
        const prev = t.charCodeAt(i - 1);
        if (prev !== SPACE && !isBreak(prev)) bail();
        i = lineEnd(t, i);
      } else if (isBreak(c)) {
        i = afterBreak(t, i);
        const lineStart = i;
        while (t.charCodeAt(i) === SPACE) i++;
        const d = t.charCodeAt(i);
        // A closing bracket may sit at the parent's own indentation.
        const closing = d === RBRACKET || d === RBRACE;
        if (!isBreak(d) && d !== HASH && (i - lineStart < parent || (i - lineStart === parent && !closing))) bail();
        if (i >= t.length) bail();
        this.lineStart = lineStart;
      } else break;
    }
    this.i = i;
  }
}
