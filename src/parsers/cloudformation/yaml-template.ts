import type { CST, Document } from 'yaml';
import { yaml } from '../yaml-lazy.js';
import type { Positions } from '../positions.js';
import { LineIndex } from '../../shared/source.js';
import type { CfnNode, CfnParseResult } from '../cloudformation-tree.js';
import { tagOffsets, tooDeepAt } from './cst-walk.js';
import { readYamlFast } from './fast-yaml.js';
import { relaxQuotedIndentation, remapResult } from './lenient-quotes.js';
import { CfnTreeBuilder, isUnreadable, MAX_NESTING, nestingMessage, sortDiagnostics, type Diagnostic } from './nodes.js';
import { YamlDocumentReader } from './yaml-document.js';
import { describeYamlErrors } from './yaml-errors.js';

const COMPOSE_OPTIONS = {
  prettyErrors: false,
  // Duplicate keys are reported by the tree builder (as CloudFormation sees them), not as YAML errors.
  uniqueKeys: false,
  // Scalars are resolved by `resolvePlainScalar`, identically in every reader.
  schema: 'failsafe',
} as const;

/** Past this many, further messages about one file are mostly echoes of the first. */
const MAX_REPORTED = 50;

export interface YamlReadOptions {
  /** Try the fast reader first (tests turn it off to compare the two). */
  fast: boolean;
  /** Retry leniently indented quoted strings. */
  relax: boolean;
  /** Retries left: each may uncover the next string the lexer read out of step. */
  relaxPasses?: number;
}

/** Retries for leniently indented quoted strings in one template (each a full parse). */
const MAX_RELAX_PASSES = 32;

/** Reads a YAML template: the fast reader when it can, else the `yaml` package's composer. */
export function parseYamlTemplate(
  text: string,
  file: string,
  lines: Positions,
  options: YamlReadOptions = { fast: true, relax: true },
): CfnParseResult {
  const b = new CfnTreeBuilder(file, lines);
  if (options.fast) {
    const fast = readYamlFast(text, b);
    if (fast && 'tooDeep' in fast) {
      // Checked while reading: the complete reader would build a tree of every level before its own check.
      b.diagnostics.length = 0;
      b.report('error', nestingMessage(), fast.tooDeep, fast.tooDeep + 1);
      return { root: null, diagnostics: b.diagnostics };
    }
    if (fast) return { root: fast.root, diagnostics: sortDiagnostics(b.diagnostics) };
    b.diagnostics.length = 0;
  }
  // The complete reader builds its whole syntax tree before tooDeepAt can look: flow nesting is measured first, in one pass.
  const flowDeep = flowTooDeepAt(text, MAX_NESTING);
  if (flowDeep !== null) {
    b.report('error', nestingMessage(), flowDeep, flowDeep + 1);
    return { root: null, diagnostics: b.diagnostics };
  }
  const cst = [...new (yaml().Parser)().parse(text)];
  const deep = tooDeepAt(cst, MAX_NESTING);
  if (deep !== null) {
    b.report('error', nestingMessage(), deep, deep + 1);
    return { root: null, diagnostics: b.diagnostics };
  }
  const docs = [...new (yaml().Composer)(COMPOSE_OPTIONS).compose(cst, true, text.length)];
  const doc = docs[0];
  const glued = doc ? gluedComments(doc, text) : undefined;
  if (glued) return readGluedComments(text, glued, file, lines, options);
  let errors = reportComposeProblems(doc, text, cst, b);
  const extra = docs.slice(1).find((d) => d.contents !== null);
  if (extra) {
    const start = extra.range[0];
    b.report('error', 'A template must be a single YAML document, but a second document starts here', start, start + 3);
    errors = true;
  }
  // The lexer may end such a string or collection early and report what follows instead (an implicit key, an
  // unexpected token): relaxQuotedIndentation finds the unclosed tokens in the syntax tree, whatever the error said.
  if (errors && options.relax) {
    const relaxed = reparseRelaxed(text, file, lines, cst, options.relaxPasses ?? MAX_RELAX_PASSES, options.fast);
    if (relaxed) return relaxed;
  }
  const root = doc ? new YamlDocumentReader(doc, b, tagOffsets(cst)).read() : null;
  errors ||= b.diagnostics.some((d) => d.severity === 'error');
  return { root: errors && !isUsable(root) ? null : root, diagnostics: capped(sortDiagnostics(b.diagnostics)) };
}

function capped(diagnostics: Diagnostic[]): Diagnostic[] {
  if (diagnostics.length <= MAX_REPORTED) return diagnostics;
  const rest = diagnostics.length - MAX_REPORTED;
  const more: Diagnostic = { ...diagnostics[MAX_REPORTED], severity: 'error', message: `${rest} more problems follow; fix the ones above first` };
  return [...diagnostics.slice(0, MAX_REPORTED), more];
}

const gluedComment = /Comments must be separated/;

/**
 * Offsets of `#` comments written right after a quoted value (`'x'# note`),
 * when they are the document's only errors. YAML 1.2 rejects them; PyYAML,
 * and so CloudFormation and cfn-lint, read them as comments.
 */
function gluedComments(doc: Document.Parsed, text: string): number[] | undefined {
  if (doc.errors.length === 0 || !doc.errors.every((e) => gluedComment.test(e.message))) return undefined;
  const offsets = doc.errors.map((e) => text.indexOf('#', e.pos[0]));
  return offsets.every((o) => o >= 0) ? offsets : undefined;
}

/** Reads the template as CloudFormation does: each glued comment blanked to the end of its line (positions unchanged), with a warning. */
function readGluedComments(text: string, offsets: number[], file: string, lines: Positions, options: YamlReadOptions): CfnParseResult {
  let blanked = text;
  for (const at of offsets) {
    const end = blanked.slice(at).search(/[\r\n]|$/) + at;
    blanked = blanked.slice(0, at) + ' '.repeat(end - at) + blanked.slice(end);
  }
  const result = parseYamlTemplate(blanked, file, lines, options);
  const warnings: Diagnostic[] = offsets.map((at) => ({
    severity: 'warning',
    loc: { file, range: lines.range(at, at + 1) },
    message: "A '#' comment right after a quoted value, with no space before it: CloudFormation reads it as a comment, other YAML tools reject it; add a space",
  }));
  return { root: result.root, diagnostics: sortDiagnostics([...warnings, ...result.diagnostics]) };
}

/** A quoted string or a flow collection may only have looked unclosed because its continuation lines sit at the key's column. */
function reparseRelaxed(text: string, file: string, lines: Positions, cst: CST.Token[], passes: number, fast: boolean): CfnParseResult | null {
  const relaxed = relaxQuotedIndentation(text, cst);
  if (!relaxed) return null;
  const left = passes - 1;
  // The relaxed text is plain YAML again: the fast reader may read it, as it reads most templates (2x faster here).
  const result = parseYamlTemplate(relaxed.text, file, new LineIndex(relaxed.text), { fast, relax: left > 0, relaxPasses: left });
  // A duplicate key elsewhere is reported as ever; it does not make the relaxed reading fail.
  if (result.diagnostics.some(isUnreadable)) return null;
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

/**
 * Offset of the first flow collection (`[`, `{`) opened deeper than `max`, in
 * one pass: quoted scalars and comments are skipped; outside flow context a
 * bracket opens a collection only where a value starts (after `: `, `- `,
 * `? `, a tag or anchor, or at the start of a line), as in YAML.
 */
export function flowTooDeepAt(text: string, max: number): number | null {
  let depth = 0;
  let valueStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      if (depth === 0) valueStart = true;
      continue;
    }
    if (c === ' ' || c === '\t') {
      if (depth === 0 && (text[i - 1] === ':' || text[i - 1] === '-' || text[i - 1] === '?')) valueStart = true;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
      i--;
      continue;
    }
    if ((c === '"' || c === "'") && (depth > 0 || valueStart)) {
      i = closingQuote(text, i);
      valueStart = false;
      continue;
    }
    if ((c === '[' || c === '{') && (depth > 0 || valueStart)) {
      if (++depth > max) return i;
      continue;
    }
    if ((c === ']' || c === '}') && depth > 0) {
      depth--;
      continue;
    }
    if ((c === '!' || c === '&') && depth === 0 && valueStart) {
      // A tag or an anchor before the value: the value still starts after it.
      while (i < text.length && !/\s/.test(text[i])) i++;
      i--;
      continue;
    }
    if (depth === 0) valueStart = false;
  }
  return null;
}

/** The offset of the quote closing the one at `open` (a doubled `'` or an escaped `"` does not close), or the end. */
function closingQuote(text: string, open: number): number {
  const q = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (q === '"' && text[i] === '\\') i++;
    else if (text[i] === q) {
      if (q === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return text.length;
}
