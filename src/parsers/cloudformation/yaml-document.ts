import type { Alias, Document, Node, Scalar } from 'yaml';
import { yaml } from '../yaml-lazy.js';
import type { CfnMapEntry, CfnNode, CfnScalar } from '../cloudformation-tree.js';
import { isIntrinsicTag, type CfnTreeBuilder } from './nodes.js';
import { resolvePlainScalar, resolveTaggedScalar } from './scalars.js';
import { table } from '../../shared/own.js';
import { partitionPoint } from '../../shared/search.js';
import { endOffset } from '../../shared/source.js';

/** Aliases may repeat a subtree, but not into a "billion laughs" expansion. */
export const MAX_ALIAS_EXPANSION = 100_000;

const SCALAR_STYLES: Record<string, CfnScalar['style']> = table({
  PLAIN: 'plain',
  QUOTE_SINGLE: 'single',
  QUOTE_DOUBLE: 'double',
  BLOCK_LITERAL: 'block-literal',
  BLOCK_FOLDED: 'block-folded',
} satisfies Record<Scalar.Type, CfnScalar['style']>);

class AliasBomb extends Error {
  constructor(readonly offset: number) {
    super('alias expansion limit');
  }
}

/**
 * Turns a composed `yaml` Document into `CfnNode`s. This is the complete reader
 * (anchors, aliases, odd keys, documents with errors); the CST reader is the
 * fast one for ordinary templates.
 */
export class YamlDocumentReader {
  private readonly built = new Map<Node, CfnNode>();
  private readonly inProgress = new Set<Node>();
  /** Anchors seen so far in document order; `Alias.resolve` would search the whole document per alias. */
  private readonly anchors = new Map<string, Node>();
  private readonly sizes = new WeakMap<CfnNode, number>();
  private expanded = 0;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly b: CfnTreeBuilder,
    /** Offsets of every tag token in the CST, ascending. */
    private readonly tagOffsets: readonly number[],
  ) {}

  read(): CfnNode | null {
    const contents = this.doc.contents;
    if (!contents) return null;
    try {
      return this.node(contents);
    } catch (e) {
      if (!(e instanceof AliasBomb)) throw e;
      this.b.report(
        'error',
        `YAML aliases here would expand to more than ${MAX_ALIAS_EXPANSION} values (an "alias bomb"); refusing to expand them`,
        e.offset,
        e.offset + 1,
      );
      return null;
    }
  }

  private node(node: Node): CfnNode {
    if (yaml().isAlias(node)) return this.alias(node);
    const done = this.built.get(node);
    if (done) return done;
    if (node.anchor) this.anchors.set(node.anchor, node);
    this.inProgress.add(node);
    const built = this.tagged(node, this.untagged(node));
    this.inProgress.delete(node);
    if (node.anchor) this.built.set(node, built);
    return built;
  }

  private alias(alias: Alias): CfnNode {
    const start = alias.range?.[0] ?? 0;
    const end = alias.range?.[1] ?? start;
    const target = this.anchors.get(alias.source);
    if (!target) {
      this.b.report('error', `Unknown alias *${alias.source}: no anchor &${alias.source} is defined before it`, start, end);
      return this.b.scalar(null, 'plain', this.b.loc(start, end));
    }
    if (this.inProgress.has(target)) {
      this.b.report('error', `Alias *${alias.source} refers to a node that contains it (a cycle)`, start, end);
      return this.b.scalar(null, 'plain', this.b.loc(start, end));
    }
    const built = this.node(target);
    this.expanded += this.size(built);
    if (this.expanded > MAX_ALIAS_EXPANSION) throw new AliasBomb(start);
    return built;
  }

  private size(node: CfnNode): number {
    const known = this.sizes.get(node);
    if (known !== undefined) return known;
    let n = 1;
    if (node.kind === 'map') for (const e of node.entries) n += this.size(e.value);
    else if (node.kind === 'seq') for (const item of node.items) n += this.size(item);
    else if (node.kind === 'fn') n += this.size(node.arg);
    this.sizes.set(node, n);
    return n;
  }

  private tagged(node: Node, value: CfnNode): CfnNode {
    const tag = node.tag;
    if (!tag || !isIntrinsicTag(tag)) return value;
    const start = tagStart(this.tagOffsets, node.range?.[0] ?? 0);
    return this.b.tagged(tag, value, this.b.locFrom(start, value.loc));
  }

  private untagged(node: Node): CfnNode {
    const [start, end] = node.range ?? [0, 0];
    if (yaml().isScalar(node)) return this.scalar(node, this.b.loc(start, trimBreaks(this.b.lines.text, start, end)));
    if (yaml().isSeq(node)) {
      const items = node.items.map((item) => this.node(item as Node));
      return this.b.seq(items, this.b.loc(start, node.flow ? end : lastEnd(items, end)));
    }
    if (yaml().isMap(node)) {
      const entries = this.entries(node.items);
      const values = entries.map((e) => e.value);
      return this.b.map(entries, this.b.loc(start, node.flow ? end : lastEnd(values, end)));
    }
    return this.b.scalar(null, 'plain', this.b.loc(start, end));
  }

  private scalar(node: Scalar, loc: CfnNode['loc']): CfnScalar {
    const style = SCALAR_STYLES[node.type ?? 'PLAIN'] ?? 'plain';
    const text = typeof node.source === 'string' ? node.source : String(node.value ?? '');
    const tag = node.tag;
    let value: CfnScalar['value'];
    if (tag && !isIntrinsicTag(tag) && tag !== '!') value = resolveTaggedScalar(tag, text);
    else if (style === 'plain' && !tag) value = resolvePlainScalar(text);
    else value = text;
    return this.b.scalar(value, style, loc);
  }

  private entries(pairs: ReadonlyArray<{ key: unknown; value: unknown }>): CfnMapEntry[] {
    const entries: CfnMapEntry[] = [];
    for (const pair of pairs) {
      const key = pair.key as Node | null;
      const keyRange = key?.range;
      const keyLoc = this.b.loc(keyRange?.[0] ?? 0, keyRange?.[1] ?? 0);
      const keyText = this.keyText(key);
      if (keyText === null) continue;
      const value = pair.value
        ? this.node(pair.value as Node)
        : this.b.scalar(null, 'plain', this.b.loc(keyRange?.[1] ?? 0, keyRange?.[1] ?? 0));
      entries.push({ key: keyText, keyLoc, value });
    }
    return entries;
  }

  private keyText(key: Node | null): string | null {
    if (yaml().isScalar(key)) {
      if (key.anchor) this.anchors.set(key.anchor, key);
      return typeof key.source === 'string' ? key.source : String(key.value ?? '');
    }
    if (yaml().isAlias(key)) {
      const target = this.anchors.get(key.source);
      if (yaml().isScalar(target)) return String(target.source ?? target.value ?? '');
    }
    const [start, end] = key?.range ?? [0, 0];
    this.b.report('error', 'A mapping key must be a plain string, not a list or mapping', start, end);
    return null;
  }
}

/** The last tag token before `valueStart`: the composed node's range starts at its value, not its tag. */
function tagStart(tags: readonly number[], valueStart: number): number {
  const lo = partitionPoint(tags.length, (i) => tags[i] < valueStart);
  return lo > 0 ? tags[lo - 1] : valueStart;
}

/** A block collection's range runs to the next token; its value ends with its last item. */
function lastEnd(children: CfnNode[], fallback: number): number {
  return children.length > 0 ? endOffset(children[children.length - 1].loc.range) : fallback;
}

/** Block scalars own their trailing line breaks; a range reads better ending on the last text line. */
function trimBreaks(text: string, start: number, end: number): number {
  let i = end;
  while (i > start && isSpace(text.charCodeAt(i - 1))) i--;
  return i;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
