import { buildTerraformModule, type TerraformBuildResult } from '../../src/graph/terraform/index.js';
import type { Resource } from '../../src/graph/types.js';
import { objectGet, type Value } from '../../src/graph/value.js';
import type { Loc } from '../../src/shared/source.js';

/** Builds a module from inline files; `dir` need not exist on disk. */
export function build(files: Record<string, string>, dir = 'mod'): TerraformBuildResult {
  return buildTerraformModule({ dir, files: Object.entries(files).map(([name, text]) => ({ path: `${dir}/${name}`, text })) });
}

export function resource(result: TerraformBuildResult, address: string): Resource {
  const r = result.resources.find((x) => x.address === address);
  if (!r) throw new Error(`no resource ${address}; have ${result.resources.map((x) => x.address).join(', ')}`);
  return r;
}

export function prop(r: Resource, ...path: Array<string | number>): Value {
  let v: Value | undefined = r.props;
  for (const step of path) {
    if (typeof step === 'number') v = v?.kind === 'list' ? v.items[step] : undefined;
    else v = objectGet(v, step);
    if (!v) throw new Error(`no ${path.join('.')} in ${r.address}`);
  }
  return v as Value;
}

/** `line:col-line:col` of a loc. */
export function span(loc: Loc): string {
  const { start, end } = loc.range;
  return `${start.line}:${start.column}-${end.line}:${end.column}`;
}

/** `line:col` where the nth occurrence of `needle` starts in `text`. */
export function at(text: string, needle: string, nth = 0): string {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`${needle} not found`);
  }
  const before = text.slice(0, i).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/** `line:col-line:col` covering the nth occurrence of `needle` (on one line). */
export function spanOf(text: string, needle: string, nth = 0): string {
  const start = at(text, needle, nth);
  const [line, col] = start.split(':').map(Number);
  return `${start}-${line}:${col + needle.length}`;
}

export function start(loc: Loc): string {
  return `${loc.range.start.line}:${loc.range.start.column}`;
}
