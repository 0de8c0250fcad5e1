import type { Finding } from '../shared/finding.js';
import { formatCodeQuality } from './codequality.js';
import { formatCompact } from './compact.js';
import { formatDot } from './dot.js';
import type { Format, Formatter, ReportContext } from './formats.js';
import { formatGithub } from './github.js';
import { formatHtml } from './html.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMermaid } from './mermaid.js';
import { formatSarif } from './sarif.js';
import { formatCodeFrame, formatStylish } from './stylish.js';

export { FORMATS, isFormat, loadFormatter } from './formats.js';
export type { Format, Formatter, ReportContext } from './formats.js';

const FORMATTERS: Record<Format, Formatter> = {
  stylish: formatStylish,
  compact: formatCompact,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
  github: formatGithub,
  codequality: formatCodeQuality,
  mermaid: formatMermaid,
  dot: formatDot,
  html: formatHtml,
  codeframe: formatCodeFrame,
};

export function formatFindings(format: Format, findings: Finding[], ctx: ReportContext): string {
  return FORMATTERS[format](findings, ctx);
}
