import { readFileSync } from '../shared/builtins.js';
import path from 'node:path';
import { maskSecrets } from '../engine/mask.js';
import type { Finding } from '../shared/finding.js';
import type { Paint } from './paint.js';

/** Each file's lines, read once per report; undefined when the file cannot be read. */
export type SourceLines = Map<string, string[] | undefined>;

/** Without a terminal width, longer source lines are cut around the finding, so that a minified template does not flood the log. */
const MAX_SHOWN = 160;

/**
 * The finding's first source line with a gutter, and a caret line under its span:
 *
 *   28 |       IamInstanceProfile: !Ref WebRole
 *      |                           ^^^^^^^^^^^^
 *
 * Columns are UTF-16 units, as the finding's; a tab stays a tab in the caret line so the two align.
 * Secrets on the line are masked as in messages. Nothing when the file cannot be read.
 */
export function codeFrame(f: Finding, cache: SourceLines, cwd: string, paint: Paint, width?: number): string[] {
  const lines = sourceLines(path.resolve(cwd, f.file), cache);
  const text = lines?.[f.line - 1]?.trimEnd();
  if (text === undefined) return [];
  const gutter = String(f.line);
  // The gutter, " | ", and an ellipsis at each end.
  const shownWidth = width === undefined ? MAX_SHOWN : Math.max(width - gutter.length - 5, 10);
  const start = Math.min(f.column - 1, text.length);
  const end = f.endLine === f.line ? Math.max(Math.min(f.endColumn - 1, text.length), start + 1) : Math.max(text.length, start + 1);
  const from = text.length <= shownWidth ? 0 : Math.max(0, Math.min(start - Math.floor(shownWidth / 4), text.length - shownWidth));
  const to = Math.min(text.length, from + shownWidth);
  const shown = `${from > 0 ? '…' : ''}${maskSecrets(text.slice(from, to))}${to < text.length ? '…' : ''}`;
  const lead = from > 0 ? 1 : 0;
  const before = text.slice(from, start).replace(/[^\t]/g, ' ');
  const carets = '^'.repeat(Math.max(1, Math.min(end, to) - start));
  return [
    `${paint(`${gutter} |`, 'dim')} ${shown}`,
    `${paint(`${' '.repeat(gutter.length)} |`, 'dim')} ${' '.repeat(lead)}${before}${paint(carets, 'red')}`,
  ];
}

function sourceLines(file: string, cache: SourceLines): string[] | undefined {
  if (!cache.has(file)) {
    let lines: string[] | undefined;
    try {
      lines = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
    } catch {
      lines = undefined;
    }
    cache.set(file, lines);
  }
  return cache.get(file);
}
