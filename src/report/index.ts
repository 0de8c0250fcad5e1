import type { Finding } from '../rules/types.js';
import type { Format, Formatter, ReportContext } from './formats.js';
import { formatJson } from './json.js';
import { formatStylish } from './stylish.js';

export { FORMATS, isFormat, loadFormatter } from './formats.js';
export type { Format, Formatter, ReportContext } from './formats.js';

const FORMATTERS: Record<Format, Formatter> = { stylish: formatStylish, json: formatJson };

export function formatFindings(format: Format, findings: Finding[], ctx: ReportContext): string {
  return FORMATTERS[format](findings, ctx);
}
