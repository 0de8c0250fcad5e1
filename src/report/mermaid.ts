import type { ReportContext } from './formats.js';
import { buildPicture, shortIds, type Layer, type PictureNode } from './picture.js';
import type { Finding } from '../rules/types.js';

/** Node shapes by layer: Mermaid's `[..]`, `([..])`, `{{..}}`, `>..]`. */
const SHAPES: Record<Layer, [string, string]> = {
  consumer: ['[', ']'],
  profile: ['([', '])'],
  role: ['{{', '}}'],
  principal: ['>', ']'],
};

/**
 * A Mermaid flowchart in a fenced block, so that the output is Markdown
 * GitHub renders as is (a PR comment, a job summary). One subgraph per
 * template or module; findings are drawn red with their rule ids.
 */
export function formatMermaid(findings: readonly Finding[], ctx: ReportContext): string {
  const units = ctx.graph ? buildPicture(ctx.graph, findings, ctx.cwd) : [];
  const idOf = shortIds();
  const lines = ['```mermaid', 'flowchart LR'];
  const flaggedNodes: string[] = [];
  units.forEach((u, i) => {
    lines.push(`  subgraph u${i}["${escapeLabel(u.unit)}"]`);
    for (const n of u.nodes) {
      lines.push(`    ${idOf(n.id)}${shape(n)}`);
      if (n.rules.length > 0) flaggedNodes.push(idOf(n.id));
    }
    lines.push('  end');
  });
  const flaggedEdges: number[] = [];
  let index = 0;
  for (const u of units) {
    for (const e of u.edges) {
      const label = e.rules.length > 0 ? `${e.label} ✖ ${e.rules.join(', ')}` : e.label;
      lines.push(`  ${idOf(e.from)} -->|"${escapeLabel(label)}"| ${idOf(e.to)}`);
      if (e.rules.length > 0) flaggedEdges.push(index);
      index++;
    }
  }
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
