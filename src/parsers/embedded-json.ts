import type { Position } from '../shared/source.js';
import type { CfnMapEntry, CfnNode } from './cloudformation-tree.js';
import { MAX_NESTING } from './cloudformation/nodes.js';
import { readJsonTree, startsLikeJson } from './json-tree.js';
import { templateMessages } from './json-messages.js';
import { CfnJsonNodes } from './cloudformation/json-nodes.js';

export { stringIndexMapper } from './string-index.js';

/**
 * Parses a JSON document written inside a string (an `AssumeRolePolicyDocument`
 * given as a JSON string, a Terraform heredoc) into `CfnNode`s of style `json`,
 * each placed in the file through `mapIndex` (index in `decoded` → file
 * position). Returns null when the string is not a JSON object or array.
 * Intrinsic functions are not recognised: inside a string they are plain text.
 */
export function parseEmbeddedJson(decoded: string, mapIndex: (i: number) => Position, file: string): CfnNode | null {
  if (!startsLikeJson(decoded)) return null;
  const nodes = new CfnJsonNodes({
    file,
    loc: (start, end) => ({ file, range: { start: mapIndex(start), end: mapIndex(end) } }),
    stringStyle: 'json',
    otherStyle: 'json',
    makeMap: (entries, loc) => ({ kind: 'map', entries: lastOfEachKey(entries), loc }),
  });
  return readJsonTree(decoded, nodes, { maxNesting: MAX_NESTING, messages: templateMessages(mapIndex) }).root;
}

/** JSON.parse semantics: a repeated key keeps its last value. */
function lastOfEachKey(entries: CfnMapEntry[]): CfnMapEntry[] {
  if (entries.length < 2) return entries;
  const last = new Map<string, number>();
  entries.forEach((e, i) => last.set(e.key, i));
  return last.size === entries.length ? entries : entries.filter((e, i) => last.get(e.key) === i);
}
