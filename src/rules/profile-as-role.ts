import { referenceSyntax, resourceLabel, slotLabel } from '../graph/queries/describe.js';
import { denote, literalName, roleOf } from '../graph/queries/denote.js';
import type { Graph, Resource, SlotUse } from '../graph/types.js';
import { asList } from '../graph/value.js';
import { serviceName } from '../graph/queries/service-names.js';
import type { Rule } from './rule.js';
import { heldRoleAttribute } from '../graph/dialect.js';

/** How the profile was given: its name, its ARN or its unique id. */
const givenAs = { name: 'profileGiven', arn: 'profileArnGiven', 'unique-id': 'profileIdGiven' } as const;

export const profileAsRole: Rule<(typeof givenAs)[keyof typeof givenAs]> = {
  id: 'profile-as-role',
  severity: 'error',
  summary: 'An EC2 instance profile is used where an IAM role is expected',
  docs: {
    what: "Flags a property that expects an IAM role (an ECS task definition's `TaskRoleArn`/`ExecutionRoleArn`, a Lambda function's `Role`, an EKS node group's `NodeRole`, Batch and EMR `ServiceRole`, `AWS::IAM::InstanceProfile.Roles`, `aws_iam_instance_profile.role`, and every other role slot) that is given an instance profile: a reference to a profile's name or ARN, or a literal `arn:...:instance-profile/...`.",
    why: 'An instance profile is a container that EC2 uses to pass a role to an instance; it is not a role and cannot be assumed. Services that assume a role reject it ("The role defined for the function cannot be assumed by Lambda", "ECS was unable to assume the role"), and IAM rejects a profile ARN as a role name.',
    fix: 'Give the slot the role the profile holds: `!GetAtt Role.Arn` or `!Ref Role` in CloudFormation, `aws_iam_role.r.arn` or `.name` in Terraform.',
  },
  messages: {
    profileGiven: '{{slot}} of {{resource}} is given instance profile {{profile}}; {{service}} needs a role',
    profileArnGiven: '{{slot}} of {{resource}} is given the ARN of instance profile {{profile}}; {{service}} needs a role',
    profileIdGiven: '{{slot}} of {{resource}} is given the unique id of instance profile {{profile}}; {{service}} needs a role',
  },
  check(graph, report) {
    for (const use of graph.slots) {
      if (use.slot.expects !== 'role') continue;
      const d = denote(use.value, graph);
      if (d.entity !== 'instance-profile') continue;
      const profile = d.resource;
      const label = profile ? resourceLabel(profile, d.name ?? literalName(profile, graph)) : `"${d.name ?? use.slot.path}"`;
      report({
        at: use.value,
        resource: use.resource,
        messageId: givenAs[d.form],
        data: { slot: slotLabel(use.slot), resource: use.resource.address, profile: label, service: serviceName(use.resource) },
        help: fixFor(use, d.form, profile, graph),
        ...(profile ? { related: [{ loc: profile.loc, message: `instance profile ${profile.address} is declared here` }] } : {}),
      });
    }
  },
};

/** `use !GetAtt AppRole.Arn, the role it holds`, in the form the slot takes. */
function fixFor(use: SlotUse, given: 'name' | 'arn' | 'unique-id', profile: Resource | undefined, graph: Graph): string {
  const form = use.slot.form === 'name' ? 'name' : use.slot.form === 'arn' || given !== 'name' ? 'arn' : 'name';
  const held = profile ? asList(profile.canonical.roles) : [];
  const role = held.length === 1 ? roleOf(held[0], graph) : undefined;
  if (role) return `use ${referenceSyntax(role, form, use)}, the role it holds`;
  // `data "aws_iam_instance_profile"` exposes the role it holds.
  const attribute = profile ? heldRoleAttribute(profile, form) : undefined;
  if (attribute !== undefined) return `use ${profile?.address}.${attribute}, the role it holds`;
  return `use the ${form === 'arn' ? 'ARN' : 'name'} of the role it holds`;
}
