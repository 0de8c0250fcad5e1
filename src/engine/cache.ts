import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, statSync, writeFileSync } from '../shared/builtins.js';
import path from 'node:path';
import { defaultConfig } from '../config/config.js';
import { discover } from '../discover/discover.js';
import { lint } from './lint.js';
import type { LintOptions, LintResult } from './options.js';
import { isRecord, own, record } from '../shared/own.js';
import { listDigest, listDirectory, readDigest, recordingProbes, type Probe } from '../discover/probes.js';
import { DEFAULT_MAX_FILE_SIZE, readSource } from '../discover/read-source.js';
import { stripBom } from '../shared/source.js';
import { isLintedFile } from '../shared/within.js';
import { packageVersion } from '../shared/version.js';

/**
 * `--cache`: the result of a run, kept with the content hash of every file
 * the run read and every other look it took at the disk, and reused while none
 * of them changed.
 *
 * Why the whole run and not each unit: the graph links units (Fn::ImportValue
 * into the exporting stack, nested stacks, Terraform module calls), so a
 * unit's findings depend on files outside it; and caching parsed trees does
 * not pay, as reading a structured clone of a tree costs more than parsing
 * its text (bench/). The files a run read are `graph.sources`; the lookups
 * that found nothing (a tfvars file, an `*_override.tf`, a `file()` target, a
 * nested template, a called module's directory) are the probes (probes.ts),
 * so a file that appears later is a miss too. A cache file is input like any
 * other: of the wrong shape it is no cache, its paths are checked only inside
 * the project and through the safe reader, and it answers only for the very
 * files it was written for (device, inode, change time), never for a checkout
 * that brought it along.
 */

export const DEFAULT_CACHE_LOCATION = '.iam-profile-lint-cache';

/** Bump when the entry's shape changes. */
// 2: findings carry `help`, messages no longer hold the fix, and the entry records what each lookup found.
// 3: a finding's fix is the rule's request (`kind`, `at`, ...), with its edits only when the run built them.
const FORMAT = 3;
/** Entries kept per cache file (one per distinct set of options and paths). */
const MAX_ENTRIES = 8;

interface Entry {
  /** Discovered files and their hashes, hashed with the salt. */
  key: string;
  /** Every file the run read (path as the run names it) and its hash. */
  files: Record<string, string>;
  /** Every other look at the disk the run made (reads, listings, lookups that found nothing), by absolute path. */
  probes: Probe[];
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

/** The cache as written by us, or an empty one: anything of another shape is no cache (never an error, never trusted). */
function readCache(file: string): CacheFile {
  const empty = { format: FORMAT, entries: record<Entry>() };
  const got = readSource(file, MAX_CACHE_BYTES);
  if (got.kind !== 'text') return empty;
  let parsed: unknown;
  try {
    parsed = JSON.parse(got.text);
  } catch {
    return empty;
  }
  if (!isRecord(parsed) || parsed.format !== FORMAT || !isRecord(parsed.entries)) return empty;
  const entries = record<Entry>();
  for (const [salt, entry] of Object.entries(parsed.entries)) if (isEntry(entry)) entries[salt] = entry;
  return { format: FORMAT, entries };
}

/** A cache larger than this is not ours (or not worth reading). */
const MAX_CACHE_BYTES = 256 * 1024 * 1024;


const isString = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function isStringRecord(v: unknown): v is Record<string, string> {
  return isRecord(v) && Object.values(v).every(isString);
}

function isProbe(v: unknown): v is Probe {
  return isRecord(v) && (v.kind === 'read' || v.kind === 'list') && isString(v.path) && isString(v.digest);
}

function isFinding(v: unknown): boolean {
  if (!isRecord(v)) return false;
  const positions = [v.line, v.column, v.endLine, v.endColumn].every(isCount);
  const fix = v.fix === undefined || isFix(v.fix);
  return positions && fix && isString(v.rule) && isString(v.message) && isString(v.file) && (v.severity === 'error' || v.severity === 'warning' || v.severity === 'info');
}

/** A request of a known kind; its edits, when the run built them, well-formed (the reports index them). */
function isFix(v: unknown): boolean {
  if (!isRecord(v) || !(v.kind === 'reference-profile' || v.kind === 'new-profile' || v.kind === 'swap-form') || !isWrittenAt(v.at)) return false;
  if (v.edits === undefined) return v.description === undefined;
  return isString(v.description) && Array.isArray(v.edits) && v.edits.every((e) => isRecord(e) && isString(e.text) && isWrittenAt(e));
}

function isWrittenAt(v: unknown): v is { file: string; start: number; end: number } {
  return isRecord(v) && isString(v.file) && isCount(v.start) && isCount(v.end);
}

function isEntry(v: unknown): v is Entry {
  if (!isRecord(v) || !isString(v.key) || !isStringRecord(v.files) || !Array.isArray(v.probes) || !v.probes.every(isProbe) || typeof v.at !== 'number') return false;
  const r = v.result;
  return isRecord(r) && Array.isArray(r.findings) && r.findings.every(isFinding) && isCount(r.fileCount) && Array.isArray(r.files) && r.files.every(isString) && Array.isArray(r.missing) && r.missing.every(isString);
}

/**
 * The cache is written aside and renamed over its location, which replaces
 * whatever is there: only a regular file (or nothing) may be, and never a file
 * the run linted. A device or a FIFO would become a regular file (as root,
 * /dev/null for everyone), a template would become the cache. The CLI refuses
 * both with exit 2 (src/cli/main.ts); this keeps lintCached safe by itself.
 */
function replaceable(file: string, linted: readonly string[], cwd: string): boolean {
  let info;
  try {
    info = statSync(file);
  } catch {
    return true;
  }
  return info.isFile() && !isLintedFile(file, linted, cwd);
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

/** `lint(options)`, answered from the cache when nothing it looked at on disk has changed since. */
export async function lintCached(options: LintOptions, cache: CacheOptions): Promise<LintResult> {
  const cwd = options.cwd ?? process.cwd();
  const file = path.resolve(cwd, cache.location);
  const salt = saltOf(options, cwd);
  const found = await discover(options.paths, { cwd, ignore: (options.config ?? defaultConfig).ignore, overlay: options.overlay });
  const discovered = new Map<string, string>();
  for (const unit of found.units) {
    for (const f of unit.kind === 'cloudformation' ? [unit.file] : unit.files) discovered.set(f.path, hash(stripBom(f.text)));
  }
  // Which files Terragrunt copies comes from configurations that are not linted files: a new one changes the key.
  const copied = found.units.flatMap((u) => (u.kind === 'terraform' ? (u.copiedByTerragrunt ?? []) : []));
  // Likewise which units run a module from a local source.
  const runs = found.units.flatMap((u) => (u.kind === 'terraform' && u.runByTerragrunt ? [[u.dir, u.runByTerragrunt]] : []));
  const key = hash(
    JSON.stringify([...discovered].sort(), null, 0) +
      JSON.stringify(found.missing) +
      JSON.stringify(found.problems) +
      (copied.length > 0 ? JSON.stringify(copied) : '') +
      (runs.length > 0 ? JSON.stringify(runs) : '') +
      identities([...discovered.keys()], cwd),
  );
  const stored = readCache(file);
  const entry = own(stored.entries, salt);
  const project = [cwd, ...found.roots];
  if (entry && entry.key === key && consistent(entry, discovered) && unchanged(entry, discovered, cwd, project)) return entry.result;

  const { result, probes } = await recordingProbes(() => lint({ ...options, withSources: true }));
  const { graph, sources, ...rest } = result;
  const files = record<string>();
  for (const [source, text] of sources ?? []) files[source] = hash(text);
  const discoveredAbs = new Set([...discovered.keys()].map((f) => path.resolve(cwd, f)));
  stored.entries[salt] = { key, files, probes: probes.filter((p) => !(p.kind === 'read' && discoveredAbs.has(p.path))), result: rest, at: Date.now() };
  if (replaceable(file, rest.files, cwd)) writeCache(file, stored);
  return options.withGraph && graph ? { ...rest, graph } : rest;
}

/**
 * Which files on this disk the entry is about: device, inode and change time
 * (which nobody can set: a checkout, a copy or a restore gives new ones). A
 * cache file committed to a repository, or copied in beside other files,
 * therefore never answers a run: it would otherwise make any code pass.
 */
function identities(files: readonly string[], cwd: string): string {
  return [...files]
    .sort()
    .map((f) => {
      try {
        const s = statSync(path.resolve(cwd, f), { bigint: true });
        return `${s.dev}:${s.ino}:${s.ctimeNs}`;
      } catch {
        return 'gone';
      }
    })
    .join(',');
}

/** A run reads every file it discovers: an entry that does not list them all was not written by such a run. */
function consistent(entry: Entry, discovered: ReadonlyMap<string, string>): boolean {
  for (const f of discovered.keys()) if (!Object.hasOwn(entry.files, f)) return false;
  return entry.result.files.length === Object.keys(entry.files).length;
}

/**
 * Whether everything the cached run looked at is as it was: each file it read
 * (discovered ones are hashed already; the others through the same safe reader
 * the linter uses, and only inside the project), each directory it listed,
 * each lookup that found nothing.
 */
function unchanged(entry: Entry, discovered: ReadonlyMap<string, string>, cwd: string, project: readonly string[]): boolean {
  const inProject = (abs: string): boolean => project.some((root) => { const rel = path.relative(root, abs); return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel)); });
  for (const [file, before] of Object.entries(entry.files)) {
    const known = discovered.get(file);
    if (known !== undefined) {
      if (known !== before) return false;
      continue;
    }
    const abs = path.resolve(cwd, file);
    if (!inProject(abs)) return false;
    const got = readSource(abs, DEFAULT_MAX_FILE_SIZE);
    if (got.kind !== 'text' || hash(stripBom(got.text)) !== before) return false;
  }
  for (const probe of entry.probes) {
    if (!inProject(probe.path)) return false;
    const now = probe.kind === 'read' ? readDigest(readSource(probe.path, DEFAULT_MAX_FILE_SIZE)) : listDigest(listDirectory(probe.path));
    if (now !== probe.digest) return false;
  }
  return true;
}
