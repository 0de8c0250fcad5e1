import { literalName } from '../graph/queries/denote.js';
import { newProfileHint, referenceSyntax, resourceLabel, slotLabel } from '../graph/queries/describe.js';
import { newProfileRequest, referenceProfileRequest } from '../graph/queries/fix-requests.js';
import type { Graph, SlotUse } from '../graph/types.js';
import { profileSlotVerdict, type ProfileSlotVerdict } from '../graph/queries/profile-slot.js';
import type { FixRequest, Rule } from '../shared/rule.js';

export const roleAsInstanceProfile: Rule = {
  id: 'role-as-instance-profile',
  severity: 'error',
  summary: 'An IAM role is used where an EC2 instance profile is expected',
  docs: {
    what: 'Flags a property that expects an EC2 instance profile (an instance\'s `IamInstanceProfile`, a launch template\'s `IamInstanceProfile.Name`/`Arn`, a launch configuration, Spot Fleet, Batch `InstanceRole`, EMR `JobFlowRole`, Image Builder, Elastic Beanstalk\'s `IamInstanceProfile` option, ...) that is given an IAM role: its name, ARN or id, or a literal role ARN, when no instance profile of that name exists.',
    why: 'EC2 attaches instance profiles, not roles. A role is only usable by an instance through a profile that contains it. The deploy fails with "Value (...) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name" (or "Invalid IAM Instance Profile ARN"). The IAM console hides this by creating a same-named profile for you; CloudFormation and Terraform do not.',
    fix: 'Create an instance profile that holds the role and reference the profile in the slot: `!Ref Profile` or `!GetAtt Profile.Arn` in CloudFormation, `aws_iam_instance_profile.p.name` or `.arn` in Terraform.',
    bad: {
      cloudformation: `Resources:
  Instance:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      IamInstanceProfile: !Ref AppRole   # a role, not a profile
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { ... }`,
      terraform: `resource "aws_instance" "app" {
  ami                  = "ami-12345678"
  iam_instance_profile = aws_iam_role.app.name # a role, not a profile
}`,
    },
    good: {
      cloudformation: `Resources:
  Instance:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      IamInstanceProfile: !Ref AppProfile
  AppProfile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [!Ref AppRole]`,
      terraform: `resource "aws_iam_instance_profile" "app" {
  role = aws_iam_role.app.name
}

resource "aws_instance" "app" {
  ami                  = "ami-12345678"
  iam_instance_profile = aws_iam_instance_profile.app.name
}`,
    },
  },
  check(graph, report, options) {
    for (const use of graph.slots) {
      if (use.slot.expects !== 'instance-profile') continue;
      const v = profileSlotVerdict(use, graph, options);
      if (v.verdict !== 'role') continue;
      const form = use.slot.form === 'arn' ? 'arn' : 'name';
      const what = v.form === 'arn' ? 'the ARN of role' : v.form === 'unique-id' ? 'the unique id of role' : 'role';
      const label = v.role ? resourceLabel(v.role, v.roleName ?? literalName(v.role, graph)) : `"${v.roleName ?? '?'}"`;
      const holder = v.holders[0];
      const hint = holder
        ? `reference ${holder.address}, which holds this role (${referenceSyntax(holder, form, use.resource)})`
        : v.role && !v.role.external
          ? newProfileHint(v.role)
          : 'reference an instance profile that holds this role';
      report({
        at: use.value,
        resource: use.resource,
        message: `${slotLabel(use.slot)} is given ${what} ${label}; EC2 needs an instance profile`,
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
