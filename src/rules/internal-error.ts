import type { Rule } from './rule.js';

/** `failed`: a parser or builder threw (its notice words it); `ruleFailed`: a rule threw (engine/contain.ts). */
export type InternalErrorMessage = 'failed' | 'ruleFailed' | 'ruleFailedTogether';

export const internalError: Rule<InternalErrorMessage> = {
  id: 'internal-error',
  severity: 'error',
  summary: 'The linter failed on a file; the rest of the run was still linted',
  docs: {
    what: 'Reports a file on which iam-profile-lint itself failed: its parser, the graph builder or a rule threw an exception. The failure is contained: the other files (and, when a rule failed, the other rules) are still linted and reported, and the run exits with status 2. This rule has no fixtures, because an input that triggers it is a bug to be fixed the day it is found; its tests inject a failing parser and rule instead (`test/hostile/internal-error.test.ts`).',
    why: 'A crash must not hide the findings of every other file, and must not pass silently either: the file it names was not (wholly) checked.',
    fix: 'Report it with the file (or the smallest part of it that still fails) and the message; run with `--debug` to see the stack trace. Until it is fixed, `ignore` the file in the config to lint the rest with exit status 0 or 1.',
  },
  messages: {
    failed: '{{message}}',
    ruleFailed: "Internal error in rule {{rule}} on {{unit}}: {{error}}; the rule's findings here are not reported, the other files' are",
    ruleFailedTogether:
      "Internal error in rule {{rule}} on {{unit}} (together with the other files of the run): {{error}}; the rule's findings here are not reported, the other files' are",
  },
  // Failures in parsing and building arrive as notices; a failing rule is reported by the rule runner (engine/contain.ts).
  check(graph, report) {
    for (const n of graph.notices ?? []) if (n.rule === 'internal-error') report({ at: n.loc, messageId: 'failed', data: { message: n.message } });
  },
};
