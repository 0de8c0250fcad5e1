import { existsSync } from '../../shared/builtins.js';
import { insideReal } from '../../shared/within.js';
import { noteMissing } from '../../discover/probes.js';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Loc } from '../../shared/source.js';
import { DEFAULT_MAX_FILE_SIZE, readSource } from '../../discover/read-source.js';
import { stripBom } from '../../shared/source.js';
import type { Value } from '../value.js';
import { parseHclTemplate } from '../../parsers/hcl/index.js';
import { evaluate } from './evaluate.js';
import { SPLAT_ITEM } from './references.js';
import { carryMaps, unknownAt, type Ctx, type ModuleScope } from './scope.js';
import { fileTextMap } from './text-map.js';
import { knownText } from './values.js';
import { extend } from '../../shared/extend.js';

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
 * `templatefile(path, vars)`: the file read as a template (HCL's template
 * syntax, as in a quoted string, without backslash escapes) and evaluated
 * with the names `vars` gives, and nothing of the module, as Terraform does:
 * `${jsonencode(ARNS)}`, `%{if NAME != ""}...%{endif}` and `%{for}` over a
 * collection known as a whole included. A name `vars` does not set is unknown.
 */
export function templateFileContents(ctx: Ctx, pathValue: Value, vars: Value | undefined, loc: Loc): Value {
  const read = readModuleFile(ctx.scope, pathValue, loc);
  if ('kind' in read) return read;
  if (!ctx.scope.rendered.has(read.file)) ctx.scope.rendered.set(read.file, loc);
  const map = fileTextMap(ctx.scope, read.file, read.text);
  if (!read.text.includes('${') && !read.text.includes('%{')) {
    const value: Value = { kind: 'literal', value: read.text, loc };
    ctx.scope.textMaps.set(value, map);
    return value;
  }
  const { template, diagnostics } = parseHclTemplate(read.text);
  if (diagnostics.length > 0) return unknownAt(loc, `template ${read.file} does not parse: ${diagnostics[0].message}`);
  const given = vars?.kind === 'object' ? vars : undefined;
  const names = new TemplateNames(
    (given?.entries ?? []).map((e): [string, Value] => [e.key, e.value]),
    (name, at) => unknownAt(at, given ? `templatefile variable ${name} is not set` : 'templatefile variables not known statically'),
    loc,
  );
  const value = evaluate(template, { ...ctx, file: read.file, env: names });
  const placed: Value = extend(value, { loc, via: [value.loc, ...(value.via ?? [])] });
  carryMaps(ctx.scope, value, placed);
  return placed;
}

/**
 * The names a template file may use: the variables `templatefile()` is
 * given, never the module's own (`var.`, `local.`, resources), which
 * Terraform does not let a template see. Any other name is unknown.
 */
class TemplateNames extends Map<string, Value> {
  constructor(
    entries: ReadonlyArray<[string, Value]>,
    private readonly unset: (name: string, at: Loc) => Value,
    private readonly at: Loc,
  ) {
    super(entries);
  }

  override get(name: string): Value | undefined {
    return super.get(name) ?? (name === SPLAT_ITEM ? undefined : this.unset(name, this.at));
  }

  override has(name: string): boolean {
    return name !== SPLAT_ITEM || super.has(name);
  }
}
