import { isInstalledModuleFile } from '../discover/config-files.js';
import type { Value } from '../graph/value.js';
import type { Report } from '../rules/rule.js';
import { startOffset, type Loc } from '../shared/source.js';

/**
 * A finding inside a module that `terraform init` installed (under
 * `.terraform/`) is not the user's to fix and is not reported (run.ts),
 * unless one of its causes (`Report.causes`) came from the user's code: a
 * value the caller passes in keeps the caller's position, so such a finding
 * is reported where the caller wrote it, as a slot finding on a passed value
 * already is, with the module's place as related.
 */
export function atUserCause(r: Report): Report {
  const at = locOf(r);
  if (!r.causes || !isInstalledModuleFile(at.file)) return r;
  for (const cause of r.causes) {
    const origin = userPart(cause, 0);
    if (!origin) continue;
    const related = (r.related ?? []).filter((x) => !sameStart(x.loc, origin.loc));
    return { ...r, at: origin, related: [{ loc: at, message: 'found here, in the installed module' }, ...related] };
  }
  return r;
}

/** Deeper templates than this are not searched (a template of templates of caller values is rare). */
const maxDepth = 8;

/**
 * The value itself when the user wrote it; in a template the module wrote
 * (`"project_path:${subject}"`), the first part the user wrote.
 */
function userPart(v: Value, depth: number): Value | undefined {
  if (!isInstalledModuleFile(v.loc.file)) return v;
  if (v.kind !== 'template' || depth >= maxDepth) return undefined;
  for (const part of v.parts) {
    const found = typeof part === 'string' ? undefined : userPart(part, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function locOf(r: Report): Loc {
  return 'kind' in r.at ? r.at.loc : r.at;
}

function sameStart(a: Loc, b: Loc): boolean {
  return a.file === b.file && startOffset(a.range) === startOffset(b.range);
}
