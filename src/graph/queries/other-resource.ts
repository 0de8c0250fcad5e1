import { denote, literalName, resourcesWithSameName, roleOf } from './denote.js';
import type { Graph, Kind, Resource, SlotUse } from '../types.js';
import { asList, type Attribute } from '../value.js';
import type { RuleOptions } from '../../shared/finding.js';
import { builtinKnownInstanceProfiles } from './known-profiles.js';

/**
 * The kinds that are certainly neither a role nor an instance profile, with
 * the word for one of them. A resource of kind `other` (an SSM parameter, a
 * custom resource, a nested stack) may well hold a role's or a profile's
 * name, so it is never listed.
 */
const notRoleOrProfile: Partial<Record<Kind, string>> = {
  'iam.policy': 'managed policy',
  'iam.role-policy': 'inline policy',
  'iam.role-policy-attachment': 'policy attachment',
  'iam.policy-attachment': 'policy attachment',
  'iam.access-key': 'access key',
  'iam.policy-document': 'policy document',
  'iam.oidc-provider': 'OIDC provider',
  'ec2.instance': 'instance',
  'ec2.launch-template': 'launch template',
  'autoscaling.launch-configuration': 'launch configuration',
  'autoscaling.group': 'auto scaling group',
  'ecs.task-definition': 'task definition',
  'ecs.cluster': 'ECS cluster',
  'ecs.capacity-provider': 'capacity provider',
  'eks.nodegroup': 'node group',
  'emr.cluster': 'EMR cluster',
};

/** The attributes that identify a resource; any other (`aws_iam_role_policy.p.role`) may pass a role through. */
type Identity = 'name' | 'arn' | 'id' | 'unique-id';
const identities: ReadonlySet<Attribute> = new Set<Identity>(['name', 'arn', 'id', 'unique-id']);

export interface OtherResourceInSlot {
  other: Resource;
  word: string;
  attribute: Identity;
  role?: Resource;
}

/** A role or profile slot given the name, ARN or id of a resource that is neither (unless one of the slot's kind is named alike). */
export function slotHoldsOtherResource(use: SlotUse, graph: Graph, options: RuleOptions): OtherResourceInSlot | undefined {
  const d = denote(use.value, graph);
  if (d.entity !== 'other' || !d.resource || d.attribute === undefined || !identities.has(d.attribute)) return undefined;
  const other = d.resource;
  const word = notRoleOrProfile[other.kind];
  if (word === undefined) return undefined;
  const attribute = d.attribute as Identity;
  if ((attribute === 'name' || attribute === 'id') && mayBeNamedLikeTarget(other, use.slot.expects, graph, options)) return undefined;
  const roles = asList(other.canonical.roles);
  const role = roles.length === 1 ? roleOf(roles[0], graph) : undefined;
  return { other, word, attribute, ...(role ? { role } : {}) };
}

/** A role or profile of the slot's kind may carry the other resource's name: the code names one alike, or the profile is one AWS makes. */
function mayBeNamedLikeTarget(other: Resource, expects: 'role' | 'instance-profile', graph: Graph, options: RuleOptions): boolean {
  if (resourcesWithSameName(graph, expects, other).length > 0) return true;
  if (expects !== 'instance-profile') return false;
  const name = literalName(other, graph);
  return name !== undefined && (options.knownInstanceProfiles.has(name) || builtinKnownInstanceProfiles.includes(name));
}
