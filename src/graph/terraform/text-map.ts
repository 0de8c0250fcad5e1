import { endOffset, type LineIndex, startOffset } from '../../shared/source.js';
import type { TemplateLiteral } from '../../parsers/hcl/ast.js';
import { lineIndex, type Ctx, type ModuleScope, type TextMap } from './scope.js';
import { table } from '../../shared/own.js';

const simpleEscapes: Record<string, string> = table({ n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' });

/**
 * Where each character of a decoded template literal was written. The
 * decoded text is aligned against the source: quoted strings decode `\`
 * escapes, both forms decode `$${`/`%%{`, and source characters the decoder
 * dropped (heredoc indentation, a `\r` before `\n`, a quote) are skipped.
 */
export function literalTextMap(ctx: Ctx, part: TemplateLiteral, quoted: boolean): TextMap | undefined {
  const source = ctx.scope.sources.get(ctx.file);
  return source === undefined ? undefined : new LiteralTextMap(ctx.file, ctx.scope, source, part, quoted);
}

/** Most strings are never read as JSON: the alignment is done only when asked for. */
class LiteralTextMap implements TextMap {
  private aligned: number[] | undefined;

  constructor(
    readonly file: string,
    private readonly scope: ModuleScope,
    private readonly source: string,
    private readonly part: TemplateLiteral,
    private readonly quoted: boolean,
  ) {}

  get offsets(): number[] {
    this.aligned ??= alignOffsets(this.source, this.part, this.quoted);
    return this.aligned;
  }

  get index(): LineIndex {
    return lineIndex(this.scope, this.file);
  }
}

/** The same map with other offsets (a trimmed or joined string). */
export function withOffsets(map: TextMap, offsets: number[]): TextMap {
  return { file: map.file, offsets, index: map.index };
}

function alignOffsets(source: string, part: TemplateLiteral, quoted: boolean): number[] {
  const decoded = part.value;
  let si = startOffset(part.range);
  const end = endOffset(part.range);
  const offsets: number[] = new Array(decoded.length + 1);
  let di = 0;
  while (di < decoded.length) {
    if (si >= end) {
      offsets[di++] = end;
      continue;
    }
    const s = source[si];
    const d = decoded[di];
    if ((s === '$' || s === '%') && source[si + 1] === s && source[si + 2] === '{' && decoded[di] === s && decoded[di + 1] === '{') {
      offsets[di++] = si;
      offsets[di++] = si + 2;
      si += 3;
      continue;
    }
    if (quoted && s === '\\') {
      const escape = decodeEscape(source, si);
      if (escape && decoded.startsWith(escape.text, di)) {
        for (let k = 0; k < escape.text.length; k++) offsets[di++] = si;
        si += escape.length;
        continue;
      }
    }
    if (s === d) {
      offsets[di++] = si++;
      continue;
    }
    si++;
  }
  offsets[decoded.length] = Math.min(si, end);
  return offsets;
}

function decodeEscape(source: string, at: number): { text: string; length: number } | undefined {
  const c = source[at + 1];
  if (c === undefined) return undefined;
  if (c in simpleEscapes) return { text: simpleEscapes[c], length: 2 };
  const width = c === 'u' ? 4 : c === 'U' ? 8 : 0;
  if (!width) return undefined;
  const hex = source.slice(at + 2, at + 2 + width);
  if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== width) return undefined;
  const code = parseInt(hex, 16);
  if (code > 0x10ffff) return undefined;
  return { text: String.fromCodePoint(code), length: 2 + width };
}

/** A whole file read as a string: index i is offset i. */
export function fileTextMap(scope: ModuleScope, file: string, text: string): TextMap {
  scope.sources.set(file, text);
  const offsets = Array.from({ length: text.length + 1 }, (_, i) => i);
  return { file, offsets, index: lineIndex(scope, file) };
}
