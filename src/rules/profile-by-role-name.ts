import { literalName } from '../graph/queries/denote.js';
import { referenceSyntax, slotLabel } from '../graph/queries/describe.js';
import { referenceProfileRequest } from '../graph/queries/fix-requests.js';
import { slotHoldsRoleNamedLikeProfile, slotsWhere } from '../graph/queries/profile-slot.js';
import type { Rule } from './rule.js';
import type { FixRequest } from '../shared/finding.js';

export const profileByRoleName: Rule<'roleName' | 'computedRoleName'> = {
  id: 'profile-by-role-name',
  severity: 'warning',
  summary: "An instance profile slot gets a role's name and works only because a profile has the same name",
  docs: {
    what: "Flags an instance-profile slot that is given a role's name (`!Ref Role`, `aws_iam_role.r.name`) when an instance profile with that same name exists.",
    why: 'It deploys only by coincidence of names, and nothing orders the profile before the instance: the engine may launch the instance before the profile exists and fail with "Invalid IAM Instance Profile name". Renaming either one breaks it silently.',
    fix: 'Reference the instance profile resource itself, so the name is right by construction and the dependency is explicit.',
  },
  messages: {
    roleName: '{{slot}} is given the name of role {{role}} ("{{name}}"), not a profile',
    computedRoleName: '{{slot}} is given the name of role {{role}}, not a profile',
  },
  check(graph, report, options) {
    for (const { use, v } of slotsWhere(graph, options, slotHoldsRoleNamedLikeProfile)) {
      const profile = v.profiles[0];
      const name = literalName(v.role, graph);
      const form = use.slot.form === 'arn' ? 'arn' : 'name';
      report({
        at: use.value,
        resource: use.resource,
        ...(name !== undefined
          ? { messageId: 'roleName' as const, data: { slot: slotLabel(use.slot), role: v.role.address, name } }
          : { messageId: 'computedRoleName' as const, data: { slot: slotLabel(use.slot), role: v.role.address } }),
        help: `reference the profile instead (${referenceSyntax(profile, form, use)}): it works only because instance profile ${profile.address} has the same name, and nothing orders ${profile.address} before ${use.resource.address}`,
        related: [{ loc: profile.loc, message: `instance profile ${profile.address} is declared here` }],
        ...fixOf(referenceProfileRequest(graph, use, profile)),
      });
    }
  },
};

function fixOf(fix: FixRequest | undefined): { fix?: FixRequest } {
  return fix ? { fix } : {};
}
