import { existsSync } from '../shared/builtins.js';
import { insideReal } from '../shared/within.js';
import path from 'node:path';
import type { Config } from '../config/config.js';
import { noteMissing } from '../discover/probes.js';
import type { CloudFormationUnit, DiscoverResult, TerraformUnit, Unit } from '../discover/discover.js';
import { DEFAULT_MAX_FILE_SIZE, readSource } from '../discover/read-source.js';
import { buildPrepared, noLinks, prepareCloudFormation, templateExports, type CfnBuildResult, type PreparedTemplate } from '../graph/cloudformation/index.js';
import { linkTemplates, needsLinks, type BuiltTemplate } from '../graph/cloudformation/links.js';
import { engineTagAtError } from '../graph/cloudformation/template-engine.js';
import { prepareEmbedded } from '../graph/cloudformation/embedded-templates.js';
import { withoutFragmentReferences } from '../graph/build/fragments.js';
import { asRulesRead, createGraph, type GraphParts } from '../graph/graph.js';
import type { RunModules } from '../graph/terraform/index.js';
import type { Graph, Notice, Resource } from '../graph/types.js';
import { parseCloudFormation } from '../parsers/cloudformation.js';
import { stripBom, type Loc } from '../shared/source.js';
import { fileStart } from './contain.js';
import { addSkipped, guarded, guardedModule, pushAll, type InternalErrorHook } from './guard.js';
import type { LintOptions } from './options.js';
import { DeclaredInputs } from './given-inputs.js';
import { isConfigFile } from '../discover/config-files.js';
import { isNestedStack } from '../graph/cloudformation/nested-types.js';
import { placedTemplate, serviceStack, type StackPart } from '../graph/cloudformation/serverless.js';
import type { CfnNode } from '../parsers/cloudformation-tree.js';
import { UNSEEN_SERVICE_FILE } from '../discover/serverless.js';
import { assetManifestName, assetSourcePath } from '../graph/cloudformation/cdk-assets.js';

/** What a built resource is kept as: itself, or as the rules read it (`asRulesRead`). */
type Shape = (resource: Resource) => Resource;

/** Runs a stage and adds its milliseconds to `timings[stage]`. */
export type StageClock = <T>(stage: string, run: () => T) => T;

const untimed: StageClock = (_stage, run) => run();

export function stageClock(timings: Record<string, number> | undefined): StageClock {
  if (!timings) return (_stage, run) => run();
  return (stage, run) => {
    const start = performance.now();
    try {
      return run();
    } finally {
      timings[stage] = (timings[stage] ?? 0) + performance.now() - start;
    }
  };
}

export function cwdOf(options: LintOptions): string {
  return options.cwd ?? process.cwd();
}

/** Parses and builds every discovered unit into the one graph, each unit guarded. */
export async function graphOf(
  found: DiscoverResult,
  options: LintOptions,
  config: Config,
  clock: StageClock,
): Promise<{ graph: Graph; fileCount: number; missing: string[]; inputs: DeclaredInputs }> {
  const cwd = cwdOf(options);
  const parts = emptyParts();
  const inputs = new DeclaredInputs();
  for (const problem of found.problems) {
    parts.parseDiagnostics.push({ message: problem.message, loc: fileStart(problem.path), severity: 'error' });
  }
  addSkipped(found.skipped, parts);
  const hook = options.onInternalError;
  const parameters = new Map(Object.entries(options.parameters ?? {}));
  // A run that hands its graph out keeps every property; one that does not drops those no rule reads, unit by unit.
  const shape = options.withGraph ? (r: Resource) => r : asRulesRead;
  const templates: LinkStage[] = [];
  // Each unit's parts are kept apart and merged in discovery order: CloudFormation is read first, for its exports.
  const chunks = new Map<Unit, GraphParts>();
  let fileCount = 0;
  const stacks = serviceStacks(found.units);
  for (const unit of found.units) {
    if (unit.kind === 'cloudformation') {
      const chunk = emptyParts();
      const stack = stacks.get(unit);
      // Each unit is guarded: an exception becomes an internal-error finding on its file (guard.ts).
      if (stack) guarded(chunk, unit.file.path, 'parsing this template', () => parseStackPart(unit, stack, chunk, clock), hook);
      const alone = stack ? undefined : guarded(chunk, unit.file.path, 'parsing this template', () => prepareTemplate(unit, chunk, parameters, clock), hook);
      // Tested whether or not a tree came out: a JSON template stops at its first error and gives none.
      const engineSource = asEngineSource(chunk, unit);
      if (engineSource) {
        inputs.partialParameters = true;
        stack?.trees.delete(unit);
      }
      // A service's files are one template, prepared with its last file (with or without that file's tree).
      const last = stack === undefined || unit === stack.members[stack.members.length - 1];
      if (!last || (engineSource && !stack)) {
        chunks.set(unit, chunk);
        fileCount++;
        continue;
      }
      const prepared = stack ? guarded(chunk, unit.file.path, "building this service's stack", () => prepareStack(stack, parameters, clock), hook) : alone;
      if (prepared) for (const name of prepared.scope.parameters.keys()) inputs.parameters.add(name);
      // A template read in part (a syntax error) may declare more than was read.
      if (!prepared || chunk.parseDiagnostics.some((d) => d.severity === 'error')) inputs.partialParameters = true;
      if (prepared) templates.push(needsLinks(prepared) ? { prepared } : clock('build.cloudformation', () => buildAlone(prepared, preparing(unit, parameters, stack), shape, hook)));
      // A template written in a string of this one (a StackSet's TemplateBody) is a template of its own.
      const inner = prepared && guarded(chunk, unit.file.path, 'reading the templates written in this template', () => prepareEmbedded(prepared, { parameters }), hook);
      if (inner) pushAll(chunk.parseDiagnostics, inner.diagnostics);
      for (const t of inner?.templates ?? []) {
        for (const name of t.scope.parameters.keys()) inputs.parameters.add(name);
        templates.push(needsLinks(t) ? { prepared: t } : clock('build.cloudformation', () => buildAlone(t, preparing(unit, parameters, stack), shape, hook)));
      }
      chunks.set(unit, chunk);
      fileCount++;
    } else {
      fileCount += unit.files.length;
    }
  }
  // Templates are built (and their parse trees let go) before any Terraform is parsed, so that the two
  // languages' trees are never in memory together; their parts join after the units', as they always did.
  const linked = emptyParts();
  clock('link', () => addTemplates(templates.splice(0), linked, cwd, found.roots ?? [], parameters, shape, hook));
  const terraform = found.units.filter((u): u is TerraformUnit => u.kind === 'terraform');
  const settings: TerraformSettings = { variables: options.variables, varFiles: options.varFiles };
  const builder = terraform.length > 0 ? await import('../graph/terraform/index.js') : undefined;
  const rendered = new Map<string, Loc>();
  const built = builder
    ? clock('terraform', () => buildTerraformChunks(builder, terraform, cwd, found.roots ?? [], settings, { rendered, inputs, shape, hook }))
    : [];
  terraform.forEach((unit, i) => chunks.set(unit, built[i]));
  for (const unit of found.units) {
    const chunk = chunks.get(unit);
    if (unit.kind === 'cloudformation' && chunk) asRenderedTemplate(chunk, unit.file.path, rendered.get(unit.file.path), cwd);
  }
  for (const unit of found.units) mergeParts(parts, chunks.get(unit) ?? emptyParts());
  mergeParts(parts, linked);
  return { graph: clock('link', () => createGraph(parts)), fileCount, missing: found.missing, inputs };
}

function prepareTemplate(
  unit: CloudFormationUnit,
  parts: GraphParts,
  parameters: ReadonlyMap<string, string>,
  clock: StageClock = untimed,
): PreparedTemplate | undefined {
  const parsed = parseUnit(unit, parts, clock);
  // A file its service file places as resources is those resources of the service's stack.
  const root = parsed && unit.placed ? placedTemplate(parsed, unit.placed) : parsed;
  const assembled = unit.assembledBy === undefined ? {} : { assembledBy: unit.assembledBy };
  return root ? clock('build.cloudformation', () => prepareCloudFormation(unit.file.path, root, stripBom(unit.file.text), { parameters, ...assembled })) : undefined;
}

/** A unit's tree, its text kept as the run's source and its parse diagnostics added to `parts`. */
function parseUnit(unit: CloudFormationUnit, parts: GraphParts, clock: StageClock): CfnNode | null {
  const { path, text } = unit.file;
  const decoded = stripBom(text);
  parts.sources.set(path, decoded);
  const parsed = clock(/^\s*\{/.test(decoded) ? 'parse.cloudformation-json' : 'parse.cloudformation-yaml', () => parseCloudFormation(text, path));
  pushAll(parts.parseDiagnostics, parsed.diagnostics);
  return parsed.root;
}

/**
 * The files one `serverless.yml` assembles into its stack (itself among them when it writes
 * resources of its own), in the run's order, where there are two or more: the framework deploys
 * them as one stack, so a name written in one is a resource in another.
 */
interface ServiceStack {
  /** The service file, as displayed: the template's name. */
  service: string;
  members: CloudFormationUnit[];
  /** Each member's tree, once parsed. */
  trees: Map<CloudFormationUnit, CfnNode>;
}

function serviceStacks(units: readonly Unit[]): Map<CloudFormationUnit, ServiceStack> {
  const byService = new Map<string, CloudFormationUnit[]>();
  for (const u of units) {
    if (u.kind !== 'cloudformation' || u.assembledBy === undefined || u.assembledBy === UNSEEN_SERVICE_FILE) continue;
    const members = byService.get(u.assembledBy) ?? [];
    members.push(u);
    byService.set(u.assembledBy, members);
  }
  const stacks = new Map<CloudFormationUnit, ServiceStack>();
  for (const [service, members] of byService) {
    if (members.length < 2) continue;
    const stack: ServiceStack = { service, members, trees: new Map() };
    for (const m of members) stacks.set(m, stack);
  }
  return stacks;
}

/** Parses one file of a service's stack, for the stack's template. */
function parseStackPart(unit: CloudFormationUnit, stack: ServiceStack, parts: GraphParts, clock: StageClock): void {
  const root = parseUnit(unit, parts, clock);
  if (root) stack.trees.set(unit, root);
}

function prepareStack(stack: ServiceStack, parameters: ReadonlyMap<string, string>, clock: StageClock): PreparedTemplate | undefined {
  const isService = (m: CloudFormationUnit) => m.file.path === stack.service;
  // The service file's own resources first, then its files', as the framework merges its `resources` list.
  const ordered = [...stack.members.filter(isService), ...stack.members.filter((m) => !isService(m))];
  const parts = ordered.flatMap((m): StackPart[] => {
    const root = stack.trees.get(m);
    return root ? [{ root, ...(isService(m) ? { service: true as const } : {}), ...(m.placed ? { placed: m.placed } : {}) }] : [];
  });
  const root = serviceStack(parts);
  const sources = new Map(stack.members.map((m) => [m.file.path, stripBom(m.file.text)]));
  const lead = sources.get(stack.service) ?? stripBom(ordered[0].file.text);
  return root && clock('build.cloudformation', () => prepareCloudFormation(stack.service, root, lead, { parameters, assembledBy: stack.service, sources }));
}

/**
 * A template on its way through the link stage: one that reads other
 * templates waits for them with its tree; one that does not is built at once
 * and its tree let go, so that the run never holds every tree together.
 */
type LinkStage = { prepared: PreparedTemplate } | { built: BuiltTemplate; result: CfnBuildResult | undefined; notices: Notice[] };

/** Builds a template that reads no other: what its build raised is kept to be added in its turn. */
function buildAlone(t: PreparedTemplate, prepare: () => PreparedTemplate | undefined, shape: Shape, hook?: InternalErrorHook): LinkStage {
  const caught = emptyParts();
  const built = guarded(caught, t.file, 'building this template', () => buildPrepared(t, noLinks), hook);
  const result = built && { ...built, resources: built.resources.map(shape) };
  const alone: BuiltTemplate = { file: t.file, exports: templateExports(t), prepare };
  return { built: alone, result, notices: caught.notices ?? [] };
}

/** Prepares the template again, from the files: made apart from `buildAlone`, whose closures share one context with the template and would keep its tree. */
function preparing(unit: CloudFormationUnit, parameters: ReadonlyMap<string, string>, stack?: ServiceStack): () => PreparedTemplate | undefined {
  if (!stack) return () => prepareTemplate(unit, emptyParts(), parameters);
  const { service, members } = stack;
  return () => {
    const again: ServiceStack = { service, members, trees: new Map() };
    for (const m of members) parseStackPart(m, again, emptyParts(), untimed);
    return prepareStack(again, parameters, untimed);
  };
}

/**
 * Templates that read others are built after every template's exports are
 * known, so that `Fn::ImportValue` follows a value into the stack that
 * exports it, and nested stacks are built with their parent's parameter values.
 */
function addTemplates(
  stages: LinkStage[],
  parts: GraphParts,
  cwd: string,
  roots: readonly string[],
  parameters: ReadonlyMap<string, string>,
  shape: Shape,
  hook?: InternalErrorHook,
): void {
  const templates = stages.flatMap((s) => ('prepared' in s ? [s.prepared] : []));
  const options = {
    keyOf: (file: string) => path.resolve(cwd, file),
    resolve: (parentFile: string, url: string) => path.resolve(cwd, path.dirname(parentFile), url),
    load: (key: string) => loadNestedTemplate(key, cwd, roots, parts, parameters),
    asset: (parentFile: string, objectKey: string) => cdkAsset(path.resolve(cwd, parentFile), objectKey, roots),
  };
  const { links, instanceResources } = linkTemplates(templates, options, stages.flatMap((s) => ('built' in s ? [s.built] : [])));
  // In the templates' order, as when every one was built here.
  for (const s of stages) {
    if ('built' in s && s.notices.length > 0) pushAll((parts.notices ??= []), s.notices);
    const built = 'built' in s ? s.result : guarded(parts, s.prepared.file, 'building this template', () => buildPrepared(s.prepared, links), hook);
    if (!built) continue;
    pushAll(parts.resources, 'built' in s ? built.resources : built.resources.map(shape));
    pushAll(parts.unresolved, built.unresolved);
  }
  // Nested stacks are built here; a failure is named on the first template that nests a stack.
  const nesting = templates.find((t) => t.declared.some((d) => isNestedStack(d.type)));
  pushAll(parts.resources, (guarded(parts, nesting?.file ?? '.', 'building the nested stacks of this template', instanceResources, hook) ?? []).map(shape));
}

/**
 * A nested stack's template that was not among the linted files: read it if it
 * is inside a linted directory (a given one, or a given file's), links
 * followed, and UTF-8 text of at most the default size limit; otherwise its
 * outputs stay unknown. The working directory as such is not a licence:
 * `cd / && iam-profile-lint infra` must not read /etc/passwd for a TemplateURL.
 */
function loadNestedTemplate(abs: string, cwd: string, roots: readonly string[], parts: GraphParts, parameters: ReadonlyMap<string, string>): PreparedTemplate | undefined {
  const rel = path.relative(cwd, abs);
  const text = path.isAbsolute(rel) ? undefined : textInsideRoots(abs, roots);
  if (text === undefined) return undefined;
  const file = rel.split(path.sep).join('/');
  return prepareTemplate({ kind: 'cloudformation', file: { path: file, text } }, { ...parts, parseDiagnostics: [] }, parameters);
}

/**
 * A file the links read (a nested template, a CDK asset manifest): its text when it is inside a linted
 * directory, links followed, and UTF-8 text within the default size limit. One not there (yet) is noted
 * for --cache, so that a file appearing there makes a cached run stale.
 */
function textInsideRoots(abs: string, roots: readonly string[]): string | undefined {
  if (!roots.some((root) => insideReal(root, abs))) {
    if (!existsSync(abs) && roots.some((root) => !path.relative(root, abs).startsWith('..'))) noteMissing(abs);
    return undefined;
  }
  const got = readSource(abs, DEFAULT_MAX_FILE_SIZE);
  return got.kind === 'text' ? got.text : undefined;
}

/** The template a CDK parent's asset manifest uploads as `objectKey`, as a key; read only inside a linted directory. */
function cdkAsset(parentAbs: string, objectKey: string, roots: readonly string[]): string | undefined {
  const name = assetManifestName(path.basename(parentAbs));
  if (name === undefined) return undefined;
  const manifest = path.join(path.dirname(parentAbs), name);
  const text = textInsideRoots(manifest, roots);
  const source = text === undefined ? undefined : assetSourcePath(text, objectKey);
  return source === undefined ? undefined : path.resolve(path.dirname(manifest), source);
}

function emptyParts(): GraphParts {
  return { resources: [], unresolved: [], parseDiagnostics: [], sources: new Map(), notices: [] };
}

/** Adds a unit's parts to the run's, keeping their order. */
function mergeParts(into: GraphParts, chunk: GraphParts): void {
  pushAll(into.resources, chunk.resources);
  pushAll(into.unresolved, chunk.unresolved);
  pushAll(into.parseDiagnostics, chunk.parseDiagnostics);
  for (const [file, text] of chunk.sources) into.sources.set(file, text);
  if (chunk.notices?.length) pushAll((into.notices ??= []), chunk.notices);
}

/**
 * A file Terraform renders with `templatefile()` is a template for Terraform to
 * fill (`%{ for }`, `${var}`), not a CloudFormation template of its own: when it
 * does not parse as one, that is said once, as a note, instead of as errors.
 */
function asRenderedTemplate(chunk: GraphParts, file: string, renderedAt: Loc | undefined, cwd: string): void {
  if (!renderedAt || !chunk.parseDiagnostics.some((d) => d.severity === 'error')) return;
  chunk.parseDiagnostics.length = 0;
  // Shown as report paths are: from the working directory.
  const shown = path.isAbsolute(renderedAt.file) ? path.relative(cwd, renderedAt.file) : renderedAt.file;
  const where = `${shown.split(path.sep).join('/')}:${renderedAt.range.start.line}`;
  (chunk.notices ??= []).push({ rule: 'skipped-file', severity: 'info', message: `rendered by templatefile() at ${where}; not read as a template on its own`, loc: fileStart(file) });
}

/**
 * A file a tool fills in before CloudFormation reads it (AWS Proton's Jinja, a build
 * script's `%PLACEHOLDER%`) does not parse as written: when its parse fails on such a tag, that is said
 * once, as a note, and nothing of it is built (half a `{% for %}` loop would
 * report the resources it cut off as undeclared).
 */
function asEngineSource(chunk: GraphParts, unit: CloudFormationUnit): boolean {
  const errorLines = chunk.parseDiagnostics.filter((d) => d.severity === 'error').map((d) => d.loc.range.start.line);
  const tag = errorLines.length > 0 ? engineTagAtError(unit.file.path, unit.file.text, errorLines) : undefined;
  if (!tag) return false;
  chunk.parseDiagnostics.length = 0;
  const shown = tag.text.length > 60 ? `${tag.text.slice(0, 59)}…` : tag.text;
  const message = `written for a tool to fill in first (${shown}: ${tag.tool}); not CloudFormation as written, so not read as a template on its own`;
  (chunk.notices ??= []).push({ rule: 'skipped-file', severity: 'info', message, loc: tag.loc });
  return true;
}

/** Terraform values given for the run (`--var`, `--var-file`). */
interface TerraformSettings {
  variables?: Record<string, string>;
  varFiles?: string[];
}

/** The Terraform builder and HCL parser: loaded by `import()` when a run has Terraform, so a template alone never loads them. */
type TerraformBuilder = typeof import('../graph/terraform/index.js');

/** What each Terraform unit's build adds to (the run's rendered files and declared inputs), and how its parts are kept. */
interface UnitSinks {
  rendered: Map<string, Loc>;
  inputs: DeclaredInputs;
  shape: Shape;
  hook?: InternalErrorHook;
}

interface TerraformRun {
  builder: TerraformBuilder;
  modules: RunModules;
  variables?: Record<string, string>;
  varFiles?: string[];
}

/** Graph parts of the run's Terraform modules, one chunk per unit; a module called from several is read and parsed once. */
function buildTerraformChunks(
  builder: TerraformBuilder,
  units: readonly TerraformUnit[],
  cwd: string,
  roots: readonly string[],
  settings: TerraformSettings,
  sinks: UnitSinks,
): GraphParts[] {
  const run = terraformRun(builder, units, cwd, roots, settings);
  return units.map((unit) => {
    const chunk = emptyParts();
    addTerraform(unit, chunk, run, sinks);
    run.modules.release();
    return chunk;
  });
}

function terraformRun(builder: TerraformBuilder, units: readonly Unit[], cwd: string, roots: readonly string[], options: TerraformSettings): TerraformRun {
  const modules = builder.createRunModules(cwd, roots);
  for (const unit of units) if (unit.kind === 'terraform') modules.seed(unit.dir, unit.files);
  return { builder, modules, variables: options.variables, varFiles: options.varFiles };
}

function addTerraform(unit: TerraformUnit, parts: GraphParts, run: TerraformRun, { rendered, inputs, shape, hook }: UnitSinks): void {
  for (const f of unit.files) parts.sources.set(f.path, stripBom(f.text));
  // Guarded: a module whose build throws is rebuilt without the files that fail alone (guard.ts).
  const { builder, ...settings } = run;
  guardedModule(parts, unit.files, (files) => builder.buildTerraformModule({ dir: unit.dir, files: [...files], copiedByTerragrunt: unit.copiedByTerragrunt, runByTerragrunt: unit.runByTerragrunt, ...settings }), (built) => {
    // tfvars and file()/templatefile() targets read while building.
    for (const [file, text] of built.sources) parts.sources.set(file, text);
    for (const [file, at] of built.rendered) if (!rendered.has(file)) rendered.set(file, at);
    pushAll(parts.resources, built.resources.map(shape));
    pushAll(parts.unresolved, withoutFragmentReferences(built.unresolved));
    pushAll(parts.parseDiagnostics, built.parseDiagnostics);
    if (built.notices?.length) pushAll((parts.notices ??= []), built.notices);
    for (const name of built.declaredVariables ?? []) inputs.variables.add(name);
    inputs.addVarFileKeys(built.varFileKeys ?? []);
  }, hook);
  // A module file that does not parse, or a build that failed, may hide a variable block.
  if (parts.notices?.some((n) => n.rule === 'internal-error') || parts.parseDiagnostics.some((d) => d.severity === 'error' && isConfigFile(d.loc.file))) {
    inputs.partialVariables = true;
  }
}

