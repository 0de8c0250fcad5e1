import type { Guard, TemplateValue, Value } from '../value.js';
import { alternatives } from '../value.js';
import type { ModuleScope, TextMap } from './scope.js';

/** Past this many, a template's choices are left in it (holes): the text is read as far as it can be. */
const MAX_RENDERINGS = 16;

/** A template part with where its characters were written (strings only). */
interface Piece {
  part: string | Value;
  map: TextMap | undefined;
}

/** One way the template renders: its pieces, and the guards of the branches taken. */
interface Rendering {
  pieces: Piece[];
  when: Guard[];
}

/**
 * A template whose parts include a choice (`%{if C}...%{endif}` in a
 * `templatefile()`, `${c ? "a" : "b"}` in a heredoc), at any depth of the
 * templates it is made of, as a choice of templates, one per combination
 * of branches: a policy whose structure the choice decides (a statement
 * added under a condition) then reads as JSON on every branch. `v` itself
 * when it has no choice, or too many.
 */
export function renderings(scope: ModuleScope, v: TemplateValue): Value {
  if (!hasChoice(v)) return v;
  const all = sequence(scope, v, undefined);
  if (!all) return v;
  const options = all.map((r): Value => {
    const t: TemplateValue = { kind: 'template', parts: r.pieces.map((p) => p.part), loc: v.loc, ...(r.when.length > 0 ? { when: r.when } : {}) };
    scope.partMaps.set(t, r.pieces.map((p) => p.map));
    return t;
  });
  return { kind: 'choice', options, loc: v.loc, ...(v.via ? { via: v.via } : {}) };
}

function hasChoice(v: Value): boolean {
  if (v.kind === 'choice') return true;
  return v.kind === 'template' && v.parts.some((p) => typeof p !== 'string' && hasChoice(p));
}

/** The ways a part renders; undefined past the limit. */
function ways(scope: ModuleScope, part: string | Value, map: TextMap | undefined): Rendering[] | undefined {
  if (typeof part === 'string') return [{ pieces: [{ part, map }], when: [] }];
  if (part.kind === 'template') return sequence(scope, part, part.when);
  if (part.kind !== 'choice') return [{ pieces: [{ part, map: part.kind === 'literal' ? scope.textMaps.get(part) : undefined }], when: [] }];
  const out: Rendering[] = [];
  for (const option of alternatives(part)) {
    // A branch that is a string is text of the template (a `%{if}` branch), wherever it was written.
    const each = option.kind === 'literal' && typeof option.value === 'string' ? ways(scope, option.value, scope.textMaps.get(option)) : ways(scope, option, undefined);
    if (!each || out.length + each.length > MAX_RENDERINGS) return undefined;
    out.push(...each.map((r) => ({ pieces: r.pieces, when: option.when ? [...option.when, ...r.when] : r.when })));
  }
  return out;
}

/** A template's parts one after another: every combination of their ways. */
function sequence(scope: ModuleScope, t: TemplateValue, when: readonly Guard[] | undefined): Rendering[] | undefined {
  const maps = scope.partMaps.get(t) ?? [];
  let out: Rendering[] = [{ pieces: [], when: when ? [...when] : [] }];
  for (const [k, part] of t.parts.entries()) {
    const each = ways(scope, part, maps[k]);
    if (!each || out.length * each.length > MAX_RENDERINGS) return undefined;
    out = out.flatMap((r) => each.map((o) => ({ pieces: [...r.pieces, ...o.pieces], when: [...r.when, ...o.when] })));
  }
  return out;
}
