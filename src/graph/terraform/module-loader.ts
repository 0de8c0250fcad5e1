import { existsSync, statSync } from '../../shared/builtins.js';
import { isConfigFile, isInstalledModuleFile, isJsonConfigFile, withoutShadowed } from '../../discover/config-files.js';
import { listDirectory } from '../../discover/probes.js';
import path from 'node:path';
import type { HclFile } from '../../parsers/hcl/ast.js';
import { parseHcl } from '../../parsers/hcl/index.js';
import { parseTerraformJson } from '../../parsers/terraform-json.js';
import { DEFAULT_MAX_FILE_SIZE, readSource, readTextFile } from '../../discover/read-source.js';
import { stripBom } from '../../shared/source.js';
import type { BuildEnv, ParsedFile } from './scope.js';
import { isWithin, realPath } from '../../shared/within.js';

// A called module is read only inside the project root (nearest `.git`, else the working directory) or a given
// directory (a checkout without `.git` linted from elsewhere); nothing outside them, symbolic links included.
/** Reading module directories for module calls, once per run. */
export interface RunModules extends BuildEnv {
  /** Files of a directory that discovery already read: a call to it uses them instead of reading again. */
  seed(dir: string, files: ReadonlyArray<{ path: string; text: string }>): void;
  /** Lets go of the trees of the files parsed as a unit's own (its graph holds none); called modules' stay. */
  release(): void;
}

type Listing = Array<{ path: string; text: string }>;

/** `roots`: real paths of the given directories. */
export function createRunModules(cwd: string = process.cwd(), roots: readonly string[] = []): RunModules {
  const base = path.resolve(cwd);
  const resolve = (p: string): string => path.resolve(base, p);
  // Trees of a unit's own files are let go after the unit (`release`); trees of called modules are kept,
  // since other units call the same module (examples/ calling ../../modules/x).
  const trees = new Map<string, { text: string; tree: HclFile }>();
  const called = new Map<string, { text: string; tree: HclFile }>();
  const seeded = new Map<string, Listing>();
  const listings = new Map<string, Listing | { reason: string }>();
  const projectRoots = new Map<string, string>();
  // Looked up once per directory and run: every root module under a repository asks about the same ancestors.
  const gitRoots = new Map<string, string | undefined>();
  const realRoots = new Map<string, string | undefined>();
  const realRoot = (root: string): string | undefined => {
    if (!realRoots.has(root)) realRoots.set(root, realPath(root));
    return realRoots.get(root);
  };
  const manifests = new Map<string, Map<string, string> | undefined>();

  const parse = (file: string, text: string, cache = trees): HclFile => {
    const hit = called.get(file) ?? trees.get(file);
    if (hit && hit.text === text) return hit.tree;
    const tree = isJsonConfigFile(file) ? parseTerraformJson(text, file) : parseHcl(text, file);
    cache.set(file, { text, tree });
    return tree;
  };

  const projectRoot = (rootDir: string): string => {
    const abs = resolve(rootDir);
    let found = projectRoots.get(abs);
    if (found === undefined) {
      found = gitRoot(abs, gitRoots) ?? (isWithin(base, abs) ? base : abs);
      projectRoots.set(abs, found);
    }
    return found;
  };

  return {
    resolve,
    parse: (file, text) => parse(file, text),
    seed(dir, files) {
      // A discovered unit may hold a plan beside its configuration: only the configuration is the module.
      seeded.set(resolve(dir), withoutShadowed(files.filter((f) => isConfigFile(f.path)), (f) => f.path));
    },
    release() {
      trees.clear();
    },
    readModule(rootDir, dir) {
      const abs = resolve(dir);
      const root = projectRoot(rootDir);
      const access = readable(root, abs, realRoot, roots);
      // A module directory not there (yet) is a lookup too: listed (and so noted for --cache), found missing.
      if (access === 'missing') listDirectory(abs);
      if (access === 'missing') return { reason: `${dir} does not exist`, missing: true };
      if (access !== 'yes') return { reason: `${dir} is outside the project root ${root}; not read`, outside: true };
      let listing = listings.get(abs);
      if (listing === undefined) {
        listing = seeded.get(abs) ?? listModule(abs, dir, root, realRoot, roots);
        listings.set(abs, listing);
      }
      if ('reason' in listing) return listing;
      if (listing.length === 0) return { reason: `${dir} has no .tf files` };
      return listing.map((f): ParsedFile => {
        const text = stripBom(f.text);
        return { path: f.path, text, tree: parse(f.path, text, called) };
      });
    },
    readConfigFile(rootDir, file) {
      const abs = resolve(file);
      const access = readable(projectRoot(rootDir), abs, realRoot, roots);
      if (access === 'outside') return { reason: `${file} is outside the project root; not read` };
      // Read (and so noted for --cache) when missing too: a configuration that appears makes a cached run stale.
      const got = readSource(abs, DEFAULT_MAX_FILE_SIZE);
      if (got.kind === 'text') return { text: stripBom(got.text) };
      return access === 'missing' ? { reason: `${file} does not exist`, missing: true } : { reason: `${file} cannot be read as UTF-8 text` };
    },
    installedModule(rootDir, key) {
      const abs = resolve(rootDir);
      if (!manifests.has(abs)) manifests.set(abs, readManifest(abs));
      const dir = manifests.get(abs)?.get(key);
      if (dir === undefined) return undefined;
      return path.isAbsolute(dir) ? dir : path.join(rootDir, dir);
    },
  };
}

/** The `.tf` and `.tf.json` files of a directory, by name; undefined with why when there are none. */
function listModule(abs: string, display: string, root: string, realRoot: (root: string) => string | undefined, given: readonly string[]): Listing | { reason: string } {
  const listed = listDirectory(abs);
  if (!listed) return { reason: `${display} cannot be read` };
  const names = withoutShadowed(listed.filter(isConfigFile), (n) => n).sort();
  const files: Listing = [];
  for (const name of names) {
    const file = path.join(abs, name);
    if (readable(root, file, realRoot, given) !== 'yes') continue;
    // As discovery reads: bytes within the size limit that are UTF-8 text; a FIFO never blocks.
    const got = readSource(file, DEFAULT_MAX_FILE_SIZE);
    if (got.kind === 'text') files.push({ path: path.join(display, name), text: got.text });
  }
  return files.length > 0 ? files : { reason: `${display} has no .tf files` };
}

/** Inside the project root, before and after links are followed, or (its real path) inside a given directory, whose paths are real. */
function readable(root: string, abs: string, realRoot: (root: string) => string | undefined, given: readonly string[]): 'yes' | 'outside' | 'missing' {
  const real = realPath(abs);
  if (real !== undefined && given.some((dir) => isWithin(dir, real))) return 'yes';
  if (!isWithin(root, abs)) return 'outside';
  if (real === undefined) return 'missing';
  const rootReal = realRoot(root);
  return rootReal !== undefined && isWithin(rootReal, real) ? 'yes' : 'outside';
}

/** The nearest directory from `abs` up that holds `.git`; every directory passed on the way is remembered in `memo`. */
function gitRoot(abs: string, memo: Map<string, string | undefined>): string | undefined {
  const passed: string[] = [];
  let found: string | undefined;
  for (let dir = abs; ; ) {
    if (memo.has(dir)) {
      found = memo.get(dir);
      break;
    }
    passed.push(dir);
    if (hasGit(dir)) {
      found = dir;
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const dir of passed) memo.set(dir, found);
  return found;
}

function hasGit(dir: string): boolean {
  try {
    // No exception for the usual answer (not there): building one per ancestor of every root module cost more than the lookup.
    return statSync(path.join(dir, '.git'), { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

/**
 * `.terraform/modules/modules.json`, written by `terraform init`: where each
 * module call (by key: `x`, `x.y`) was installed, relative to the root module.
 * Read directly: discovery skips `.terraform` as vendored code.
 */
function readManifest(rootAbs: string): Map<string, string> | undefined {
  const file = path.join(rootAbs, '.terraform', 'modules', 'modules.json');
  // Most root modules were never initialised: asking first is cheaper than the failed read's exception.
  if (!existsSync(file)) return undefined;
  // Through the guarded reader: a checkout may bring a `.terraform` whose manifest is a FIFO or a link to /dev/zero.
  const got = readTextFile(file, DEFAULT_MAX_FILE_SIZE);
  if (!('text' in got)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(got.text);
  } catch {
    return undefined;
  }
  const modules = typeof data === 'object' && data !== null && 'Modules' in data ? data.Modules : undefined;
  if (!Array.isArray(modules)) return undefined;
  const out = new Map<string, string>();
  for (const m of modules as unknown[]) {
    if (typeof m !== 'object' || m === null || !('Key' in m) || !('Dir' in m)) continue;
    if (typeof m.Key === 'string' && typeof m.Dir === 'string' && m.Key !== '') out.set(m.Key, m.Dir);
  }
  return out;
}
