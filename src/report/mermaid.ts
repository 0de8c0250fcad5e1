import type { ReportContext } from './formats.js';
import { buildPicture, shortIds, type Layer, type PictureNode, type PictureUnit } from './picture.js';
import type { Finding } from '../shared/finding.js';
import { plural } from '../shared/text.js';

/** Node shapes by layer: Mermaid's `[..]`, `([..])`, `{{..}}`, `>..]`. */
const SHAPES: Record<Layer, [string, string]> = {
  consumer: ['[', ']'],
  profile: ['([', '])'],
  role: ['{{', '}}'],
  principal: ['>', ']'],
};

/** Mermaid refuses a diagram longer than this (its default `maxTextSize`). */
export const MERMAID_MAX_TEXT = 50_000;
/** GitHub refuses a comment or a job summary longer than this (characters). */
export const GITHUB_MAX_BODY = 65_536;
/** Room kept for the closing note. */
const NOTE_ROOM = 400;

/**
 * Markdown that GitHub renders as is (a PR comment, a job summary): one Mermaid flowchart
 * per template or module, under its name; findings are drawn red with their rule ids.
 * Only units with findings are drawn unless `ctx.graphAll`; a diagram over Mermaid's text
 * limit is replaced by a note, and drawing stops with a note before GitHub's body limit.
 */
export function formatMermaid(findings: readonly Finding[], ctx: ReportContext): string {
  const all = ctx.graph ? buildPicture(ctx.graph, findings, ctx.cwd) : [];
  const units = ctx.graphAll ? all : all.filter(hasFinding);
  if (units.length === 0) {
    return all.length === 0 ? 'Nothing to draw: no template or module.\n' : `No finding to draw in ${plural(all.length, 'template or module', 'templates or modules')} (--graph-all draws them all).\n`;
  }
  const idOf = shortIds();
  const parts: string[] = [];
  let length = 0;
  for (const [i, unit] of units.entries()) {
    const diagram = diagramOf(unit, idOf);
    const section = diagram.length > MERMAID_MAX_TEXT
      ? `${heading(unit)}\n\n_Not drawn: its diagram has ${diagram.length} characters, over Mermaid's limit of ${MERMAID_MAX_TEXT}; \`--format html\` or \`--format dot\` draw it._\n`
      : `${heading(unit)}\n\n${diagram}`;
    if (length + section.length + 1 > GITHUB_MAX_BODY - NOTE_ROOM) {
      const left = units.length - i;
      parts.push(`_${plural(left, 'more template or module', 'more templates or modules')} not drawn: a GitHub comment holds at most ${GITHUB_MAX_BODY} characters. \`--format html\` draws everything on one page._\n`);
      break;
    }
    parts.push(section);
    length += section.length + 1;
  }
  return parts.join('\n');
}

function hasFinding(unit: PictureUnit): boolean {
  return unit.nodes.some((n) => n.rules.length > 0) || unit.edges.some((e) => e.rules.length > 0);
}

function heading(unit: PictureUnit): string {
  return `**${unit.unit.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`)}**`;
}

function diagramOf(unit: PictureUnit, idOf: (id: string) => string): string {
  const lines = ['```mermaid', 'flowchart LR'];
  const flaggedNodes: string[] = [];
  for (const n of unit.nodes) {
    lines.push(`  ${idOf(n.id)}${shape(n)}`);
    if (n.rules.length > 0) flaggedNodes.push(idOf(n.id));
  }
  const flaggedEdges: number[] = [];
  unit.edges.forEach((e, index) => {
    const label = e.rules.length > 0 ? `${e.label} ✖ ${e.rules.join(', ')}` : e.label;
    lines.push(`  ${idOf(e.from)} -->|"${escapeLabel(label)}"| ${idOf(e.to)}`);
    if (e.rules.length > 0) flaggedEdges.push(index);
  });
  lines.push('  classDef finding fill:#fdd,stroke:#d00,stroke-width:3px,color:#900');
  if (flaggedNodes.length > 0) lines.push(`  class ${flaggedNodes.join(',')} finding`);
  if (flaggedEdges.length > 0) lines.push(`  linkStyle ${flaggedEdges.join(',')} stroke:#d00,stroke-width:3px,color:#d00`);
  lines.push('```');
  return `${lines.join('\n')}\n`;
}

function shape(n: PictureNode): string {
  const [open, close] = SHAPES[n.layer];
  const flagged = n.rules.length > 0 ? `<br/>✖ ${n.rules.join(', ')}` : '';
  // The `<br/>` and `<small>` are ours; everything from the user's files is escaped.
  return `${open}"${escapeLabel(n.label)}<br/><small>${escapeLabel(n.type)}</small>${flagged}"${close}`;
}

/**
 * Mermaid labels in double quotes take entity codes: `#quot;` for a quote,
 * `#lt;`/`#gt;` so that text is never read as HTML, `#35;` for `#` itself
 * and `#amp;` for `&`. Line breaks become spaces.
 */
export function escapeLabel(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/#/g, '#35;')
    .replace(/&/g, '#amp;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/`/g, '#96;');
}
