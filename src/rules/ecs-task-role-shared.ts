import { resourceLabel } from '../graph/queries/describe.js';
import { perGraph } from '../graph/queries/memo.js';
import { denote, literalName, profilesHolding, roleOf } from '../graph/queries/denote.js';
import { knownString } from '../graph/queries/strings.js';
import type { Graph, Resource } from '../graph/types.js';
import { launchesInstances } from '../graph/kinds.js';
import { alternatives, asList, type Value } from '../graph/value.js';
import type { Rule } from './rule.js';

export const ecsTaskRoleShared: Rule<'noTaskRole' | 'instanceRole' | 'executionRole'> = {
  id: 'ecs-task-role-shared',
  severity: 'warning',
  summary: "An ECS task runs with the container instances' role or its own execution role",
  docs: {
    what: "Flags an ECS task definition whose task role is the role of the instance profile of an EC2 instance, launch template or launch configuration in the analysed code (the container instances' role), or is the same role as its execution role; and a task definition without a task role that may run on EC2 (`RequiresCompatibilities` includes `EC2` or is absent), whose containers then fall back to the instance's credentials.",
    why: "Task roles exist to give each task only what it needs. A task that uses the instances' role, or borrows it because it has none, gets everything every task on those instances needs plus what the ECS agent needs. A task role that is also the execution role gives the application the permissions to pull every image and read every secret the execution role can.",
    fix: 'Give the task definition its own task role, trusted by `ecs-tasks.amazonaws.com`, with only the permissions its containers use; keep the execution role and the instance role separate.',
  },
  messages: {
    noTaskRole: 'Task definition {{task}} has no task role and may run on EC2',
    instanceRole: "Task role of {{task}} is the container instances' role {{role}}",
    executionRole: 'Task role of {{task}} is its execution role ({{role}})',
  },
  check(graph, report) {
    for (const task of graph.resources) {
      if (task.kind !== 'ecs.task-definition' || task.external) continue;
      const taskRole = task.canonical.taskRole;
      // A null that came from a variable's default may be set by the module's caller.
      if (!taskRole || (isNull(taskRole) && taskRole.via === undefined)) {
        if (mayRunOnEc2(task.canonical.requiresCompatibilities)) {
          report({
            at: taskRole ?? task.loc,
            resource: task,
            messageId: 'noTaskRole',
            data: { task: task.address },
            help: "give it its own task role: without one, its containers get the container instance's credentials",
          });
        }
        continue;
      }
      for (const value of alternatives(taskRole)) {
        const role = roleOf(value, graph);
        const profile = role ? instanceProfileOf(role, graph) : undefined;
        if (role && profile) {
          report({
            at: value,
            resource: task,
            messageId: 'instanceRole',
            data: { task: task.address, role: resourceLabel(role, literalName(role, graph)) },
            help: `give the task its own role, not the one instance profile ${profile.address} gives every container on the host`,
            related: [{ loc: profile.loc, message: `instance profile ${profile.address} holds ${role.address}` }],
          });
          continue;
        }
        const execution = task.canonical.executionRole;
        if (execution && alternatives(execution).every((e) => sameRole(value, e, graph))) {
          report({
            at: value,
            resource: task,
            messageId: 'executionRole',
            data: { task: task.address, role: roleText(value, graph) },
            help: 'give the task its own role, separate from the one ECS uses to pull images and read secrets',
            related: [{ loc: execution.loc, message: 'execution role' }],
          });
        }
      }
    }
  },
};

function isNull(v: Value): boolean {
  return v.kind === 'literal' && (v.value === null || v.value === '');
}

/** Absent means EC2 (the ECS default); a computed list might include it but is not reported. */
function mayRunOnEc2(compat: Value | undefined): boolean {
  if (!compat || isNull(compat)) return true;
  return alternatives(compat).every((alt) => asList(alt).some((v) => v.kind === 'literal' && String(v.value).toUpperCase() === 'EC2'));
}

/** An instance profile holding the role that an instance, launch template or launch configuration uses. */
function instanceProfileOf(role: Resource, graph: Graph): Resource | undefined {
  const profiles = profilesHolding(role, graph);
  if (profiles.length === 0) return undefined;
  // The profile an instance uses first, in slot order: the same answer as scanning the slots, indexed once per run.
  const firstUse = perGraph(graph, 'instance-profile-first-use', instanceProfileFirstUse);
  let best: Resource | undefined;
  for (const p of profiles) {
    const at = firstUse.get(p);
    if (at !== undefined && (best === undefined || at < (firstUse.get(best) ?? Infinity))) best = p;
  }
  return best;
}

/** Each profile an instance, launch template or launch configuration uses (whose profile gives container instances their role), with the index of its first such slot use. */
function instanceProfileFirstUse(graph: Graph): Map<Resource, number> {
  const first = new Map<Resource, number>();
  graph.slots.forEach((use, i) => {
    if (use.slot.expects !== 'instance-profile' || !launchesInstances(use.resource.kind)) return;
    const d = denote(use.value, graph);
    if (d.entity === 'instance-profile' && d.resource && !first.has(d.resource)) first.set(d.resource, i);
  });
  return first;
}

/** Two values that certainly name the same role: one resource, or the same literal name or ARN. */
function sameRole(a: Value, b: Value, graph: Graph): boolean {
  const ra = roleOf(a, graph);
  const rb = roleOf(b, graph);
  if (ra || rb) return ra === rb;
  const da = denote(a, graph);
  const db = denote(b, graph);
  return da.entity === 'role' && db.entity === 'role' && da.name !== undefined && da.name === db.name;
}

function roleText(v: Value, graph: Graph): string {
  const role = roleOf(v, graph);
  if (role) return resourceLabel(role, literalName(role, graph));
  return v.kind === 'ref' ? v.text : (knownString(v, graph) ?? 'a computed role');
}

