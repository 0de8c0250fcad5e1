import path from 'node:path';
import type { Value } from '../graph/value.js';
import { endOffset, type Loc, startOffset } from '../shared/source.js';

/**
 * Related locations from the places a finding's value came through (`via`):
 * a variable, a local, a module argument or output, a tfvars file.
 *
 * By default only the hops that cross into another directory, and the
 * values the user gave (a tfvars file, `--var`, `--parameters`), are shown:
 * a finding at a module argument points into the module where the value is
 * used, one at a `module.x.out` use points at the output, one whose value a
 * tfvars file sets points there. With `explain`, every hop is shown.
 */
export function viaRelated(at: Value | Loc, findingLoc: Loc, sources: ReadonlyMap<string, string>, explain: boolean): Array<{ loc: Loc; message: string }> {
  if (!('kind' in at)) return [];
  const dir = path.dirname(findingLoc.file);
  const seen = new Set([key(findingLoc)]);
  const out: Array<{ loc: Loc; message: string }> = [];
  // Where the user gave the value is always shown: that is where it is changed.
  if (at.commandLine !== undefined) {
    const origin = at.via?.[0] ?? at.loc;
    out.push({ loc: origin, message: `the value is given on the command line (${at.commandLine})` });
    seen.add(key(origin));
  }
  for (const hop of at.via ?? []) {
    if (seen.has(key(hop)) || (!explain && path.dirname(hop.file) === dir && !isVariableFile(hop.file))) continue;
    seen.add(key(hop));
    out.push({ loc: hop, message: isVariableFile(hop.file) ? `the value is set in ${path.basename(hop.file)}` : describeHop(hop, sources) });
  }
  return out;
}

/** A tfvars file (found beside the module or given with `--var-file`). */
function isVariableFile(file: string): boolean {
  return /\.tfvars(\.json)?$/.test(file);
}

function key(loc: Loc): string {
  return `${loc.file}\0${startOffset(loc.range)}`;
}

const reference = /^[A-Za-z_][\w-]*(?:\.[\w-]+|\[[^\]\n]*\])+$/;
const maxShown = 60;

/** `the value passes through var.role_name` or `the value comes from "app"`, from the text at the hop. */
function describeHop(loc: Loc, sources: ReadonlyMap<string, string>): string {
  const text = sources.get(loc.file)?.slice(startOffset(loc.range), endOffset(loc.range)).trim() ?? '';
  const firstLine = text.split(/\r?\n|\r/)[0];
  if (reference.test(text)) return `the value passes through ${text}`;
  if (firstLine === '') return 'the value comes from here';
  const shown = firstLine.length > maxShown || firstLine !== text ? `${firstLine.slice(0, maxShown)}…` : firstLine;
  return `the value comes from ${shown}`;
}
