import { literalName } from '../graph/queries/denote.js';
import { loopInstanceOf, newProfileHint, referenceSyntax, resourceLabel, slotLabel, writtenText } from '../graph/queries/describe.js';
import { newProfileRequest, referenceProfileRequest } from '../graph/queries/fix-requests.js';
import type { Graph, SlotUse } from '../graph/types.js';
import { slotHoldsRole, slotsWhere, type ProfileSlotVerdict } from '../graph/queries/profile-slot.js';
import type { Rule } from './rule.js';
import type { FixRequest } from '../shared/finding.js';

/** How the role was given: its name, its ARN or its unique id. */
const givenAs = { name: 'roleGiven', arn: 'roleArnGiven', 'unique-id': 'roleIdGiven' } as const;

export const roleAsInstanceProfile: Rule<(typeof givenAs)[keyof typeof givenAs]> = {
  id: 'role-as-instance-profile',
  severity: 'error',
  summary: 'An IAM role is used where an EC2 instance profile is expected',
  docs: {
    what: 'Flags a property that expects an EC2 instance profile (an instance\'s `IamInstanceProfile`, a launch template\'s `IamInstanceProfile.Name`/`Arn`, a launch configuration, Spot Fleet, Batch `InstanceRole`, EMR `JobFlowRole`, Image Builder, Elastic Beanstalk\'s `IamInstanceProfile` option, ...) that is given an IAM role: its name, ARN or id, or a literal role ARN, when no instance profile of that name exists.',
    why: 'EC2 attaches instance profiles, not roles. A role is only usable by an instance through a profile that contains it. The deploy fails with "Value (...) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name" (or "Invalid IAM Instance Profile ARN"). The IAM console hides this by creating a same-named profile for you; CloudFormation and Terraform do not.',
    fix: 'Create an instance profile that holds the role and reference the profile in the slot: `!Ref Profile` or `!GetAtt Profile.Arn` in CloudFormation, `aws_iam_instance_profile.p.name` or `.arn` in Terraform.',
  },
  messages: {
    roleGiven: '{{slot}} is given role {{role}}; EC2 needs an instance profile',
    roleArnGiven: '{{slot}} is given the ARN of role {{role}}; EC2 needs an instance profile',
    roleIdGiven: '{{slot}} is given the unique id of role {{role}}; EC2 needs an instance profile',
  },
  check(graph, report, options) {
    for (const { use, v } of slotsWhere(graph, options, slotHoldsRole)) {
      const form = use.slot.form === 'arn' ? 'arn' : 'name';
      // A role ARN whose name is computed (`arn:...:role/${Name}`) is shown as written.
      // A Fn::ForEach role named by one instance's logical id (`BatchHostRole`) is shown, and its profile advised, as that instance.
      const written = use.value.kind === 'ref' ? use.value.text.split('.')[0] : '';
      const role = v.role && (loopInstanceOf(v.role, v.role, written) ?? v.role);
      const label = role ? resourceLabel(role, v.roleName ?? literalName(role, graph)) : `"${v.roleName ?? writtenText(use.value, graph)}"`;
      const holder = v.holders[0] && v.role ? (loopInstanceOf(v.holders[0], v.role, written) ?? v.holders[0]) : v.holders[0];
      const hint = holder
        ? `reference ${holder.address}, which holds this role (${referenceSyntax(holder, form, use)})`
        : v.role && !v.role.external
          ? newProfileHint(v.role)
          : 'reference an instance profile that holds this role';
      report({
        at: use.value,
        resource: use.resource,
        messageId: givenAs[v.form],
        data: { slot: slotLabel(use.slot), role: label },
        help: hint,
        ...(v.role ? { related: [{ loc: v.role.loc, message: `role ${v.role.address} is declared here` }] } : {}),
        ...withFix(fixFor(use, v, graph)),
      });
    }
  },
};

/** The holder if there is one, else a new profile beside the role. */
function fixFor(use: SlotUse, v: ProfileSlotVerdict & { verdict: 'role' }, graph: Graph): FixRequest | undefined {
  const holder = v.holders[0];
  if (holder) return referenceProfileRequest(graph, use, holder, true);
  return v.role ? newProfileRequest(graph, use, v.role) : undefined;
}

function withFix(fix: FixRequest | undefined): { fix?: FixRequest } {
  return fix ? { fix } : {};
}
