// Which files are linted together with an edited document: the unit whose findings the document's can depend on.
import { existsSync, readdirSync, readFileSync, statSync } from '../shared/builtins.js';
import path from 'node:path';
import { isWithin } from '../shared/within.js';
import { isBeanstalkExtension, looksLikeCloudFormation, looksLikeTerraformPlan, withModuleFiles } from '../discover/discover.js';
import { includingServiceFile, isServiceFile, serverlessIncludes } from '../discover/serverless.js';

export type DocumentKind = 'terraform' | 'cloudformation';

/** Files linted together; `key` names the unit (its Terraform directory or its template). */
export interface LintUnit {
  key: string;
  /** Absolute paths given to `lint()`. */
  paths: string[];
}

/** Reads a file's current text: the editor's buffer when open, else the disk's; undefined when unreadable. */
export type ReadText = (abs: string) => string | undefined;

/** The open documents' text by absolute path; a new file the editor has not saved is here and not on disk. */
export type OpenTexts = ReadonlyMap<string, string>;

const TERRAFORM_SUFFIXES = ['.tf', '.tf.json', '.tofu', '.tofu.json', '.tfvars', '.tfvars.json'] as const;
const TEMPLATE_EXTENSIONS: ReadonlySet<string> = new Set(['.yaml', '.yml', '.json', '.template']);
/** Directories never walked for exporting templates, as discovery skips them. */
const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git', '.terraform', 'cdk.out']);
/** Bounds on what one unit pulls in, so that a keystroke never lints a whole monorepo. */
const MAX_CALLED_MODULES = 64;
const MAX_NESTED_TEMPLATES = 64;
const MAX_EXPORTERS = 64;
const MAX_WALKED_FILES = 20_000;

/**
 * What a document is to the linter, by name and (for YAML/JSON) a cheap look at its text; undefined: not ours.
 * `placedBy` names the service file that places a YAML/JSON file as resources, which makes it ours too.
 */
export function documentKind(file: string, text: string, placedBy?: (file: string) => string | undefined): DocumentKind | undefined {
  const name = file.toLowerCase();
  if (TERRAFORM_SUFFIXES.some((suffix) => name.endsWith(suffix))) return 'terraform';
  if (!TEMPLATE_EXTENSIONS.has(path.extname(name)) && !(path.extname(name) === '.config' && isBeanstalkExtension(file))) return undefined;
  if (looksLikeTerraformPlan(file, text)) return undefined;
  return looksLikeCloudFormation(file, text) || placedBy?.(file) !== undefined ? 'cloudformation' : undefined;
}

/**
 * The unit of a document: a Terraform file's module and the local modules it calls; a template with its nested and exporting stacks.
 * Open documents count whether saved or not: their text is what is linted.
 */
export function unitOf(file: string, kind: DocumentKind, open: OpenTexts, root: string, ignore: string[], index: TemplateIndex): LintUnit {
  const read: ReadText = (abs) => open.get(abs) ?? readDisk(abs);
  return kind === 'terraform' ? terraformUnit(file, open, read, root, ignore) : templateUnit(file, open, read, root, index);
}

/** The unit's name, without computing its files: a Terraform file's directory, a template's path. */
export function unitKey(file: string, kind: DocumentKind): string {
  return kind === 'terraform' ? `terraform:${path.dirname(file)}` : `cloudformation:${file}`;
}

function terraformUnit(file: string, open: OpenTexts, read: ReadText, root: string, ignore: string[]): LintUnit {
  const dir = path.dirname(file);
  const paths = new Set(moduleFiles(file, open, root, ignore));
  const seen = new Set([dir]);
  const queue = [...paths];
  while (queue.length > 0) {
    const member = queue.shift() as string;
    for (const called of localModuleSources(read(member) ?? '')) {
      const calledDir = path.resolve(path.dirname(member), called);
      if (seen.has(calledDir) || seen.size > MAX_CALLED_MODULES || !isWithin(root, calledDir)) continue;
      seen.add(calledDir);
      const first = firstTerraformFile(calledDir, open);
      if (!first) continue;
      for (const f of moduleFiles(first, open, root, ignore)) {
        if (!paths.has(f)) queue.push(f);
        paths.add(f);
      }
    }
  }
  return { key: unitKey(file, 'terraform'), paths: [...paths].sort() };
}

/** A Terraform file with the other configuration files of its directory (as the CLI lints a given file). */
function moduleFiles(file: string, open: OpenTexts, root: string, ignore: string[]): string[] {
  return withModuleFiles([file], { cwd: root, ignore, overlay: open }).map((p) => path.resolve(root, p));
}

/** `source = "./x"` or `"../x"` in HCL, `"source": "./x"` in JSON: module calls that stay on disk. */
const LOCAL_SOURCE = /(?:\bsource\s*=\s*|"source"\s*:\s*)"(\.{1,2}\/[^"$]*)"/g;

export function localModuleSources(text: string): string[] {
  return [...text.matchAll(LOCAL_SOURCE)].map((m) => m[1]);
}

const TERRAFORM_FILE = /\.(tf|tofu)(\.json)?$/;

/** A file of the module in `dir`, on disk or open in the editor (a module being written). */
function firstTerraformFile(dir: string, open: OpenTexts): string | undefined {
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => TERRAFORM_FILE.test(n));
  } catch {
    // Not on disk: perhaps only in the editor.
  }
  for (const abs of open.keys()) if (path.dirname(abs) === dir && TERRAFORM_FILE.test(abs)) names.push(path.basename(abs));
  names.sort();
  return names.length > 0 ? path.join(dir, names[0]) : undefined;
}

function templateUnit(file: string, open: OpenTexts, read: ReadText, root: string, index: TemplateIndex): LintUnit {
  // A file a service file includes is linted with that service's stack: the service file (which says where
  // it places the file) and every file it includes, as the framework deploys them together.
  const including = isServiceFile(file) ? { service: file, includes: serverlessIncludes(file, read(file) ?? '') } : includingServiceFile(file, root, read);
  const stack = including ? [including.service, ...including.includes.filter((f) => isWithin(root, f) && (open.has(f) || isFile(f)))] : [];
  const paths = new Set([file, ...stack]);
  const queue = [file];
  while (queue.length > 0 && paths.size <= MAX_NESTED_TEMPLATES) {
    const parent = queue.shift() as string;
    for (const url of localTemplateUrls(read(parent) ?? '')) {
      const child = path.resolve(path.dirname(parent), url);
      if (paths.has(child) || !isWithin(root, child) || (!open.has(child) && !isFile(child))) continue;
      paths.add(child);
      queue.push(child);
    }
  }
  const text = read(file) ?? '';
  if (text.includes('ImportValue')) for (const exporter of exportersFor(file, text, open, read, index, root)) paths.add(exporter);
  return { key: unitKey(file, 'cloudformation'), paths: [...paths].sort() };
}

/** `TemplateURL: ./child.yaml` (YAML or JSON): a nested stack packaged from a local file. URLs and `!Sub` strings are not ours. */
const TEMPLATE_URL = /\bTemplateURL["']?\s*:\s*["']?([^"'\s,}#]+)/g;

export function localTemplateUrls(text: string): string[] {
  return [...text.matchAll(TEMPLATE_URL)].map((m) => m[1]).filter((url) => !/[:$!]/.test(url));
}

/** `!ImportValue name`, `Fn::ImportValue: name`, `"Fn::ImportValue": "name"`; undefined for a computed name. */
const IMPORT = /(?:!ImportValue|Fn::ImportValue["']?\s*:)[ \t]*(["']?)([^\s"',}\]]*)\1/g;

/** Templates whose `Export`s the text may import: those that name an imported literal, or every exporter when a name is computed. */
function exportersFor(file: string, text: string, open: OpenTexts, read: ReadText, index: TemplateIndex, root: string): string[] {
  const names = [...text.matchAll(IMPORT)].map((m) => m[2]);
  const computed = names.length === 0 || names.some((n) => n === '' || n.startsWith('!') || n.includes('${'));
  const out: string[] = [];
  // Templates on disk, and open ones the walk cannot see because they are not saved yet.
  const unsaved = [...open.keys()].filter((abs) => isWithin(root, abs) && TEMPLATE_EXTENSIONS.has(path.extname(abs).toLowerCase()) && !existsSync(abs));
  for (const candidate of [...index.templates(root), ...unsaved.sort()]) {
    if (out.length >= MAX_EXPORTERS) break;
    if (candidate === file) continue;
    const body = index.exporterText(candidate, read);
    if (body !== undefined && (computed || names.some((n) => body.includes(n)))) out.push(candidate);
  }
  return out;
}

/**
 * The CloudFormation candidates (by name) under each workspace root, walked once, and the text of
 * those that export, read once: a keystroke in an importing template reads no other file. Forgotten
 * when the editor reports files changed on disk.
 */
export class TemplateIndex {
  private readonly byRoot = new Map<string, string[]>();
  /** Disk text of each template read, or undefined for one that exports nothing. */
  private readonly exporters = new Map<string, string | undefined>();

  templates(root: string): readonly string[] {
    let found = this.byRoot.get(root);
    if (!found) {
      found = walkTemplates(root);
      this.byRoot.set(root, found);
    }
    return found;
  }

  /** The text of a template that has an `Export` (an open buffer's, else the disk's as first read). */
  exporterText(file: string, read: ReadText): string | undefined {
    if (!this.exporters.has(file)) {
      const text = read(file);
      this.exporters.set(file, text?.includes('Export') ? text : undefined);
      return text?.includes('Export') ? text : undefined;
    }
    return this.exporters.get(file);
  }

  /** An open buffer changed: its text is the one to match. */
  edited(file: string, text: string): void {
    if (this.exporters.has(file)) this.exporters.set(file, text.includes('Export') ? text : undefined);
  }

  /** Files changed on disk (or all of them: `created` or `deleted` may change the walk). */
  forget(files?: readonly string[]): void {
    if (files === undefined) {
      this.byRoot.clear();
      this.exporters.clear();
    } else {
      for (const f of files) this.exporters.delete(f);
    }
  }
}

function walkTemplates(root: string): string[] {
  const out: string[] = [];
  const stack = [root];
  let visited = 0;
  while (stack.length > 0 && visited < MAX_WALKED_FILES) {
    const dir = stack.pop() as string;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      visited++;
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) stack.push(abs);
      } else if (entry.isFile() && TEMPLATE_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
        out.push(abs);
      }
    }
  }
  return out.sort();
}

function isFile(abs: string): boolean {
  try {
    return statSync(abs).isFile();
  } catch {
    return false;
  }
}

/** The root a document is linted from: the deepest workspace folder holding it, else its repository, else its directory. */
export function rootFor(file: string, folders: readonly string[]): string {
  const holding = folders.filter((f) => isWithin(f, file)).sort((a, b) => b.length - a.length);
  if (holding.length > 0) return holding[0];
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return path.dirname(file);
  }
}

/** A file's text on disk, or undefined when it cannot be read. */
export function readDisk(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
