import type { Expression, TemplateFor, TemplateIf, TemplateInterpolation, TemplatePart } from './ast.js';
import type { Cursor } from './cursor.js';

/** One element of a template before directives are nested. Offsets, not positions. */
export type FlatPart =
  | FlatLiteral
  | { k: 'interp'; node: TemplateInterpolation; end: number }
  | { k: 'if'; cond: Expression; start: number; end: number }
  | { k: 'for'; keyVar: string | undefined; valueVar: string; coll: Expression; start: number; end: number }
  | { k: 'else' | 'endif' | 'endfor'; start: number; end: number };

export type FlatDirective = Exclude<FlatPart, FlatLiteral | { k: 'interp' }>;

export interface FlatLiteral {
  k: 'lit';
  /** Decoded, after strip markers and heredoc indentation. */
  value: string;
  start: number;
  end: number;
}

type Closer = 'else' | 'endif' | 'endfor';

/** Folds `%{ if }…%{ endif }` and `%{ for }…%{ endfor }` runs into TemplateIf/TemplateFor parts. */
export function buildTemplateTree(c: Cursor, flat: FlatPart[]): TemplatePart[] {
  const b = new TreeBuilder(c, flat);
  const parts: TemplatePart[] = [];
  for (;;) {
    parts.push(...b.sequence());
    const stray = b.peek();
    if (stray === undefined) return parts;
    b.pos++;
    c.error(`unexpected %{ ${stray.k} } directive: there is no open %{ ${stray.k === 'endfor' ? 'for' : 'if'} } for it`, stray.start, stray.end);
  }
}

class TreeBuilder {
  pos = 0;
  /** Directives left open at the end nest in each other; reporting the innermost is enough. */
  private reportedUnclosed = false;

  constructor(
    private readonly c: Cursor,
    private readonly flat: FlatPart[],
  ) {}

  /** The closing directive at the current position, if there is one. */
  peek(): (FlatPart & { k: Closer }) | undefined {
    const p = this.flat[this.pos];
    if (p !== undefined && (p.k === 'else' || p.k === 'endif' || p.k === 'endfor')) return p as FlatPart & { k: Closer };
    return undefined;
  }

  /** Parts up to the end or the next closing directive (left unconsumed). */
  sequence(): TemplatePart[] {
    const out: TemplatePart[] = [];
    const c = this.c;
    while (this.pos < this.flat.length) {
      const p = this.flat[this.pos];
      if (p.k === 'else' || p.k === 'endif' || p.k === 'endfor') break;
      this.pos++;
      if (p.k === 'lit') out.push({ type: 'TemplateLiteral', value: p.value, range: c.range(p.start, p.end) });
      else if (p.k === 'interp') out.push(p.node);
      else if (p.k === 'if' || p.k === 'for') {
        if (!c.enter(p.start)) {
          c.leave();
          c.aborted = false;
          this.pos = this.flat.length;
          break;
        }
        out.push(p.k === 'if' ? this.ifDirective(p) : this.forDirective(p));
        c.leave();
      }
    }
    return out;
  }

  /**
   * Consumes the directive that closes `open` (`%{ endif }`, `%{ endfor }`) and
   * returns where the directive ends; another directive in its place is named
   * and taken as the closer; none (the end of the template) is reported once.
   */
  private close(open: { start: number; end: number }, closer: (FlatPart & { k: Closer }) | undefined, kind: 'if' | 'for', wrong: (found: string) => string): number {
    const c = this.c;
    if (closer === undefined) {
      if (!this.reportedUnclosed) c.error(`the %{ ${kind} } directive at ${c.where(open.start)} has no matching %{ end${kind} }`, open.start, open.end);
      this.reportedUnclosed = true;
      return lastEnd(this.flat, open.end);
    }
    this.pos++;
    if (closer.k !== `end${kind}`) c.error(wrong(closer.k), closer.start, closer.end);
    return closer.end;
  }

  private ifDirective(open: { cond: Expression; start: number; end: number }): TemplateIf {
    const c = this.c;
    const then = this.sequence();
    let otherwise: TemplatePart[] | undefined;
    let closer = this.peek();
    if (closer?.k === 'else') {
      this.pos++;
      otherwise = this.sequence();
      closer = this.peek();
    }
    const end = this.close(open, closer, 'if', (found) =>
      found === 'else'
        ? `unexpected %{ else }: the if at ${c.where(open.start)} already has an else clause`
        : `expected %{ endif } for the if at ${c.where(open.start)}, found %{ ${found} }`,
    );
    const node: TemplateIf = { type: 'TemplateIf', condition: open.cond, then, range: c.range(open.start, end) };
    if (otherwise !== undefined) node.else = otherwise;
    return node;
  }

  private forDirective(open: FlatPart & { k: 'for' }): TemplateFor {
    const c = this.c;
    const body = this.sequence();
    const closer = this.peek();
    const end = this.close(open, closer, 'for', (found) => `expected %{ endfor } for the for at ${c.where(open.start)}, found %{ ${found} }`);
    const node: TemplateFor = {
      type: 'TemplateFor',
      valueVar: open.valueVar,
      collection: open.coll,
      body,
      range: c.range(open.start, end),
    };
    if (open.keyVar !== undefined) node.keyVar = open.keyVar;
    return node;
  }
}

function lastEnd(flat: FlatPart[], fallback: number): number {
  const p = flat[flat.length - 1];
  if (p === undefined) return fallback;
  return p.end;
}
