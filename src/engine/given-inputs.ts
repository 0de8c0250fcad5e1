import { closest } from '../graph/queries/describe.js';
import type { VarFileKey } from '../graph/terraform/variables.js';
import { startOffset } from '../shared/source.js';
import type { LintOptions, UndeclaredInput } from './options.js';

/**
 * The deploy-time inputs the run's code declares, and the keys of the
 * `--var-file` files: what tells a mistyped `--parameters` or `--var` name
 * from one meant for another template or module of the same run.
 */
export class DeclaredInputs {
  /** Parameters of the linted templates (a nested template read through a link takes its parent's values, not these). */
  readonly parameters = new Set<string>();
  /** Variables of the linted root modules. */
  readonly variables = new Set<string>();
  /** A template or root module not read whole (a parse error, an internal error): a name it declares may be missing here. */
  partialParameters = false;
  partialVariables = false;
  /** Each `--var-file` key once, by where it is written: every root module reads the same files. */
  private readonly varFileKeys = new Map<string, VarFileKey>();

  addVarFileKeys(keys: readonly VarFileKey[]): void {
    for (const key of keys) this.varFileKeys.set(`${key.loc.file}\0${startOffset(key.loc.range)}`, key);
  }

  /**
   * The names given for the run that nothing linted declares, in the order
   * given. None of a kind when some template or module of that kind was
   * not read whole: "no template declares it" could then be wrong.
   */
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
