import path from 'node:path';
import type { Block, Body, Expression, HclFile } from '../../parsers/hcl/ast.js';
import type { ParseDiagnostic } from '../types.js';
import { attribute } from './body.js';
import { configBaseName } from '../../discover/config-files.js';
import type { DeclaredBlock, ModuleScope, ParsedFile } from './scope.js';

/** `override.tf` and `*_override.tf` (and their `.tf.json`, `.tofu`, `.tofu.json`) merge into the blocks they name. */
export function isOverrideFile(path: string): boolean {
  const name = configBaseName(path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1));
  return name === 'override' || name.endsWith('_override');
}

/**
 * Registers the configuration files of a module (root or instance); override
 * files merge into what the others declare, so they go last.
 */
export function declareModule(scope: ModuleScope, files: ParsedFile[], diagnostics: ParseDiagnostic[]): void {
  // Whether a file overrides is worked out once per file, not twice per comparison (a regular expression each).
  const ordered = files.map((f) => ({ f, override: Number(isOverrideFile(f.path)) })).sort((a, b) => a.override - b.override || compare(a.f.path, b.f.path));
  for (const { f } of ordered) {
    scope.sources.set(f.path, f.text);
    diagnostics.push(...toDiagnostics(f.path, f.tree));
    declareFile(scope, f.path, f.tree.body, diagnostics);
  }
}

export function toDiagnostics(file: string, tree: HclFile): ParseDiagnostic[] {
  return tree.diagnostics.map((d) => ({ message: d.message, loc: { file, range: d.range }, severity: d.severity }));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Registers the blocks of one configuration file in the module namespace.
 * Files are merged in order; override files must come after the others.
 */
export function declareFile(scope: ModuleScope, file: string, body: Body, diagnostics: ParseDiagnostic[]): void {
  const override = isOverrideFile(file);
  for (const item of body.items) {
    if (item.type !== 'Block') continue;
    switch (item.blockType) {
      case 'resource':
      case 'data':
        declareResource(scope, file, item, override, diagnostics);
        break;
      case 'variable':
        if (item.labels[0] && (override || !scope.variables.has(item.labels[0].value))) {
          const previous = scope.variables.get(item.labels[0].value);
          // An override variable block without a default keeps the original's.
          const keep = override && previous && !attribute(item.body, 'default');
          if (!keep) scope.variables.set(item.labels[0].value, { block: item, file });
        }
        break;
      case 'locals':
        for (const a of item.body.items) {
          if (a.type === 'Attribute' && (override || !scope.locals.has(a.name))) scope.locals.set(a.name, { attr: a, file });
        }
        break;
      case 'module':
        declareNamed(scope, scope.modules, item, file, override, diagnostics);
        break;
      case 'output':
        declareNamed(scope, scope.outputs, item, file, override, diagnostics);
        break;
      case 'provider':
        scope.otherBlocks.push({ block: item, file });
        break;
    }
  }
}

/** A module call or output; an override file's block is kept beside the original, whose arguments it overrides. */
function declareNamed(scope: ModuleScope, map: Map<string, DeclaredBlock>, block: Block, file: string, override: boolean, diagnostics: ParseDiagnostic[]): void {
  const name = block.labels[0]?.value;
  if (name === undefined) return;
  const existing = map.get(name);
  if (existing && override) (existing.overrides ??= []).push({ block, file });
  else if (existing) {
    diagnostics.push(duplicateBlock(`${block.blockType} "${name}"`, existing, block, file, 'blocks with the same name'));
    // A repeated name (shared files assembled elsewhere) is still walked for its references.
    scope.otherBlocks.push({ block, file });
  } else if (!override) map.set(name, { block, file });
}

/**
 * Terraform rejects the module ("Duplicate module call", "Duplicate resource"), but every block still
 * parses: a warning at the second block, as for duplicate CloudFormation keys.
 */
function duplicateBlock(what: string, existing: DeclaredBlock, block: Block, file: string, same: string): ParseDiagnostic {
  return {
    message: `Duplicate ${what}`,
    // A module is one directory: the file name alone says where.
    help: `already declared in ${path.basename(existing.file)}:${existing.block.typeRange.start.line}; Terraform rejects two ${same}: rename or remove one`,
    loc: { file, range: block.typeRange },
    severity: 'warning',
  };
}

/** An argument of a module call or output, as the last override file that sets it leaves it. */
export function blockArgument(decl: DeclaredBlock, name: string): { expr: Expression; file: string } | undefined {
  for (const o of [...(decl.overrides ?? [])].reverse()) {
    const expr = attribute(o.block.body, name);
    if (expr) return { expr, file: o.file };
  }
  const expr = attribute(decl.block.body, name);
  return expr ? { expr, file: decl.file } : undefined;
}

function declareResource(scope: ModuleScope, file: string, block: Block, override: boolean, diagnostics: ParseDiagnostic[]): void {
  if (block.labels.length < 2) return;
  const mode = block.blockType === 'data' ? 'data' : 'managed';
  const [type, name] = [block.labels[0].value, block.labels[1].value];
  const address = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
  const existing = scope.resources.get(address);
  const repeated = !!(attribute(block.body, 'count') ?? attribute(block.body, 'for_each'));
  if (existing) {
    if (override) existing.overrides.push({ block, file });
    else {
      const key = `${address}@${file}:${block.typeRange.start.line}`;
      scope.duplicates.push({ mode, type, name, address, key, block, file, repeated, overrides: [] });
      diagnostics.push(duplicateBlock(`${block.blockType} "${type}" "${name}"`, existing, block, file, 'blocks with the same type and name'));
    }
    return;
  }
  if (override) return;
  scope.resources.set(address, { mode, type, name, address, key: address, block, file, repeated, overrides: [] });
}
