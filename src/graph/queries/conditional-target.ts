import type { Graph, Resource, SlotUse } from '../types.js';
import { endOffset, startOffset } from '../../shared/source.js';
import type { Guard, RefValue } from '../value.js';
import { surelyPossibleTogether } from './guards.js';

/**
 * A slot whose value refers to a resource that is not created in a case
 * where the resource holding the slot is: a `Condition` the referrer does not
 * share, `aws_iam_instance_profile.this[0]` where `count` may be 0.
 */
export interface ConditionalTarget {
  use: SlotUse;
  ref: RefValue;
  target: Resource;
  /** The target's guard that fails in that case. */
  missing: Guard;
  /** Every deploy-time input at its default makes that case: the deploy as written fails. */
  byDefault: boolean;
}

/**
 * The slots that refer to a resource which may not be there. A CloudFormation
 * reference always needs its target; a Terraform one only when it indexes an
 * instance (`try()`, a splat and `one()` tolerate none). Where the defaults do
 * not decide it, only CloudFormation's conditions are asked: they are
 * decided exactly, where a Terraform guard on a computed value (`length(x) > 0`)
 * is taken as able to hold either way.
 */
export function conditionalTarget(use: SlotUse, target: Resource | undefined): ConditionalTarget | undefined {
  const ref = use.value;
  if (ref.kind !== 'ref' || !target?.when || target.when.length === 0) return undefined;
  if (target.iac === 'terraform' && !ref.oneInstance) return undefined;
  // One option of a choice no guard describes (a condition on a computed value) may never be taken.
  if (use.through && !ref.when) return undefined;
  const present = [...(use.resource.when ?? []), ...(ref.when ?? [])];
  const missingByDefault = target.when.find((g) => g.metByDefault === false);
  if (missingByDefault && deployedByDefault(use.resource) && present.every((g) => g.metByDefault === true)) {
    return { use, ref, target, missing: missingByDefault, byDefault: true };
  }
  if (target.iac !== 'cloudformation') return undefined;
  const missing = target.when.find((g) => surelyPossibleTogether(present, [negation(g)]));
  return missing && { use, ref, target, missing, byDefault: false };
}

/** Whether the resource is created with every deploy-time input at its default. */
function deployedByDefault(r: Resource): boolean {
  if (r.when) return r.when.every((g) => g.metByDefault === true);
  return !r.mayBeAbsent;
}

function negation(g: Guard): Guard {
  return { space: g.space, test: g.test, holds: !g.holds };
}

/**
 * The nested stack (`AWS::CloudFormation::Stack`) whose `Parameters` hold the
 * reference, when the slot is in its child template: that stack, not the
 * child's resource, is what must share the target's condition.
 */
export function stackPassing(f: ConditionalTarget, graph: Graph): Resource | undefined {
  const at = f.ref.loc;
  if (at.file === f.use.resource.loc.file) return undefined;
  const start = startOffset(at.range);
  const end = endOffset(at.range);
  return graph.resources.find(
    (r) => r.type === 'AWS::CloudFormation::Stack' && r.props.loc.file === at.file && startOffset(r.props.loc.range) <= start && end <= endOffset(r.props.loc.range),
  );
}
