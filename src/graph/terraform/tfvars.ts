import { listDirectory } from '../../discover/probes.js';
import { DEFAULT_MAX_FILE_SIZE, readSource } from '../../discover/read-source.js';
import { join } from 'node:path';
import { parseHcl } from '../../parsers/hcl/index.js';
import { stripBom } from '../../shared/source.js';
import type { Loc } from '../../shared/source.js';
import type { ParseDiagnostic } from '../types.js';
import type { Value } from '../value.js';
import { attribute } from './body.js';
import { toDiagnostics } from './declarations.js';
import { evaluate } from './evaluate.js';
import { createScope, type ModuleScope, NO_BINDINGS, recordUnresolved } from './scope.js';
import { applyTfvarsBody, applyTfvarsJson, isTfvarsName, tfvarsOrder, type VarFileKey } from './variables.js';

/**
 * Variable values of a root module, in Terraform's order (later wins):
 * defaults < `terraform.tfvars` < `terraform.tfvars.json` < `*.auto.tfvars(.json)`
 * by name < `-var-file` files < `-var` values. (Terraform takes `-var-file` and
 * `-var` in command-line order; the API keeps them apart, so `-var` comes last.)
 */
export interface RootVariables {
  dir: string;
  /** Files given with the module; tfvars among them are used instead of reading the directory. */
  files: Array<{ path: string; text: string }>;
  varFiles?: string[];
  variables?: Record<string, string>;
}

interface VarFile {
  path: string;
  text: string;
}

/**
 * Applies every source of variable values to a root module's scope. An
 * undeclared key of its own tfvars files is unresolved (Terraform warns); the
 * `-var-file` keys are returned: the run asks whether any root module declares them.
 */
export function applyRootVariables(scope: ModuleScope, input: RootVariables, diagnostics: ParseDiagnostic[], listed: readonly string[]): VarFileKey[] {
  let declared: string[] | undefined;
  for (const f of tfvarsFiles(scope, input, listed)) {
    for (const key of applyVarFile(scope, f, diagnostics)) {
      if (scope.variables.has(key.name)) continue;
      const ctx = { scope, file: f.path, env: NO_BINDINGS, depth: 0 };
      // One candidate list for every such key: "did you mean" indexes it once.
      declared ??= [...scope.variables.keys()];
      recordUnresolved(ctx, { name: key.name, loc: key.loc, expected: 'variable', candidates: declared, ignoredValue: true });
    }
  }
  const varFileKeys: VarFileKey[] = [];
  for (const given of input.varFiles ?? []) {
    const text = readText(scope.env.resolve(given));
    if (text === undefined) {
      diagnostics.push({ message: `cannot read the variable file ${given}`, loc: fileStart(given), severity: 'error' });
      continue;
    }
    varFileKeys.push(...applyVarFile(scope, { path: given, text }, diagnostics));
  }
  for (const [name, raw] of Object.entries(input.variables ?? {})) applyCommandLineVariable(scope, name, raw);
  return varFileKeys;
}

/** The names in a root module's directory (listed once: for its tfvars files, and whether Terragrunt completes it). */
export function rootDirectoryNames(scope: ModuleScope, dir: string): string[] {
  return listDir(scope.env.resolve(dir));
}

/** tfvars given with the module, else found beside its files (`listed`), in Terraform's order. */
function tfvarsFiles(scope: ModuleScope, input: RootVariables, listed: readonly string[]): VarFile[] {
  const given = new Map(input.files.filter((f) => isTfvarsName(f.path)).map((f) => [baseName(f.path), f]));
  for (const name of listed) {
    if (!isTfvarsName(name) || given.has(name)) continue;
    const path = join(input.dir, name);
    const text = readText(scope.env.resolve(path));
    if (text !== undefined) given.set(name, { path, text });
  }
  return tfvarsOrder([...given.keys()]).flatMap((name) => given.get(name) ?? []);
}

/** Applies one tfvars file; the keys it sets. */
function applyVarFile(scope: ModuleScope, f: VarFile, diagnostics: ParseDiagnostic[]): VarFileKey[] {
  const text = stripBom(f.text);
  scope.sources.set(f.path, text);
  if (f.path.endsWith('.json')) {
    const applied = applyTfvarsJson(scope, f.path, text);
    if ('problem' in applied) {
      diagnostics.push(applied.problem);
      return [];
    }
    return applied.keys;
  }
  const tree = parseHcl(text, f.path);
  diagnostics.push(...toDiagnostics(f.path, tree));
  return applyTfvarsBody(scope, f.path, tree.body);
}

/**
 * `-var 'name=value'`: a string, unless the variable is declared with another
 * type, when the value is HCL (`-var 'roles=["a","b"]'`). The value has no
 * file; it stands at the variable's declaration, and findings at its uses.
 */
function applyCommandLineVariable(scope: ModuleScope, name: string, raw: string): void {
  const decl = scope.variables.get(name);
  if (!decl) return;
  const loc = { file: decl.file, range: decl.block.labels[0]?.range ?? decl.block.typeRange };
  const type = attribute(decl.block.body, 'type');
  const isString = !type || (type.type === 'Variable' && type.name === 'string');
  const commandLine = `--var ${name}=${raw}`;
  if (isString) {
    scope.overrides.set(name, { kind: 'literal', value: raw, loc, commandLine });
    return;
  }
  const tree = parseHcl(`${name} = ${raw}\n`, loc.file);
  const attr = tree.body.items[0];
  if (tree.diagnostics.some((d) => d.severity === 'error') || attr?.type !== 'Attribute') {
    scope.overrides.set(name, { kind: 'unknown', reason: `-var ${name} is not a valid value`, loc });
    return;
  }
  // Evaluated where nothing can be referenced; every part stands at the declaration, as the whole does.
  const value = evaluate(attr.expr, { scope: createScope(scope.dir, scope.env), file: loc.file, env: NO_BINDINGS, depth: 0 });
  scope.overrides.set(name, placedAt(value, loc, commandLine));
}

/** Every part at the declaration, and given on the command line: `var.names[0]` of a `-var` list is given too. */
function placedAt(v: Value, loc: Loc, commandLine: string): Value {
  switch (v.kind) {
    case 'object':
      return { ...v, loc, commandLine, entries: v.entries.map((e) => ({ ...e, keyLoc: loc, value: placedAt(e.value, loc, commandLine) })) };
    case 'list':
      return { ...v, loc, commandLine, items: v.items.map((i) => placedAt(i, loc, commandLine)) };
    case 'template':
      return { ...v, loc, commandLine, parts: v.parts.map((p) => (typeof p === 'string' ? p : placedAt(p, loc, commandLine))) };
    case 'choice':
      return { ...v, loc, commandLine, options: v.options.map((o) => placedAt(o, loc, commandLine)) };
    default:
      return { ...v, loc, commandLine };
  }
}

function fileStart(file: string): Loc {
  const start = { line: 1, column: 1, offset: 0 };
  return { file, range: { start, end: start } };
}

function listDir(dir: string): string[] {
  return listDirectory(dir) ?? [];
}

/** Through the safe reader: a FIFO named like a var file must not block, a binary one is not text. */
function readText(path: string): string | undefined {
  const got = readSource(path, DEFAULT_MAX_FILE_SIZE);
  return got.kind === 'text' ? got.text : undefined;
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}
