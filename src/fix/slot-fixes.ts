import type { Graph, Resource, SlotUse } from '../graph/types.js';
import type { Fix } from '../shared/rule.js';
import { newProfileFor } from './new-profile.js';
import { referenceEdit, type RefForm } from './reference.js';

/**
 * Fixes the rules attach to slot findings. They only rewrite a value written
 * in the slot itself, to a resource of the same template or module: a
 * reference across stacks or modules needs an export or an output, which is
 * the user's design to choose (the finding's message says what to change).
 */

/** The form to write for a slot: a slot that takes either gets the name. */
export function slotRefForm(use: SlotUse): RefForm {
  return use.slot.form === 'arn' ? 'arn' : 'name';
}

/** Rewrites the slot to reference `target` (an existing profile, or the same resource in the other form). */
export function referenceFix(graph: Graph, use: SlotUse, target: Resource, form: RefForm, description: string): Fix | undefined {
  if (!reachable(use, target) || !writtenInSlot(use)) return undefined;
  const edit = referenceEdit(graph.sources, use.value, target, form);
  return edit ? { description, edits: [edit] } : undefined;
}

/** Adds an instance profile holding the role next to it, and rewrites the slot to reference that profile. */
export function newProfileFix(graph: Graph, use: SlotUse, role: Resource, form: RefForm): Fix | undefined {
  if (!reachable(use, role) || !writtenInSlot(use)) return undefined;
  const created = newProfileFor(graph, role);
  if (!created) return undefined;
  const edit = referenceEdit(graph.sources, use.value, created.target, form);
  if (!edit) return undefined;
  return { description: `add instance profile ${created.target.address} holding ${role.address} and reference it`, edits: [created.edit, edit] };
}

/**
 * The target can be named from the slot: same template (CloudFormation) or
 * same module (Terraform), and not a resource of a called module, whose
 * address the caller cannot write.
 */
function reachable(use: SlotUse, target: Resource): boolean {
  if (target.unit !== use.resource.unit || target.iac !== use.resource.iac) return false;
  // Which instance of a counted or for_each resource is meant is the user's choice.
  if (target.repeated) return false;
  if (target.iac === 'cloudformation') return target.loc.file === use.value.loc.file;
  return !target.address.startsWith('module.');
}

/**
 * The value is written inside the resource's own properties: a value that
 * came from a `for_each` collection or a shared default is used by more
 * than this slot, and changing it there would change them all.
 */
function writtenInSlot(use: SlotUse): boolean {
  const props = use.resource.props.loc;
  const at = use.value.loc;
  return at.file === props.file && at.range.start.offset >= props.range.start.offset && at.range.end.offset <= props.range.end.offset;
}
