import { dirname, join } from 'node:path';
import type { Block, Body, Expression, HclFile, TemplatePart } from '../../parsers/hcl/ast.js';
import { parseHcl } from '../../parsers/hcl/index.js';
import type { UnresolvedRef } from '../types.js';
import { attribute } from './body.js';
import type { BuildEnv } from './scope.js';

/**
 * The files that make a directory a Terragrunt unit: `terragrunt run` first
 * writes the files its `generate` blocks (and `remote_state.generate`) name,
 * in it or in any configuration it includes, into the directory, and with
 * `terraform { source = ... }` copies the directory into the module it names.
 */
const TERRAGRUNT_CONFIGS: ReadonlySet<string> = new Set(['terragrunt.hcl', 'terragrunt.hcl.json']);

/** Names a file Terragrunt adds to the module can declare: variables, locals, module calls, resources, data sources. */
const GENERATABLE: ReadonlySet<string> = new Set(['variable', 'local value', 'module', 'resource', 'data source']);

/** Stands for a Terragrunt interpolation in a generated file's text: a name made of one is not known. */
const INTERPOLATION = '__terragrunt_interpolation__';

/** The name Terragrunt's `find_in_parent_folders()` looks for when given none. */
const DEFAULT_PARENT_CONFIG = 'terragrunt.hcl';

export function isTerragruntUnit(names: readonly string[]): boolean {
  return names.some((n) => TERRAGRUNT_CONFIGS.has(n));
}

/** The unresolved names of Terragrunt unit `dir` less those a generated file may declare (`generated`, else any). */
export function withoutTerragruntGenerated(dir: string, unresolved: UnresolvedRef[], generated?: ReadonlySet<string>): UnresolvedRef[] {
  // A name none of the unit's own files declares may be declared by a generated file (a variables.tf written
  // from the root terragrunt.hcl): unknown, not missing, as for the fragments of a Serverless service. References
  // in the local modules it calls, which Terragrunt does not touch, keep their findings, as do module outputs
  // and missing paths.
  return unresolved.filter((u) => !(GENERATABLE.has(u.expected) && !u.missingPath && dirname(u.loc.file) === dir && (!generated || generated.has(declaredKey(u)))));
}

/**
 * The unresolved names less those in `copied`, files Terragrunt copies into the modules it runs
 * (`generate "provider" { contents = file(find_in_parent_folders("_envcommon/provider.tf")) }`): such a
 * file is written against the module it lands in, whose variables, locals and resources it names.
 * Missing paths and module outputs keep their findings, as in a unit.
 */
export function withoutCopiedByTerragrunt(unresolved: UnresolvedRef[], copied: readonly string[] | undefined): UnresolvedRef[] {
  if (!copied || copied.length === 0) return unresolved;
  const files = new Set(copied);
  return unresolved.filter((u) => !(GENERATABLE.has(u.expected) && !u.missingPath && files.has(u.loc.file)));
}

/** An unresolved name as a declaration key: `var.x` (a tfvars key `x` too), `local.x`, `module.x`, `type.name`, `data.type.name`. */
function declaredKey(u: UnresolvedRef): string {
  if (u.expected === 'variable' && !u.name.startsWith('var.')) return `var.${u.name}`;
  if (u.expected === 'module') return u.name.split('.').slice(0, 2).join('.');
  return u.name;
}

/** The names the files Terragrunt writes into unit `dir` declare; undefined when that cannot be told. */
export function terragruntGenerated(env: BuildEnv, rootDir: string, dir: string, listed: readonly string[], sourced = false): Set<string> | undefined {
  // From the `generate` blocks of its terragrunt.hcl and of the configuration it includes. Not told when
  // the configuration is JSON or cannot be read, has a `terraform` block (a `source` copies the unit into
  // another module, a hook may write files), includes one it cannot find or read (outside the project),
  // or a generated file's contents are not text written in the configuration.
  if (!listed.includes('terragrunt.hcl')) return undefined;
  const own = readConfig(env, rootDir, join(dir, 'terragrunt.hcl'));
  if (!own) return undefined;
  const names = new Set<string>();
  const configs = [own];
  for (const include of blocks(own.body, 'include')) {
    const path = includedPath(env, rootDir, dir, include);
    const included = path === undefined ? undefined : readConfig(env, rootDir, path);
    // An included configuration includes nothing more (Terragrunt refuses nested includes).
    if (!included || blocks(included.body, 'include').length > 0) return undefined;
    configs.push(included);
  }
  for (const config of configs) {
    // A unit that runs another module (`sourced`) has its `terraform` block: that module is the one linted.
    if ((!sourced && blocks(config.body, 'terraform').length > 0) || attribute(config.body, 'terraform') !== undefined || attribute(config.body, 'generate') !== undefined) return undefined;
    for (const generate of blocks(config.body, 'generate')) {
      const declared = generatedDeclarations(generate);
      if (!declared) return undefined;
      for (const name of declared) names.add(name);
    }
  }
  return names;
}

function readConfig(env: BuildEnv, rootDir: string, file: string): HclFile | undefined {
  const got = env.readConfigFile(rootDir, file);
  if (!('text' in got)) return undefined;
  const tree = parseHcl(got.text, file);
  return tree.diagnostics.some((d) => d.severity === 'error') ? undefined : tree;
}

function blocks(body: Body, type: string): Block[] {
  return body.items.filter((i): i is Block => i.type === 'Block' && i.blockType === type);
}

/**
 * An `include` block's `path`: written out (relative to the unit), or
 * `find_in_parent_folders()` / `find_in_parent_folders("root.hcl")`, the
 * nearest such file in a directory above the unit, looked for as far as the
 * project goes. Undefined for any other expression, or when none is found.
 */
function includedPath(env: BuildEnv, rootDir: string, dir: string, include: Block): string | undefined {
  const expr = unwrapped(attribute(include.body, 'path'));
  const text = literalText(expr);
  if (text !== undefined) return join(dir, text);
  if (expr?.type !== 'FunctionCall' || expr.name !== 'find_in_parent_folders' || expr.args.length > 1) return undefined;
  const name = expr.args.length === 0 ? DEFAULT_PARENT_CONFIG : literalText(expr.args[0]);
  if (name === undefined) return undefined;
  for (let at = dirname(dir); ; at = dirname(at)) {
    const candidate = join(at, name);
    const got = env.readConfigFile(rootDir, candidate);
    if ('text' in got) return candidate;
    // Past the project the search is not followed: what Terragrunt would find there is not known.
    if (!got.missing || dirname(at) === at || at === '.' || at === '') return undefined;
  }
}

/** `"${x}"` is x. */
function unwrapped(expr: Expression | undefined): Expression | undefined {
  if (expr?.type === 'Template' && expr.parts.length === 1 && expr.parts[0].type === 'TemplateInterpolation') return expr.parts[0].expr;
  return expr;
}

function literalText(expr: Expression | undefined): string | undefined {
  if (expr?.type === 'Literal' && typeof expr.value === 'string') return expr.value;
  if (expr?.type !== 'Template' || !expr.parts.every((p) => p.type === 'TemplateLiteral')) return undefined;
  return expr.parts.map((p) => (p.type === 'TemplateLiteral' ? p.value : '')).join('');
}

/** What a `generate` block's file declares; undefined when its `contents` is not text written there (a `file()`, a directive). */
function generatedDeclarations(generate: Block): string[] | undefined {
  const contents = attribute(generate.body, 'contents');
  if (contents?.type !== 'Template') return undefined;
  const text = generatedText(contents.parts);
  if (text === undefined) return undefined;
  const tree = parseHcl(text, 'generated.tf');
  if (tree.diagnostics.some((d) => d.severity === 'error')) return undefined;
  const names = declarations(tree.body);
  return names.some((n) => n.includes(INTERPOLATION)) ? undefined : names;
}

/** The generated file's text, each Terragrunt interpolation a placeholder; undefined with a `%{...}` directive. */
function generatedText(parts: readonly TemplatePart[]): string | undefined {
  let text = '';
  for (const part of parts) {
    if (part.type === 'TemplateLiteral') text += part.value;
    else if (part.type === 'TemplateInterpolation') text += INTERPOLATION;
    else return undefined;
  }
  return text;
}

/** The declaration keys of a Terraform file: `var.x`, `local.x`, `module.x`, `type.name`, `data.type.name`. */
function declarations(body: Body): string[] {
  const out: string[] = [];
  for (const item of body.items) {
    if (item.type !== 'Block') continue;
    const labels = item.labels.map((l) => l.value);
    if (item.blockType === 'variable' && labels.length === 1) out.push(`var.${labels[0]}`);
    else if (item.blockType === 'module' && labels.length === 1) out.push(`module.${labels[0]}`);
    else if (item.blockType === 'resource' && labels.length === 2) out.push(`${labels[0]}.${labels[1]}`);
    else if (item.blockType === 'data' && labels.length === 2) out.push(`data.${labels[0]}.${labels[1]}`);
    else if (item.blockType === 'locals') for (const a of item.body.items) if (a.type === 'Attribute') out.push(`local.${a.name}`);
  }
  return out;
}

/**
 * The names the Terragrunt units that run module `dir` from a local `terraform { source = ... }`
 * (`unitDirs`) write into it; undefined when that cannot be told for one of them.
 */
export function terragruntSourcedGenerated(env: BuildEnv, rootDir: string, unitDirs: readonly string[]): Set<string> | undefined {
  const names = new Set<string>();
  for (const unit of unitDirs) {
    const generated = terragruntGenerated(env, rootDir, unit, ['terragrunt.hcl'], true);
    if (!generated) return undefined;
    for (const name of generated) names.add(name);
  }
  return names;
}
