import { literalName, profilesHolding } from '../graph/queries/denote.js';
import { newProfileHint, referenceSyntax, resourceLabel, slotLabel } from '../graph/queries/describe.js';
import { slotHoldsForeignArn, slotHoldsOtherResource, type ForeignArnInSlot, type OtherResourceInSlot } from '../graph/queries/other-resource.js';
import { serviceName } from '../graph/queries/service-names.js';
import type { Graph, SlotUse } from '../graph/types.js';
import type { Report, Rule } from './rule.js';

/** How the other resource was given. */
const givenAs = { name: '', id: 'the id of ', arn: 'the ARN of ', 'unique-id': 'the unique id of ' } as const;

export const notARoleOrProfile: Rule<'inProfileSlot' | 'inRoleSlot' | 'arnInProfileSlot' | 'arnInRoleSlot'> = {
  id: 'not-a-role-or-profile',
  severity: 'error',
  summary: 'A property that expects a role or an instance profile is given a policy, an attachment or another resource',
  docs: {
    what: "Flags a property that expects an instance profile or a role given the name, ARN or id of a resource that is neither: a policy, a policy attachment, an access key, an instance, a launch template (`iam_instance_profile = aws_iam_role_policy.app.name`, `role = aws_iam_role_policy_attachment.app.id`), or an ARN written out that names something else (an IAM user, a managed policy, an assumed-role session, a bucket: `IamInstanceProfile: arn:aws:iam::111122223333:user/deployer`). Resources of types not modelled (SSM parameters, custom resources) and a policy named like an existing profile or role are not flagged.",
    why: 'A policy is not a profile and an attachment id is not a role: the launch or the profile fails at deploy ("Invalid IAM Instance Profile name", "NoSuchEntity").',
    fix: 'Give the slot the instance profile or the role the policy was written for.',
  },
  messages: {
    inProfileSlot: '{{slot}} is given {{what}} {{other}}; EC2 needs an instance profile',
    inRoleSlot: '{{slot}} of {{resource}} is given {{what}} {{other}}; {{service}} needs a role',
    arnInProfileSlot: '{{slot}} is given {{arn}}, the ARN of {{what}}; EC2 needs an instance profile',
    arnInRoleSlot: '{{slot}} of {{resource}} is given {{arn}}, the ARN of {{what}}; {{service}} needs a role',
  },
  check(graph, report, options) {
    for (const use of graph.slots) {
      const foreign = slotHoldsForeignArn(use, graph);
      if (foreign) {
        reportForeignArn(use, foreign, report);
        continue;
      }
      const v = slotHoldsOtherResource(use, graph, options);
      if (!v) continue;
      // CloudFormation's `!Ref Policy` is what the policy is called there, not an "id" the user wrote.
      const form = v.other.iac === 'cloudformation' && v.attribute === 'id' ? '' : givenAs[v.attribute];
      const given = { what: `${form}${v.word}`, other: resourceLabel(v.other, literalName(v.other, graph)) };
      const inProfileSlot = use.slot.expects === 'instance-profile';
      report({
        at: use.value,
        resource: use.resource,
        messageId: inProfileSlot ? 'inProfileSlot' : 'inRoleSlot',
        data: inProfileSlot
          ? { slot: slotLabel(use.slot), ...given }
          : { slot: slotLabel(use.slot), resource: use.resource.address, ...given, service: serviceName(use.resource) },
        help: inProfileSlot ? profileHelp(use, v, graph) : roleHelp(use, v),
        related: [{ loc: v.other.loc, message: `${v.word} ${v.other.address} is declared here` }],
      });
    }
  },
};

/** An ARN written out that names an IAM user, a policy, a bucket: there is no resource of ours to point at. */
function reportForeignArn(use: SlotUse, foreign: ForeignArnInSlot, report: (r: Report<'arnInProfileSlot' | 'arnInRoleSlot'>) => void): void {
  const inProfileSlot = use.slot.expects === 'instance-profile';
  const data = { slot: slotLabel(use.slot), arn: `"${foreign.arn}"`, what: foreign.word };
  report({
    at: use.value,
    resource: use.resource,
    messageId: inProfileSlot ? 'arnInProfileSlot' : 'arnInRoleSlot',
    data: inProfileSlot ? data : { ...data, resource: use.resource.address, service: serviceName(use.resource) },
    help: foreignArnHelp(use),
  });
}

/** What the slot takes instead, in its form. */
function foreignArnHelp(use: SlotUse): string {
  const noun = use.slot.expects === 'instance-profile' ? 'an instance profile' : 'a role';
  const arn = `arn:aws:iam::<account>:${use.slot.expects}/<name>`;
  const forms = { name: 'the name', arn: 'the ARN', 'name-or-arn': 'the name or the ARN' } as const;
  return `give ${forms[use.slot.form]} of ${noun}${use.slot.form === 'name' ? '' : ` (${arn})`}`;
}

/** The profile that holds the policy's role, or a new one for it. */
function profileHelp(use: SlotUse, v: OtherResourceInSlot, graph: Graph): string {
  if (!v.role) return 'reference an instance profile';
  const holder = profilesHolding(v.role, graph)[0];
  const form = formFor(use, v);
  if (holder) return `reference ${holder.address} (${referenceSyntax(holder, form, use)}), the instance profile of role ${v.role.address}`;
  return v.role.external ? `reference an instance profile that holds role ${v.role.address}` : newProfileHint(v.role);
}

/** The role the policy or attachment is for. */
function roleHelp(use: SlotUse, v: OtherResourceInSlot): string {
  if (!v.role) return 'give it a role';
  return `use ${referenceSyntax(v.role, formFor(use, v), use)}, the role ${v.other.address} is for`;
}

/** The form the slot takes; where it takes both, the one the value was written in. */
function formFor(use: SlotUse, v: OtherResourceInSlot): 'name' | 'arn' {
  if (use.slot.form === 'name-or-arn') return v.attribute === 'arn' ? 'arn' : 'name';
  return use.slot.form;
}
