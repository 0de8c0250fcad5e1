import type { Layer, PictureUnit } from './picture.js';

/**
 * The picture as inline SVG, laid out by hand: one band per unit, one column
 * per layer (consumers, profiles, roles, trusted principals), nodes stacked in
 * their column, edges as curves between columns. An edge that skips a column
 * passes through a row of its own in that column (a waypoint below the nodes,
 * as layered layouts place dummy nodes), so it never crosses a box; edges
 * leave and enter a box at points spread along its side, each labelled at its
 * own start, so labels do not print over each other. No crossing minimisation.
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
const LABEL_CHARS = 22;

interface Placed {
  x: number;
  y: number;
  col: number;
}

interface Point {
  x: number;
  y: number;
}

const columnX = (col: number): number => PAD + col * (NODE_W + GAP_X);
const rowY = (top: number, row: number): number => top + BAND_TOP + row * (NODE_H + GAP_Y);

export function renderSvg(units: readonly PictureUnit[]): string {
  const width = PAD * 2 + COLUMNS.length * NODE_W + (COLUMNS.length - 1) * GAP_X;
  const parts: string[] = [];
  let top = PAD;
  for (const u of units) {
    const { svg, rows } = band(u, top, width);
    parts.push(svg);
    top += BAND_TOP + rows * (NODE_H + GAP_Y) + PAD + BAND_GAP;
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

function band(u: PictureUnit, top: number, width: number): { svg: string; rows: number } {
  const placed = new Map<string, Placed>();
  const used = COLUMNS.map(() => 0);
  COLUMNS.forEach((layer, col) => {
    for (const n of u.nodes.filter((node) => node.layer === layer)) placed.set(n.id, { x: columnX(col), y: rowY(top, used[col]++), col });
  });
  // One waypoint row per skipped column, below that column's nodes.
  const edges = u.edges.flatMap((e) => {
    const a = placed.get(e.from);
    const b = placed.get(e.to);
    if (!a || !b) return [];
    const step = Math.sign(b.col - a.col);
    const via: number[] = [];
    for (let c = a.col + step; step !== 0 && c !== b.col; c += step) via.push(rowY(top, used[c]++) + NODE_H / 2);
    return [{ e, a, b, via }];
  });
  const rows = Math.max(1, ...used);
  const height = BAND_TOP + rows * (NODE_H + GAP_Y) + PAD;
  const ports = spreadPorts(edges.map(({ e, a, b }) => ({ from: e.from, to: e.to, leftToRight: a.x <= b.x })));

  const out: string[] = [];
  out.push(`<g class="unit"><rect x="${PAD / 2}" y="${top}" width="${width - PAD}" height="${height}" rx="8" fill="#f7f8fa" stroke="#ccd"/>`);
  out.push(`<text x="${PAD}" y="${top + 20}" class="unit-title">${esc(u.unit)}</text>`);
  COLUMNS.forEach((layer, col) => out.push(`<text x="${columnX(col)}" y="${top + 38}" class="column">${HEADINGS[layer]}</text>`));
  edges.forEach(({ e, a, b, via }, i) => {
    const bad = e.rules.length > 0;
    const [startY, endY] = ports[i];
    const start = { x: a.x <= b.x && a.x !== b.x ? a.x + NODE_W : a.x, y: a.y + startY };
    const end = { x: a.x < b.x || a.x === b.x ? b.x : b.x + NODE_W, y: b.y + endY };
    const d = a.x === b.x ? sameColumn(start, end) : throughColumns(start, end, via, Math.sign(b.x - a.x));
    const label = bad ? `${e.label} ✖ ${e.rules.join(', ')}` : e.label;
    const leftward = a.x > b.x || a.x === b.x;
    out.push(
      `<g class="edge${bad ? ' finding' : ''}"><title>${esc(label)}</title><path d="${d}" fill="none" stroke="${bad ? '#d00' : '#777'}" stroke-width="${bad ? 2.5 : 1.2}" marker-end="url(#${bad ? 'arrow-bad' : 'arrow'})"/>` +
        `<text x="${start.x + (leftward ? -6 : 6)}" y="${start.y - 3}" text-anchor="${leftward ? 'end' : 'start'}" class="edge-label${bad ? ' bad' : ''}">${esc(clip(label, LABEL_CHARS))}</text></g>`,
    );
  });
  // Nodes after the edges: an edge's arrowhead ends on a box's border, never under another box.
  for (const n of u.nodes) {
    const at = placed.get(n.id);
    if (!at) continue;
    const bad = n.rules.length > 0;
    const title = bad ? `${n.label} (${n.type}): ${n.rules.join(', ')}` : `${n.label} (${n.type})`;
    out.push(
      `<g class="node${bad ? ' finding' : ''}" data-layer="${n.layer}"><title>${esc(title)}</title>` +
        `<rect x="${at.x}" y="${at.y}" width="${NODE_W}" height="${NODE_H}" rx="${n.layer === 'profile' ? 18 : 4}" fill="${bad ? '#fdd' : '#fff'}" stroke="${bad ? '#d00' : '#889'}" stroke-width="${bad ? 2.5 : 1}"/>` +
        `<text x="${at.x + 10}" y="${at.y + 19}" class="label">${esc(clip(n.label))}</text>` +
        `<text x="${at.x + 10}" y="${at.y + 36}" class="type${bad ? ' bad' : ''}">${esc(clip(bad ? `✖ ${n.rules.join(', ')}` : n.type))}</text></g>`,
    );
  }
  out.push('</g>');
  return { svg: out.join('\n'), rows };
}

/**
 * Where each edge leaves its source and enters its target, as offsets from the box's top:
 * the edges on one side of a box share it evenly, so their labels (printed at the start) do not overlap.
 */
function spreadPorts(edges: ReadonlyArray<{ from: string; to: string; leftToRight: boolean }>): Array<[number, number]> {
  const sides = new Map<string, number[]>();
  const take = (key: string, i: number): void => {
    const list = sides.get(key) ?? [];
    list.push(i);
    sides.set(key, list);
  };
  edges.forEach((e, i) => {
    take(`${e.from}\0out\0${e.leftToRight}`, i);
    take(`${e.to}\0in\0${e.leftToRight}`, i);
  });
  const offset = (key: string, i: number): number => {
    const list = sides.get(key) ?? [i];
    return Math.round((NODE_H * (list.indexOf(i) + 1) * 10) / (list.length + 1)) / 10;
  };
  return edges.map((e, i) => [offset(`${e.from}\0out\0${e.leftToRight}`, i), offset(`${e.to}\0in\0${e.leftToRight}`, i)]);
}

/** Curves across each gap between columns, straight through each skipped column at its waypoint's height. */
function throughColumns(start: Point, end: Point, via: readonly number[], direction: number): string {
  let d = `M${start.x},${start.y}`;
  let at = start;
  for (const y of via) {
    const enter = { x: at.x + direction * GAP_X, y };
    d += curve(at, enter);
    at = { x: enter.x + direction * NODE_W, y };
    d += ` L${at.x},${at.y}`;
  }
  return d + curve(at, end);
}

function curve(from: Point, to: Point): string {
  const bend = (to.x - from.x) / 2;
  return ` C${from.x + bend},${from.y} ${to.x - bend},${to.y} ${to.x},${to.y}`;
}

/** Within one column: out of the left side and back in, through the gap before the column. */
function sameColumn(start: Point, end: Point): string {
  const bend = 60;
  return `M${start.x},${start.y} C${start.x - bend},${start.y} ${end.x - bend},${end.y} ${end.x},${end.y}`;
}

/** Long names lose their middle, not their end: names that share a prefix stay apart (the full name is the tooltip). */
export function clip(text: string, max = MAX_CHARS): string {
  if (text.length <= max) return text;
  const head = Math.ceil((max - 1) / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (max - 1 - head))}`;
}

/** Text for HTML and SVG content and attributes. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
