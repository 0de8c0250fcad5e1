import { existsSync } from '../../shared/builtins.js';
import { insideReal } from '../../shared/within.js';
import { noteMissing } from '../../discover/probes.js';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Loc } from '../../shared/source.js';
import { DEFAULT_MAX_FILE_SIZE, readSource } from '../../discover/read-source.js';
import { stripBom } from '../../shared/source.js';
import type { ObjectValue, TemplateValue, Value } from '../value.js';
import { objectGet } from '../value.js';
import { unknownAt, type Ctx, type ModuleScope, type TextMap } from './scope.js';
import { fileTextMap, withOffsets } from './text-map.js';
import { knownText } from './values.js';

/**
 * A file named by `file()`/`templatefile()`, read only when it lies inside the
 * module directory: linting must not read arbitrary paths the code names.
 */
function readModuleFile(scope: ModuleScope, pathValue: Value, loc: Loc): { file: string; text: string } | Value {
  const p = knownText(pathValue);
  if (p === undefined) return unknownAt(loc, 'file path not known statically');
  if (isAbsolute(p)) return unknownAt(loc, `file ${p} is outside the module directory`);
  const root = scope.env.resolve(scope.dir);
  const rel = relative(root, resolve(root, p));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return unknownAt(loc, `file ${p} is outside the module directory`);
  const file = join(scope.dir, rel);
  const cached = scope.sources.get(file);
  if (cached !== undefined) return { file, text: cached };
  // Links are followed only inside the module directory, and only UTF-8 text within the size limit is read.
  if (!insideReal(root, resolve(root, rel))) {
    // A target that is not there yet is still a lookup: noted (--cache), so that its appearance makes a cached run stale.
    if (!existsSync(resolve(root, rel))) noteMissing(resolve(root, rel));
    return unknownAt(loc, `file ${p} is outside the module directory or cannot be read`);
  }
  const got = readSource(resolve(root, rel), DEFAULT_MAX_FILE_SIZE);
  return got.kind === 'text' ? { file, text: stripBom(got.text) } : unknownAt(loc, `file ${p} cannot be read as UTF-8 text (${got.kind})`);
}

/** `file(path)`: the contents as a string whose characters map into that file. */
export function fileContents(ctx: Ctx, pathValue: Value, loc: Loc): Value {
  const read = readModuleFile(ctx.scope, pathValue, loc);
  if ('kind' in read) return read;
  const value: Value = { kind: 'literal', value: read.text, loc };
  ctx.scope.textMaps.set(value, fileTextMap(ctx.scope, read.file, read.text));
  return value;
}

/**
 * `templatefile(path, vars)`: `${name}` interpolations are filled from
 * `vars`; any other interpolation or directive is unknown.
 */
export function templateFileContents(ctx: Ctx, pathValue: Value, vars: Value | undefined, loc: Loc): Value {
  const read = readModuleFile(ctx.scope, pathValue, loc);
  if ('kind' in read) return read;
  if (!ctx.scope.rendered.has(read.file)) ctx.scope.rendered.set(read.file, loc);
  const map = fileTextMap(ctx.scope, read.file, read.text);
  const fileLoc = (start: number, end: number): Loc => ({ file: read.file, range: map.index.range(start, end) });
  const parts: Array<string | Value> = [];
  const maps: Array<TextMap | undefined> = [];
  const text = read.text;
  let literal = '';
  let offsets: number[] = [];
  const flush = (): void => {
    if (!literal) return;
    parts.push(literal);
    maps.push(withOffsets(map, [...offsets, offsets[offsets.length - 1] + 1]));
    literal = '';
    offsets = [];
  };
  let i = 0;
  while (i < text.length) {
    const two = text.slice(i, i + 2);
    const escaped = (two === '$$' || two === '%%') && text[i + 2] === '{';
    if (escaped) {
      literal += text[i] + '{';
      offsets.push(i, i + 2);
      i += 3;
      continue;
    }
    if (two === '${' || two === '%{') {
      const close = text.indexOf('}', i + 2);
      const end = close < 0 ? text.length : close + 1;
      flush();
      parts.push(interpolation(text.slice(i + 2, end - 1), two === '%{', vars, fileLoc(i, end)));
      maps.push(undefined);
      i = end;
      continue;
    }
    literal += text[i];
    offsets.push(i);
    i++;
  }
  flush();
  if (parts.every((p) => typeof p === 'string')) {
    const value: Value = { kind: 'literal', value: parts.join(''), loc };
    ctx.scope.textMaps.set(value, maps[0] ?? map);
    return value;
  }
  const value: TemplateValue = { kind: 'template', parts, loc };
  ctx.scope.partMaps.set(value, maps);
  return value;
}

function interpolation(inner: string, directive: boolean, vars: Value | undefined, loc: Loc): Value {
  const name = inner.trim().replace(/^~|~$/g, '').trim();
  if (directive) return unknownAt(loc, 'template directive is not evaluated');
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) return unknownAt(loc, `template expression ${name} is not evaluated`);
  const v = vars?.kind === 'object' ? objectGet(vars as ObjectValue, name) : undefined;
  if (!v) return unknownAt(loc, vars?.kind === 'object' ? `templatefile variable ${name} is not set` : 'templatefile variables not known statically');
  return { ...v, loc, via: [v.loc, ...(v.via ?? [])] };
}
