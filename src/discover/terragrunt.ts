import path from 'node:path';

/**
 * A Terragrunt configuration that may write files into the modules it runs: `terragrunt.hcl`, `root.hcl`
 * or any `.hcl` a unit includes. Not the HCL files other tools keep beside Terraform: provider lock
 * files, `terraform test` files and mocks, Packer templates, TFLint's configuration.
 */
const NOT_TERRAGRUNT = /(?:^\.terraform\.lock\.hcl|\.tftest\.hcl|\.tfmock\.hcl|\.pkr\.hcl|^\.tflint\.hcl)$/;

export function isTerragruntConfigName(name: string): boolean {
  return name.endsWith('.hcl') && !NOT_TERRAGRUNT.test(name);
}

/**
 * How a `generate` block's `file(...)` names its file: `here`, relative to the configuration's directory
 * (or absolute); `up`, in the nearest directory from the configuration's upwards that holds it. That is
 * `"${get_parent_terragrunt_dir()}/p"` (the including configuration's directory) and `find_in_parent_folders("p")`,
 * which Terragrunt evaluates from the unit that includes the configuration: this directory or one below it.
 */
type Lookup = 'here' | 'up';

/** A file a Terragrunt configuration copies into the module it runs, as written there. */
export interface GenerateSource {
  configDir: string;
  relative: string;
  lookup: Lookup;
}

/**
 * `contents = file("p")`, `file(find_in_parent_folders("p"))`, `file("${get_terragrunt_dir()}/p")` and
 * `file("${get_parent_terragrunt_dir()}/p")`: the forms a `generate` block (or `remote_state`'s
 * `generate`) uses to copy a shared file. A path built from anything else is not followed.
 */
const CONTENTS_FROM_FILE =
  /\bcontents\s*=\s*file\(\s*(?:find_in_parent_folders\(\s*"([^"$%]+)"\s*\)|"(\$\{\s*get_(?:parent_)?terragrunt_dir\(\)\s*\}\/)?([^"$%]+)")\s*\)/g;

/** The files the Terragrunt configuration `abs` copies into modules with `generate`; empty for any other file. */
export function generateSources(abs: string, text: string): GenerateSource[] {
  if (!text.includes('contents')) return [];
  const configDir = path.dirname(abs);
  const own = path.basename(abs) === 'terragrunt.hcl';
  const out: GenerateSource[] = [];
  for (const m of text.matchAll(CONTENTS_FROM_FILE)) {
    if (m[1] !== undefined) out.push({ configDir, relative: m[1], lookup: 'up' });
    else if (m[2] === undefined) out.push({ configDir, relative: m[3], lookup: 'here' });
    // `get_terragrunt_dir()` is the unit's directory: this one's only in a unit's own configuration.
    else if (m[2].includes('parent')) out.push({ configDir, relative: m[3], lookup: 'up' });
    else if (own) out.push({ configDir, relative: m[3], lookup: 'here' });
  }
  return out;
}

/** Which of the run's files (`isFile`, by absolute path) each source names; the files as absolute paths. */
export function resolveGenerateSources(sources: readonly GenerateSource[], isFile: (abs: string) => boolean): Set<string> {
  const found = new Set<string>();
  for (const source of sources) {
    const abs = resolveSource(source, isFile);
    if (abs !== undefined) found.add(abs);
  }
  return found;
}

function resolveSource({ configDir, relative, lookup }: GenerateSource, isFile: (abs: string) => boolean): string | undefined {
  if (lookup === 'here') {
    const abs = path.resolve(configDir, relative);
    return isFile(abs) ? abs : undefined;
  }
  // Only as far up as the run's files go: what Terragrunt would find beyond them is not linted anyway.
  for (let at = configDir; ; at = path.dirname(at)) {
    const abs = path.resolve(at, relative);
    if (isFile(abs)) return abs;
    if (path.dirname(at) === at) return undefined;
  }
}

/**
 * A local module source in a unit's `terraform { source = ... }`: `"../../modules//app"`, the local branch of a
 * conditional, or `"${get_terragrunt_dir()}/../modules/app"`. Remote sources (`git::`, `tfr:///`) are not local.
 */
const LOCAL_SOURCE = /"(?:\$\{\s*get_terragrunt_dir\(\)\s*\}\/)?(\.{1,2}\/[^"$%{}?]*)"/g;

/**
 * The module directories (absolute) the Terragrunt unit `abs` (a `terragrunt.hcl`) runs from a local
 * `terraform { source = ... }`: Terragrunt copies the module and writes the unit's generated files beside
 * it, so the module's own files may name what those declare. `a//b` is directory `b` of the copied `a`.
 */
export function sourcedModuleDirs(abs: string, text: string): string[] {
  if (path.basename(abs) !== 'terragrunt.hcl') return [];
  const source = terraformSourceText(text);
  if (source === undefined) return [];
  const unitDir = path.dirname(abs);
  return [...source.matchAll(LOCAL_SOURCE)].map((m) => path.resolve(unitDir, m[1].replace('//', '/')));
}

/** The text of the `source = ...` line of the top-level `terraform` block; undefined without one. */
function terraformSourceText(text: string): string | undefined {
  const start = /(?:^|\n)[ \t]*terraform[ \t]*\{/.exec(text);
  if (!start) return undefined;
  let depth = 0;
  let end = text.length;
  for (let i = start.index + start[0].length - 1; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) {
      end = i;
      break;
    }
  }
  return /(?:^|\n)[ \t]*source[ \t]*=([^\n]*)/.exec(text.slice(start.index, end))?.[1];
}
