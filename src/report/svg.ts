import type { Layer, PictureUnit } from './picture.js';

/**
 * The picture as inline SVG, laid out by hand: one band per unit, one column
 * per layer (consumers, profiles, roles, trusted principals), nodes stacked in
 * their column, edges as curves between columns. Enough to read; no
 * crossing minimisation.
 */
const COLUMNS: Layer[] = ['consumer', 'profile', 'role', 'principal'];
const HEADINGS: Record<Layer, string> = { consumer: 'Consumers', profile: 'Instance profiles', role: 'Roles', principal: 'Trusted principals' };
const NODE_W = 230;
const NODE_H = 46;
const GAP_X = 150;
const GAP_Y = 14;
const BAND_TOP = 46;
const BAND_GAP = 28;
const PAD = 16;
const MAX_CHARS = 30;

interface Placed {
  x: number;
  y: number;
}

export function renderSvg(units: readonly PictureUnit[]): string {
  const width = PAD * 2 + COLUMNS.length * NODE_W + (COLUMNS.length - 1) * GAP_X;
  const parts: string[] = [];
  let top = PAD;
  for (const u of units) {
    const rows = Math.max(1, ...COLUMNS.map((c) => u.nodes.filter((n) => n.layer === c).length));
    const height = BAND_TOP + rows * (NODE_H + GAP_Y) + PAD;
    parts.push(band(u, top, width, height));
    top += height + BAND_GAP;
  }
  const total = Math.max(top - BAND_GAP + PAD, 80);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="graph" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}" role="img" aria-label="Resource graph">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker>',
    '<marker id="arrow-bad" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#d00"/></marker></defs>',
    ...parts,
    '</svg>',
  ].join('\n');
}

function band(u: PictureUnit, top: number, width: number, height: number): string {
  const out: string[] = [];
  out.push(`<g class="unit"><rect x="${PAD / 2}" y="${top}" width="${width - PAD}" height="${height}" rx="8" fill="#f7f8fa" stroke="#ccd"/>`);
  out.push(`<text x="${PAD}" y="${top + 20}" class="unit-title">${esc(u.unit)}</text>`);
  const placed = new Map<string, Placed>();
  // Nodes are drawn after the edges, so that an edge skipping a column passes behind that column's boxes.
  const nodes: string[] = [];
  COLUMNS.forEach((layer, col) => {
    const x = PAD + col * (NODE_W + GAP_X);
    out.push(`<text x="${x}" y="${top + 38}" class="column">${HEADINGS[layer]}</text>`);
    u.nodes
      .filter((n) => n.layer === layer)
      .forEach((n, row) => {
        const y = top + BAND_TOP + row * (NODE_H + GAP_Y);
        placed.set(n.id, { x, y });
        const bad = n.rules.length > 0;
        const title = bad ? `${n.label} (${n.type}): ${n.rules.join(', ')}` : `${n.label} (${n.type})`;
        nodes.push(
          `<g class="node${bad ? ' finding' : ''}" data-layer="${layer}"><title>${esc(title)}</title>` +
            `<rect x="${x}" y="${y}" width="${NODE_W}" height="${NODE_H}" rx="${layer === 'profile' ? 18 : 4}" fill="${bad ? '#fdd' : '#fff'}" stroke="${bad ? '#d00' : '#889'}" stroke-width="${bad ? 2.5 : 1}"/>` +
            `<text x="${x + 10}" y="${y + 19}" class="label">${esc(clip(n.label))}</text>` +
            `<text x="${x + 10}" y="${y + 36}" class="type${bad ? ' bad' : ''}">${esc(clip(bad ? `✖ ${n.rules.join(', ')}` : n.type))}</text></g>`,
        );
      });
  });
  for (const e of u.edges) {
    const a = placed.get(e.from);
    const b = placed.get(e.to);
    if (!a || !b) continue;
    const bad = e.rules.length > 0;
    const [x1, y1, x2, y2] = a.x < b.x ? [a.x + NODE_W, a.y + NODE_H / 2, b.x, b.y + NODE_H / 2] : [a.x, a.y + NODE_H / 2, b.x + NODE_W, b.y + NODE_H / 2];
    const bend = a.x === b.x ? 60 : (x2 - x1) / 2;
    const d = a.x === b.x ? `M${a.x},${y1} C${a.x - bend},${y1} ${a.x - bend},${b.y + NODE_H / 2} ${a.x},${b.y + NODE_H / 2}` : `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
    const label = bad ? `${e.label} ✖ ${e.rules.join(', ')}` : e.label;
    out.push(
      `<g class="edge${bad ? ' finding' : ''}"><title>${esc(label)}</title><path d="${d}" fill="none" stroke="${bad ? '#d00' : '#777'}" stroke-width="${bad ? 2.5 : 1.2}" marker-end="url(#${bad ? 'arrow-bad' : 'arrow'})"/>` +
        // Labelled at the source end: the middle of an edge that skips a column lies on that column's nodes.
        `<text x="${x1 + (a.x < b.x ? 6 : -6)}" y="${y1 - 5}" text-anchor="${a.x < b.x ? 'start' : 'end'}" class="edge-label${bad ? ' bad' : ''}">${esc(clip(label, 24))}</text></g>`,
    );
  }
  out.push(...nodes, '</g>');
  return out.join('\n');
}

function clip(text: string, max = MAX_CHARS): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Text for HTML and SVG content and attributes. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
