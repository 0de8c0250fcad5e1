import path from 'node:path';
import { fingerprint } from './fingerprint.js';
import type { Finding } from '../shared/finding.js';
import { isRecord } from '../shared/own.js';

/**
 * A baseline records the findings a project accepts today, by fingerprint, so that
 * only new ones are reported. File paths and fingerprints are relative to the
 * baseline file's directory, so it works from any working directory.
 */
export interface Baseline {
  version: 1;
  findings: BaselineEntry[];
}

/** Only `fingerprint` matters for matching; the rest makes the file reviewable in a diff. */
export interface BaselineEntry {
  fingerprint: string;
  rule: string;
  file: string;
  resource?: string;
  message: string;
}

/** An unreadable or malformed baseline file; the message names the file. */
export class BaselineError extends Error {
  override readonly name = 'BaselineError';
}

/** Where the baseline file lives (`root`) and where relative finding paths start (`cwd`). */
export interface BaselinePlace {
  root: string;
  cwd: string;
}

export function createBaseline(findings: readonly Finding[], { root, cwd }: BaselinePlace): Baseline {
  const entries = findings.map((f) => ({
    fingerprint: fingerprint(f, root, cwd),
    rule: f.rule,
    file: path.relative(root, path.resolve(cwd, f.file)).split(path.sep).join('/'),
    ...(f.resource !== undefined && { resource: f.resource }),
    message: f.message,
  }));
  entries.sort((a, b) => compare(a.file, b.file) || compare(a.rule, b.rule) || compare(a.fingerprint, b.fingerprint));
  return { version: 1, findings: entries };
}

export function serializeBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

export function parseBaseline(text: string, shown: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`${shown}: not a baseline file (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isRecord(data) || data.version !== 1 || !Array.isArray(data.findings)) {
    throw new BaselineError(`${shown}: not a baseline file (expected {"version": 1, "findings": [...]})`);
  }
  const findings = data.findings.map((entry: unknown, i) => {
    if (!isRecord(entry) || typeof entry.fingerprint !== 'string') {
      throw new BaselineError(`${shown}: findings[${i}]: expected an object with a "fingerprint" string`);
    }
    return {
      fingerprint: entry.fingerprint,
      rule: String(entry.rule ?? ''),
      file: String(entry.file ?? ''),
      message: String(entry.message ?? ''),
    };
  });
  return { version: 1, findings };
}

export interface BaselineResult {
  /** Findings not in the baseline. */
  kept: Finding[];
  /** How many findings the baseline matched. */
  baselined: number;
  /** Baseline entries no finding matched any more: fixed, or changed beyond recognition. */
  stale: number;
}

/** Drops findings the baseline records; each entry matches one finding, so a second identical finding is new. */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline, { root, cwd }: BaselinePlace): BaselineResult {
  const remaining = new Map<string, number>();
  for (const { fingerprint: fp } of baseline.findings) remaining.set(fp, (remaining.get(fp) ?? 0) + 1);
  const kept: Finding[] = [];
  let baselined = 0;
  for (const finding of findings) {
    const fp = fingerprint(finding, root, cwd);
    const left = remaining.get(fp) ?? 0;
    if (left > 0) {
      remaining.set(fp, left - 1);
      baselined++;
    } else {
      kept.push(finding);
    }
  }
  const stale = [...remaining.values()].reduce((sum, n) => sum + n, 0);
  return { kept, baselined, stale };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
