/**
 * A module called N times is built N times (and once more when its directory
 * is linted on its own), so a mistake in the module's own code is found at
 * the same place once per instance, each message naming its instance's
 * resources (`module.blue.aws_instance.web`, `module.green.aws_instance.web`,
 * `aws_instance.web`). Findings at the same place, by the same rule and
 * message id, whose message data differ only in those instance prefixes are
 * one finding (engine/run-rules.ts); the most local naming is the one kept.
 * A finding that depends on what a caller passes differs in more than naming
 * (or is at the caller), and stays.
 */
const instancePrefix = /\bmodule\.[A-Za-z_][\w-]*(?:\[[^\]\n]*\])?\./g;

/** The text (a message data value) with every `module.x.` (and `module.x[0].`) prefix removed. */
export function withoutInstanceNames(text: string): string {
  return text.replace(instancePrefix, '');
}

/** How many instance prefixes a text has: fewer is the more local naming. */
export function instanceDepth(text: string): number {
  return text.match(instancePrefix)?.length ?? 0;
}
