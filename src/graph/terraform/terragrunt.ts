import { dirname } from 'node:path';
import type { UnresolvedRef } from '../types.js';

/**
 * The files that make a directory a Terragrunt unit: `terragrunt run` first
 * writes the files its `generate` blocks (and `remote_state.generate`) name,
 * in it or in any configuration it includes, into the directory, and with
 * `terraform { source = ... }` copies the directory into the module it names.
 */
const TERRAGRUNT_CONFIGS: ReadonlySet<string> = new Set(['terragrunt.hcl', 'terragrunt.hcl.json']);

/** Names a file Terragrunt adds to the module can declare: variables, locals, module calls, resources, data sources. */
const GENERATABLE: ReadonlySet<string> = new Set(['variable', 'local value', 'module', 'resource', 'data source']);

export function isTerragruntUnit(names: readonly string[]): boolean {
  return names.some((n) => TERRAGRUNT_CONFIGS.has(n));
}

/**
 * A root module that Terragrunt completes is read in part: a name none of its
 * own files declares may be declared by a generated file (a `variables.tf` or
 * `locals.tf` written from the root `terragrunt.hcl`), so it is unknown, not
 * missing, as for the fragments of a Serverless service. References in the
 * local modules it calls, which Terragrunt does not touch, keep their findings,
 * as do module outputs and paths that are missing.
 */
export function withoutTerragruntGenerated(dir: string, unresolved: UnresolvedRef[]): UnresolvedRef[] {
  return unresolved.filter((u) => !(GENERATABLE.has(u.expected) && !u.missingPath && dirname(u.loc.file) === dir));
}
