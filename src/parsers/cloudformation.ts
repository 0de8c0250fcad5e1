import { Composer, Parser, type CST, type Document, type YAMLError } from 'yaml';
import { LineIndex, stripBom } from '../source.js';
import type { CfnNode, CfnParseResult } from './cloudformation-tree.js';
import { parseJsonTree, type JsonSyntaxError } from './json-tree.js';
import { tooDeepAt } from './cloudformation/cst-walk.js';
import { relaxQuotedIndentation, remapResult } from './cloudformation/lenient-quotes.js';
import { CfnTreeBuilder, MAX_NESTING, nestingMessage, type Diagnostic } from './cloudformation/nodes.js';
import { YamlDocumentReader } from './cloudformation/yaml-document.js';
import { describeYamlErrors } from './cloudformation/yaml-errors.js';

/**
 * Parses a CloudFormation template (YAML or JSON) into a `CfnNode` tree whose
 * every value keeps its position. Never throws: problems become diagnostics.
 */
export function parseCloudFormation(text: string, file: string): CfnParseResult {
  const source = stripBom(text);
  const lines = new LineIndex(source);
  try {
    return looksLikeJson(source) ? parseJsonTemplate(source, file, lines) : parseYamlTemplate(source, file, lines);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = lines.position(0);
    return {
      root: null,
      diagnostics: [{ severity: 'error', message: `Internal error while parsing: ${message}`, loc: { file, range: { start: at, end: at } } }],
    };
  }
}

function looksLikeJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    return c === 123;
  }
  return false;
}

/**
 * JSON goes through the strict JSON reader (fast, precise messages). Text that
 * is not strict JSON but is valid YAML (a trailing comma, a comment) is still
 * read, with a warning; when both fail, the JSON message is the one to show.
 */
function parseJsonTemplate(text: string, file: string, lines: LineIndex): CfnParseResult {
  const b = new CfnTreeBuilder(file, lines);
  const json = parseJsonTree(text, {
    file,
    position: (offset) => lines.position(offset),
    stringStyle: 'double',
    otherStyle: 'plain',
    makeMap: (entries, loc) => b.map(entries, loc),
    maxNesting: MAX_NESTING,
  });
  if (json.error === null) return { root: json.root, diagnostics: b.diagnostics };
  const asYaml = parseYamlTemplate(text, file, lines);
  if (!asYaml.diagnostics.some((d) => d.severity === 'error')) {
    const warning = jsonDiagnostic(json.error, file, lines, 'warning');
    warning.message = `Not valid JSON (${lowerFirst(warning.message)}); read as YAML instead`;
    return { root: asYaml.root, diagnostics: sortDiagnostics([warning, ...asYaml.diagnostics]) };
  }
  // What YAML recovers from broken JSON is a guess; linting it would report nonsense.
  return { root: null, diagnostics: [jsonDiagnostic(json.error, file, lines, 'error')] };
}

function jsonDiagnostic(error: JsonSyntaxError, file: string, lines: LineIndex, severity: Diagnostic['severity']): Diagnostic {
  return { severity, message: error.message, loc: { file, range: lines.range(error.start, error.end) } };
}

const COMPOSE_OPTIONS = {
  prettyErrors: false,
  // Duplicate keys are reported by the tree builder (as CloudFormation sees them), not as YAML errors.
  uniqueKeys: false,
  // Scalars are resolved by `resolvePlainScalar`, identically in every reader.
  schema: 'failsafe',
} as const;

function parseYamlTemplate(text: string, file: string, lines: LineIndex, relax = true): CfnParseResult {
  const b = new CfnTreeBuilder(file, lines);
  const cst = [...new Parser().parse(text)];
  const deep = tooDeepAt(cst, MAX_NESTING);
  if (deep !== null) {
    b.report('error', nestingMessage(), deep, deep + 1);
    return { root: null, diagnostics: b.diagnostics };
  }
  const docs = [...new Composer(COMPOSE_OPTIONS).compose(cst, true, text.length)];
  const doc = docs[0];
  let errors = reportComposeProblems(doc, text, cst, b);
  const extra = docs.slice(1).find((d) => d.contents !== null);
  if (extra) {
    const start = extra.range[0];
    b.report('error', 'A template must be a single YAML document, but a second document starts here', start, start + 3);
    errors = true;
  }
  if (errors && relax && doc?.errors.some(isUnclosedQuote)) {
    const relaxed = reparseRelaxed(text, file, lines, cst);
    if (relaxed) return relaxed;
  }
  const root = doc ? new YamlDocumentReader(doc, b).read() : null;
  errors ||= b.diagnostics.some((d) => d.severity === 'error');
  return { root: errors && !isUsable(root) ? null : root, diagnostics: sortDiagnostics(b.diagnostics) };
}

function isUnclosedQuote(error: YAMLError): boolean {
  return error.code === 'MISSING_CHAR' && /closing .quote/.test(error.message);
}

/** A quoted string may only have looked unclosed because its continuation lines sit at the key's column. */
function reparseRelaxed(text: string, file: string, lines: LineIndex, cst: CST.Token[]): CfnParseResult | null {
  const relaxed = relaxQuotedIndentation(text, cst);
  if (!relaxed) return null;
  const result = parseYamlTemplate(relaxed.text, file, new LineIndex(relaxed.text), false);
  if (result.diagnostics.some((d) => d.severity === 'error')) return null;
  return remapResult(result, relaxed.toOriginal, lines);
}

/** Reports the composer's errors and warnings; returns whether there was an error. */
function reportComposeProblems(doc: Document.Parsed | undefined, text: string, cst: CST.Token[], b: CfnTreeBuilder): boolean {
  if (!doc) return false;
  const problems = [...doc.errors, ...doc.warnings.filter((w) => w.code !== 'TAG_RESOLVE_FAILED')];
  const seenLines = new Set<number>();
  for (const fault of describeYamlErrors(problems, text, cst)) {
    const line = b.position(fault.start).line;
    // One message per line: the yaml library often reports a single fault several ways.
    if (seenLines.has(line)) continue;
    seenLines.add(line);
    b.report(fault.severity, fault.message, fault.start, fault.end);
  }
  return doc.errors.length > 0;
}

/** After errors, a partial tree is still worth returning when it is a template-shaped mapping. */
function isUsable(root: CfnNode | null): boolean {
  return root !== null && root.kind === 'map' && root.entries.length > 0;
}

function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => a.loc.range.start.offset - b.loc.range.start.offset);
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
