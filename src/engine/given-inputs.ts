import { closest } from '../graph/queries/describe.js';
import type { VarFileKey } from '../graph/terraform/variables.js';
import { startOffset } from '../shared/source.js';
import type { LintOptions, UndeclaredInput } from './options.js';

/** The inputs the run's templates and root modules declare, and the `--var-file` keys: to tell a typo from a name meant for another unit. */
export class DeclaredInputs {
  /** Parameters of the linted templates (a nested one takes its parent's values). */
  readonly parameters = new Set<string>();
  /** Variables of the linted root modules. */
  readonly variables = new Set<string>();
  /** A template or root module not read whole: a name it declares may be missing. */
  partialParameters = false;
  partialVariables = false;
  /** Each `--var-file` key once, by where it is written: every root module reads the same files. */
  private readonly varFileKeys = new Map<string, VarFileKey>();

  addVarFileKeys(keys: readonly VarFileKey[]): void {
    for (const key of keys) this.varFileKeys.set(`${key.loc.file}\0${startOffset(key.loc.range)}`, key);
  }

  /** The names given that nothing linted declares; none of a kind when a unit of that kind was not read whole. */
  undeclared(options: Pick<LintOptions, 'parameters' | 'variables'>): UndeclaredInput[] {
    const out: UndeclaredInput[] = [];
    if (!this.partialParameters) {
      const suggest = suggester(this.parameters);
      for (const name of Object.keys(options.parameters ?? {})) {
        if (!this.parameters.has(name)) out.push(suggest({ option: 'parameters', name }));
      }
    }
    if (this.partialVariables) return out;
    const suggest = suggester(this.variables);
    for (const name of Object.keys(options.variables ?? {})) {
      if (!this.variables.has(name)) out.push(suggest({ option: 'variables', name }));
    }
    for (const { name, loc } of this.varFileKeys.values()) {
      if (this.variables.has(name)) continue;
      const { line, column } = loc.range.start;
      out.push(suggest({ option: 'varFiles', name, file: loc.file, line, column }));
    }
    return out;
  }
}

/** Adds the closest declared name; one candidate list for all, which "did you mean" indexes once. */
function suggester(declared: ReadonlySet<string>): (input: UndeclaredInput) => UndeclaredInput {
  let candidates: string[] | undefined;
  return (input) => {
    candidates ??= [...declared];
    const near = closest(input.name, candidates);
    return near === undefined ? input : { ...input, suggestion: near };
  };
}
