import type { Finding, Severity } from '../shared/finding.js';
import { LineIndex } from '../shared/source.js';
import { toolName, packageVersion } from '../shared/version.js';
import type { ReportContext } from './formats.js';
import { countFindings, displayFile } from './paths.js';
import { buildPicture } from './picture.js';
import { esc, renderSvg } from './svg.js';
import { maskQuotedSource } from '../engine/mask.js';

/** Lines of source shown around a finding. */
const CONTEXT_LINES = 1;
const COLORS: Record<Severity, string> = { error: '#c00', warning: '#a60', info: '#06c' };

/**
 * One self-contained page: no script, no font, no request. A summary, the
 * findings by file with their source lines, and the graph as inline SVG.
 */
export function formatHtml(findings: readonly Finding[], ctx: ReportContext): string {
  const sorted = [...findings].sort((a, b) => cmp(displayFile(a.file, ctx.cwd), displayFile(b.file, ctx.cwd)) || a.line - b.line || a.column - b.column);
  const counts = countFindings(sorted);
  const units = ctx.graph ? buildPicture(ctx.graph, findings, ctx.cwd) : [];
  const fixable = sorted.filter((f) => f.fix).length;
  const body = [
    `<h1>${esc(toolName)} report</h1>`,
    `<p class="summary"><span class="n error">${counts.errorCount} errors</span> <span class="n warning">${counts.warningCount} warnings</span> <span class="n info">${counts.infoCount} info</span> in ${ctx.fileCount} files linted${fixable > 0 ? `; ${fixable} fixable with <code>--fix</code>` : ''}.</p>`,
    `<h2>Resource graph</h2>`,
    units.length > 0 ? `<div class="graph-wrap">${renderSvg(units)}</div>` : '<p>No resource to draw.</p>',
    `<h2>Findings</h2>`,
    sorted.length === 0 ? '<p class="clean">No findings.</p>' : findingsByFile(sorted, ctx),
    `<footer>${esc(toolName)} ${esc(packageVersion())}</footer>`,
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(toolName)}: ${sorted.length} findings</title>
<style>${STYLE}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}

function findingsByFile(sorted: Finding[], ctx: ReportContext): string {
  const out: string[] = [];
  let current: string | undefined;
  for (const f of sorted) {
    const file = displayFile(f.file, ctx.cwd);
    if (file !== current) {
      if (current !== undefined) out.push('</section>');
      out.push(`<section class="file"><h3>${esc(file)}</h3>`);
      current = file;
    }
    out.push(
      `<div class="finding ${f.severity}"><div class="head"><span class="sev" style="color:${COLORS[f.severity]}">${f.severity}</span> ` +
        `<span class="pos">${f.line}:${f.column}</span> <span class="rule">${esc(f.rule)}</span>${f.fix ? ' <span class="fixable">fixable</span>' : ''}</div>` +
        `<p class="message">${esc(f.message)}</p>${snippet(f, ctx)}${f.help ? `<p class="help"><b>help:</b> ${esc(f.help)}</p>` : ''}</div>`,
    );
  }
  out.push('</section>');
  return out.join('\n');
}

/** Longest source line shown whole; a longer one is shown as a window this wide around the finding's column. */
const LINE_WINDOW = 160;

/** Line indexes of the files shown, built once per file, not once per finding. */
const indexes = new WeakMap<ReportContext, Map<string, LineIndex>>();

/** The finding's lines with a line of context, numbered; the finding's own lines marked. */
function snippet(f: Finding, ctx: ReportContext): string {
  const text = ctx.graph?.sources.get(f.file);
  if (text === undefined) return '';
  let perFile = indexes.get(ctx);
  if (!perFile) indexes.set(ctx, (perFile = new Map()));
  let index = perFile.get(f.file);
  if (!index) perFile.set(f.file, (index = new LineIndex(text)));
  const first = Math.max(1, f.line - CONTEXT_LINES);
  const last = Math.min(index.lineCount, Math.max(f.endLine, f.line) + CONTEXT_LINES);
  const rows: string[] = [];
  for (let line = first; line <= last; line++) {
    const hit = line >= f.line && line <= Math.max(f.endLine, f.line);
    const shown = lineWindow(index.lineText(line), line === f.line ? f.column : 1);
    // Source lines are masked like parse errors' quotes: user data may hold a key.
    rows.push(`<span class="ln${hit ? ' hit' : ''}"><span class="no">${line}</span>${esc(maskQuotedSource(shown))}</span>`);
  }
  // The rows are blocks: a newline between them would show as a blank line.
  return `<pre class="source">${rows.join('')}</pre>`;
}

/** A 1 MB one-line template gives each finding a window of its line around `column`, not the whole line. */
export function lineWindow(text: string, column: number): string {
  if (text.length <= LINE_WINDOW) return text;
  const start = Math.max(0, Math.min(column - 1 - LINE_WINDOW / 4, text.length - LINE_WINDOW));
  const end = start + LINE_WINDOW;
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#222;background:#fff}
h1{font-size:22px;margin:0 0 8px}h2{font-size:18px;margin:28px 0 10px}h3{font-size:15px;margin:18px 0 8px;font-family:ui-monospace,monospace}
.summary .n{font-weight:600;margin-right:6px}.summary .error{color:#c00}.summary .warning{color:#a60}.summary .info{color:#06c}
.graph-wrap{overflow-x:auto;border:1px solid #dde;border-radius:8px;padding:4px}
svg.graph text{font-family:system-ui,sans-serif}svg .unit-title{font-weight:600;font-size:13px}svg .column{font-size:11px;fill:#667;text-transform:uppercase;letter-spacing:.05em}
svg .label{font-size:12px;font-weight:600}svg .type{font-size:11px;fill:#556}svg .bad{fill:#c00;font-weight:600}svg .edge-label{font-size:10px;fill:#444}
.finding{border-left:4px solid #ccc;padding:6px 10px;margin:8px 0;background:#fafafa}.finding.error{border-color:#c00}.finding.warning{border-color:#d90}.finding.info{border-color:#06c}
.head{font-size:13px}.sev{font-weight:700;text-transform:uppercase;font-size:11px}.pos{font-family:ui-monospace,monospace;color:#666}.rule{font-family:ui-monospace,monospace;color:#444}
.fixable{font-size:11px;background:#e6f4ea;color:#1e7e34;border-radius:3px;padding:1px 5px}
.message{margin:4px 0}.help{margin:4px 0;color:#334}pre.source{margin:4px 0;padding:6px 0;background:#fff;border:1px solid #eee;overflow-x:auto;font-size:12px;line-height:1.45}
.ln{display:block;padding:0 8px}.ln.hit{background:#fff0f0}.no{display:inline-block;width:3.5em;color:#999;user-select:none}
footer{margin-top:32px;color:#888;font-size:12px}
`;
