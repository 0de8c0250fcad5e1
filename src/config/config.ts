import { existsSync } from '../shared/builtins.js';
import path from 'node:path';
import { yaml } from '../parsers/yaml-lazy.js';
import type { RuleSetting } from '../shared/finding.js';
import { rebaseIgnorePattern } from '../discover/ignore.js';
import { DEFAULT_MAX_FILE_SIZE, readTextFile } from '../discover/read-source.js';

export interface Config {
  /** Overrides of the rules' default severities; rules not named keep theirs. */
  rules: Record<string, RuleSetting>;
  knownInstanceProfiles: string[];
  knownRoles: string[];
  /** 12-digit AWS account ids. */
  trustedAccounts: string[];
  /** gitignore-syntax patterns relative to the working directory. */
  ignore: string[];
  /** Per-path rule settings; later entries win (applied by `applyOverrides` in src/overrides.ts). */
  overrides: Override[];
}

export interface Override {
  /** gitignore-syntax patterns relative to the working directory. */
  files: string[];
  rules: Record<string, RuleSetting>;
}

/** Frozen: callers that need a mutable config take a copy. */
export const defaultConfig: Config = deepFreeze(cloneDefault());

export const CONFIG_FILE_NAMES = ['.iam-profile-lint.yaml', '.iam-profile-lint.yml', '.iam-profile-lint.json'] as const;

/** A problem the user must fix in their config; the message names the file and the key. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'info', 'off'];
const STRING_LIST_KEYS = ['knownInstanceProfiles', 'knownRoles', 'trustedAccounts', 'ignore'] as const;
const TOP_LEVEL_KEYS: readonly string[] = ['rules', ...STRING_LIST_KEYS, 'overrides'];
const OVERRIDE_KEYS: readonly string[] = ['files', 'rules'];
const ACCOUNT_ID = /^\d{12}$/;

/**
 * Finds the config nearest up from `cwd` (or reads `explicitPath`), parses and validates it.
 * `validRuleIds`, when given, makes unknown rule ids an error.
 */
export function loadConfig(
  cwd: string,
  explicitPath?: string,
  validRuleIds?: readonly string[],
): { config: Config; file?: string } {
  const file = explicitPath === undefined ? findConfigFile(cwd) : path.resolve(cwd, explicitPath);
  if (file === undefined) return { config: cloneDefault() };
  const shown = displayPath(cwd, file);
  // Found automatically, so a hostile checkout chooses it: a FIFO or a link to /dev/zero must be an error, not a hang or an abort.
  const got = readTextFile(file, DEFAULT_MAX_FILE_SIZE);
  if ('problem' in got) throw new ConfigError(`${shown}: cannot read config file (${got.problem})`);
  const config = parseConfig(got.text, shown, validRuleIds);
  // A found config's patterns are relative to its own directory; an explicit one's to cwd, as ESLint does.
  if (explicitPath === undefined) {
    config.ignore = rebaseIgnores(config.ignore, path.dirname(file), cwd);
    config.overrides = config.overrides.map((o) => ({ ...o, files: rebaseIgnores(o.files, path.dirname(file), cwd) }));
  }
  return { config, file };
}

/** Parses and validates config text; `shown` names the file in error messages. */
export function parseConfig(text: string, shown: string, validRuleIds?: readonly string[]): Config {
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const { line, col } = lineCounter.linePos(error.pos[0]);
    throw new ConfigError(`${shown}:${line}:${col}: ${error.message.split('\n')[0]}`);
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) return cloneDefault();
  if (!isPlainObject(data)) throw new ConfigError(`${shown}: expected a mapping of settings at the top level`);
  const config = cloneDefault();
  for (const [key, value] of Object.entries(data)) {
    // For editors (iam-profile-lint.schema.json); nothing for the linter.
    if (key === '$schema') continue;
    if (key === 'rules') config.rules = validateRules(value, shown, validRuleIds);
    else if (key === 'overrides') config.overrides = validateOverrides(value, shown, validRuleIds);
    else if (isStringListKey(key)) config[key] = validateStringList(value, shown, key);
    else throw new ConfigError(`${shown}: ${key}: unknown setting${didYouMean(key, TOP_LEVEL_KEYS)}`);
  }
  return config;
}

function validateRules(
  value: unknown,
  shown: string,
  validRuleIds?: readonly string[],
  where = 'rules',
): Record<string, RuleSetting> {
  if (value === null) return {};
  if (!isPlainObject(value)) throw new ConfigError(`${shown}: ${where}: expected a mapping of rule id to severity`);
  const rules: Record<string, RuleSetting> = {};
  for (const [id, setting] of Object.entries(value)) {
    if (validRuleIds && !validRuleIds.includes(id)) {
      throw new ConfigError(`${shown}: ${where}.${id}: unknown rule${didYouMean(id, validRuleIds)}`);
    }
    // ESLint and others spell it `warn`.
    if (setting === 'warn') {
      rules[id] = 'warning';
      continue;
    }
    if (!isRuleSetting(setting)) {
      throw new ConfigError(
        `${shown}: ${where}.${id}: expected one of ${SETTINGS.join(', ')} (got ${JSON.stringify(setting)})`,
      );
    }
    rules[id] = setting;
  }
  return rules;
}

/** `overrides: [{ files: "legacy/**" | [globs], rules: { rule-id: severity } }]`. */
function validateOverrides(value: unknown, shown: string, validRuleIds?: readonly string[]): Override[] {
  if (value === null) return [];
  if (!Array.isArray(value)) throw new ConfigError(`${shown}: overrides: expected a list of { files, rules }`);
  return value.map((item: unknown, index): Override => {
    const where = `overrides[${index}]`;
    if (!isPlainObject(item)) throw new ConfigError(`${shown}: ${where}: expected a mapping with files and rules`);
    for (const key of Object.keys(item)) {
      if (!OVERRIDE_KEYS.includes(key)) throw new ConfigError(`${shown}: ${where}.${key}: unknown setting${didYouMean(key, OVERRIDE_KEYS)}`);
    }
    const files = typeof item.files === 'string' ? [item.files] : item.files;
    if (!isGlobList(files)) {
      throw new ConfigError(`${shown}: ${where}.files: expected a glob or a non-empty list of globs (got ${JSON.stringify(item.files)})`);
    }
    if (item.rules === undefined) throw new ConfigError(`${shown}: ${where}.rules: missing; expected a mapping of rule id to severity`);
    return { files, rules: validateRules(item.rules, shown, validRuleIds, `${where}.rules`) };
  });
}

function validateStringList(value: unknown, shown: string, key: (typeof STRING_LIST_KEYS)[number]): string[] {
  if (value === null) return [];
  if (!Array.isArray(value)) throw new ConfigError(`${shown}: ${key}: expected a list of strings`);
  return value.map((item: unknown, index) => {
    const where = `${shown}: ${key}[${index}]`;
    if (key === 'trustedAccounts') return accountId(item, where);
    if (typeof item !== 'string' || item === '') {
      throw new ConfigError(`${where}: expected a non-empty string (got ${JSON.stringify(item)})`);
    }
    return item;
  });
}

/** YAML reads an unquoted account id as a number and drops its leading zeros; ids are always 12 digits, so pad. */
function accountId(item: unknown, where: string): string {
  const text = typeof item === 'number' && Number.isSafeInteger(item) && item >= 0 ? String(item).padStart(12, '0') : item;
  if (typeof text !== 'string' || !ACCOUNT_ID.test(text)) {
    throw new ConfigError(`${where}: expected a 12-digit AWS account id (got ${JSON.stringify(item)})`);
  }
  return text;
}

function findConfigFile(cwd: string): string | undefined {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const found = CONFIG_FILE_NAMES.map((name) => path.join(dir, name)).filter((file) => existsSync(file));
    if (found.length > 1) {
      const names = found.map((file) => displayPath(cwd, file)).join(' and ');
      throw new ConfigError(`${names}: more than one config file in one directory; keep one`);
    }
    if (found.length === 1) return found[0];
    if (path.dirname(dir) === dir) return undefined;
  }
}

function rebaseIgnores(patterns: string[], configDir: string, cwd: string): string[] {
  const rel = path.relative(configDir, path.resolve(cwd));
  if (rel === '') return patterns;
  const prefix = rel.split(path.sep);
  return patterns.flatMap((pattern) => rebaseIgnorePattern(pattern, prefix) ?? []);
}

function displayPath(cwd: string, file: string): string {
  const rel = path.relative(path.resolve(cwd), file);
  return (rel === '' || path.isAbsolute(rel) ? file : rel).split(path.sep).join('/');
}

function cloneDefault(): Config {
  return { rules: {}, knownInstanceProfiles: [], knownRoles: [], trustedAccounts: [], ignore: [], overrides: [] };
}

function deepFreeze(config: Config): Config {
  for (const value of Object.values(config)) Object.freeze(value);
  return Object.freeze(config);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Map);
}

function isGlobList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((f: unknown) => typeof f === 'string' && f !== '');
}

function isStringListKey(key: string): key is (typeof STRING_LIST_KEYS)[number] {
  return (STRING_LIST_KEYS as readonly string[]).includes(key);
}

function isRuleSetting(value: unknown): value is RuleSetting {
  return typeof value === 'string' && (SETTINGS as readonly string[]).includes(value);
}

/** ` (did you mean X?)` when one candidate is close enough to be a likely typo. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return best !== undefined && bestDistance <= limit ? ` (did you mean ${best}?)` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}
