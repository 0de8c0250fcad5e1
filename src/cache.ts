import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultConfig } from './config.js';
import { discover } from './discover.js';
import { lint, type LintOptions, type LintResult } from './index.js';
import { stripBom } from './source.js';
import { packageVersion } from './version.js';

/**
 * `--cache`: the result of a run, kept with the content hash of every file
 * the run read, and reused while none of them changed.
 *
 * Why the whole run and not each unit: the graph links units (Fn::ImportValue
 * into the exporting stack, nested stacks, Terraform module calls), so a
 * unit's findings depend on files outside it; and caching parsed trees does
 * not pay, as reading a structured clone of a tree costs more than parsing
 * its text (bench/, src/parallel.ts). The files a run read are exactly
 * `graph.sources`, dependencies outside the given paths included (a nested
 * template, a called module, tfvars, file() targets), so any change to any
 * of them, or a file added or removed, is a miss. A miss costs one extra walk
 * of the given paths; a hit costs that walk and hashing, no parsing.
 */

export const DEFAULT_CACHE_LOCATION = '.iam-profile-lint-cache';

/** Bump when the entry's shape changes. */
// 2: findings carry `help`, and messages no longer hold the fix.
const FORMAT = 2;
/** Entries kept per cache file (one per distinct set of options and paths). */
const MAX_ENTRIES = 8;

interface Entry {
  /** Discovered files and their hashes, hashed with the salt. */
  key: string;
  /** Every file the run read (path as the run names it) and its hash. */
  files: Record<string, string>;
  result: Omit<LintResult, 'graph'>;
  at: number;
}

interface CacheFile {
  format: number;
  entries: Record<string, Entry>;
}

export interface CacheOptions {
  /** The cache file, relative to the options' `cwd`. */
  location: string;
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** Sets and Maps in the config or options as arrays, so that two configs differing in them never share a salt. */
function stable(_key: string, value: unknown): unknown {
  if (value instanceof Set) return [...value].sort();
  if (value instanceof Map) return [...value.entries()];
  return value;
}

/** What the findings depend on besides the files: the tool's version and every option that changes them. */
function saltOf(options: LintOptions, cwd: string): string {
  // Everything but what cannot change the findings; an option added later is in the salt by default, so never stale.
  const { timings: _timings, heap: _heap, withGraph: _withGraph, cwd: _cwd, ...rest } = options;
  return hash(JSON.stringify({ version: packageVersion(), cwd, ...rest }, stable));
}

function readCache(file: string): CacheFile {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
    if (parsed.format === FORMAT && parsed.entries && typeof parsed.entries === 'object') return parsed;
  } catch {
    // No cache yet, or not ours: start afresh.
  }
  return { format: FORMAT, entries: {} };
}

function writeCache(file: string, cache: CacheFile): void {
  const kept = Object.entries(cache.entries)
    .sort((a, b) => b[1].at - a[1].at)
    .slice(0, MAX_ENTRIES);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    // Written aside and renamed, so that a concurrent run reads the old cache or the new one, never half of one.
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ format: FORMAT, entries: Object.fromEntries(kept) }));
    renameSync(temp, file);
  } catch {
    // A cache that cannot be written only costs speed.
  }
}

/** The hash of a file as the run read it (byte-order mark removed), or undefined when it cannot be read now. */
function currentHash(file: string, cwd: string): string | undefined {
  try {
    return hash(stripBom(readFileSync(path.resolve(cwd, file), 'utf8')));
  } catch {
    return undefined;
  }
}

/** `lint(options)`, answered from the cache when no file it read has changed since. */
export async function lintCached(options: LintOptions, cache: CacheOptions): Promise<LintResult> {
  const cwd = options.cwd ?? process.cwd();
  const file = path.resolve(cwd, cache.location);
  const salt = saltOf(options, cwd);
  const found = await discover(options.paths, { cwd, ignore: (options.config ?? defaultConfig).ignore, overlay: options.overlay });
  const discovered = new Map<string, string>();
  for (const unit of found.units) {
    for (const f of unit.kind === 'cloudformation' ? [unit.file] : unit.files) discovered.set(f.path, hash(stripBom(f.text)));
  }
  const key = hash(JSON.stringify([...discovered].sort(), null, 0) + JSON.stringify(found.missing) + JSON.stringify(found.problems));
  const stored = readCache(file);
  const entry = stored.entries[salt];
  if (entry && entry.key === key && unchanged(entry.files, discovered, cwd)) return entry.result;

  const result = await lint({ ...options, withGraph: true });
  const { graph, ...rest } = result;
  const files: Record<string, string> = {};
  for (const [source, text] of graph?.sources ?? []) files[source] = hash(text);
  stored.entries[salt] = { key, files, result: rest, at: Date.now() };
  writeCache(file, stored);
  return options.withGraph ? result : rest;
}

/** Whether every file the cached run read still has the content it had (discovered ones are hashed already). */
function unchanged(files: Record<string, string>, discovered: ReadonlyMap<string, string>, cwd: string): boolean {
  for (const [file, before] of Object.entries(files)) {
    const now = discovered.get(file) ?? currentHash(file, cwd);
    if (now !== before) return false;
  }
  return true;
}
