import type { Block, Body } from '../../parsers/hcl/ast.js';
import type { ParseDiagnostic } from '../types.js';
import { attribute } from './body.js';
import type { ModuleScope } from './scope.js';

/** `override.tf` and `*_override.tf` (and their `.tf.json`) merge into the blocks they name. */
export function isOverrideFile(path: string): boolean {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).replace(/\.tf(\.json)?$/, '');
  return name === 'override' || name.endsWith('_override');
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
        if (item.labels[0]) scope.modules.add(item.labels[0].value);
        break;
    }
  }
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
      diagnostics.push({
        message: `Duplicate ${block.blockType} "${type}" "${name}": already declared in ${existing.file}:${existing.block.typeRange.start.line}`,
        loc: { file, range: block.typeRange },
        // Terraform rejects it, but every block still parses: a warning, as for duplicate CloudFormation keys.
        severity: 'warning',
      });
    }
    return;
  }
  if (override) return;
  scope.resources.set(address, { mode, type, name, address, key: address, block, file, repeated, overrides: [] });
}
