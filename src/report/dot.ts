import type { ReportContext } from './formats.js';
import { buildPicture, shortIds, type Layer } from './picture.js';
import type { Finding } from '../shared/finding.js';

const SHAPES: Record<Layer, string> = { consumer: 'box', profile: 'box, style="rounded"', role: 'hexagon', principal: 'note' };
const RED = 'color="#dd0000", fontcolor="#990000", penwidth=2.5';

/** Graphviz DOT: `dot -Tsvg` draws it. One cluster per template or module; findings red with their rule ids. */
export function formatDot(findings: readonly Finding[], ctx: ReportContext): string {
  const units = ctx.graph ? buildPicture(ctx.graph, findings, ctx.cwd) : [];
  const idOf = shortIds();
  const out = ['digraph "iam-profile-lint" {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=11];', '  edge [fontname="Helvetica", fontsize=10];'];
  units.forEach((u, i) => {
    out.push(`  subgraph "cluster_${i}" {`, `    label=${quote(u.unit)};`);
    for (const n of u.nodes) {
      const flagged = n.rules.length > 0;
      const label = `${n.label}\n${n.type}${flagged ? `\n✖ ${n.rules.join(', ')}` : ''}`;
      out.push(`    ${idOf(n.id)} [label=${quote(label)}, shape=${SHAPES[n.layer]}${flagged ? `, ${RED}` : ''}];`);
    }
    out.push('  }');
  });
  for (const u of units) {
    for (const e of u.edges) {
      const flagged = e.rules.length > 0;
      const label = flagged ? `${e.label}\n✖ ${e.rules.join(', ')}` : e.label;
      out.push(`  ${idOf(e.from)} -> ${idOf(e.to)} [label=${quote(label)}${flagged ? `, ${RED}` : ''}];`);
    }
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

/** A DOT double-quoted string: backslashes and quotes escaped, line breaks as `\n` (centred lines). */
export function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r\n|\r|\n/g, '\\n')}"`;
}
