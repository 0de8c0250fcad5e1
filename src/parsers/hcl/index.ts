import { startOffset, stripBom } from '../../shared/source.js';
import type { Body, HclDiagnostic, HclFile, TemplateExpr } from './ast.js';
import { Cursor } from './cursor.js';
import { lex } from './lexer.js';
import { PositionMap, type PositionSource } from './positions.js';
import { parseBody } from './structure.js';
import { parseBareTemplate } from './templates.js';

export type * from './ast.js';
export type { PositionSource } from './positions.js';

/**
 * Parses a Terraform/HCL native-syntax file. Never throws: syntax errors are
 * diagnostics, and the tree holds everything that could be parsed around them.
 * Ranges are places in `file` (`SourceLoc`); positions are relative to the
 * text with any BOM removed.
 */
export function parseHcl(text: string, file: string): HclFile {
  const src = stripBom(text);
  const positions = new PositionMap(src, file);
  const diagnostics: HclDiagnostic[] = [];
  try {
    const { tokens, diagnostics: lexDiags } = lex(src, 'config');
    for (const d of lexDiags) diagnostics.push({ message: d.message, range: positions.range(d.start, d.end), severity: 'error' });
    const c = new Cursor(src, tokens, positions, diagnostics);
    const { items } = parseBody(c, -1);
    sortDiagnostics(diagnostics);
    return { body: { type: 'Body', items, range: positions.range(0, src.length) }, diagnostics };
  } catch (err) {
    return internalFailure(err, positions, src.length, diagnostics);
  }
}

/**
 * Parses text as a bare template (no quotes; `${}` and `%{}` sequences, no
 * backslash escapes), as HCL does for the strings of its JSON syntax.
 * `positions` maps offsets in `text` to positions in the file the text came
 * from (by default, `text` itself).
 */
export function parseHclTemplate(
  text: string,
  positions: PositionSource = new PositionMap(text),
): { template: TemplateExpr; diagnostics: HclDiagnostic[] } {
  const diagnostics: HclDiagnostic[] = [];
  try {
    const { tokens, diagnostics: lexDiags } = lex(text, 'template');
    for (const d of lexDiags) diagnostics.push({ message: d.message, range: positions.range(d.start, d.end), severity: 'error' });
    const c = new Cursor(text, tokens, positions, diagnostics);
    const template = parseBareTemplate(c);
    sortDiagnostics(diagnostics);
    return { template, diagnostics };
  } catch (err) {
    const failed = internalFailure(err, positions, text.length, diagnostics);
    const range = positions.range(0, text.length);
    return { template: { type: 'Template', parts: [{ type: 'TemplateLiteral', value: text, range }], range }, diagnostics: failed.diagnostics };
  }
}

function sortDiagnostics(d: HclDiagnostic[]): void {
  d.sort((a, b) => startOffset(a.range) - startOffset(b.range));
}

/** A bug or an exhausted stack must still not escape as an exception. */
function internalFailure(err: unknown, positions: PositionSource, length: number, diagnostics: HclDiagnostic[]): HclFile {
  const reason = err instanceof RangeError ? 'the input is nested too deeply' : `internal parser error: ${String(err)}`;
  diagnostics.push({ message: `could not parse this file: ${reason}`, range: positions.range(0, 0), severity: 'error' });
  const body: Body = { type: 'Body', items: [], range: positions.range(0, length) };
  return { body, diagnostics };
}
