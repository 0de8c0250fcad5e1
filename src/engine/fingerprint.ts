import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Finding } from '../shared/finding.js';

/**
 * A finding's identity across runs: rule, file (relative to `root`, forward slashes),
 * resource and message with positions blanked. Never the line, so edits elsewhere
 * in the file do not make an old finding look new. Shared by SARIF's
 * `partialFingerprints` and the baseline file. A relative `finding.file` is taken
 * relative to `cwd`.
 */
export function fingerprint(finding: Finding, root: string, cwd: string = root): string {
  const key = [finding.rule, relativeFile(finding.file, root, cwd), finding.resource ?? '', normalizeMessage(finding.message)];
  return createHash('sha256').update(key.join('\0')).digest('hex').slice(0, 32);
}

/**
 * Fingerprints with an occurrence suffix (`<hash>:<n>`) so two identical findings in one
 * resource stay distinct; `n` counts in file/line order, which edits do not reorder.
 */
export function occurrenceFingerprints(findings: readonly Finding[], root: string): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const hash = fingerprint(finding, root);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    return `${hash}:${n}`;
  });
}

/** Positions that may appear in messages ("at line 3, column 5", "3:5", "declared in main.tf:13") carry no identity. */
const POSITION_PATTERNS: readonly RegExp[] = [/\b(line|column|col|offset)s? \d+/gi, /\b\d+:\d+\b/g, /(\.[a-z]+):\d+\b/gi];

export function normalizeMessage(message: string): string {
  let out = message;
  for (const pattern of POSITION_PATTERNS) out = out.replace(pattern, (m) => m.replace(/\d+/g, '#'));
  return out.replace(/\s+/g, ' ').trim();
}

function relativeFile(file: string, root: string, cwd: string): string {
  const rel = path.relative(root, path.resolve(cwd, file));
  return (rel === '' ? file : rel).split(path.sep).join('/');
}
