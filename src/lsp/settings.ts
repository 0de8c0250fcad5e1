// What the editor and the project tell the server: initializationOptions / settings, and the nearest config file.
import { existsSync } from '../shared/builtins.js';
import path from 'node:path';
import { CONFIG_FILE_NAMES, ConfigError, loadConfig, type Config } from '../config/config.js';
import { rules } from '../rules/index.js';
import { isWithin } from '../shared/within.js';
import { isRecord } from '../shared/own.js';

/** `initializationOptions` (or `iam-profile-lint` settings): the CLI's `--parameters`, `--var`, `--var-file`. */
export interface ServerSettings {
  parameters?: Record<string, string>;
  variables?: Record<string, string>;
  varFiles?: string[];
  /** Milliseconds of quiet after a keystroke before linting. */
  debounceMs: number;
}

export const DEFAULT_DEBOUNCE_MS = 100;

/** Reads settings from untrusted JSON: what has the wrong type is left out and named in `problems`. */
export function readSettings(input: unknown): { settings: ServerSettings; problems: string[] } {
  const problems: string[] = [];
  const settings: ServerSettings = { debounceMs: DEFAULT_DEBOUNCE_MS };
  if (input === undefined || input === null) return { settings, problems };
  if (!isRecord(input)) return { settings, problems: ['initializationOptions: expected an object'] };
  const parameters = stringRecord(input.parameters, 'parameters', problems);
  const variables = stringRecord(input.variables, 'variables', problems);
  if (parameters) settings.parameters = parameters;
  if (variables) settings.variables = variables;
  if (input.varFiles !== undefined) {
    if (Array.isArray(input.varFiles) && input.varFiles.every((f) => typeof f === 'string')) settings.varFiles = input.varFiles;
    else problems.push('varFiles: expected a list of file names');
  }
  if (input.debounceMs !== undefined) {
    if (typeof input.debounceMs === 'number' && input.debounceMs >= 0 && input.debounceMs <= 10_000) settings.debounceMs = input.debounceMs;
    else problems.push('debounceMs: expected a number of milliseconds from 0 to 10000');
  }
  return { settings, problems };
}

/** Values given as strings; numbers and booleans are taken as the CLI would read them from `KEY=VALUE`. */
function stringRecord(value: unknown, key: string, problems: string[]): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) {
    problems.push(`${key}: expected an object of names to values`);
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(value)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[name] = String(v);
    else problems.push(`${key}.${name}: expected a string`);
  }
  return out;
}

/** A config as a lint needs it: where it was found, and the directory its patterns are relative to. */
export interface LoadedConfig {
  config?: Config;
  file?: string;
  /** The config's problem, reported on its file; the lint then runs with the defaults. */
  error?: string;
  /** Working directory for `lint()`: the config's directory when inside the root, so that its patterns apply as written. */
  cwd: string;
}

/** The nearest config file above a document, read once and kept until a watched change forgets it. */
export class ConfigCache {
  private readonly loaded = new Map<string, LoadedConfig>();

  forDocument(file: string, root: string): LoadedConfig {
    const found = nearestConfig(path.dirname(file));
    const cwd = found && isWithin(root, found) ? path.dirname(found) : root;
    const key = `${cwd}\0${found ?? ''}`;
    let hit = this.loaded.get(key);
    if (!hit) {
      hit = load(cwd);
      this.loaded.set(key, hit);
    }
    return hit;
  }

  forget(): void {
    this.loaded.clear();
  }
}

function load(cwd: string): LoadedConfig {
  try {
    const { config, file } = loadConfig(cwd, undefined, rules.map((r) => r.id));
    return { config, file, cwd };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof ConfigError)) return { error: `cannot read the config: ${message}`, cwd };
    return { error: message, file: nearestConfig(cwd), cwd };
  }
}

function nearestConfig(start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const found = CONFIG_FILE_NAMES.map((name) => path.join(dir, name)).find((file) => existsSync(file));
    if (found) return found;
    if (path.dirname(dir) === dir) return undefined;
  }
}

export function isConfigFile(file: string): boolean {
  return (CONFIG_FILE_NAMES as readonly string[]).includes(path.basename(file));
}
