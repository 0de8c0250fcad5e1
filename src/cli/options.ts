// argv → options for the CLI: pure, so every combination is testable without a process.
import { parseArgs } from '../shared/builtins.js';
import { FORMATS, isFormat, type Format } from '../report/formats.js';
import type { RuleSetting, Severity } from '../shared/finding.js';
import { closest } from '../graph/queries/describe.js';
import { parseParameterFlags } from './parameters.js';
import { parseVarFlags } from './variables.js';
import { UsageError } from './usage-error.js';

export { UsageError };
import { record, table } from '../shared/own.js';

export const NAME = 'iam-profile-lint';

const OPTIONS = {
  format: { type: 'string', short: 'f', multiple: true },
  'output-file': { type: 'string', short: 'o' },
  quiet: { type: 'boolean' },
  'fail-on': { type: 'string' },
  'max-warnings': { type: 'string' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
  'report-all': { type: 'boolean' },
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  config: { type: 'string', short: 'c' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  var: { type: 'string', multiple: true },
  'var-file': { type: 'string', multiple: true },
  parameters: { type: 'string', multiple: true },
  'parameters-file': { type: 'string' },
  explain: { type: 'boolean' },
  'debug-graph': { type: 'boolean' },
  'max-file-size': { type: 'string' },
  cache: { type: 'boolean' },
  'cache-location': { type: 'string' },
  debug: { type: 'boolean' },
  'list-rules': { type: 'boolean' },
  rule: { type: 'string', multiple: true },
  'error-on-unmatched': { type: 'boolean' },
  'graph-all': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

export const USAGE = `Usage: ${NAME} [options] [paths...]

Lints AWS IAM roles and EC2 instance profiles in CloudFormation templates and
Terraform modules. Paths are files or directories; the default is the current
directory. A given .tf file is analysed with the rest of its module, but only
findings in the given files are reported (as pre-commit wants); --report-all
reports the whole module.

Options:
  -f, --format <name>[:<file>]
                            Output format (default: stylish): one of
                            ${FORMATS.join(', ')}.
                            Repeat for several reports, each to its own file:
                            --format sarif:lint.sarif --format stylish.
                            codeframe is stylish with each finding's source
                            line and a caret under it
  -o, --output-file <file>  Write the report of a --format given without a file
                            to this file instead of standard output
      --quiet               Report errors only
      --rule <id>=<severity>
                            Set a rule's severity for this run: off, info,
                            warning (or warn) or error; wins over the config
                            (repeatable)
      --list-rules          List the rules (id, default severity, summary) and
                            exit; with --format json, as JSON
      --fail-on <level>     Exit 1 when a finding is at or above this level:
                            error, warning, info or never (default: error)
      --max-warnings <n>    Also exit 1 when there are more than n warnings
      --baseline <file>     Report only findings that are not in this baseline
      --write-baseline <file>
                            Record today's findings in a baseline file and exit 0
      --report-all          With file arguments, report findings in the rest of
                            their modules too
      --fix                 Fix what can be fixed (add the missing instance
                            profile, reference it, switch name/ARN) in the
                            given files, then report what remains
      --fix-dry-run         Print the fixes as a unified diff instead of
                            writing them (the report goes to standard error)
  -c, --config <file>       Use this config file instead of the nearest
                            .iam-profile-lint.yaml, .yml or .json
      --color, --no-color   Force colour on or off (default: on for a terminal;
                            NO_COLOR and FORCE_COLOR are honoured)
      --var <name=value>    Set a Terraform variable of the root modules linted
                            (repeatable; wins over every variable file)
      --var-file <file>     Read Terraform variable values from this file after
                            terraform.tfvars and *.auto.tfvars (repeatable)
      --parameters <KEY=VALUE>
                            Set a CloudFormation parameter for the deploy
                            (repeatable; wins over defaults and the file)
      --parameters-file <file>
                            Read CloudFormation parameter values from a JSON file:
                            [{"ParameterKey","ParameterValue"}] (AWS CLI) or
                            {"Parameters": {...}} (CodePipeline)
      --explain             List where each finding's value came from (variables,
                            locals, module arguments and outputs) as related
                            locations; stylish prints them as note: lines
      --debug-graph         Print every slot value and what it resolved to (for
                            unknowns, why) to standard error
      --max-file-size <size>
                            Report larger files as skipped instead of reading
                            them: bytes, or with a k, m or g suffix (KiB, MiB,
                            GiB); 0 for no limit (default: 10m)
      --cache               Reuse the last run's findings while no file it read
                            (templates, modules, called modules, tfvars) changed
      --cache-location <file>
                            The cache file (default: .iam-profile-lint-cache)
      --error-on-unmatched  Exit 2 when the paths hold no CloudFormation
                            template or Terraform file (without it, a note on
                            standard error)
      --graph-all           mermaid draws every template and module, not only
                            those with findings
      --debug               Show stack traces of internal errors
      --lsp                 Run as a language server on stdio, for editors
                            (settings come from the editor; see the README)
  -h, --help                Show this help
  -v, --version             Show the version

Exit codes: 0 no finding at or above --fail-on and warnings within
--max-warnings; 1 otherwise (either condition alone fails the run); 2 usage
error, config error, missing path or internal error.
`;

export type FailOn = Severity | 'never';
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'never'];

/** One report: a format and where it goes (undefined: standard output). */
export interface ReportTarget {
  format: Format;
  file?: string;
}

export interface Options {
  reports: ReportTarget[];
  quiet: boolean;
  failOn: FailOn;
  maxWarnings: number;
  baseline?: string;
  writeBaseline?: string;
  reportAll: boolean;
  /** `--fix` writes, `--fix-dry-run` prints a diff; undefined: no fixing. */
  fix?: 'write' | 'dry-run';
  configPath?: string;
  /** Undefined: decided by the environment and the terminal. */
  colorFlag?: boolean;
  paths: string[];
  /** `--var name=value`, later flags winning. */
  variables?: Record<string, string>;
  varFiles?: string[];
  parameterFlags?: Record<string, string>;
  parametersFile?: string;
  explain?: boolean;
  debugGraph?: boolean;
  /** Bytes; undefined: the library's default. */
  maxFileSize?: number;
  /** `--cache`: the cache file to use (`--cache-location`, else the default); undefined: no cache. */
  cacheLocation?: string;
  /** `--rule id=severity`, later flags winning; checked against the rule ids by the CLI. */
  ruleSettings?: Record<string, RuleSetting>;
  errorOnUnmatched?: boolean;
  graphAll?: boolean;
}

/** A problem with how the tool was invoked or configured: exit 2 with a message, no stack. */
export function parseCommandLine(argv: string[]): Options | 'help' | 'version' | { listRules: 'text' | 'json' } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's message goes on to explain `--`; the first sentence is the useful part.
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional[\s\S]*$/, '') : '';
    throw new UsageError(`${message}${suggestOption(message)}\nRun '${NAME} --help' for usage.`);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (values.version) return 'version';
  if (values['list-rules']) return { listRules: listRulesFormat(values.format) };
  if (values.fix && values['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run cannot be used together: --fix writes the fixes, --fix-dry-run only prints them');
  return {
    reports: reportTargets(values.format ?? ['stylish'], values['output-file']),
    quiet: values.quiet ?? false,
    failOn: parseFailOn(values['fail-on']),
    maxWarnings: parseMaxWarnings(values['max-warnings']),
    baseline: values.baseline,
    writeBaseline: values['write-baseline'],
    reportAll: values['report-all'] ?? false,
    ...(values['fix-dry-run'] ? { fix: 'dry-run' as const } : values.fix ? { fix: 'write' as const } : {}),
    configPath: values.config,
    colorFlag: values['no-color'] ? false : values.color,
    paths: positionals.length > 0 ? positionals : ['.'],
    ...(values.var ? { variables: parseVarFlags(values.var) } : {}),
    ...(values['var-file'] ? { varFiles: values['var-file'] } : {}),
    ...(values.parameters ? { parameterFlags: parseParameterFlags(values.parameters) } : {}),
    ...(values['parameters-file'] ? { parametersFile: values['parameters-file'] } : {}),
    ...(values.explain ? { explain: true } : {}),
    ...(values['debug-graph'] ? { debugGraph: true } : {}),
    ...(values['max-file-size'] === undefined ? {} : { maxFileSize: parseSize(values['max-file-size']) }),
    // As ESLint: --cache-location alone does not turn the cache on.
    ...(values.cache ? { cacheLocation: values['cache-location'] ?? '.iam-profile-lint-cache' } : {}),
    ...(values.rule ? { ruleSettings: parseRuleFlags(values.rule) } : {}),
    ...(values['error-on-unmatched'] ? { errorOnUnmatched: true } : {}),
    ...(values['graph-all'] ? { graphAll: true } : {}),
  };
}

/** ` (did you mean --fix?)` after Node's "Unknown option '--fxi'", when an option is that close. */
function suggestOption(message: string): string {
  const m = /Unknown option '(-{1,2})([^'=]+)/.exec(message);
  if (!m) return '';
  const near = closest(m[2], Object.keys(OPTIONS));
  return near === undefined ? '' : ` (did you mean --${near}?)`;
}

function listRulesFormat(formats: readonly string[] | undefined): 'text' | 'json' {
  const format = formats?.at(-1);
  if (format === undefined || format === 'stylish') return 'text';
  if (format === 'json') return 'json';
  throw new UsageError(`--list-rules prints text or --format json (got --format ${format})`);
}

const RULE_SETTINGS: Readonly<Record<string, RuleSetting>> = table({ off: 'off', info: 'info', warning: 'warning', warn: 'warning', error: 'error' });

/** `--rule id=severity` (ESLint's `--rule`, checkov's `--skip-check` with `=off`), later flags winning. */
export function parseRuleFlags(flags: readonly string[]): Record<string, RuleSetting> {
  // From record(): on a plain object `__proto__=off` would set the prototype, not a key, and escape the rule-id check.
  const settings = record<RuleSetting>();
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const id = flag.slice(0, Math.max(eq, 0)).trim();
    const setting = RULE_SETTINGS[flag.slice(eq + 1).trim().toLowerCase()];
    if (eq <= 0 || id === '' || setting === undefined) {
      throw new UsageError(`--rule expects ID=off|info|warning|error, e.g. --rule trust-policy-root-principal=off (got "${flag}")`);
    }
    settings[id] = setting;
  }
  return settings;
}

/** `name` or `name:file`; a format without a file writes to --output-file, or else to standard output. */
export function reportTargets(specs: readonly string[], outputFile: string | undefined): ReportTarget[] {
  const targets = specs.map((spec): ReportTarget => {
    const colon = spec.indexOf(':');
    const name = colon < 0 ? spec : spec.slice(0, colon);
    const file = colon < 0 ? outputFile : spec.slice(colon + 1);
    if (!isFormat(name)) throw new UsageError(`unknown format "${name}" (expected one of ${FORMATS.join(', ')})`);
    if (file === '') throw new UsageError(`--format ${name}: expected a file name after "${name}:"`);
    return file === undefined ? { format: name } : { format: name, file };
  });
  const toStdout = targets.filter((t) => t.file === undefined);
  if (toStdout.length > 1) {
    const names = toStdout.map((t) => t.format).join(', ');
    throw new UsageError(`${names}: only one report can go to standard output; give the others a file (--format NAME:FILE)`);
  }
  const files = targets.flatMap((t) => (t.file === undefined ? [] : [t.file]));
  const twice = files.find((file, i) => files.indexOf(file) !== i);
  if (twice !== undefined) throw new UsageError(`${twice}: more than one report would be written to this file`);
  return targets;
}

function parseFailOn(raw: string | undefined): FailOn {
  if (raw === undefined) return 'error';
  // ESLint and others spell it `warn`.
  const found = FAIL_ON.find((level) => level === (raw === 'warn' ? 'warning' : raw));
  if (found === undefined) throw new UsageError(`--fail-on expects one of ${FAIL_ON.join(', ')} (got "${raw}")`);
  return found;
}

/** -1 (ESLint's spelling of "no limit") or a non-negative integer. */
function parseMaxWarnings(raw: string | undefined): number {
  if (raw === undefined) return -1;
  if (!/^(?:-1|\d+)$/.test(raw.trim())) {
    throw new UsageError(`--max-warnings expects a non-negative integer (got "${raw}")`);
  }
  return Number(raw);
}

const SIZE_UNITS: Record<string, number> = table({ '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 });

/** `10485760`, `512k`, `10m`, `1g` (binary units, any case, an optional trailing `b`/`ib`); 0 for no limit. */
export function parseSize(raw: string): number {
  const m = /^(\d{1,15})\s?([kmg]?)(?:i?b)?$/i.exec(raw.trim());
  if (!m) throw new UsageError(`--max-file-size expects a size in bytes, or with a k, m or g suffix (got "${raw}")`);
  return Number(m[1]) * SIZE_UNITS[m[2].toLowerCase()];
}

/** The flag wins, then FORCE_COLOR (as chalk reads it), then NO_COLOR, then whether we write to a terminal. */
export function resolveColor(input: { flag: boolean | undefined; env: NodeJS.ProcessEnv; isTTY: boolean }): boolean {
  if (input.flag !== undefined) return input.flag;
  const force = input.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (input.env.NO_COLOR) return false;
  return input.isTTY;
}

const RANK: Record<FailOn, number> = { info: 0, warning: 1, error: 2, never: Infinity };

/** Exit 1 when a finding reaches --fail-on, or when warnings exceed --max-warnings; `reason` explains the latter. */
export function exitStatus(
  severities: readonly Severity[],
  options: { failOn: FailOn; maxWarnings: number },
): { code: 0 | 1; reason?: string } {
  const warnings = severities.filter((s) => s === 'warning').length;
  if (options.maxWarnings >= 0 && warnings > options.maxWarnings) {
    return { code: 1, reason: `${NAME} found too many warnings (maximum: ${options.maxWarnings}).` };
  }
  return { code: severities.some((s) => RANK[s] >= RANK[options.failOn]) ? 1 : 0 };
}
