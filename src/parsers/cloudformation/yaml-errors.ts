import type { CST, YAMLError } from 'yaml';
import { forEachCstToken, isClosedQuote } from './cst-walk.js';
import { table } from '../../shared/own.js';

/** A yaml library error reworded for a person editing a template, with the offsets to report. */
export interface YamlFault {
  message: string;
  start: number;
  end: number;
  severity: 'error' | 'warning';
}

interface Rewrite {
  match: RegExp;
  message: (m: RegExpExecArray, context: FaultContext) => string;
}

interface FaultContext {
  text: string;
  start: number;
  end: number;
}

const UNCLOSED: Record<string, string> = table({ ']': "'[' (a flow sequence)", '}': "'{' (a flow mapping)" });
const TOKEN_TEXT: Record<string, string> = table({
  'flow-map-end': '}',
  'flow-seq-end': ']',
  'flow-map-start': '{',
  'flow-seq-start': '[',
  comma: ',',
  'map-value-ind': ':',
  'seq-item-ind': '-',
});

/** Keyed by the yaml library's error code; the first matching wording wins, else its own message is kept. */
const REWRITES: Record<string, Rewrite[]> = table({
  TAB_AS_INDENT: [{ match: /./, message: () => 'Tab character used for indentation; YAML indentation must be spaces' }],
  MISSING_CHAR: [
    {
      match: /Missing closing "quote/,
      message: () => 'Unterminated double-quoted string: no closing " before the end of the file',
    },
    {
      match: /Missing closing 'quote/,
      message: () => "Unterminated single-quoted string: no closing ' before the end of the file",
    },
    {
      match: /Implicit map keys need to be followed by map values/,
      message: (_, c) => `Missing ':' after ${quoteSnippet(c)}; every line of a mapping must be "key: value"`,
    },
    {
      match: /Tags and anchors must be separated/,
      message: () => 'A tag such as !Ref must be followed by a space before its value',
    },
    {
      match: /Flow (?:sequence|map) must end with a (.)/,
      message: (m) => `Unclosed ${UNCLOSED[m[1]] ?? m[1]}: the closing '${m[1]}' is missing`,
    },
    {
      match: /Missing directives-end/,
      message: () => "A line starting with '%' is read as a YAML directive; quote the value if the '%' is text",
    },
    { match: /Comments must be separated/, message: () => "A '#' comment must be preceded by a space" },
    {
      match: /Sequence item without - indicator/,
      message: () => "List item without '- ', or not aligned with the other items of its list",
    },
  ],
  BAD_INDENT: [
    {
      match: /All mapping items must start at the same column/,
      message: () => 'Bad indentation: this key does not line up with the other keys of its mapping',
    },
    {
      match: /All sequence items must start at the same column/,
      message: () => "Bad indentation: this '-' item does not line up with the other items of its list",
    },
    {
      match: /Flow (?:sequence|map) in block collection must be sufficiently indented and end with a (.)/,
      message: (m) =>
        `Unclosed ${UNCLOSED[m[1]] ?? m[1]}: the closing '${m[1]}' is missing, or a continuation line is not indented more than its key`,
    },
  ],
  BLOCK_AS_IMPLICIT_KEY: [
    {
      match: /Nested mappings are not allowed in compact mappings/,
      message: () =>
        "Unexpected ':' in a value: a nested mapping cannot start on its key's line (\"a: b: c\"); " +
        "quote the value if it contains ': ', or check that this line is not indented more than the key above",
    },
    { match: /block sequence may not be used as an implicit map key/, message: () => 'A list cannot be used as a mapping key' },
  ],
  BLOCK_IN_FLOW: [
    {
      match: /./,
      message: () =>
        "Unexpected 'key: value' or '- item' inside [...] or {...}: a ',' between items or the closing bracket is probably missing",
    },
  ],
  BAD_DQ_ESCAPE: [
    {
      match: /Invalid escape sequence (.*)/,
      message: (m) => `Invalid escape sequence ${m[1]} in a double-quoted string (write \\\\ for a backslash, or use single quotes)`,
    },
  ],
  BAD_SCALAR_START: [
    {
      match: /reserved character (.)/,
      message: (m) => `A plain value cannot start with '${m[1]}'; put the value in quotes`,
    },
  ],
  UNEXPECTED_TOKEN: [
    {
      // `Description: 'text' (more text)`: PyYAML says "did not find expected key".
      match: /Unexpected \S+ at node end/,
      message: () => "Unexpected text after the value: a quoted value ends at its closing quote; quote the whole value, or put ' #' before a comment",
    },
    {
      match: /Unexpected (\S+) token in YAML stream: "(.*)"/,
      message: (m) => `Unexpected '${m[2]}': it does not close or continue anything`,
    },
    {
      match: /Unexpected (\S+) token/,
      message: (m) => `Unexpected '${TOKEN_TEXT[m[1]] ?? m[1]}' here`,
    },
  ],
  KEY_OVER_1024_CHARS: [{ match: /./, message: () => 'A mapping key on one line must be at most 1024 characters long' }],
});

/** Rewords the yaml library's errors and warnings, dropping the ones that restate another. */
export function describeYamlErrors(problems: readonly YAMLError[], text: string, cst: readonly CST.Token[]): YamlFault[] {
  const multiline = new Set(problems.filter((p) => p.code === 'MULTILINE_IMPLICIT_KEY').map((p) => p.pos[0]));
  let unclosed: UnclosedQuotes | null = null;
  const quotes = (): UnclosedQuotes => (unclosed ??= unclosedQuotes(cst));
  const kept = problems.filter((p) => !(p.code === 'BLOCK_AS_IMPLICIT_KEY' && multiline.has(p.pos[0])));
  const faults = kept.map((p) => describeYamlError(p, text, quotes));
  return kept.some((p) => UNCLOSED_FLOW.test(p.message)) ? atOpeningBrackets(kept, faults, cst) : faults;
}

/** The yaml library's two wordings of a '[' or '{' never closed, with the closer it wanted. */
const UNCLOSED_FLOW = /Flow (?:sequence|map) (?:in block collection )?must (?:be sufficiently indented and )?end with a ([\]}])/;

/**
 * The yaml library reports an unclosed '[' or '{' where the text ends or the
 * next key starts, which may be far below; the fault is the bracket never
 * closed, as for HCL's blocks. When one is inside another, only the inner one
 * is reported: the outer one's closer may well be there once it is fixed
 * (`{x: [1, 2}`).
 */
function atOpeningBrackets(problems: readonly YAMLError[], faults: YamlFault[], cst: readonly CST.Token[]): YamlFault[] {
  const flows = unclosedFlows(cst);
  const placed = new Map<number, YamlFault>();
  const out = faults.map((fault, k) => {
    const m = UNCLOSED_FLOW.exec(problems[k].message);
    if (!m) return fault;
    let i = flows.length - 1;
    while (i >= 0 && (flows[i].closer !== m[1] || flows[i].offset > problems[k].pos[0] || placed.has(i))) i--;
    if (i < 0) return fault;
    const at = { ...fault, start: flows[i].offset, end: flows[i].offset + 1 };
    placed.set(i, at);
    return at;
  });
  const outer = new Set<YamlFault>();
  for (const i of placed.keys()) {
    for (let p = flows[i].parent; p !== null; p = flows[p].parent) {
      const fault = placed.get(p);
      if (fault) outer.add(fault);
    }
  }
  return out.filter((f) => !outer.has(f));
}

interface UnclosedFlow {
  offset: number;
  closer: string;
  /** The nearest enclosing unclosed collection, by index. */
  parent: number | null;
}

/** The flow collections with no closing bracket, in document order, each with the unclosed one around it. */
function unclosedFlows(cst: readonly CST.Token[]): UnclosedFlow[] {
  const found: UnclosedFlow[] = [];
  for (const doc of cst) {
    // Enclosing flow collections of the token visited (the walk is depth-first, in order).
    const around: Array<{ depth: number; unclosed: number | null }> = [];
    forEachCstToken(doc, (token, depth) => {
      while (around.length > 0 && around[around.length - 1].depth >= depth) around.pop();
      if (token.type !== 'flow-collection') return;
      const parent = around.length > 0 ? around[around.length - 1].unclosed : null;
      const closer = token.start.source === '[' ? ']' : '}';
      if (token.end.some((t) => t.source === closer)) {
        around.push({ depth, unclosed: parent });
        return;
      }
      found.push({ offset: token.start.offset, closer, parent });
      around.push({ depth, unclosed: found.length - 1 });
    });
  }
  return found;
}

function describeYamlError(error: YAMLError, text: string, quotes: () => UnclosedQuotes): YamlFault {
  const severity = error.name === 'YAMLWarning' ? 'warning' : 'error';
  const [start, end] = error.pos;
  if (error.code === 'MULTILINE_IMPLICIT_KEY') return { ...multilineKey(text, start, end), severity };
  const context = { text, start: skipLineSpace(text, start), end };
  for (const rewrite of REWRITES[error.code] ?? []) {
    const m = rewrite.match.exec(error.message);
    if (!m) continue;
    if (error.code === 'MISSING_CHAR' && /closing .quote/.test(error.message)) {
      const open = openingBefore(quotes()[error.message.includes('"') ? 'double' : 'single'], start);
      if (open !== null) [context.start, context.end] = [open, open + 1];
    }
    return { message: rewrite.message(m, context), start: context.start, end: Math.max(context.end, context.start), severity };
  }
  return { message: error.message, start: context.start, end: Math.max(end, context.start), severity };
}

/**
 * "Implicit keys need to be on a single line" has two usual causes: a key
 * missing its ':' (the key starts a line), or a line indented more than the
 * key above, which makes it part of that key's value (the key starts mid-line).
 */
function multilineKey(text: string, start: number, end: number): Omit<YamlFault, 'severity'> {
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\r', start - 1)) + 1;
  const startsLine = /^[\s-]*$/.test(text.slice(lineStart, start));
  if (startsLine) {
    const key = text.slice(start, end).split(/\r?\n|\r/)[0].trim();
    return { message: `Missing ':' after "${key}"; a mapping key must fit on one line`, start, end: start + key.length };
  }
  const lastLine = Math.max(text.lastIndexOf('\n', end - 1), text.lastIndexOf('\r', end - 1)) + 1;
  const at = skipLineSpace(text, Math.max(lastLine, start));
  return {
    message: "Bad indentation: this line is indented more than the key above it, so it reads as part of that key's value",
    start: at,
    end: Math.max(end, at + 1),
  };
}

function skipLineSpace(text: string, i: number): number {
  while (text.charCodeAt(i) === 32) i++;
  return i;
}

function quoteSnippet(c: FaultContext): string {
  const line = c.text.slice(c.start, Math.min(c.end, c.start + 60)).split(/\r?\n|\r/)[0].trim();
  return line ? `"${line}"` : 'this key';
}

interface UnclosedQuotes {
  double: number[];
  single: number[];
}

/** Offsets of quoted scalars without their closing quote, in one walk of the CST. */
function unclosedQuotes(cst: readonly CST.Token[]): UnclosedQuotes {
  const found: UnclosedQuotes = { double: [], single: [] };
  for (const doc of cst) {
    forEachCstToken(doc, (token) => {
      if ((token.type === 'double-quoted-scalar' || token.type === 'single-quoted-scalar') && !isClosedQuote(token.source)) {
        found[token.type === 'double-quoted-scalar' ? 'double' : 'single'].push(token.offset);
      }
    });
  }
  found.double.sort((a, b) => a - b);
  found.single.sort((a, b) => a - b);
  return found;
}

/** The yaml library reports an unclosed quote where its scalar stops; the fault is where it opens. */
function openingBefore(offsets: number[], errorAt: number): number | null {
  let found: number | null = null;
  for (const offset of offsets) {
    if (offset > errorAt) break;
    found = offset;
  }
  return found ?? offsets[0] ?? null;
}
