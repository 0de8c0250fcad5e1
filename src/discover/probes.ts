import type * as Crypto from 'node:crypto';
import { readdirSync } from '../shared/builtins.js';
import { createRequire } from 'node:module';
import type { SourceRead } from './read-source.js';
import { errorCode } from '../shared/fs-errors.js';

/**
 * What a run looked at on disk, for `--cache`: every file it read (or tried
 * to: a `file()` target, a tfvars file, a nested template that is not there)
 * and every directory it listed (for tfvars, `*_override.tf`, a called
 * module). A lookup that found nothing is recorded too, so a file that
 * appears later makes the cache stale. Recording is off unless the cache asks.
 */
export type Probe = { kind: 'read'; path: string; digest: string } | { kind: 'list'; path: string; digest: string };

let active: Map<string, Probe> | undefined;

let crypto: typeof Crypto | undefined;

export function probeDigest(text: string): string {
  // Loaded on first use: only --cache digests what a run reads, and `import` of node:crypto
  // cost about 3 ms of every start (the module, and the ESM facade reading its lazy getters).
  crypto ??= createRequire(import.meta.url)('node:crypto') as typeof Crypto;
  return crypto.createHash('sha256').update(text).digest('base64url');
}

/** Runs `run` while recording probes; nested use is not supported (one run at a time, as the cache runs it). */
export async function recordingProbes<T>(run: () => Promise<T>): Promise<{ result: T; probes: Probe[] }> {
  const probes = new Map<string, Probe>();
  active = probes;
  try {
    return { result: await run(), probes: [...probes.values()] };
  } finally {
    active = undefined;
  }
}

/** What a read of `abs` found, as a digest: the text's hash, or what stood in its way. */
export function readDigest(got: SourceRead): string {
  return got.kind === 'text' ? probeDigest(got.text) : got.kind === 'error' ? `error:${errorCode(got.error) ?? 'unknown'}` : got.kind;
}

export function noteRead(abs: string, got: SourceRead): void {
  if (active && !active.has(`read\0${abs}`)) active.set(`read\0${abs}`, { kind: 'read', path: abs, digest: readDigest(got) });
}

/** A file looked for and not found (its real path cannot be checked, so it is not read). */
export function noteMissing(abs: string): void {
  if (active && !active.has(`read\0${abs}`)) active.set(`read\0${abs}`, { kind: 'read', path: abs, digest: 'error:ENOENT' });
}

/** The sorted names in a directory (recorded when probing), or undefined when it cannot be listed. */
export function listDirectory(abs: string): string[] | undefined {
  let names: string[] | undefined;
  try {
    names = readdirSync(abs).sort();
  } catch {
    names = undefined;
  }
  if (active && !active.has(`list\0${abs}`)) active.set(`list\0${abs}`, { kind: 'list', path: abs, digest: listDigest(names) });
  return names;
}

export function listDigest(names: readonly string[] | undefined): string {
  return names === undefined ? 'missing' : probeDigest(names.join('\0'));
}


