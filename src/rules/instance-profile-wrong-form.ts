import { referenceSyntax, slotLabel } from '../graph/queries/describe.js';
import type { Graph, SlotUse } from '../graph/types.js';
import { slotHoldsRole, slotHoldsRoleNamedLikeProfile } from '../graph/queries/profile-slot.js';
import { formFits, formIsCertain, formOf, namesWithArns, type FormOf } from '../graph/queries/slot-forms.js';
import { swapFormRequest } from '../graph/queries/fix-requests.js';
import { writeAsFunctionHelp } from '../graph/queries/intrinsic-text.js';
import type { Rule } from './rule.js';
import type { FixRequest, RuleOptions } from '../shared/finding.js';

const formWords = { name: 'a name', arn: 'an ARN', 'unique-id': 'a unique id' } as const;
const slotWants = { name: 'a name', arn: 'an ARN', 'name-or-arn': 'a name or an ARN' } as const;

export const instanceProfileWrongForm: Rule<'wrongForm' | 'bothSet'> = {
  id: 'instance-profile-wrong-form',
  severity: 'error',
  summary: 'An instance profile or role is given as an ARN where a name is expected, or the other way round',
  docs: {
    what: "Flags an instance-profile slot given an ARN where it takes a name (`AWS::EC2::Instance.IamInstanceProfile: !GetAtt Profile.Arn`, `aws_instance.iam_instance_profile = aws_iam_instance_profile.p.arn`, a launch template's `Name`) or a name where it takes an ARN (a launch template's or Spot Fleet's `Arn: !Ref Profile`, OpsWorks, `iam_instance_profile { arn = ...name }`), and a launch template that sets both `Arn` and `Name`. Role slots are checked where the form is certain: a role ARN in `AWS::IAM::InstanceProfile.Roles` or `aws_iam_instance_profile.role`, which take role names, or a name where Lambda, SageMaker or App Runner require an ARN. Only values whose form is known (a reference, or text that is or cannot be an ARN) are reported.",
    why: 'AWS checks the form: "Value (arn:...) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name", "is an invalid ARN: arn: invalid prefix", "The specified value for roleName is invalid", and for a launch template with both: "The parameter \'iamInstanceProfile.name\' may not be used in combination with \'iamInstanceProfile.arn\'".',
    fix: 'Use the attribute that gives the expected form: in CloudFormation `!Ref Profile` is the name and `!GetAtt Profile.Arn` the ARN; in Terraform `.name` and `.arn`. In a launch template, set either `Arn` or `Name`, not both.',
  },
  messages: {
    wrongForm: '{{slot}} of {{resource}} takes {{wanted}} but is given {{given}}',
    bothSet: '{{nameSlot}} and {{arnSlot}} of {{resource}} are both set',
  },
  check(graph, report, options) {
    for (const use of graph.slots) {
      if (!formIsCertain(use.slot)) continue;
      const f = formOf(use.value, graph);
      if (!f || formFits(use.slot.form, f.form) || !ownFinding(use, f, graph, options)) continue;
      report({
        at: use.value,
        resource: use.resource,
        messageId: 'wrongForm',
        data: { slot: slotLabel(use.slot), resource: use.resource.address, wanted: slotWants[use.slot.form], given: formWords[f.form] },
        help: writeAsFunctionHelp(use.value, use.resource) ?? fixFor(use, f),
        ...(use.slot.verified ? {} : { severity: 'warning' as const }),
        ...formFix(use, f, graph),
      });
    }
    for (const both of namesWithArns(graph)) {
      report({
        at: both.name,
        resource: both.resource,
        messageId: 'bothSet',
        data: { nameSlot: slotLabel(both.nameSlot), arnSlot: slotLabel(both.arnSlot), resource: both.resource.address },
        help: 'keep one of them: EC2 rejects the two together ("may not be used in combination")',
        related: [{ loc: both.arn.loc, message: `${slotLabel(both.arnSlot)} is set here` }],
      });
    }
  },
};

/**
 * A value of the wrong entity belongs to another rule: a role in a profile
 * slot (role-as-instance-profile, profile-by-role-name: the agreement in
 * `profile-slot.ts`), a profile in a role slot (profile-as-role). Their fixes
 * already give the right form.
 */
function ownFinding(use: SlotUse, f: FormOf, graph: Graph, options: RuleOptions): boolean {
  if (use.slot.expects === 'role') return f.entity !== 'instance-profile';
  if (f.entity === 'role') return false;
  return !slotHoldsRole(use, graph, options) && !slotHoldsRoleNamedLikeProfile(use, graph, options);
}

function fixFor(use: SlotUse, f: FormOf): string {
  const want = use.slot.form === 'arn' ? 'arn' : 'name';
  if (f.resource) return `use ${referenceSyntax(f.resource, want, use)}`;
  const noun = use.slot.expects === 'role' ? 'role' : 'instance profile';
  return want === 'arn'
    ? `give the ${noun}'s ARN (arn:aws:iam::<account>:${use.slot.expects}/<name>)`
    : `give the ${noun}'s name, the last part of its ARN`;
}

/** The same resource in the form the slot takes: `!Ref P` <-> `!GetAtt P.Arn`, `.name` <-> `.arn`. */
function formFix(use: SlotUse, f: FormOf, graph: Graph): { fix?: FixRequest } {
  const fix = f.resource && swapFormRequest(graph, use, f.resource);
  return fix ? { fix } : {};
}
