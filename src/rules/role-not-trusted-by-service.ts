import { resourceLabel, slotLabel } from '../graph/queries/describe.js';
import { denote, literalName, roleOf } from '../graph/queries/denote.js';
import { namesService, roleTrustPolicy, roleTrustsService } from '../graph/queries/trust.js';
import type { Graph, Resource, SlotUse } from '../graph/types.js';
import { asList, type Value } from '../graph/value.js';
import { slotsOf } from '../graph/queries/memo.js';
import type { Rule } from './rule.js';

export const roleNotTrustedByService: Rule<'notTrusted'> = {
  id: 'role-not-trusted-by-service',
  severity: 'error',
  summary: 'A role is given to a service that its trust policy does not let assume it',
  docs: {
    what: "Flags a role put in a slot whose service must assume it (Lambda's `Role` needs `lambda.amazonaws.com`, an ECS task role `ecs-tasks.amazonaws.com`, an EKS node role and the role inside an instance profile `ec2.amazonaws.com`, ...; the service for each slot comes from the slot table) when the role's trust policy is fully known and has no `Allow` statement letting that service principal call `sts:AssumeRole` (a `Service` principal, `*` actions and `sts:*` count). Nothing is reported when the trust policy, a statement, a principal or an action is computed. Slots whose service principal is not verified in AWS documentation are reported as warnings.",
    why: 'The service cannot get credentials for the role. Lambda rejects the function ("The role defined for the function cannot be assumed by Lambda"), ECS fails the task ("ECS was unable to assume the role"), and an instance whose profile holds a role that does not trust EC2 starts without credentials ("AssumeRoleUnauthorizedAccess" from the instance metadata service).',
    fix: 'Add the service to the `Service` principal of an `Allow` statement with `sts:AssumeRole` in the role\'s trust policy, or give the slot a role made for that service.',
  },
  messages: { notTrusted: '{{slot}} of {{resource}} is given role {{role}}, whose trust policy does not let {{services}} assume it' },
  check(graph, report) {
    for (const use of graph.slots) {
      for (const { role, services } of rolesToCheck(use, graph)) {
        const missing = services.filter((s) => roleTrustsService(role, s, graph) === 'not-trusted');
        if (missing.length === 0) continue;
        const policy = roleTrustPolicy(role, graph);
        const label = resourceLabel(role, literalName(role, graph));
        const quoted = missing.map((s) => `"${s}"`).join(' and ');
        // The service may be named already, in a statement that does not allow sts:AssumeRole.
        const fix = missing.every((s) => namesService(policy, s, graph))
          ? `allow sts:AssumeRole in the statement of ${role.address}'s trust policy that names ${missing.join(' and ')}`
          : `add ${quoted} to the Service principal of an Allow sts:AssumeRole statement in the trust policy of ${role.address}`;
        report({
          at: use.value,
          resource: use.resource,
          messageId: 'notTrusted',
          data: { slot: slotLabel(use.slot), resource: use.resource.address, role: label, services: missing.join(' or ') },
          help: fix,
          related: [{ loc: policy?.loc ?? role.loc, message: `trust policy of ${role.address}` }],
          ...(use.slot.verified ? {} : { severity: 'warning' as const }),
        });
      }
    }
  },
};

/**
 * The roles a slot use puts in a service's hands, with the services that
 * must trust them. For an instance-profile slot that is the profile's role,
 * minus the services the profile's own role slot already checks (EC2), so
 * each missing trust is reported once, where the role is put in the profile.
 */
function rolesToCheck(use: SlotUse, graph: Graph): Array<{ role: Resource; services: string[] }> {
  const services = use.slot.trustServices;
  if (services.length === 0) return [];
  if (use.slot.expects === 'role') {
    const role = assignedRole(use.value, graph);
    return role ? [{ role, services }] : [];
  }
  const d = denote(use.value, graph);
  if (d.entity !== 'instance-profile' || !d.resource || d.resource.external) return [];
  const profile = d.resource;
  const covered = new Set(slotsOf(graph, profile).filter((s) => s.slot.expects === 'role').flatMap((s) => s.slot.trustServices));
  const remaining = services.filter((s) => !covered.has(s));
  if (remaining.length === 0) return [];
  return asList(profile.canonical.roles).flatMap((v) => {
    const role = assignedRole(v, graph);
    return role ? [{ role, services: remaining }] : [];
  });
}

/** The role resource a value names by name or ARN; not a profile, not a role made elsewhere. */
function assignedRole(value: Value, graph: Graph): Resource | undefined {
  const d = denote(value, graph);
  if (d.entity !== 'role' && d.entity !== 'name') return undefined;
  if (d.entity === 'role' && d.form === 'unique-id') return undefined;
  const role = roleOf(value, graph);
  return role && !role.external ? role : undefined;
}
