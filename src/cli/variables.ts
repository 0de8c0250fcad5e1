// `--var name=value` flags → LintOptions.variables, kept apart from cli-options.ts's table of flags.
import { UsageError } from './usage-error.js';
import { record } from '../shared/own.js';

/** `name=value` pairs, the value taken verbatim after the first `=`; a later flag for the same name wins, as in Terraform. */
export function parseVarFlags(raw: readonly string[]): Record<string, string> {
  const out = record<string>();
  for (const flag of raw) {
    const eq = flag.indexOf('=');
    const name = eq < 0 ? '' : flag.slice(0, eq).trim();
    if (!/^[A-Za-z_][\w-]*$/.test(name)) throw new UsageError(`--var expects name=value (got "${flag}")`);
    out[name] = flag.slice(eq + 1);
  }
  return out;
}
