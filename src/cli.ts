#!/usr/bin/env node
// Only argv → options → lint() → print → exit code here; heavy modules are imported once a run needs them.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Finding } from './rules/types.js';
import { FORMATS, isFormat, loadFormatter, type Format } from './report/formats.js';

const NAME = 'iam-profile-lint';

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  'output-file': { type: 'string', short: 'o' },
  quiet: { type: 'boolean' },
  'max-warnings': { type: 'string' },
  config: { type: 'string', short: 'c' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const USAGE = `Usage: ${NAME} [options] [paths...]

Lints AWS IAM roles and EC2 instance profiles in CloudFormation templates and
Terraform modules. Paths are files or directories; the default is the current
directory.

Options:
  -f, --format <name>       Output format: ${FORMATS.join(', ')} (default: stylish)
  -o, --output-file <file>  Write the report to a file instead of standard output
      --quiet               Report errors only
      --max-warnings <n>    Exit with 1 when there are more than n warnings
  -c, --config <file>       Use this config file instead of the nearest
                            .iam-profile-lint.yaml, .yml or .json
      --color, --no-color   Force colour on or off (default: on for a terminal;
                            NO_COLOR and FORCE_COLOR are honoured)
      --debug               Show stack traces of internal errors
  -h, --help                Show this help
  -v, --version             Show the version

Exit codes: 0 no errors and warnings within --max-warnings; 1 errors or too many
warnings; 2 usage error, config error, missing path or internal error.
`;

interface Options {
  format: Format;
  outputFile?: string;
  quiet: boolean;
  maxWarnings: number;
  configPath?: string;
  color: boolean;
  paths: string[];
}

/** A problem with how the tool was invoked or configured: exit 2 with a message, no stack. */
class UsageError extends Error {}

async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(argv);
  if (parsed === 'help') return print(USAGE);
  if (parsed === 'version') return print(`${readVersion()}\n`);
  const options = parsed;
  const cwd = process.cwd();

  const [{ lint, rules }, { loadConfig, ConfigError }] = await Promise.all([
    import('./index.js'),
    import('./config.js'),
  ]);
  let config;
  try {
    config = loadConfig(cwd, options.configPath, rules.map((rule) => rule.id)).config;
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const missing = options.paths.filter((p) => !pathExists(path.resolve(cwd, p)));
  if (missing.length > 0) {
    throw new UsageError(missing.map((p) => `no such file or directory: ${p}`).join(`\n${NAME}: `));
  }

  const result = await lint({ paths: options.paths, cwd, config });
  const findings = options.quiet ? result.findings.filter((f) => f.severity === 'error') : result.findings;
  const formatter = await loadFormatter(options.format);
  const report = formatter(findings, { cwd, fileCount: result.fileCount, color: options.color });
  writeReport(report, options.outputFile, cwd);
  return exitCode(findings, options.maxWarnings);
}

function parseCommandLine(argv: string[]): Options | 'help' | 'version' {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's message goes on to explain `--`; the first sentence is the useful part.
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional[\s\S]*$/, '') : '';
    throw new UsageError(`${message}\nRun '${NAME} --help' for usage.`);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (values.version) return 'version';
  const format = values.format ?? 'stylish';
  if (!isFormat(format)) {
    throw new UsageError(`unknown format "${format}" (expected one of ${FORMATS.join(', ')})`);
  }
  return {
    format,
    outputFile: values['output-file'],
    quiet: values.quiet ?? false,
    maxWarnings: parseMaxWarnings(values['max-warnings']),
    configPath: values.config,
    color: resolveColor({
      flag: values['no-color'] ? false : values.color,
      env: process.env,
      isTTY: values['output-file'] === undefined && process.stdout.isTTY === true,
    }),
    paths: positionals.length > 0 ? positionals : ['.'],
  };
}

/** -1 (ESLint's spelling of "no limit") or a non-negative integer. */
function parseMaxWarnings(raw: string | undefined): number {
  if (raw === undefined) return -1;
  if (!/^(?:-1|\d+)$/.test(raw.trim())) {
    throw new UsageError(`--max-warnings expects a non-negative integer (got "${raw}")`);
  }
  return Number(raw);
}

/** The flag wins, then FORCE_COLOR (as chalk reads it), then NO_COLOR, then whether we write to a terminal. */
function resolveColor(input: { flag: boolean | undefined; env: NodeJS.ProcessEnv; isTTY: boolean }): boolean {
  if (input.flag !== undefined) return input.flag;
  const force = input.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (input.env.NO_COLOR) return false;
  return input.isTTY;
}

function exitCode(findings: readonly Finding[], maxWarnings: number): number {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  if (maxWarnings >= 0 && warnings > maxWarnings) {
    process.stderr.write(`${NAME} found too many warnings (maximum: ${maxWarnings}).\n`);
    return 1;
  }
  return errors > 0 ? 1 : 0;
}

function writeReport(report: string, outputFile: string | undefined, cwd: string): void {
  if (outputFile === undefined) {
    if (report !== '') process.stdout.write(report);
    return;
  }
  const target = path.resolve(cwd, outputFile);
  try {
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, report);
  } catch (error) {
    throw new UsageError(`cannot write ${outputFile}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function pathExists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

function readVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const version = typeof pkg === 'object' && pkg !== null && 'version' in pkg ? pkg.version : undefined;
  return typeof version === 'string' ? version : 'unknown';
}

function print(text: string): number {
  process.stdout.write(text);
  return 0;
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
