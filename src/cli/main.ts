#!/usr/bin/env node
// Only argv → options → lint() → print → exit code here; heavy modules are imported once a run needs them.
import { existsSync, realpathSync, statSync, writeFileSync } from '../shared/builtins.js';
import { readTextFile } from '../discover/read-source.js';
import { isLintedFile } from '../shared/within.js';
import path from 'node:path';
import type { Baseline } from '../engine/baseline.js';
import { exitStatus, NAME, parseCommandLine, resolveColor, USAGE, UsageError, type Options } from './options.js';
import { readParametersFile } from './parameters.js';
import { loadFormatter, type ReportContext } from '../report/formats.js';
import type { Finding, RuleSetting } from '../shared/finding.js';
import { closest } from '../graph/queries/describe.js';
import { forOutput } from '../engine/mask.js';
import { displayFile } from '../report/paths.js';
import { outputWidth } from '../report/wrap.js';
import type { LintOptions, LintResult, UndeclaredInput } from '../index.js';
import { EDIT_FORMATS, GRAPH_FORMATS } from '../report/formats.js';
import type { GivenPath } from '../engine/in-paths.js';
import { packageVersion } from '../shared/version.js';
import { plural } from '../shared/text.js';

async function run(argv: string[]): Promise<number> {
  if (argv.includes('--lsp')) return languageServer(argv);
  const parsed = parseCommandLine(argv);
  if (parsed === 'help') return print(USAGE);
  if (parsed === 'version') return print(`${packageVersion()}\n`);
  if ('listRules' in parsed) return listRules(parsed.listRules);
  const options = parsed;
  const cwd = process.cwd();
  checkVarFiles(options.varFiles, cwd);

  const { lint, rules, loadConfig, ConfigError, inScope, withModuleFiles } = await import('./lint-path.js');
  let config;
  try {
    config = loadConfig(cwd, options.configPath, rules.map((rule) => rule.id)).config;
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  if (options.ruleSettings) {
    const settings = checkedRuleSettings(options.ruleSettings, rules.map((rule) => rule.id));
    // As ESLint's --rule: over the config's rules and over its per-path overrides (a last override matching every file).
    config = { ...config, rules: { ...config.rules, ...settings }, overrides: [...config.overrides, { files: ['*'], rules: settings }] };
  }
  const given = givenPaths(options.paths, cwd);
  if (options.cacheLocation !== undefined) refuseSpecialCacheLocation(options.cacheLocation, cwd);
  // Read before anything is written: `--write-baseline F --baseline F` compares with the old F, then replaces it.
  const baseline = options.baseline === undefined ? undefined : await readBaseline(options.baseline, cwd, sameFile(options.baseline, options.writeBaseline, cwd));

  // --fix and --fix-dry-run fix in memory, edit only the given files, and return what remains; graph formats need the graph.
  const withGraph = options.reports.some((r) => GRAPH_FORMATS.has(r.format));
  // Edits are built only for a report that prints them (--fix builds its own: engine/fix-passes.ts).
  const fixes = options.reports.some((r) => EDIT_FORMATS.has(r.format));
  const lintRun = async (o: LintOptions): Promise<LintResult> => {
    // The cache keeps findings, not graphs: graph formats and --debug-graph run afresh.
    if (!options.fix && options.cacheLocation !== undefined && !withGraph && !o.withGraph) {
      return (await import('../engine/cache.js')).lintCached(o, { location: options.cacheLocation });
    }
    if (!options.fix) return lint({ ...o, withGraph: withGraph || o.withGraph === true });
    const { fixThenLint } = await import('./fix.js');
    const out = { diff: (t: string) => process.stdout.write(t), note: (t: string) => process.stderr.write(`${NAME}: ${t}`) };
    const canEdit = (file: string): boolean => inScope([{ file }], given, cwd).length > 0;
    return fixThenLint({ ...o, withGraph: withGraph || o.withGraph === true }, options.fix, canEdit, out, realRoots(options.paths, cwd));
  };
  // A given Terraform file is analysed with its whole module; findings are then scoped back to the given files.
  const result = await lintRun({
    paths: withModuleFiles(options.paths, { cwd, ignore: config.ignore }),
    cwd,
    config,
    ...terraformOptions(options),
    ...cloudFormationParameters(options, cwd),
    maxFileSize: options.maxFileSize,
    ...(fixes && { fixes }),
    onInternalError: (error, file) => debugStack(argv, error, file),
    shortLived: true,
  });
  // --quiet reports errors only; these are warnings.
  if (!options.quiet) warnUndeclared(result, options, cwd);
  if (options.debugGraph && result.graph) process.stderr.write((await import('../report/graph-debug.js')).formatGraphDebug(result.graph, cwd));
  const scoped = (items: Finding[]): Finding[] => (options.reportAll ? items : inScope(items, given, cwd));
  let findings = scoped(result.findings);
  // A file found but not linted (a FIFO, a binary file, a link leaving the project) has its finding: "none found" would contradict it.
  if (result.fileCount === 0 && !result.findings.some((f) => NOT_LINTED_RULES.has(f.rule))) {
    const where = options.paths.length > 1 ? `the ${options.paths.length} given paths` : options.paths[0];
    process.stderr.write(`${NAME}: no CloudFormation template or Terraform file found in ${where}\n`);
    const skipped = result.skippedTemplateDirs ?? [];
    const isCdk = (dir: string): boolean => path.basename(dir) === 'cdk.out';
    for (const [dirs, what] of [
      [skipped.filter(isCdk), "CDK's synthesized templates"],
      [skipped.filter((d) => !isCdk(d)), "a project generator's templates (placeholders it fills before anything deploys)"],
    ] as const) {
      if (dirs.length === 0) continue;
      const shown = dirs.slice(0, 3).join(', ') + (dirs.length > 3 ? ` and ${dirs.length - 3} more` : '');
      process.stderr.write(`${NAME}: skipped ${shown}: ${what} are linted only when named, e.g. ${NAME} ${shellWord(dirs[0])}\n`);
    }
    if (options.errorOnUnmatched) return 2;
  }
  refuseLintedOutput(
    [...options.reports.map((r) => ({ option: '--output-file', what: 'the report', file: r.file })),
      { option: '--write-baseline', what: 'the baseline', file: options.writeBaseline },
      { option: '--cache-location', what: 'the cache', file: options.cacheLocation }],
    result.files,
    cwd,
  );
  if (options.writeBaseline !== undefined) {
    if (baseline) await compareWithOldBaseline(findings, baseline, cwd);
    return writeBaseline(findings, options.writeBaseline, cwd);
  }
  if (baseline) findings = await withoutBaselined(findings, baseline, cwd);
  if (options.quiet) findings = findings.filter((f) => f.severity === 'error');

  const files = lintedFiles(result);
  const ctx: ReportContext = {
    cwd,
    fileCount: result.fileCount,
    color: resolveColor({ flag: options.colorFlag, env: process.env, isTTY: stylishOnTerminal(options) }),
    rules,
    width: outputWidth(process.env, process.stdout),
    ...(options.explain && { explain: true }),
    ...(options.graphAll && { graphAll: true }),
    ...(result.graph && { graph: result.graph }),
    ...(files && { files: options.reportAll ? files : inScope(files.map((file) => ({ file })), given, cwd).map((f) => f.file) }),
  };
  for (const target of options.reports) {
    const formatter = await loadFormatter(target.format);
    writeReport(formatter(findings, ctx), target.file, cwd, options.fix === 'dry-run');
  }
  const status = exitStatus(findings.map((f) => f.severity), options);
  if (status.reason) process.stderr.write(`${status.reason}\n`);
  // A contained crash still fails the run as an internal error (exit 2), whatever else was found.
  const crashed = result.findings.filter((f) => f.rule === 'internal-error').length;
  if (crashed > 0) {
    process.stderr.write(`${NAME}: internal error on ${plural(crashed, 'file')} (the internal-error findings); the other files were linted\n`);
    return 2;
  }
  return status.code;
}

const NOT_LINTED_RULES: ReadonlySet<string> = new Set(['skipped-file', 'parse-error']);

/** `--lsp` (plus what LSP clients add: `--stdio`, `--clientProcessId`; and `--debug`); vscode-languageserver is loaded only here. */
async function languageServer(argv: readonly string[]): Promise<number> {
  const other = argv.filter((a) => a !== '--lsp' && a !== '--stdio' && a !== '--debug' && !a.startsWith('--clientProcessId'));
  if (other.length > 0) throw new UsageError(`--lsp takes its settings from the editor, not from ${other.join(' ')}`);
  (await import('../lsp/server.js')).startLanguageServer({ debug: debugRequested(argv) });
  return 0;
}

interface OutputFile {
  option: string;
  what: string;
  file: string | undefined;
}

/**
 * A report, a baseline or a cache written over a file the run linted would destroy it: a usage error,
 * before anything is written (the cache itself declines to replace a linted file: engine/cache.ts).
 */
function refuseLintedOutput(outputs: readonly OutputFile[], linted: readonly string[], cwd: string): void {
  for (const { option, what, file } of outputs) {
    if (file !== undefined && isLintedFile(file, linted, cwd)) throw new UsageError(`${option} ${file} is one of the linted files; writing ${what} there would overwrite it`);
  }
}

/** The cache replaces its file by rename: a device or a FIFO there would become a regular file (as root, /dev/null for everyone). */
function refuseSpecialCacheLocation(location: string, cwd: string): void {
  let info;
  try {
    info = statSync(path.resolve(cwd, location));
  } catch {
    return;
  }
  if (!info.isFile()) throw new UsageError(`--cache-location ${location} is not a regular file; the cache replaces its file, so it is not written there`);
}

/** Real paths of the given directories and of the given files' directories: --fix writes only inside them, links followed. */
function realRoots(paths: readonly string[], cwd: string): string[] {
  return paths.flatMap((p) => {
    const abs = path.resolve(cwd, p);
    try {
      return [realpathSync(statSync(abs).isDirectory() ? abs : path.dirname(abs))];
    } catch {
      return [];
    }
  });
}

/** --parameters-file, then --parameters (which win), as lint() options. */
function cloudFormationParameters(options: Options, cwd: string): { parameters?: Record<string, string> } {
  if (!options.parametersFile && !options.parameterFlags) return {};
  const fromFile = options.parametersFile ? readParametersFile(options.parametersFile, cwd) : {};
  return { parameters: { ...fromFile, ...options.parameterFlags } };
}

/**
 * A `--parameters` key no linted template declares, a `--var` or a `--var-file`
 * key no linted root module declares: a warning with the closest declared
 * name, and the run goes on. CloudFormation and `terraform -var` refuse such
 * a value for their one stack or module, but a run here spans many, and a
 * pre-commit hook passes the same arguments whichever files changed: a
 * commit touching only modules without `env` must not fail for `--var env=prod`.
 * A typo is still said, before the report it would otherwise mislead.
 */
function warnUndeclared(result: LintResult, options: Options, cwd: string): void {
  for (const u of result.undeclaredInputs ?? []) process.stderr.write(`${NAME}: warning: ${undeclaredText(u, options, cwd)}\n`);
}

function undeclaredText(u: UndeclaredInput, options: Options, cwd: string): string {
  const near = u.suggestion === undefined ? '' : ` (did you mean ${forOutput(u.suggestion)}?)`;
  const name = forOutput(u.name);
  switch (u.option) {
    case 'parameters': {
      const given = options.parameterFlags && Object.hasOwn(options.parameterFlags, u.name) ? `--parameters ${name}` : `--parameters-file ${options.parametersFile ?? ''}: ${name}`;
      return `${given}: no linted template declares a parameter ${name}${near}; the value is not used`;
    }
    case 'variables':
      return `--var ${name}: no linted root module declares a variable ${name}${near}; the value is not used`;
    case 'varFiles':
      return `${displayFile(u.file ?? '', cwd)}:${u.line ?? 1}:${u.column ?? 1}: no linted root module declares a variable ${name}${near}; Terraform ignores its value`;
  }
}

/** --var, --var-file, --explain and --debug-graph as lint() options. */
function terraformOptions(options: Options): { variables?: Record<string, string>; varFiles?: string[]; explain?: boolean; withGraph?: boolean } {
  return { variables: options.variables, varFiles: options.varFiles, explain: options.explain, withGraph: options.debugGraph };
}

/** Stats each given path; a missing one is a usage error naming it. */
function givenPaths(paths: readonly string[], cwd: string): GivenPath[] {
  const missing: string[] = [];
  const given: GivenPath[] = [];
  for (const p of paths) {
    try {
      given.push({ path: p, kind: statSync(path.resolve(cwd, p)).isDirectory() ? 'directory' : 'file' });
    } catch {
      missing.push(p);
    }
  }
  if (missing.length > 0) {
    throw new UsageError(missing.map((p) => `no such file or directory: ${p}`).join(`\n${NAME}: `));
  }
  return given;
}

interface LoadedBaseline {
  file: string;
  baseline: Baseline;
}

/** `missingIsEmpty`: the baseline about to be written for the first time (`--write-baseline` to the same file). */
async function readBaseline(file: string, cwd: string, missingIsEmpty = false): Promise<LoadedBaseline | undefined> {
  const { parseBaseline, BaselineError } = await import('../engine/baseline.js');
  const got = readTextFile(path.resolve(cwd, file), MAX_BASELINE_BYTES);
  if ('problem' in got) {
    if (missingIsEmpty && got.missing) return undefined;
    throw new UsageError(`${file}: cannot read baseline (${got.problem})`);
  }
  try {
    return { file, baseline: parseBaseline(got.text, file) };
  } catch (error) {
    if (error instanceof BaselineError) throw new UsageError(error.message);
    throw error;
  }
}

/** A baseline grows with the findings it holds (about 200 bytes each): far above the template limit, still a bound. */
const MAX_BASELINE_BYTES = 256 * 1024 * 1024;

async function withoutBaselined(findings: Finding[], loaded: LoadedBaseline, cwd: string): Promise<Finding[]> {
  const { applyBaseline } = await import('../engine/baseline.js');
  const root = path.dirname(path.resolve(cwd, loaded.file));
  const { kept, baselined, stale } = applyBaseline(findings, loaded.baseline, { root, cwd });
  if (baselined > 0 || stale > 0) {
    const gone = stale > 0 ? `; ${plural(stale, 'baselined finding')} no longer found (rewrite it with --write-baseline)` : '';
    process.stderr.write(`${NAME}: ${plural(baselined, 'finding')} in the baseline ${loaded.file} not reported${gone}\n`);
  }
  return kept;
}

async function compareWithOldBaseline(findings: Finding[], loaded: LoadedBaseline, cwd: string): Promise<void> {
  const { applyBaseline } = await import('../engine/baseline.js');
  const root = path.dirname(path.resolve(cwd, loaded.file));
  const { kept, stale } = applyBaseline(findings, loaded.baseline, { root, cwd });
  process.stderr.write(`${NAME}: against the baseline ${loaded.file}: ${plural(kept.length, 'new finding')}, ${plural(stale, 'finding')} no longer found\n`);
}

async function writeBaseline(findings: Finding[], file: string, cwd: string): Promise<number> {
  const { createBaseline, serializeBaseline } = await import('../engine/baseline.js');
  const root = path.dirname(path.resolve(cwd, file));
  writeReport(serializeBaseline(createBaseline(findings, { root, cwd })), file, cwd);
  process.stderr.write(`${NAME}: wrote ${plural(findings.length, 'finding')} to the baseline ${file}\n`);
  return 0;
}

/** The linted files, when this version of `lint()` reports them (junit lists clean files as passing). */
function lintedFiles(result: object): string[] | undefined {
  if (!('files' in result) || !Array.isArray(result.files)) return undefined;
  return result.files.filter((f): f is string => typeof f === 'string');
}

function stylishOnTerminal(options: Options): boolean {
  return options.reports.some((r) => r.format === 'stylish' && r.file === undefined) && process.stdout.isTTY === true;
}

function writeReport(report: string, outputFile: string | undefined, cwd: string, toStderr = false): void {
  if (outputFile === undefined) {
    // --fix-dry-run's standard output is the diff alone, for `git apply`.
    if (report !== '') (toStderr ? process.stderr : process.stdout).write(report);
    return;
  }
  const target = path.resolve(cwd, outputFile);
  // A typo in a folder name should fail the run, not leave the report somewhere nobody looks.
  if (!isDirectory(path.dirname(target))) throw new UsageError(`cannot write ${outputFile}: no such directory ${path.dirname(outputFile) || '.'}`);
  try {
    writeFileSync(target, report);
  } catch (error) {
    throw new UsageError(`cannot write ${outputFile}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function sameFile(a: string, b: string | undefined, cwd: string): boolean {
  return b !== undefined && path.resolve(cwd, a) === path.resolve(cwd, b);
}

/** A missing --var-file is a usage error, as a missing --parameters-file is. */
function checkVarFiles(files: readonly string[] | undefined, cwd: string): void {
  for (const file of files ?? []) {
    if (!existsSync(path.resolve(cwd, file))) throw new UsageError(`--var-file ${file}: no such file`);
  }
}

/** `--rule` ids must exist, as in the config file. */
function checkedRuleSettings(settings: Record<string, RuleSetting>, ids: readonly string[]): Record<string, RuleSetting> {
  for (const id of Object.keys(settings)) {
    if (!ids.includes(id)) {
      const near = closest(id, ids);
      throw new UsageError(`--rule ${id}: unknown rule${near ? ` (did you mean ${near}?)` : ''}; ${NAME} --list-rules lists them`);
    }
  }
  return settings;
}

/** `--list-rules`: id, default severity and summary, as a table or as JSON. */
async function listRules(format: 'text' | 'json'): Promise<number> {
  const { rules } = await import('../rules/index.js');
  if (format === 'json') {
    return print(`${JSON.stringify(rules.map((r) => ({ id: r.id, severity: r.severity, summary: r.summary })), null, 2)}\n`);
  }
  const idWidth = Math.max(...rules.map((r) => r.id.length));
  return print(rules.map((r) => `${r.id.padEnd(idWidth)}  ${r.severity.padEnd(7)}  ${r.summary}\n`).join(''));
}

// Output goes through process.stdout, not fs.writeSync(1): a program that runs the CLI in-process
// (../shared/tools/injection-recall.mjs) captures process.stdout.write, and an ES module cannot tell
// it was imported rather than run. The stream costs about 2 ms of a start.
function print(text: string): number {
  process.stdout.write(text);
  return 0;
}

function debugStack(argv: readonly string[], error: unknown, file: string): void {
  if (debugRequested(argv) && error instanceof Error && error.stack) process.stderr.write(`${file}: ${error.stack}\n`);
}

function debugRequested(argv: readonly string[]): boolean {
  const debugEnv = process.env.DEBUG ?? '';
  return argv.includes('--debug') || debugEnv.split(/[\s,]+/).some((name) => name === NAME || name === '*');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  // A closed pipe (`| head`) is not an error worth reporting.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') process.stderr.write(`${NAME}: internal error: ${error.message}\n`);
    process.exit(error.code === 'EPIPE' ? (process.exitCode ?? 0) : 2);
  });
  try {
    process.exitCode = await run(argv);
  } catch (error) {
    process.exitCode = 2;
    if (error instanceof UsageError) {
      process.stderr.write(`${NAME}: ${error.message}\n`);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${NAME}: internal error: ${message}\n`);
    if (debugRequested(argv) && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  }
}

void main();

/** A path as one shell word: as it is when it is plain, else in single quotes. */
function shellWord(p: string): string {
  return /^[\w./@%+=:,-]+$/.test(p) ? p : `'${p.replaceAll("'", "'\\''")}'`;
}
