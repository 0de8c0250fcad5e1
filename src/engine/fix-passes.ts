import { readFileSync } from '../shared/builtins.js';
import path from 'node:path';
import { lint } from './lint.js';
import type { LintOptions, LintResult } from './options.js';
import type { Finding, Fix } from '../shared/finding.js';
import { applyEdits, editsByFile, selectFixes, type FixedFile } from '../fix/select.js';

export type { FixedFile };

/** ESLint's limit: a fix that enables another is applied on the next pass, up to this many passes. */
export const MAX_PASSES = 10;

export interface FixOptions {
  /** As for `lint()` (always with `fixes`: the edits are what this applies); linted in memory, so nothing is written here. */
  lint: LintOptions;
  /** Files a fix may change, as findings name them; a fix touching any other file is not applied. */
  canEdit?: (file: string) => boolean;
  /** Findings whose fixes to apply (the editor's fix-all: those of one document); default all. */
  fixes?: (finding: Finding) => boolean;
  maxPasses?: number;
}

export interface FixOutcome {
  files: FixedFile[];
  /** How many fixes were applied, over all passes. */
  applied: number;
  passes: number;
  /** The lint of the fixed text: what remains. */
  result: LintResult;
}

/**
 * Applies fixes pass by pass, linting the edited text in memory (an overlay)
 * after each pass. A pass's edits to a file are kept only if that lint
 * confirms them: no more findings than before of a kind a bad edit makes
 * (`EDIT_FAULTS`), and fewer of each fixed rule over the run. Other rules may
 * report more: an instance that now carries a profile is rightly checked for
 * IMDSv2, which the role in its slot hid. Nothing is written: see `write.ts`.
 */
export async function computeFixes(options: FixOptions): Promise<FixOutcome> {
  const cwd = options.lint.cwd ?? process.cwd();
  const canEdit = options.canEdit ?? (() => true);
  const originals = new Map<string, FixedFile>();
  // Over the caller's overlay (the editor's unsaved buffers), so fixes apply to the text being edited.
  const overlay = new Map<string, string>(options.lint.overlay ?? []);
  const lintOptions: LintOptions = { ...options.lint, fixes: true };
  let result = await lint({ ...lintOptions, overlay });
  let applied = 0;
  let passes = 0;
  for (; passes < (options.maxPasses ?? MAX_PASSES); passes++) {
    let fixes = selectFixes(options.fixes ? result.findings.filter(options.fixes) : result.findings, canEdit);
    let next: LintResult | undefined;
    while (fixes.length > 0) {
      const staged = stage(fixes, overlay, originals, cwd);
      next = await lint({ ...lintOptions, overlay: staged });
      const bad = rejectedFiles(result.findings, next.findings, fixes);
      if (bad.size === 0) {
        for (const [abs, text] of staged) overlay.set(abs, text);
        break;
      }
      fixes = fixes.filter((fix) => !fix.edits.some((e) => bad.has(e.file)));
      next = undefined;
    }
    if (!next || fixes.length === 0) break;
    applied += fixes.length;
    result = next;
  }
  const files = [...originals.values()]
    .map((f) => ({ ...f, after: overlay.get(f.abs) ?? f.before }))
    .filter((f) => f.after !== f.before);
  return { files, applied, passes, result };
}

/** The overlay plus this pass's edits. Offsets are into the text without its byte-order mark, which is kept. */
function stage(fixes: readonly Fix[], overlay: ReadonlyMap<string, string>, originals: Map<string, FixedFile>, cwd: string): Map<string, string> {
  const staged = new Map(overlay);
  for (const [file, edits] of editsByFile(fixes)) {
    const abs = path.resolve(cwd, file);
    if (!originals.has(abs)) {
      const before = overlay.get(abs) ?? readFileSync(abs, 'utf8');
      originals.set(abs, { file, abs, before, after: before });
    }
    const current = staged.get(abs) ?? originals.get(abs)?.before ?? '';
    const bom = current.charCodeAt(0) === 0xfeff ? '\uFEFF' : '';
    staged.set(abs, bom + applyEdits(current.slice(bom.length), edits));
  }
  return staged;
}

/**
 * Findings a wrong edit would cause: the file no longer parses, a reference
 * names nothing, or the slot rules (the fixable ones) see a new problem.
 */
const EDIT_FAULTS: ReadonlySet<string> = new Set([
  'parse-error',
  'unresolved-reference',
  'internal-error',
  'role-as-instance-profile',
  'profile-by-role-name',
  'instance-profile-wrong-form',
]);

/** Files whose fixed text the lint does not confirm: more findings of an edit fault not fixed there. */
function rejectedFiles(before: readonly Finding[], after: readonly Finding[], fixes: readonly Fix[]): Set<string> {
  // The rule of each fix, looked up once: a search per fix is quadratic on 10,000 fixes.
  const ruleOfFix = new Map<object, string>();
  for (const f of before) if (f.fix && !ruleOfFix.has(f.fix)) ruleOfFix.set(f.fix, f.rule);
  const ruleOf = (fix: Fix): string => ruleOfFix.get(fix) ?? '';
  const fixedRules = new Map<string, Set<string>>();
  for (const fix of fixes) {
    for (const e of fix.edits) {
      const rules = fixedRules.get(e.file) ?? new Set<string>();
      rules.add(ruleOf(fix));
      fixedRules.set(e.file, rules);
    }
  }
  const bad = new Set<string>();
  const was = countByFileAndRule(before);
  const now = countByFileAndRule(after);
  for (const [file, rules] of fixedRules) {
    for (const [rule, count] of now.get(file) ?? new Map<string, number>()) {
      const previous = was.get(file)?.get(rule) ?? 0;
      if (EDIT_FAULTS.has(rule) && !rules.has(rule) && count > previous) bad.add(file);
    }
  }
  // The fixed rules must have fewer findings over the run; otherwise no file of this pass is trusted.
  const fixed = new Set(fixes.map(ruleOf));
  for (const rule of fixed) {
    if (countRule(after, rule) >= countRule(before, rule)) for (const file of fixedRules.keys()) bad.add(file);
  }
  return bad;
}

function countRule(findings: readonly Finding[], rule: string): number {
  return findings.filter((f) => f.rule === rule).length;
}

function countByFileAndRule(findings: readonly Finding[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const f of findings) {
    const rules = out.get(f.file) ?? new Map<string, number>();
    rules.set(f.rule, (rules.get(f.rule) ?? 0) + 1);
    out.set(f.file, rules);
  }
  return out;
}
