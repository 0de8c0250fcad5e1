import type { Graph } from '../types.js';
import { endOffset, LineIndex, type Loc, startOffset } from '../../shared/source.js';

const indexes = new WeakMap<Graph, Map<string, LineIndex>>();

function lineIndex(graph: Graph, file: string): LineIndex | undefined {
  let perGraph = indexes.get(graph);
  if (!perGraph) indexes.set(graph, (perGraph = new Map()));
  let idx = perGraph.get(file);
  if (!idx) {
    const text = graph.sources.get(file);
    if (text === undefined) return undefined;
    perGraph.set(file, (idx = new LineIndex(text)));
  }
  return idx;
}

/**
 * Where `needle` is written inside a value's source range (a line of a
 * heredoc or block scalar), searching from `from` (an offset) on; the value's
 * own location when the text is not there verbatim (escaped, decoded, read
 * from another file).
 */
export function locateWithin(graph: Graph, loc: Loc, needle: string, from = startOffset(loc.range)): { loc: Loc; next: number } {
  const source = graph.sources.get(loc.file);
  const idx = lineIndex(graph, loc.file);
  if (source === undefined || !idx || needle === '') return { loc, next: from };
  const at = source.indexOf(needle, Math.max(from, startOffset(loc.range)));
  if (at < 0 || at + needle.length > endOffset(loc.range)) return { loc, next: from };
  return { loc: { file: loc.file, range: idx.range(at, at + needle.length) }, next: at + needle.length };
}
