import { perGraph } from '../graph/queries/memo.js';
import { denote, roleOf } from '../graph/queries/denote.js';
import { knownString } from '../graph/queries/strings.js';
import type { Graph, Resource, SlotUse } from '../graph/types.js';
import { alternatives, type Value } from '../graph/value.js';
import type { Report, Rule } from './rule.js';
import { propKey } from '../graph/dialect.js';

type Message = 'noRole' | 'rolelessInUse' | 'tooManyRoles';

export const instanceProfileRoleCount: Rule<Message> = {
  id: 'instance-profile-role-count',
  severity: 'error',
  summary: 'An instance profile holds no role, or more than one',
  docs: {
    what: "Flags an instance profile whose role list is empty or missing (CloudFormation `Roles`), or lists more than one role, and a Terraform `aws_iam_instance_profile` whose `role` is explicitly `null` or empty. Terraform's `role` holds one role by construction, and leaving it out is allowed, so a profile without `role` is reported (as a warning) only when an instance, launch template or launch configuration in the code uses it. Lists whose length is computed are not reported.",
    why: 'An instance profile holds exactly one role: "An instance profile can contain only one role, and this quota cannot be increased"; a second role fails with "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1". A profile with no role attaches, but the instance gets no credentials ("Instance Profile does not contain a role") and launching with it fails with AccessDenied.',
    fix: 'Give each instance profile exactly one role; make a profile per role when instances need different roles.',
  },
  messages: {
    noRole: 'Instance profile {{profile}} holds no role',
    rolelessInUse:
      'Instance profile {{profile}} has no role, yet {{user}} uses it, so instances launched with it get no credentials: set {{roleKey}} on the profile',
    tooManyRoles: 'Instance profile {{profile}} holds {{count}} roles ({{roles}})',
  },
  check(graph, report) {
    for (const profile of graph.resources) {
      if (profile.kind !== 'iam.instance-profile' || profile.external) continue;
      const roles = profile.canonical.roles;
      if (!roles) {
        // CloudFormation requires `Roles`; Terraform's `role` is optional, and wrong only once an instance uses the profile.
        if (profile.iac === 'cloudformation') report(noRole(profile, profile.loc));
        else {
          const user = usedBy(graph).get(profile.id);
          if (user) report(unusedRoleless(profile, user));
        }
        continue;
      }
      for (const alt of alternatives(roles)) {
        if (alt.kind === 'list') {
          const present = alt.items.filter(isPresent);
          if (present.length === 0 && alt.items.every(isAbsent)) report(noRole(profile, alt));
          if (present.length > 1) report(tooMany(profile, present, graph));
        } else if (isAbsent(alt) && alt.via === undefined) {
          // Written right here as null or "": a variable's default may be filled in by the caller.
          report(noRole(profile, alt));
        }
      }
    }
  },
};

/** A list item that certainly is a role on every branch. */
function isPresent(v: Value): boolean {
  return alternatives(v).every((a) => !isAbsent(a) && !(a.kind === 'unknown' && a.reason === 'pseudo:AWS::NoValue'));
}

/** Certainly no role: `null`, `""`, `AWS::NoValue`. */
function isAbsent(v: Value): boolean {
  if (v.kind === 'literal') return v.value === null || v.value === '';
  return v.kind === 'unknown' && v.reason === 'pseudo:AWS::NoValue';
}

/** Profile id -> the first slot use that gives an instance that profile. */
function usedBy(graph: Graph): Map<string, SlotUse> {
  return perGraph(graph, 'instance-profile-users', (g) => {
    const users = new Map<string, SlotUse>();
    for (const use of g.slots) {
      if (use.slot.expects !== 'instance-profile') continue;
      const d = denote(use.value, g);
      if (d.entity === 'instance-profile' && d.resource && !users.has(d.resource.id)) users.set(d.resource.id, use);
    }
    return users;
  });
}

function unusedRoleless(profile: Resource, use: SlotUse): Report<Message> {
  return {
    at: profile.loc,
    resource: profile,
    severity: 'warning',
    messageId: 'rolelessInUse',
    data: { profile: profile.address, user: use.resource.address, roleKey: propKey(profile, 'roles') ?? 'roles' },
    related: [{ loc: use.value.loc, message: `${use.resource.address} uses the profile here` }],
  };
}

function noRole(profile: Resource, at: Value | Resource['loc']): Report<Message> {
  return {
    at,
    resource: profile,
    messageId: 'noRole',
    data: { profile: profile.address },
    help: 'give it exactly one role: instances launched with a profile without a role get no credentials',
  };
}

function tooMany(profile: Resource, roles: Value[], graph: Graph): Report<Message> {
  const names = roles.map((r) => roleOf(r, graph)?.address ?? describe(r, graph));
  return {
    at: roles[1],
    resource: profile,
    messageId: 'tooManyRoles',
    data: { profile: profile.address, count: roles.length, roles: names.join(', ') },
    help: 'keep one role and make another instance profile for the others: AWS allows exactly one ("Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1")',
  };
}

function describe(v: Value, graph: Graph): string {
  if (v.kind === 'ref') return v.text;
  const text = knownString(v, graph);
  return text !== undefined ? `"${text}"` : 'a computed role';
}
