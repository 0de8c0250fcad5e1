import { knownString } from '../graph/queries/strings.js';
import { roleOf } from '../graph/queries/denote.js';
import { asList } from '../graph/value.js';
import type { Rule } from './rule.js';

export const instanceProfileNameMismatch: Rule<'namesDiffer'> = {
  id: 'instance-profile-name-mismatch',
  severity: 'warning',
  summary: "An instance profile's explicit name differs from its role's explicit name",
  docs: {
    what: 'Flags an instance profile whose explicit name differs from the explicit name of the role it holds. No finding when either name is generated or unknown.',
    why: 'The EC2 console, the IAM console and many scripts assume the console convention that a profile is named after its role; people then pass the role name where the profile name belongs. EMR requires the two names to be equal.',
    fix: 'Name the profile after its role (`InstanceProfileName: !Ref Role`, `name = aws_iam_role.r.name`), or leave the profile name to be generated and always reference the profile resource.',
  },
  messages: { namesDiffer: 'Instance profile {{profile}} is named "{{profileName}}" but its role is named "{{roleName}}"' },
  check(graph, report) {
    for (const profile of graph.resources) {
      if (profile.kind !== 'iam.instance-profile' || profile.external) continue;
      const nameValue = profile.canonical.name;
      const profileName = nameValue ? knownString(nameValue, graph) : undefined;
      if (!nameValue || profileName === undefined) continue;
      for (const item of asList(profile.canonical.roles)) {
        const role = roleOf(item, graph);
        const roleName = role?.canonical.name ? knownString(role.canonical.name, graph) : undefined;
        if (!role || roleName === undefined || roleName === profileName) continue;
        report({
          at: nameValue,
          resource: profile,
          messageId: 'namesDiffer',
          data: { profile: profile.address, profileName, roleName },
          help: `name the profile after its role ${role.address}, or leave the profile name generated`,
          related: [{ loc: role.canonical.name?.loc ?? role.loc, message: `role ${role.address} is named here` }],
        });
      }
    }
  },
};
