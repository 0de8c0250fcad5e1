import { defaultConfig, type Config } from './config.js';
import { discover, type CloudFormationUnit, type TerraformUnit } from './discover.js';
import { buildCloudFormation } from './graph/cloudformation.js';
import { withoutFragmentReferences } from './graph/fragments.js';
import { createGraph, type GraphParts } from './graph/graph.js';
import { buildTerraformModule } from './graph/terraform/index.js';
import type { Graph } from './graph/types.js';
import { parseCloudFormation } from './parsers/cloudformation.js';
import { rules } from './rules/index.js';
import { runRules } from './rules/run.js';
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
}

export interface LintResult {
  /** Sorted by file, line, column, rule. */
  findings: Finding[];
  /** How many IaC files were linted. */
  fileCount: number;
  /** Given paths that do not exist. */
  missing: string[];
}

/** Lints CloudFormation templates and Terraform modules under the given paths. Never throws for problems in the input. */
export async function lint(options: LintOptions): Promise<LintResult> {
  const cwd = options.cwd ?? process.cwd();
  const config = options.config ?? defaultConfig;
  const found = await discover(options.paths, { cwd, ignore: config.ignore });
  const parts: GraphParts = { resources: [], unresolved: [], parseDiagnostics: [], sources: new Map() };
  let fileCount = 0;
  for (const problem of found.problems) {
    parts.parseDiagnostics.push({ message: problem.message, loc: fileStart(problem.path), severity: 'error' });
  }
  for (const unit of found.units) {
    if (unit.kind === 'cloudformation') {
      addCloudFormation(unit, parts);
      fileCount++;
    } else {
      addTerraform(unit, parts);
      fileCount += unit.files.length;
    }
  }
  const graph = createGraph(parts);
  return { findings: runRules(graph, rules, config), fileCount, missing: found.missing };
}

/** Builds the graph alone, for tools that want to query it. */
export async function buildGraph(options: LintOptions): Promise<Graph> {
  const cwd = options.cwd ?? process.cwd();
  const found = await discover(options.paths, { cwd, ignore: (options.config ?? defaultConfig).ignore });
  const parts: GraphParts = { resources: [], unresolved: [], parseDiagnostics: [], sources: new Map() };
  for (const unit of found.units) {
    if (unit.kind === 'cloudformation') addCloudFormation(unit, parts);
    else addTerraform(unit, parts);
  }
  return createGraph(parts);
}

function addCloudFormation(unit: CloudFormationUnit, parts: GraphParts): void {
  const { path, text } = unit.file;
  const decoded = stripBom(text);
  parts.sources.set(path, decoded);
  const parsed = parseCloudFormation(text, path);
  parts.parseDiagnostics.push(...parsed.diagnostics);
  if (!parsed.root) return;
  const built = buildCloudFormation(path, parsed.root, decoded);
  parts.resources.push(...built.resources);
  parts.unresolved.push(...built.unresolved);
}

function addTerraform(unit: TerraformUnit, parts: GraphParts): void {
  for (const f of unit.files) parts.sources.set(f.path, stripBom(f.text));
  const built = buildTerraformModule({ dir: unit.dir, files: unit.files });
  parts.resources.push(...built.resources);
  parts.unresolved.push(...withoutFragmentReferences(built.unresolved));
  parts.parseDiagnostics.push(...built.parseDiagnostics);
}

function fileStart(file: string): { file: string; range: ReturnType<LineIndex['range']> } {
  return { file, range: new LineIndex('').range(0, 0) };
}
