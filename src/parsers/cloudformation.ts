import { LineIndex, stripBom } from '../shared/source.js';
import type { Positions } from './positions.js';
import type { CfnParseResult } from './cloudformation-tree.js';
import { readJsonTree, startsLikeJson, type JsonError } from './json-tree.js';
import { templateMessages } from './json-messages.js';
import { CfnJsonNodes } from './cloudformation/json-nodes.js';
import { CfnTreeBuilder, isUnreadable, MAX_NESTING, sortDiagnostics, type Diagnostic } from './cloudformation/nodes.js';
import { parseYamlTemplate } from './cloudformation/yaml-template.js';

/**
 * Parses a CloudFormation template (YAML or JSON) into a `CfnNode` tree whose
 * every value keeps its position. Never throws: problems become diagnostics.
 */
export function parseCloudFormation(text: string, file: string): CfnParseResult {
  const source = loneCrAsLf(stripBom(text));
  const lines = new LineIndex(source);
  try {
    return startsLikeJson(source, false) ? parseJsonTemplate(source, file, lines) : parseYamlTemplate(source, file, lines);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = lines.position(0);
    return {
      root: null,
      diagnostics: [{ severity: 'error', message: `Internal error while parsing: ${message}`, loc: { file, range: { start: at, end: at } } }],
    };
  }
}

/**
 * A lone CR ends a line (classic Mac files) but the yaml package reads it as
 * text; as LF, one character for one, every offset and position stays exact.
 */
function loneCrAsLf(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/**
 * JSON goes through the strict JSON reader (fast, precise messages). Text that
 * is not strict JSON but is valid YAML (a trailing comma, a comment) is still
 * read, with a warning; when both fail, the JSON message is the one to show.
 */
function parseJsonTemplate(text: string, file: string, lines: Positions): CfnParseResult {
  const b = new CfnTreeBuilder(file, lines);
  const nodes = new CfnJsonNodes({
    file,
    loc: (start, end) => b.loc(start, end),
    stringStyle: 'double',
    otherStyle: 'plain',
    makeMap: (entries, loc) => b.map(entries, loc),
  });
  const json = readJsonTree(text, nodes, { maxNesting: MAX_NESTING, messages: templateMessages((offset) => lines.position(offset)) });
  if (json.error === null) return { root: json.root, diagnostics: b.diagnostics };
  // Too deep is too deep in YAML as well; reading it again as YAML would build the whole tree first.
  if (json.error.message.startsWith('Nesting is deeper than')) return { root: null, diagnostics: [jsonDiagnostic(json.error, file, lines, 'error')] };
  const asYaml = parseYamlTemplate(text, file, lines);
  if (!asYaml.diagnostics.some(isUnreadable)) {
    const warning = jsonDiagnostic(json.error, file, lines, 'warning');
    warning.message = `Not valid JSON (${lowerFirst(warning.message)}); read as YAML instead`;
    return { root: asYaml.root, diagnostics: sortDiagnostics([warning, ...asYaml.diagnostics]) };
  }
  // What YAML recovers from broken JSON is a guess; linting it would report nonsense.
  return { root: null, diagnostics: [jsonDiagnostic(json.error, file, lines, 'error')] };
}

function jsonDiagnostic(error: JsonError, file: string, lines: Positions, severity: Diagnostic['severity']): Diagnostic {
  return { severity, message: error.message, loc: { file, range: lines.range(error.start, error.end) } };
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
