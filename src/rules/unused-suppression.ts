import type { Rule } from './rule.js';

/** `cannotWork`: a directive that cannot work where or as written (its problem worded where it is read: suppress/comments.ts). */
export type UnusedSuppressionMessage = 'suppressesNothing' | 'noReason' | 'noReasonKey' | 'cannotWork';

export const unusedSuppression: Rule<UnusedSuppressionMessage> = {
  id: 'unused-suppression',
  severity: 'warning',
  summary: 'A suppression suppresses nothing, has no reason, or cannot work as written',
  docs: {
    what: 'Flags `# iam-profile-lint-ignore` and `# iam-profile-lint-ignore-file` comments (`//` too in Terraform) and CloudFormation `Metadata` `iam-profile-lint` ignores that cover no finding of the rule they name, that give no reason after ` -- ` (or no `reason:` key), or that cannot work where they are: an `-ignore-file` comment below the first line of code, a comment naming no rule, a `Metadata` ignore not shaped `ignore: [{ rule, reason }]`. A suppression without a reason still suppresses.',
    why: 'A suppression that suppresses nothing hides the next real finding of its rule at that place: the code was fixed or moved, or the rule id is misspelt. A suppression without a reason leaves the next reader unable to tell a considered exception from a silenced alarm.',
    fix: 'Delete suppressions that suppress nothing (or correct the rule id or the line they sit on). Write why the finding is accepted after ` -- `, or in the `reason:` key of a `Metadata` ignore. Suppress a whole file with `iam-profile-lint-ignore-file` in the comments at its top.',
  },
  messages: {
    suppressesNothing: '{{suppression}} for {{rule}} suppresses nothing',
    noReason: '{{suppression}} for {{rules}} has no reason: add one after " -- "',
    noReasonKey: '{{suppression}} for {{rules}} has no reason: add a reason: key',
    cannotWork: '{{problem}}',
  },
  // The suppression stage (engine/suppress/suppress.ts) reports this rule: it alone sees which suppressions were used.
  check() {},
};
