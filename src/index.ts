import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultConfig, type Config } from './config.js';
import { discover, type CloudFormationUnit, type TerraformUnit, type Unit } from './discover.js';
import { buildPrepared, prepareCloudFormation, type PreparedTemplate } from './graph/cloudformation/index.js';
import { linkTemplates } from './graph/cloudformation/links.js';
import { withoutFragmentReferences } from './graph/fragments.js';
import { createGraph, type GraphParts } from './graph/graph.js';
import { buildTerraformModule, createRunModules, isInstalledModuleFile, type RunModules } from './graph/terraform/index.js';
import type { Graph } from './graph/types.js';
import type { Value } from './graph/value.js';
import { parseCloudFormation } from './parsers/cloudformation.js';
import { rules } from './rules/index.js';
import { applyOverrides } from './overrides.js';
import { runRules } from './rules/run.js';
import { applySuppressions } from './suppress.js';
import type { Finding } from './rules/types.js';
import { LineIndex, stripBom } from './source.js';

export type { Config } from './config.js';
export type { Finding, Rule, Severity } from './rules/types.js';
export type { Graph, Resource } from './graph/types.js';
export { rules };

export interface LintOptions {
  /** Files and directories to lint; relative to `cwd`. */
  paths: string[];
  cwd?: string;
  config?: Config;
  /** CloudFormation parameter values for the deploy (`--parameters KEY=VALUE`), overriding defaults. */
  parameters?: Record<string, string>;
  /** Terraform variable values (`--var name=value`) for the root modules linted; they win over every file. */
  variables?: Record<string, string>;
  /** Terraform variable files (`--var-file`), relative to `cwd`, in order, after the tfvars files of each root module. */
  varFiles?: string[];
  /** Each finding lists every place its value came through (variables, locals, module calls) as related locations. */
  explain?: boolean;
  /** File contents to lint instead of the disk's, by absolute path: `--fix` lints its edits before writing them. */
  overlay?: ReadonlyMap<string, string>;
  /** Return the resource graph too (`--format mermaid`, `dot`, `html` draw it). */
  withGraph?: boolean;
}

export interface LintResult {
  /** Sorted by file, line, column, rule. */
  findings: Finding[];
  /** How many IaC files were linted. */
  fileCount: number;
  /** Given paths that do not exist. */
  missing: string[];
  /** The resource graph, when `withGraph` asked for it. */
  graph?: Graph;
}

/** Lints CloudFormation templates and Terraform modules under the given paths. Never throws for problems in the input. */
export async function lint(options: LintOptions): Promise<LintResult> {
  const cwd = options.cwd ?? process.cwd();
  const config = options.config ?? defaultConfig;
  const { graph, fileCount, missing } = await buildGraphOf(options, config);
  const found = runRules(graph, rules, config, { explain: options.explain }).filter((f) => !isInstalledModuleFile(f.file));
  const kept = applySuppressions(found, { sources: graph.sources, resources: graph.resources });
  // After suppression, so that the suppression stage's own findings obey the config too.
  return { findings: applyOverrides(kept, config, cwdOf(options)), fileCount, missing, ...(options.withGraph ? { graph } : {}) };
}

/** Builds the graph alone, for tools that want to query it. */
export async function buildGraph(options: LintOptions): Promise<Graph> {
  return (await buildGraphOf(options, options.config ?? defaultConfig)).graph;
}

function cwdOf(options: LintOptions): string {
  return options.cwd ?? process.cwd();
}

async function buildGraphOf(options: LintOptions, config: Config): Promise<{ graph: Graph; fileCount: number; missing: string[] }> {
  const cwd = cwdOf(options);
  const found = await discover(options.paths, { cwd, ignore: config.ignore, overlay: options.overlay });
  const parts: GraphParts = { resources: [], unresolved: [], parseDiagnostics: [], sources: new Map() };
  for (const problem of found.problems) {
    parts.parseDiagnostics.push({ message: problem.message, loc: fileStart(problem.path), severity: 'error' });
  }
  const parameters = new Map(Object.entries(options.parameters ?? {}));
  const templates: PreparedTemplate[] = [];
  const terraform = terraformRun(found.units, cwd, options);
  let fileCount = 0;
  for (const unit of found.units) {
    if (unit.kind === 'cloudformation') {
      const prepared = prepareTemplate(unit, parts, parameters);
      if (prepared) templates.push(prepared);
      fileCount++;
    } else {
      addTerraform(unit, parts, terraform);
      fileCount += unit.files.length;
    }
  }
  addTemplates(templates, parts, cwd, parameters);
  return { graph: createGraph(parts), fileCount, missing: found.missing };
}

function prepareTemplate(unit: CloudFormationUnit, parts: GraphParts, parameters: ReadonlyMap<string, string>): PreparedTemplate | undefined {
  const { path, text } = unit.file;
  const decoded = stripBom(text);
  parts.sources.set(path, decoded);
  const parsed = parseCloudFormation(text, path);
  parts.parseDiagnostics.push(...parsed.diagnostics);
  return parsed.root ? prepareCloudFormation(path, parsed.root, decoded, { parameters }) : undefined;
}

/**
 * Templates are built after every template's exports are known, so that
 * `Fn::ImportValue` follows a value into the stack that exports it, and
 * nested stacks are built with their parent's parameter values.
 */
function addTemplates(templates: PreparedTemplate[], parts: GraphParts, cwd: string, parameters: ReadonlyMap<string, string>): void {
  const { links, instanceResources } = linkTemplates(templates, {
    keyOf: (file) => path.resolve(cwd, file),
    resolve: (parentFile, url) => path.resolve(cwd, path.dirname(parentFile), url),
    load: (key) => loadNestedTemplate(key, cwd, parts, parameters),
  });
  for (const t of templates) {
    const built = buildPrepared(t, links);
    parts.resources.push(...built.resources);
    parts.unresolved.push(...built.unresolved);
  }
  parts.resources.push(...instanceResources());
}

/** A nested stack's template that was not among the linted paths: read it, if it is inside the working directory. */
function loadNestedTemplate(abs: string, cwd: string, parts: GraphParts, parameters: ReadonlyMap<string, string>): PreparedTemplate | undefined {
  const rel = path.relative(cwd, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch {
    return undefined;
  }
  const file = rel.split(path.sep).join('/');
  return prepareTemplate({ kind: 'cloudformation', file: { path: file, text } }, { ...parts, parseDiagnostics: [] }, parameters);
}

interface TerraformRun {
  modules: RunModules;
  variables?: Record<string, string>;
  varFiles?: string[];
}

/** What every Terraform unit of a run shares: module directories are read and parsed once, discovered ones not again. */
function terraformRun(units: readonly Unit[], cwd: string, options: LintOptions): TerraformRun {
  const modules = createRunModules(cwd);
  for (const unit of units) if (unit.kind === 'terraform') modules.seed(unit.dir, unit.files);
  return { modules, variables: options.variables, varFiles: options.varFiles };
}

function addTerraform(unit: TerraformUnit, parts: GraphParts, run: TerraformRun): void {
  for (const f of unit.files) parts.sources.set(f.path, stripBom(f.text));
  const built = buildTerraformModule({ dir: unit.dir, files: unit.files, ...run });
  // tfvars and file()/templatefile() targets read while building.
  for (const [file, text] of built.sources) parts.sources.set(file, text);
  parts.resources.push(...built.resources);
  parts.unresolved.push(...withoutFragmentReferences(built.unresolved));
  parts.parseDiagnostics.push(...built.parseDiagnostics);
}

function fileStart(file: string): { file: string; range: ReturnType<LineIndex['range']> } {
  return { file, range: new LineIndex('').range(0, 0) };
}
