import type { CST } from 'yaml';

/**
 * Visits every node token of a CST document with its collection depth,
 * iteratively: the tree may be hostile (100,000 nested `[`), and the yaml
 * library's own composer would overflow the stack on it.
 * Return `false` from `visit` to stop the walk.
 */
export function forEachCstToken(root: CST.Token, visit: (token: CST.Token, depth: number) => boolean | void): void {
  const stack: Array<[CST.Token, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [token, depth] = stack.pop() as [CST.Token, number];
    if (visit(token, depth) === false) return;
    switch (token.type) {
      case 'document':
        if (token.value) stack.push([token.value, depth]);
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection':
        for (let i = token.items.length - 1; i >= 0; i--) {
          const item = token.items[i];
          if (item.value) stack.push([item.value, depth + 1]);
          if (item.key) stack.push([item.key, depth + 1]);
        }
        break;
      default:
        break;
    }
  }
}

/** Offset of the first token nested deeper than `max` collections, or null. */
export function tooDeepAt(docs: readonly CST.Token[], max: number): number | null {
  let at: number | null = null;
  for (const doc of docs) {
    forEachCstToken(doc, (token, depth) => {
      if (depth <= max) return true;
      at = token.offset;
      return false;
    });
    if (at !== null) return at;
  }
  return null;
}

/** Whether a quoted scalar's source ends with its closing quote (not an escaped one). */
export function isClosedQuote(source: string): boolean {
  const quote = source[0];
  const body = source.slice(1);
  if (!body.endsWith(quote)) return false;
  let run = 0;
  if (quote === "'") {
    while (body[body.length - 1 - run] === "'") run++;
    return run % 2 === 1;
  }
  while (body[body.length - 2 - run] === '\\') run++;
  return run % 2 === 0;
}

/** Offsets of all tag tokens (`!Ref`), ascending: the composed Document does not keep them. */
export function tagOffsets(docs: readonly CST.Token[]): number[] {
  const offsets: number[] = [];
  const collect = (tokens: readonly CST.SourceToken[] | undefined): void => {
    if (tokens) for (const t of tokens) if (t.type === 'tag') offsets.push(t.offset);
  };
  for (const doc of docs) {
    forEachCstToken(doc, (token) => {
      if (token.type === 'document') collect(token.start);
      else if (token.type === 'block-scalar') collect(token.props as CST.SourceToken[]);
      else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
        for (const item of token.items) {
          collect(item.start);
          collect(item.sep);
        }
      }
    });
  }
  return offsets.sort((a, b) => a - b);
}
