import type { Dirent } from 'node:fs';
import { lstatSync, readdirSync, readlinkSync, statSync } from '../shared/builtins.js';
import { insideReal, isWithin, realPath, relativeInside } from '../shared/within.js';
import { noteMissing } from './probes.js';
import { isConfigFile } from './config-files.js';
import path from 'node:path';
import { matchLayers, matchRules, parseIgnoreFile, type IgnoreLayer, type IgnoreRule } from './ignore.js';
import { DEFAULT_MAX_FILE_SIZE, readSource, readTextFile, type SourceRead } from './read-source.js';
import { errorCode, errorMessage } from '../shared/fs-errors.js';
import { includingServiceFile, isServiceFile, isServiceFileWithResources, nestedIncludes, placingServiceFile, serverlessIncludes, serverlessPlacements, UNSEEN_SERVICE_FILE, usesServerlessVariables, type ServerlessPlacement } from './serverless.js';
import { generateSources, isTerragruntConfigName, resolveGenerateSources, sourcedModuleDirs, type GenerateSource } from './terragrunt.js';

export interface SourceFile {
  /** As given, or joined onto a given directory; absolute only when given so. */
  path: string;
  /** Decoded UTF-8; a byte-order mark is kept (parsers strip it). */
  text: string;
}

export interface CloudFormationUnit {
  kind: 'cloudformation';
  file: SourceFile;
  /**
   * The `serverless.yml` that includes this file (a stack fragment), or `a serverless.yml`
   * when none in the run does but the file uses Serverless variables.
   */
  assembledBy?: string;
  /** Where that service file puts this file, when as resources rather than as a stack fragment. */
  placed?: ServerlessPlacement[];
}

/** One Terraform module: all `.tf` and `.tf.json` files of one directory, sorted by name. */
export interface TerraformUnit {
  kind: 'terraform';
  dir: string;
  files: SourceFile[];
  /**
   * Those of its files a Terragrunt configuration of the run copies into the modules it runs
   * (`generate` with `contents = file(...)`): their names are declared there, not here.
   */
  copiedByTerragrunt?: string[];
  /**
   * The directories (absolute) of the Terragrunt units that run this module from a local
   * `terraform { source = ... }`: the files their `generate` blocks write land beside its own.
   */
  runByTerragrunt?: string[];
}

export type Unit = CloudFormationUnit | TerraformUnit;

export interface DiscoverProblem {
  path: string;
  message: string;
}

/** A file with an IaC name that is reported instead of linted: binary, too large, not UTF-8, or a link leaving the project. */
export interface SkippedFile {
  path: string;
  rule: 'skipped-file' | 'parse-error';
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** The decoded text before the fault, when it has a place: its end is the fault's line and column. */
  textBefore?: string;
}

export interface DiscoverResult {
  units: Unit[];
  /** Given paths that do not exist, as given. */
  missing: string[];
  problems: DiscoverProblem[];
  /** Sorted by path. */
  skipped: SkippedFile[];
  /** Real paths of the given directories and of the given files' directories: nothing outside them is read. */
  roots: string[];
  /** Directories of generated templates (`cdk.out`) the walk passed over, as displayed; linted only when given. */
  skippedTemplateDirs?: string[];
}

export interface DiscoverOptions {
  cwd: string;
  /** gitignore-syntax patterns relative to `cwd`. */
  ignore: string[];
  /** Larger files are reported, not read; 0 for no limit. Default DEFAULT_MAX_FILE_SIZE. */
  maxFileSize?: number;
  /** Contents to read instead of the disk's, by absolute path (`--fix` lints its edits before writing them). */
  overlay?: ReadonlyMap<string, string>;
}

/** Directories that hold generated or vendored code; walked only when given explicitly. */
const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git', '.terraform', 'cdk.out']);
/** Those of them that hold CloudFormation templates (CDK's synthesized output), and generators' template directories: a run that finds nothing else says so. */
const GENERATED_TEMPLATE_DIRS: ReadonlySet<string> = new Set(['cdk.out']);
/**
 * A directory named by a project generator's placeholder (cookiecutter's `{{cookiecutter.project_name}}`,
 * copier's `{{ name }}`) holds templates the generator renders before anything deploys (Jinja in YAML is no
 * YAML); like the skipped directories, it is walked only when given explicitly.
 */
const GENERATOR_PLACEHOLDER = /\{\{.*\}\}/;
const CLOUDFORMATION_EXTENSIONS: ReadonlySet<string> = new Set(['.yaml', '.yml', '.json', '.template']);

type Language = 'cloudformation' | 'terraform';

interface Candidate {
  abs: string;
  display: string;
  language: Language;
}

/** Variable files: not linted themselves, but they belong to the module beside them. */
function isTfvars(file: string): boolean {
  const name = file.toLowerCase();
  return name.endsWith('.tfvars') || name.endsWith('.tfvars.json');
}

/**
 * Which IaC language a file may hold, judged by its name alone (and, for a
 * `.config` file, its directory: Elastic Beanstalk reads `.ebextensions/*.config`,
 * whose `Resources` join the environment's CloudFormation stack).
 */
export function candidateLanguage(filePath: string): Language | undefined {
  const name = path.basename(filePath).toLowerCase();
  if (isConfigFile(name)) return 'terraform';
  if (name.endsWith('.tfvars.json')) return undefined;
  if (path.extname(name) === '.config') return isBeanstalkExtension(filePath) ? 'cloudformation' : undefined;
  return CLOUDFORMATION_EXTENSIONS.has(path.extname(name)) ? 'cloudformation' : undefined;
}

/** A file in an `.ebextensions` directory (by either separator: editors hand Windows paths too). */
export function isBeanstalkExtension(filePath: string): boolean {
  return /(?:^|[\\/])\.ebextensions[\\/][^\\/]+$/.test(filePath);
}

const YAML_TEMPLATE_KEY =
  /^(?:Resources|AWSTemplateFormatVersion|"Resources"|"AWSTemplateFormatVersion"|'Resources'|'AWSTemplateFormatVersion')[ \t]*:/m;
const JSON_TEMPLATE_KEY = /"(?:Resources|AWSTemplateFormatVersion)"\s*:/;
/** The top-level `option_settings` of an Elastic Beanstalk config file, in YAML or JSON. */
const BEANSTALK_OPTIONS_KEY = /^(?:option_settings|"option_settings"|'option_settings')[ \t]*:/m;
const BEANSTALK_OPTIONS_JSON_KEY = /"option_settings"\s*:/;
/** A body that opens with `{`: a JSON document (or a YAML flow mapping, which reads the same). */
const JSON_BODY = /^\s*\{/;

const PLAN_KEYS = [/"format_version"\s*:/, /"planned_values"\s*:/];

/** A fast textual test, not a parse: `terraform show -json` output has `format_version` and `planned_values`. */
export function looksLikeTerraformPlan(fileName: string, text: string): boolean {
  return path.extname(fileName).toLowerCase() === '.json' && PLAN_KEYS.every((key) => key.test(text));
}

/** A fast textual test, not a parse: a CloudFormation template has a top-level `Resources` or `AWSTemplateFormatVersion`. */
export function looksLikeCloudFormation(fileName: string, text: string): boolean {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const ext = path.extname(fileName).toLowerCase();
  // An `.ebextensions` file that only sets options still names the environment's instance profile.
  if (isBeanstalkExtension(fileName) && (JSON_BODY.test(body) ? BEANSTALK_OPTIONS_JSON_KEY : BEANSTALK_OPTIONS_KEY).test(body)) return true;
  if (ext === '.json') return JSON_TEMPLATE_KEY.test(body);
  if (ext === '.template') return YAML_TEMPLATE_KEY.test(body) || JSON_TEMPLATE_KEY.test(body);
  // JSON is YAML: a `.yml` written as JSON (Amplify's `nested-cloudformation-stack.yml`) indents its keys.
  if (JSON_BODY.test(body)) return JSON_TEMPLATE_KEY.test(body);
  return YAML_TEMPLATE_KEY.test(body) || isServiceFileWithResources(fileName, body);
}

/**
 * The given paths plus, for each given `.tf`, `.tf.json` or `.tfvars` file, the other
 * `.tf`/`.tf.json` files of its directory (respecting `.gitignore` and the config's
 * ignores), so each file is analysed with its whole module: pre-commit passes changed
 * files one by one (tflint PR #1687). Directories are returned as given.
 */
export function withModuleFiles(paths: readonly string[], options: DiscoverOptions): string[] {
  const walker = new Walker(options);
  for (const given of paths) {
    walker.addModuleOf(given);
    walker.addServiceOf(given);
  }
  const seen = new Set(paths.map((p) => path.resolve(options.cwd, p)));
  const mates = walker.sortedCandidates().filter((c) => !seen.has(c.abs));
  return [...paths, ...mates.map((c) => c.display)];
}

/**
 * Async for the API's sake; inside, synchronous fs calls, because for many small files each
 * promise-based read costs four thread-pool round trips and measured 2.5x slower.
 */
export async function discover(paths: string[], options: DiscoverOptions): Promise<DiscoverResult> {
  const walker = new Walker(options);
  // Every root first, so that whether a link is followed does not depend on the order of the paths.
  for (const given of paths) walker.addRootOf(given);
  for (const given of paths) walker.addGiven(given);
  const candidates = walker.sortedCandidates();
  // A service file says how it places the files it includes, so it is read before them.
  const read = new Map(candidates.filter(isServiceCandidate).map((c) => [c, walker.read(c)]));
  walker.placeGivenFiles();
  walker.addIncluded();
  // A file a service file includes may include others (an index of resource files): such files are read first, until none is new.
  for (let fresh = walker.unreadIncluded(read); fresh.length > 0; fresh = walker.unreadIncluded(read)) {
    for (const c of fresh) read.set(c, walker.read(c));
    walker.addIncluded();
  }
  const all = walker.sortedCandidates();
  for (const c of all) if (!read.has(c)) read.set(c, walker.read(c));
  const files = all.map((candidate) => read.get(candidate));
  const copied = resolveGenerateSources(walker.generateSources(), (abs) => walker.isTerraformCandidate(abs));
  const units = groupUnits(files.filter((f): f is ReadFile => f !== undefined), walker, copied, walker.terragruntRuns());
  const skippedTemplateDirs = walker.skippedTemplateDirs;
  return {
    units,
    missing: walker.missing,
    problems: walker.sortedProblems(),
    skipped: walker.sortedSkipped(),
    roots: walker.linkedRoots,
    ...(skippedTemplateDirs.length > 0 && { skippedTemplateDirs }),
  };
}

interface ReadFile {
  candidate: Candidate;
  text: string;
}

class Walker {
  readonly missing: string[] = [];
  readonly skippedTemplateDirs: string[] = [];
  private readonly problems: DiscoverProblem[] = [];
  private readonly skipped: SkippedFile[] = [];
  /** Real paths of every given path's directory (not the working directory as such): file links and nested templates are followed only into these. */
  private readonly roots: string[] = [];
  /** The directories `addRoot` was given, resolved or not. */
  private readonly rootDirs = new Set<string>();
  private readonly maxFileSize: number;
  /** Files a `serverless.yml` includes (absolute path -> that service file, as displayed). */
  readonly assembled = new Map<string, string>();
  /** Files a `serverless.yml` places as resources (absolute path -> each place it puts them), by the first service file met that places them. */
  readonly placed = new Map<string, ServerlessPlacement[]>();
  /** The YAML and JSON files given by name (absolute paths). */
  private readonly givenFiles: string[] = [];
  /** The Terragrunt configurations met on the walk (absolute paths): read only when the run has Terraform. */
  private readonly terragruntConfigs: string[] = [];
  private readonly candidates = new Map<string, Candidate>();
  private readonly gitignoreCache = new Map<string, IgnoreRule[]>();
  private readonly cwd: string;
  private readonly configLayer: IgnoreLayer;
  private readonly overlay: ReadonlyMap<string, string> | undefined;

  constructor(options: DiscoverOptions) {
    this.cwd = path.resolve(options.cwd);
    this.overlay = options.overlay;
    this.configLayer = { base: this.cwd, rules: parseIgnoreFile(options.ignore.join('\n')) };
    this.maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  }

  get linkedRoots(): string[] {
    return [...this.roots];
  }

  /** The real directory a given path stands for: itself, or a given file's directory. */
  addRootOf(given: string): void {
    const abs = path.resolve(this.cwd, given);
    const kind = statKind(abs);
    if (kind !== undefined) this.addRoot(kind === 'directory' ? abs : path.dirname(abs));
  }

  addGiven(given: string): void {
    const display = path.normalize(given);
    const abs = path.resolve(this.cwd, given);
    let info;
    try {
      info = statSync(abs);
    } catch (error) {
      const code = errorCode(error);
      if ((code === 'ENOENT' || code === 'ENOTDIR') && this.overlay?.has(abs)) this.addUnsaved(abs, display);
      else if (code === 'ENOENT' || code === 'ENOTDIR') this.missing.push(given);
      else this.problems.push({ path: given, message: describeError(error) });
      return;
    }
    this.addRoot(info.isDirectory() ? abs : path.dirname(abs));
    if (info.isDirectory()) {
      this.walkDir(abs, display, this.ancestorLayers(abs));
    } else if (!this.explicitFileIgnored(abs)) {
      const language = candidateLanguage(abs);
      if (language && this.givenLinkInside(abs, display)) this.addCandidate({ abs, display, language });
      if (language === 'cloudformation') this.givenFiles.push(abs);
    }
  }

  /**
   * A YAML or JSON file given by name (pre-commit passes the changed file alone) that a `serverless.yml`
   * in its directory or one above, up to the working directory, places as resources: placed as the
   * walk would have placed it. The service file is read for that only, not linted.
   */
  placeGivenFiles(): void {
    for (const abs of this.givenFiles) {
      if (this.placed.has(abs) || isServiceFile(abs)) continue;
      const found = placingServiceFile(abs, this.cwd, (service) => this.serviceFileText(service));
      if (!found) continue;
      this.placed.set(abs, found.placements);
      this.assembled.set(abs, path.relative(this.cwd, found.service) || found.service);
    }
  }

  /** A service file's text, read only for its placements: inside the working directory, links followed. */
  private serviceFileText(service: string): string | undefined {
    // One the walk reads anyway placed its files already.
    if (this.candidates.has(service)) return undefined;
    // One looked for and not there is a probe too: a service file written later makes a cached run stale.
    if (this.overlay?.has(service) !== true && realPath(service) === undefined) {
      noteMissing(service);
      return undefined;
    }
    return this.textInside(service);
  }


  /** A given file that exists only as the editor's text (a new, unsaved file) is linted from that text. */
  private addUnsaved(abs: string, display: string): void {
    this.addRoot(path.dirname(abs));
    const language = candidateLanguage(abs);
    if (language && !this.explicitFileIgnored(abs)) this.addCandidate({ abs, display, language });
  }

  /**
   * A file named on the command line may be a link, as one met in a walk may: followed only to a file
   * inside the given paths or the working directory (pre-commit names a repository's files from its root),
   * so that `lint creds.tf` with creds.tf -> ~/.aws/credentials does not quote that file into a CI log.
   */
  private givenLinkInside(abs: string, display: string): boolean {
    if (!isSymbolicLink(abs)) return true;
    const real = realPath(abs);
    const cwd = realPath(this.cwd);
    if (this.insideRoots(abs) || (real !== undefined && cwd !== undefined && relativeInside(cwd, real) !== undefined)) return true;
    this.skipped.push({ path: display, rule: 'skipped-file', severity: 'info', message: OUTSIDE_LINK });
    return false;
  }

  /**
   * For a YAML or JSON file that a `serverless.yml` in its directory or above (inside the working
   * directory) includes: that service file and every file it includes, so that one file of a service
   * is analysed with its stack, as the framework deploys it (a resource named in one file and
   * written in another).
   */
  addServiceOf(given: string): void {
    const abs = path.resolve(this.cwd, given);
    if (candidateLanguage(abs) !== 'cloudformation' || isServiceFile(abs)) return;
    const found = includingServiceFile(abs, this.cwd, (f) => this.textInside(f));
    for (const file of found ? [found.service, ...found.includes] : []) {
      const there = this.overlay?.has(file) === true || isFile(file);
      if (file === abs || !there || candidateLanguage(file) !== 'cloudformation' || !insideReal(this.cwd, file) || this.explicitFileIgnored(file)) continue;
      this.addCandidate({ abs: file, display: path.relative(this.cwd, file), language: 'cloudformation' });
    }
  }

  /**
   * The files the service files read include that the walk did not reach (`${file(../../shared/role.yml)}`
   * when one service of a monorepo is linted): read when inside the working directory, as a Terraform
   * module's local modules are, and said (info) when outside it.
   */
  addIncluded(): void {
    for (const [abs, service] of this.assembled) {
      if (this.candidates.has(abs) || candidateLanguage(abs) !== 'cloudformation' || isServiceFile(abs)) continue;
      const display = path.relative(this.cwd, abs);
      if (!isWithin(this.cwd, abs)) {
        this.skipped.push({ path: service, rule: 'skipped-file', severity: 'info', message: `not linted: ${display}, which this service file includes, is outside the working directory` });
        continue;
      }
      if (insideReal(this.cwd, abs) && isFile(abs) && !this.explicitFileIgnored(abs)) this.addCandidate({ abs, display, language: 'cloudformation' });
    }
  }

  /** A file's text, open in the editor or on disk, when inside the working directory (links followed). */
  private textInside(abs: string): string | undefined {
    const open = this.overlay?.get(abs);
    if (open !== undefined) return open;
    if (realPath(abs) === undefined || !insideReal(this.cwd, abs)) return undefined;
    const got = readSource(abs, this.maxFileSize);
    return got.kind === 'text' ? got.text : undefined;
  }

  /** Adds the `.tf`/`.tf.json` files of the module a given Terraform or `.tfvars` file belongs to, saved or not. */
  addModuleOf(given: string): void {
    const display = path.normalize(given);
    const abs = path.resolve(this.cwd, given);
    const name = path.basename(abs);
    if (candidateLanguage(name) !== 'terraform' && !isTfvars(name)) return;
    const unsaved = this.overlay?.has(abs) === true && !exists(abs);
    if ((!unsaved && !isFile(abs)) || this.explicitFileIgnored(abs)) return;
    const dir = path.dirname(abs);
    this.addRoot(dir);
    const layers = this.withGitignore(this.ancestorLayers(dir), dir);
    for (const mate of this.unsavedIn(dir)) {
      if (candidateLanguage(path.basename(mate)) === 'terraform' && !this.ignored(layers, mate, false)) {
        this.addCandidate({ abs: mate, display: path.join(path.dirname(display), path.basename(mate)), language: 'terraform' });
      }
    }
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      // A new file in a directory not yet on disk has no mates there.
      if (!unsaved) this.problems.push({ path: path.dirname(display), message: describeError(error) });
      return;
    }
    for (const entry of entries) {
      const siblingAbs = path.join(dir, entry.name);
      const siblingDisplay = path.join(path.dirname(display), entry.name);
      if (candidateLanguage(entry.name) !== 'terraform' || this.ignored(layers, siblingAbs, false)) continue;
      if (this.entryType(entry, siblingAbs, siblingDisplay) === 'file') {
        this.addCandidate({ abs: siblingAbs, display: siblingDisplay, language: 'terraform' });
      }
    }
  }

  /** Files of the overlay in a directory that are not on disk (yet): the editor's new, unsaved files. */
  private unsavedIn(dir: string): string[] {
    if (!this.overlay) return [];
    return [...this.overlay.keys()].filter((abs) => path.dirname(abs) === dir && !exists(abs));
  }

  sortedCandidates(): Candidate[] {
    return [...this.candidates.values()].sort((a, b) => compareStrings(a.display, b.display));
  }

  sortedProblems(): DiscoverProblem[] {
    return this.problems.sort((a, b) => compareStrings(a.path, b.path));
  }

  sortedSkipped(): SkippedFile[] {
    return this.skipped.sort((a, b) => compareStrings(a.path, b.path));
  }

  read(candidate: Candidate): ReadFile | undefined {
    const staged = this.overlay?.get(candidate.abs);
    if (staged !== undefined) {
      // An open service file places its includes as the saved one would.
      this.noteIncludes(candidate, staged);
      return { candidate, text: staged };
    }
    const got = readSource(candidate.abs, this.maxFileSize);
    if (got.kind === 'error') {
      this.problems.push({ path: candidate.display, message: describeError(got.error, candidate.abs) });
      return undefined;
    }
    // Given by name (a walk passes these over before reading): reported as the walk reports them.
    if (got.kind === 'not-a-file') {
      this.skipped.push(notRegular(candidate.display, kindOf(candidate.abs)));
      return undefined;
    }
    // A Terraform plan in JSON is built as a Terraform unit of its directory.
    if (got.kind === 'text' && candidate.language === 'cloudformation' && looksLikeTerraformPlan(candidate.abs, got.text)) {
      return { candidate: { ...candidate, language: 'terraform' }, text: got.text };
    }
    // YAML and JSON text that is not a template is skipped silently; a binary file cannot be told apart, so it is said (info).
    const sniff = got.kind === 'text' ? got.text : got.sniff;
    if (got.kind === 'text') this.noteIncludes(candidate, got.text);
    if (candidate.language === 'cloudformation' && !this.placed.has(candidate.abs) && !looksLikeCloudFormation(candidate.abs, sniff)) {
      if (got.kind === 'binary') this.skipped.push({ ...skippedFile(candidate.display, got, this.maxFileSize), severity: 'info' });
      return undefined;
    }
    if (got.kind === 'text') return { candidate, text: got.text };
    this.skipped.push(skippedFile(candidate.display, got, this.maxFileSize));
    return undefined;
  }

  private noteIncludes(candidate: Candidate, text: string): void {
    for (const included of serverlessIncludes(candidate.abs, text)) this.assembled.set(included, candidate.display);
    for (const [included, placement] of serverlessPlacements(candidate.abs, text)) if (!this.placed.has(included)) this.placed.set(included, placement);
    const service = this.assembled.get(candidate.abs);
    const site = service === undefined || isServiceFile(candidate.abs) ? undefined : includedSite(this.placed.get(candidate.abs));
    if (service === undefined || site === undefined) return;
    const nested = nestedIncludes(path.dirname(path.resolve(this.cwd, service)), text, site);
    for (const included of nested.includes) if (!this.assembled.has(included)) this.assembled.set(included, service);
    for (const [included, placement] of nested.placements) if (!this.placed.has(included)) this.placed.set(included, placement);
  }

  /** The candidates a service file includes (at any depth) that are not read yet. */
  unreadIncluded(read: ReadonlyMap<Candidate, ReadFile | undefined>): Candidate[] {
    return this.sortedCandidates().filter((c) => !read.has(c) && this.assembled.has(c.abs) && !isServiceFile(c.abs));
  }

  private addRoot(dir: string): void {
    // Given files share directories (pre-commit names each changed file): each is resolved once, link by link.
    if (this.rootDirs.has(dir)) return;
    this.rootDirs.add(dir);
    const real = realPath(dir);
    if (real !== undefined && !this.roots.includes(real)) this.roots.push(real);
  }

  /** A link whose target lies outside every root would make the run read what the project does not hold. */
  private insideRoots(abs: string): boolean {
    const real = realPath(abs);
    return real !== undefined && this.roots.some((root) => relativeInside(root, real) !== undefined);
  }

  /** The files the walk's Terragrunt configurations copy into modules, as they name them; their texts are not linted. */
  generateSources(): GenerateSource[] {
    if (![...this.candidates.values()].some((c) => c.language === 'terraform')) return [];
    const sources: GenerateSource[] = [];
    for (const abs of this.terragruntConfigs) {
      const got = readSource(abs, this.maxFileSize);
      if (got.kind === 'text') for (const source of generateSources(abs, got.text)) sources.push(source);
    }
    return sources;
  }

  /** The module directories the walk's Terragrunt units run from a local `source`, each with those units' directories. */
  terragruntRuns(): Map<string, string[]> {
    const runs = new Map<string, string[]>();
    if (![...this.candidates.values()].some((c) => c.language === 'terraform')) return runs;
    for (const abs of this.terragruntConfigs) {
      const got = path.basename(abs) === 'terragrunt.hcl' ? readSource(abs, this.maxFileSize) : undefined;
      if (got?.kind !== 'text') continue;
      for (const dir of sourcedModuleDirs(abs, got.text)) {
        const units = runs.get(dir);
        if (units) units.push(path.dirname(abs));
        else runs.set(dir, [path.dirname(abs)]);
      }
    }
    return runs;
  }

  isTerraformCandidate(abs: string): boolean {
    return this.candidates.get(abs)?.language === 'terraform';
  }

  private addCandidate(candidate: Candidate): void {
    if (!this.candidates.has(candidate.abs)) this.candidates.set(candidate.abs, candidate);
  }

  private walkDir(abs: string, display: string, outer: IgnoreLayer[]): void {
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (error) {
      this.problems.push({ path: display, message: describeError(error) });
      return;
    }
    const layers = this.withGitignore(outer, abs, entries.some((e) => e.name === '.gitignore'));
    entries.sort((a, b) => compareStrings(a.name, b.name));
    for (const entry of entries) {
      const childAbs = path.join(abs, entry.name);
      const childDisplay = path.join(display, entry.name);
      const type = this.entryType(entry, childAbs, childDisplay);
      if (type === 'dir') {
        if (this.ignored(layers, childAbs, true)) continue;
        const generator = GENERATOR_PLACEHOLDER.test(entry.name);
        if (generator || SKIPPED_DIRS.has(entry.name)) {
          if (generator || GENERATED_TEMPLATE_DIRS.has(entry.name)) this.skippedTemplateDirs.push(childDisplay);
          continue;
        }
        this.walkDir(childAbs, childDisplay, layers);
      } else if (type === 'file') {
        const language = candidateLanguage(childAbs);
        if (language && !this.ignored(layers, childAbs, false)) {
          this.addCandidate({ abs: childAbs, display: childDisplay, language });
        } else if (isTerragruntConfigName(entry.name) && !this.ignored(layers, childAbs, false)) {
          this.terragruntConfigs.push(childAbs);
        }
      }
    }
    for (const unsaved of this.unsavedIn(abs)) {
      const language = candidateLanguage(unsaved);
      if (language && !this.ignored(layers, unsaved, false)) this.addCandidate({ abs: unsaved, display: path.join(display, path.basename(unsaved)), language });
    }
  }

  /**
   * Symlinks to files inside the linted directories are followed; symlinks to
   * directories are not, which rules out loops; links leaving them are reported.
   */
  private entryType(entry: Dirent, abs: string, display: string): 'dir' | 'file' | 'other' {
    if (entry.isDirectory()) return 'dir';
    if (entry.isFile()) return 'file';
    if (!entry.isSymbolicLink()) {
      this.skipSpecial(entry.name, display, entry);
      return 'other';
    }
    let target;
    try {
      target = statSync(abs);
    } catch (error) {
      if (candidateLanguage(abs)) this.problems.push({ path: display, message: describeError(error, abs) });
      return 'other';
    }
    if (!target.isFile()) {
      if (!target.isDirectory()) this.skipSpecial(entry.name, display, target);
      return 'other';
    }
    if (this.insideRoots(abs)) return 'file';
    if (candidateLanguage(abs)) this.skipped.push({ path: display, rule: 'skipped-file', severity: 'info', message: OUTSIDE_LINK });
    return 'other';
  }

  /** A FIFO, socket or device named like a template is said to be passed over, walked or given, rather than dropped unseen. */
  private skipSpecial(name: string, display: string, kind: Pick<Dirent, 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>): void {
    if (candidateLanguage(name)) this.skipped.push(notRegular(display, specialKind(kind)));
  }

  private ignored(layers: readonly IgnoreLayer[], abs: string, isDir: boolean): boolean {
    // A layer without rules ignores nothing: most runs have no config ignores, and no path is made relative to them.
    const all = this.configLayer.rules.length > 0 ? [...layers, this.configLayer] : layers;
    return all.length > 0 && matchLayers(all, (base) => relativeInside(base, abs), isDir);
  }

  /** An explicitly given file escapes `.gitignore` but not the config's `ignore` (pre-commit passes files one by one). */
  private explicitFileIgnored(abs: string): boolean {
    const rel = relativeInside(this.cwd, abs);
    if (rel === undefined) return false;
    const segments = rel.split('/');
    for (let i = 1; i <= segments.length; i++) {
      const isDir = i < segments.length;
      if (matchRules(this.configLayer.rules, segments.slice(0, i).join('/'), isDir) === true) return true;
    }
    return false;
  }

  /** `.gitignore` files above a walked directory, up to the repository root, apply as git applies them. */
  private ancestorLayers(dir: string): IgnoreLayer[] {
    if (exists(path.join(dir, '.git'))) return [];
    const chain: string[] = [];
    for (let current = dir; ; ) {
      const parent = path.dirname(current);
      if (parent === current) return []; // not inside a repository
      chain.unshift(parent);
      if (exists(path.join(parent, '.git'))) break;
      current = parent;
    }
    let layers: IgnoreLayer[] = [];
    for (const ancestor of chain) layers = this.withGitignore(layers, ancestor);
    return layers;
  }

  /** `listed`: whether the directory's listing, when at hand, has a `.gitignore` (most have none, and a failed read costs an exception). */
  private withGitignore(layers: IgnoreLayer[], dir: string, listed = true): IgnoreLayer[] {
    let rules = this.gitignoreCache.get(dir);
    if (rules === undefined) {
      rules = listed ? readGitignore(dir) : [];
      this.gitignoreCache.set(dir, rules);
    }
    return rules.length === 0 ? layers : [...layers, { base: dir, rules }];
  }
}

/** Through the guarded reader: a checkout's `.gitignore` may be a link to /dev/zero; one that cannot be read ignores nothing, as before. */
function readGitignore(dir: string): IgnoreRule[] {
  const got = readTextFile(path.join(dir, '.gitignore'), DEFAULT_MAX_FILE_SIZE);
  return 'text' in got ? parseIgnoreFile(got.text) : [];
}

const OUTSIDE_LINK = 'not linted: a symbolic link to a file outside the linted directories (links are followed only inside them)';

function notRegular(display: string, what: string): SkippedFile {
  return { path: display, rule: 'skipped-file', severity: 'warning', message: `not linted: ${what}` };
}

const SPECIAL_KINDS = [
  ['isFIFO', 'a FIFO (named pipe)'],
  ['isSocket', 'a socket'],
  ['isCharacterDevice', 'a character device'],
  ['isBlockDevice', 'a block device'],
] as const;

function kindOf(abs: string): string {
  try {
    return specialKind(statSync(abs));
  } catch {
    return 'not a regular file';
  }
}

function specialKind(kind: Pick<Dirent, 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>): string {
  return SPECIAL_KINDS.find(([test]) => kind[test]())?.[1] ?? 'not a regular file';
}

/** What is reported for a file that was read but cannot be linted. */
function skippedFile(display: string, got: Exclude<SourceRead, { kind: 'text' | 'error' | 'not-a-file' }>, maxFileSize: number): SkippedFile {
  switch (got.kind) {
    case 'too-large':
      return {
        path: display,
        rule: 'skipped-file',
        severity: 'warning',
        message: `not linted: ${formatSize(got.size)} is larger than the limit of ${formatSize(maxFileSize)} (--max-file-size)`,
      };
    case 'binary':
      return { path: display, rule: 'skipped-file', severity: 'warning', message: `not linted: a NUL byte at byte offset ${got.offset} marks a binary file` };
    case 'encoding':
      return { path: display, rule: 'parse-error', severity: 'error', message: got.message, textBefore: got.prefix };
  }
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB (${bytes} bytes)`;
  return `${bytes} bytes`;
}

/** Undefined when `p` cannot be stat'ed (missing, a link loop): addGiven reports it. */
function statKind(p: string): 'directory' | 'other' | undefined {
  try {
    return statSync(p).isDirectory() ? 'directory' : 'other';
  } catch {
    return undefined;
  }
}

function isSymbolicLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where a file a service includes stands in the service file, for the includes it holds: a fragment
 * of sections (not placed) at `resources`, the map of resources at `resources.Resources`; a file
 * that is one resource or a selected key of another holds no resources of its own to place.
 */
function includedSite(placements: readonly ServerlessPlacement[] | undefined): string[] | undefined {
  if (placements === undefined) return ['resources'];
  return placements.some((p) => p.select.length === 0 && p.resource === undefined) ? ['resources', 'Resources'] : undefined;
}

function isServiceCandidate(candidate: Candidate): boolean {
  return candidate.language === 'cloudformation' && isServiceFile(candidate.abs);
}

function groupUnits(files: ReadFile[], { assembled, placed }: Pick<Walker, 'assembled' | 'placed'>, copied: ReadonlySet<string>, runs: ReadonlyMap<string, string[]>): Unit[] {
  const units: Unit[] = [];
  const modules = new Map<string, TerraformUnit>();
  for (const { candidate, text } of files) {
    const file: SourceFile = { path: candidate.display, text };
    if (candidate.language === 'cloudformation') {
      // A service file's own resources are assembled by itself, with those its functions and events generate.
      const own = isServiceFileWithResources(candidate.abs, text) ? candidate.display : undefined;
      const by = assembled.get(candidate.abs) ?? own ?? (usesServerlessVariables(text) ? UNSEEN_SERVICE_FILE : undefined);
      const placement = placed.get(candidate.abs);
      units.push(by === undefined ? { kind: 'cloudformation', file } : { kind: 'cloudformation', file, assembledBy: by, ...(placement && { placed: placement }) });
      continue;
    }
    const dirAbs = path.dirname(candidate.abs);
    let unit = modules.get(dirAbs);
    if (!unit) {
      const runBy = runs.get(dirAbs);
      unit = { kind: 'terraform', dir: path.dirname(candidate.display), files: [], ...(runBy && { runByTerragrunt: [...runBy].sort(compareStrings) }) };
      modules.set(dirAbs, unit);
      units.push(unit);
    }
    unit.files.push(file);
    if (copied.has(candidate.abs)) (unit.copiedByTerragrunt ??= []).push(file.path);
  }
  for (const unit of modules.values()) {
    unit.files.sort((a, b) => compareStrings(path.basename(a.path), path.basename(b.path)));
    unit.copiedByTerragrunt?.sort(compareStrings);
  }
  return units.sort((a, b) => compareStrings(unitKey(a), unitKey(b)));
}

function unitKey(unit: Unit): string {
  return unit.kind === 'cloudformation' ? unit.file.path : unit.dir;
}

/** Code-unit order, independent of the locale. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `abs`: the path that failed; a symbolic link whose target is missing reads as ENOENT, so say which link points where. */
function describeError(error: unknown, abs?: string): string {
  const dangling = abs !== undefined && errorCode(error) === 'ENOENT' ? linkTarget(abs) : undefined;
  if (dangling !== undefined) return `cannot read: a symbolic link to ${dangling}, which does not exist`;
  return `cannot read: ${errorMessage(error)}`;
}

function linkTarget(abs: string): string | undefined {
  try {
    return isSymbolicLink(abs) ? readlinkSync(abs) : undefined;
  } catch {
    return undefined;
  }
}
