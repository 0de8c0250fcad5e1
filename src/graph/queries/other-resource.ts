import { denote, literalName, resourcesWithSameName, roleOf } from './denote.js';
import type { Graph, Kind, Resource, SlotUse } from '../types.js';
import { asList, type Attribute } from '../value.js';
import type { RuleOptions } from '../../shared/finding.js';
import { builtinKnownInstanceProfiles } from './known-profiles.js';
import { HOLE, stringShape } from './strings.js';
import { table } from '../../shared/own.js';

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

/**
 * What an ARN of another type names, by service and resource type (the ARN
 * formats of the IAM and STS references). An ARN of any other service is
 * named by its service alone.
 */
const arnTypeWords: Readonly<Record<string, Readonly<Record<string, string>>>> = table({
  iam: table({
    user: 'an IAM user',
    group: 'an IAM group',
    policy: 'a managed policy',
    'oidc-provider': 'an OIDC provider',
    'saml-provider': 'a SAML provider',
    'server-certificate': 'a server certificate',
    mfa: 'an MFA device',
    root: 'an account (its root user)',
  }),
  sts: table({
    'assumed-role': 'an assumed-role session',
    'federated-user': 'a federated user session',
  }),
});

export interface ForeignArnInSlot {
  /** The ARN as written, computed parts shown as `…`. */
  arn: string;
  /** What it names: `an IAM user`, `a managed policy`, `a resource of service s3`. */
  word: string;
}

/**
 * A role or profile slot given an ARN that names neither (an IAM user, a
 * managed policy, a bucket): the service and the resource type are written
 * out, only the partition, region, account or name may be computed
 * (`arn:${AWS::Partition}:iam::${AWS::AccountId}:user/deployer`).
 */
export function slotHoldsForeignArn(use: SlotUse, graph: Graph): ForeignArnInSlot | undefined {
  const d = denote(use.value, graph);
  if (d.entity !== 'other' && d.entity !== 'unknown') return undefined;
  if (d.entity === 'other' && d.resource) return undefined;
  const shape = stringShape(use.value, graph);
  const word = shape && foreignArnWord(shape.text);
  return word ? { arn: shape.text.split(HOLE).join('…'), word } : undefined;
}

/** What an ARN names when that is neither a role nor an instance profile; computed parts are `HOLE`s. */
export function foreignArnWord(text: string): string | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const service = parts[2];
  const resource = parts.slice(5).join(':');
  const type = /^[^/:]*/.exec(resource)?.[0] ?? '';
  if (!/^[a-z0-9-]+$/.test(service) || type.includes(HOLE) || (type === resource && resource.includes(HOLE))) return undefined;
  if (service === 'iam' && (type === 'role' || type === 'instance-profile')) return undefined;
  return arnTypeWords[service]?.[type] ?? `a resource of service ${service}`;
}
