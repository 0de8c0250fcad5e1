import { valuesAtPath } from './paths.js';
import { denote } from './denote.js';
import { foreignArnWord } from './other-resource.js';
import { slotsForType } from '../slots.js';
import { HOLE, stringShape } from './strings.js';
import type { Graph, Resource, SlotDef, SlotForm } from '../types.js';
import { alternatives, type ObjectValue, type Value } from '../value.js';

/** The form a value is written in, when it is certain. */
export type ValueForm = 'name' | 'arn' | 'unique-id';

export interface FormOf {
  form: ValueForm;
  /** What the value names, when the code tells. */
  entity?: 'role' | 'instance-profile';
  resource?: Resource;
}

/**
 * The form of a value: from what it references (`!GetAtt P.Arn`,
 * `aws_iam_role.r.unique_id`), or from its shape (`arn:...`, or text that
 * cannot begin an ARN). Undefined when the form depends on something unknown.
 */
export function formOf(value: Value, graph: Graph): FormOf | undefined {
  const d = denote(value, graph);
  if (d.entity === 'role' || d.entity === 'instance-profile') {
    return { form: d.form, entity: d.entity, ...(d.resource ? { resource: d.resource } : {}) };
  }
  if (d.entity === 'name') return { form: 'name' };
  if (d.entity === 'other' && d.resource) return undefined;
  const shape = stringShape(value, graph);
  // An ARN of something else (a user, a policy) is not-a-role-or-profile's finding: no form would fix it.
  if (shape && foreignArnWord(shape.text)) return undefined;
  if (!shape) return undefined;
  // Known text before the first unknown part decides: `arn:${...}` is an ARN, `app-${Env}` a name.
  const prefix = shape.text.split(HOLE)[0];
  if (prefix.startsWith('arn:')) return { form: 'arn' };
  if ('arn:'.startsWith(prefix)) return undefined;
  return { form: 'name' };
}

/** Does a value of this form belong in a slot of that form? */
export function formFits(slot: SlotForm, value: ValueForm): boolean {
  if (value === 'unique-id') return false;
  return slot === 'name-or-arn' || slot === value;
}

/**
 * Role slots that take only an ARN, where the API's pattern rejects a name
 * (shared/aws/semantics.md §C.1). Other ARN-named role slots often accept a
 * name too (Batch's `ServiceRole` takes a path-qualified name), so a name
 * there is not certainly wrong.
 */
const arnOnlyRoleSlots: ReadonlySet<string> = new Set([
  'cloudformation AWS::Lambda::Function Role',
  // SAM copies a function's Role unchanged into AWS::Lambda::Function.Role (samtranslator sam_resources.py).
  'cloudformation AWS::Serverless::Function Role',
  'terraform aws_lambda_function role',
  'cloudformation AWS::SageMaker::NotebookInstance RoleArn',
  'terraform aws_sagemaker_notebook_instance role_arn',
  'cloudformation AWS::AppRunner::Service InstanceConfiguration.InstanceRoleArn',
  'terraform aws_apprunner_service instance_configuration.instance_role_arn',
]);

/**
 * Whether the slot table's form for a slot is certain enough to flag a value
 * of the other form. Instance-profile slots are documented one by one; role
 * slots are certain when they take names (IAM's name pattern excludes `:` and
 * `/`, so an ARN is rejected) or are in the ARN-only list.
 */
export function formIsCertain(slot: SlotDef): boolean {
  if (slot.expects === 'instance-profile' || slot.form === 'name') return true;
  return slot.form === 'arn' && arnOnlyRoleSlots.has(`${slot.iac} ${slot.resourceType} ${slot.path}`);
}

/** One object that sets both a profile's `Arn` and its `Name` (a launch template's `IamInstanceProfile`). */
export interface NameAndArn {
  resource: Resource;
  parent: ObjectValue;
  arn: Value;
  name: Value;
  arnSlot: SlotDef;
  nameSlot: SlotDef;
}

/**
 * Objects that set both members of an `Arn`/`Name` pair of instance-profile
 * slots, which EC2 rejects ("may not be used in combination"). The pairs
 * come from the slot table: two slots under one parent whose last segments
 * are `Arn` and `Name`.
 */
export function namesWithArns(graph: Graph): NameAndArn[] {
  const found: NameAndArn[] = [];
  for (const resource of graph.resources) {
    if (resource.external) continue;
    for (const [arnSlot, nameSlot] of arnNamePairs(resource)) {
      const names = new Map<ObjectValue, Value>();
      for (const { value, parent } of valuesAtPath(resource.props, nameSlot.path)) {
        if (isSet(value)) names.set(parent, value);
      }
      for (const { value, parent } of valuesAtPath(resource.props, arnSlot.path)) {
        const name = names.get(parent);
        if (name && isSet(value)) found.push({ resource, parent, arn: value, name, arnSlot, nameSlot });
      }
    }
  }
  return found;
}

function arnNamePairs(resource: Resource): Array<[SlotDef, SlotDef]> {
  const slots = slotsForType(resource.iac, resource.type).filter((s) => s.expects === 'instance-profile');
  const pairs: Array<[SlotDef, SlotDef]> = [];
  for (const arn of slots) {
    const [parent, last] = splitLast(arn.path);
    if (last.toLowerCase() !== 'arn') continue;
    const name = slots.find((s) => {
      const [p, l] = splitLast(s.path);
      return p === parent && l.toLowerCase() === 'name';
    });
    if (name) pairs.push([arn, name]);
  }
  return pairs;
}

function splitLast(path: string): [string, string] {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? ['', path] : [path.slice(0, dot), path.slice(dot + 1)];
}

/**
 * A value that is certainly there on every branch: not `null` (Terraform's
 * "unset") or empty, and not unknown (which might be either).
 */
export function isSet(value: Value): boolean {
  return alternatives(value).every((v) => v.kind !== 'unknown' && !(v.kind === 'literal' && (v.value === null || v.value === '')));
}
