import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HclFile } from '../../parsers/hcl/ast.js';
import { parseHcl } from '../../parsers/hcl/index.js';
import { parseTerraformJson } from '../../parsers/terraform-json.js';
import { stripBom } from '../../source.js';
import type { ParseDiagnostic, Resource, UnresolvedRef } from '../types.js';
import type { Value } from '../value.js';
import { metaArguments } from './attributes.js';
import { evaluateBody } from './body.js';
import { declareFile, isOverrideFile } from './declarations.js';
import { toResource } from './resources.js';
import { createScope, type ModuleScope } from './scope.js';
import { applyTfvarsBody, applyTfvarsJson, evaluateAllLocals, isTfvarsName, tfvarsOrder } from './variables.js';

export interface TerraformModuleInput {
  dir: string;
  /** All `.tf` / `.tf.json` files of one directory (tfvars files may be included too). */
  files: Array<{ path: string; text: string }>;
}

export interface TerraformBuildResult {
  resources: Resource[];
  unresolved: UnresolvedRef[];
  parseDiagnostics: ParseDiagnostic[];
  /** Files read beyond the input (tfvars found on disk, `file()` targets), for mapping positions. */
  sources: Map<string, string>;
}

/** Builds the graph resources of one Terraform module directory. */
export function buildTerraformModule(input: TerraformModuleInput): TerraformBuildResult {
  const scope = createScope(input.dir);
  const diagnostics: ParseDiagnostic[] = [];
  const configs = input.files.filter((f) => /\.tf(\.json)?$/.test(f.path));
  // Override files merge into what the others declare, so they go last.
  configs.sort((a, b) => Number(isOverrideFile(a.path)) - Number(isOverrideFile(b.path)) || compare(a.path, b.path));
  const parsed: Array<{ file: string; tree: HclFile }> = [];
  for (const f of configs) {
    const text = stripBom(f.text);
    scope.sources.set(f.path, text);
    const tree = parseConfig(f.path, text);
    diagnostics.push(...toDiagnostics(f.path, tree));
    parsed.push({ file: f.path, tree });
    declareFile(scope, f.path, tree.body, diagnostics);
  }
  loadTfvars(scope, input, diagnostics);
  const resources = [...scope.resources.values(), ...scope.duplicates].map((decl) => toResource(decl, scope));
  for (const p of parsed) walkOtherBlocks(scope, p.file, p.tree);
  evaluateAllLocals(scope);
  const inputPaths = new Set(input.files.map((f) => f.path));
  const sources = new Map([...scope.sources].filter(([file]) => !inputPaths.has(file)));
  return { resources, unresolved: attachResources(scope, resources), parseDiagnostics: diagnostics, sources };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function parseConfig(path: string, text: string): HclFile {
  if (path.endsWith('.tf.json')) return parseTerraformJson(text, path);
  return parseHcl(text, path);
}

function toDiagnostics(file: string, tree: HclFile): ParseDiagnostic[] {
  return tree.diagnostics.map((d) => ({ message: d.message, loc: { file, range: d.range }, severity: d.severity }));
}

/** tfvars given with the module, else found beside its files; later files override earlier ones. */
function loadTfvars(scope: ModuleScope, input: TerraformModuleInput, diagnostics: ParseDiagnostic[]): void {
  const given = new Map(input.files.filter((f) => isTfvarsName(f.path)).map((f) => [baseName(f.path), f]));
  for (const name of listDir(input.dir)) {
    if (!isTfvarsName(name) || given.has(name)) continue;
    const path = join(input.dir, name);
    const text = readText(path);
    if (text !== undefined) given.set(name, { path, text });
  }
  for (const name of tfvarsOrder([...given.keys()])) {
    const f = given.get(name);
    if (!f) continue;
    const text = stripBom(f.text);
    scope.sources.set(f.path, text);
    if (name.endsWith('.json')) {
      if (!applyTfvarsJson(scope, f.path, text)) {
        const start = { line: 1, column: 1, offset: 0 };
        diagnostics.push({ message: 'not a JSON object of variable values', loc: { file: f.path, range: { start, end: start } }, severity: 'error' });
      }
      continue;
    }
    const tree = parseHcl(text, f.path);
    diagnostics.push(...toDiagnostics(f.path, tree));
    applyTfvarsBody(scope, f.path, tree.body);
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** Outputs, module calls and providers: evaluated only so that their broken references are reported. */
function walkOtherBlocks(scope: ModuleScope, file: string, tree: HclFile): void {
  for (const item of tree.body.items) {
    if (item.type !== 'Block' || !['output', 'module', 'provider'].includes(item.blockType)) continue;
    evaluateBody(item.body, { scope, file, env: new Map<string, Value>(), depth: 0 }, { file, range: item.range }, metaArguments);
  }
}

function attachResources(scope: ModuleScope, resources: Resource[]): UnresolvedRef[] {
  const byKey = new Map(resources.map((r) => [r.id.slice(scope.dir.length + 1), r]));
  return scope.unresolved.map((u) => {
    const { owner, ...ref } = u as UnresolvedRef & { owner?: string };
    const resource = owner ? byKey.get(owner) : undefined;
    return resource ? { ...ref, resource } : ref;
  });
}
