import { slotLabel } from '../graph/queries/describe.js';
import { denote, literalName, resourcesNamed, roleOf } from '../graph/queries/denote.js';
import { knownString } from '../graph/queries/strings.js';
import type { Graph, Resource } from '../graph/types.js';
import { asList, type Value } from '../graph/value.js';
import type { Rule } from './rule.js';
import { dialectOf, propKey } from '../graph/dialect.js';

export const emrProfileRoleNameMismatch: Rule<'namesDiffer'> = {
  id: 'emr-profile-role-name-mismatch',
  severity: 'error',
  summary: "An EMR cluster's instance profile is not named after its role",
  docs: {
    what: "Flags an EMR cluster whose EC2 instance profile (`JobFlowRole`, `ec2_attributes.instance_profile`) has a name different from the name of the role it holds, when both names are known (written literally, or a reference to a resource whose name is), or when the profile's `name_prefix` cannot begin the role's name. Other generated and computed names are not judged.",
    why: 'EC2 lets a profile and its role have different names, but EMR does not: "Amazon EMR does not support this configuration, and it results in an \'invalid instance profile\' error".',
    fix: 'Name the instance profile after its role: `InstanceProfileName: !Ref Role` in CloudFormation, `name = aws_iam_role.r.name` in Terraform.',
  },
  messages: { namesDiffer: '{{slot}} of {{resource}} is instance profile "{{profileName}}", but its role is named "{{roleName}}"' },
  check(graph, report) {
    for (const use of graph.slots) {
      if (use.slot.expects !== 'instance-profile' || use.resource.kind !== 'emr.cluster') continue;
      const profile = profileOf(use.value, graph);
      const held = profile ? asList(profile.canonical.roles) : [];
      if (!profile || held.length !== 1) continue;
      const roleValue = held[0];
      const role = roleOf(roleValue, graph);
      const roleName = role ? literalName(role, graph) : knownString(roleValue, graph);
      const profileName = knownName(profile, graph);
      // Only names known on both sides (or a prefix no role name fits); IAM compares names case-insensitively.
      if (profileName === undefined || roleName === undefined || profileName.fits(roleName.toLowerCase())) continue;
      report({
        at: use.value,
        resource: use.resource,
        messageId: 'namesDiffer',
        data: { slot: slotLabel(use.slot), resource: use.resource.address, profileName: profileName.shown, roleName },
        help: `${fixFor(profile, role, roleName)}: EMR requires the names of instance profile ${profile.address} and its role${role ? ` ${role.address}` : ''} to be equal ("invalid instance profile")`,
        related: [{ loc: profile.canonical.name?.loc ?? profile.loc, message: `instance profile ${profile.address} is named here` }],
      });
    }
  },
};

/** What is known of a profile's name: all of it, or (Terraform `name_prefix`) how it begins. */
function knownName(profile: Resource, graph: Graph): { shown: string; fits: (roleName: string) => boolean } | undefined {
  const name = literalName(profile, graph);
  if (name !== undefined) return { shown: name, fits: (roleName) => roleName === name.toLowerCase() };
  const prefix = profile.canonical.namePrefix ? knownString(profile.canonical.namePrefix, graph) : undefined;
  if (prefix === undefined) return undefined;
  // The rest is generated: only a role name that begins the same way could be it.
  return { shown: `${prefix}…`, fits: (roleName) => roleName.startsWith(prefix.toLowerCase()) };
}

/** The profile resource a value names: a reference, or a literal name or ARN of a profile in the code. */
function profileOf(value: Value, graph: Graph): Resource | undefined {
  const d = denote(value, graph);
  if (d.entity === 'instance-profile') return d.resource && !d.resource.external ? d.resource : undefined;
  if (d.entity !== 'name') return undefined;
  return resourcesNamed(graph, 'instance-profile', d.name, value).find((r) => !r.external);
}

function fixFor(profile: Resource, role: Resource | undefined, roleName: string): string {
  if (role && !role.external) {
    const dialect = dialectOf(profile);
    return `set ${dialect.assign(propKey(profile, 'name') ?? 'name', dialect.nameOf(role.address))} on ${profile.address}`;
  }
  return `name ${profile.address} "${roleName}"`;
}
