import { slotLabel } from '../graph/queries/describe.js';
import { slotNamesUndefinedProfile, slotsWhere } from '../graph/queries/profile-slot.js';
import { writeAsFunctionHelp } from '../graph/queries/intrinsic-text.js';
import type { Rule } from './rule.js';

export const unknownInstanceProfile: Rule<'undefinedProfile'> = {
  id: 'unknown-instance-profile',
  severity: 'warning',
  summary: 'An instance profile is referenced by a literal name or ARN that nothing analysed defines',
  docs: {
    what: 'Flags a literal instance-profile name or ARN in an instance-profile slot when no instance profile of that name is defined in the analysed files, is a Terraform data source, or is listed in `knownInstanceProfiles`. AWS\'s own default profiles (`EMR_EC2_DefaultRole`, `ecsInstanceRole`, `aws-elasticbeanstalk-ec2-role`, ...) are known by default.',
    why: 'A profile that does not exist fails the deploy with "Invalid IAM Instance Profile name". A literal name also hides the dependency: nothing guarantees the profile exists in every account and region the code is deployed to.',
    fix: 'Define the instance profile in the code and reference it, or, when it is made elsewhere on purpose, add its name to `knownInstanceProfiles` in `.iam-profile-lint.yaml`.',
  },
  messages: { undefinedProfile: '{{slot}} names instance profile "{{name}}", which no analysed file defines' },
  check(graph, report, options) {
    for (const { use, v } of slotsWhere(graph, options, slotNamesUndefinedProfile)) {
      report({
        at: use.value,
        resource: use.resource,
        messageId: 'undefinedProfile',
        data: { slot: slotLabel(use.slot), name: v.name },
        help: writeAsFunctionHelp(use.value, use.resource) ?? 'define it and reference it, or add it to knownInstanceProfiles if it is made elsewhere',
      });
    }
  },
};
