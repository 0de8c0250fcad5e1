import type { FixRequest, RefForm, WrittenAt } from '../../shared/finding.js';
import type { Graph, Resource, SlotUse } from '../types.js';
import { endOffset, startOffset } from '../../shared/source.js';

/**
 * The fixes slot rules ask for, as requests (`FixRequest`): whether a fix can
 * be made is decided here from the graph alone; `src/fix/` writes the edits
 * only when a run asks for them. A fix only rewrites a value written in the
 * slot itself, to a resource of the same template or module: a reference
 * across stacks or modules needs an export or an output, which is the user's
 * design to choose (the finding's help says what to change).
 */

/** The form to write for a slot: a slot that takes either gets the name. */
export function slotRefForm(use: SlotUse): RefForm {
  return use.slot.form === 'arn' ? 'arn' : 'name';
}

/** Rewrite the slot to reference an existing instance profile; `holdsRole`: the profile holds the role the slot was given. */
export function referenceProfileRequest(graph: Graph, use: SlotUse, profile: Resource, holdsRole = false): FixRequest | undefined {
  const at = rewritable(graph, use, profile);
  return at && { kind: 'reference-profile', at, profile: profile.id, form: slotRefForm(use), ...(holdsRole ? { holdsRole: true as const } : {}) };
}

/** Rewrite the slot to reference the resource it names in the form the slot takes (`!Ref P` <-> `!GetAtt P.Arn`, `.name` <-> `.arn`). */
export function swapFormRequest(graph: Graph, use: SlotUse, resource: Resource): FixRequest | undefined {
  const at = rewritable(graph, use, resource);
  return at && { kind: 'swap-form', at, resource: resource.id, form: slotRefForm(use) };
}

/** Add an instance profile holding the role beside it, and reference it from the slot. */
export function newProfileRequest(graph: Graph, use: SlotUse, role: Resource): FixRequest | undefined {
  if (!extendable(role)) return undefined;
  const at = rewritable(graph, use, role);
  return at && { kind: 'new-profile', at, role: role.id, form: slotRefForm(use) };
}

/** A role declared in the linted code itself: not a data source, not inside a called module, no index. */
const ownAddress = { cloudformation: /^[A-Za-z0-9]+$/, terraform: /^aws_iam_role\.[A-Za-z_][A-Za-z0-9_-]*$/ } as const;

/** A role of the linted code a profile can be written beside: not one read from a plan (generated; its unit is the plan file, not a module directory). */
function extendable(role: Resource): boolean {
  const fromPlan = role.iac === 'terraform' && role.unit === role.loc.file;
  return !role.external && !fromPlan && !inString(role) && ownAddress[role.iac].test(role.address);
}

/** A resource of a template written in a string (a StackSet's TemplateBody, unit `<file>#<LogicalId>.TemplateBody`): no edit is made inside the string. */
function inString(resource: Resource): boolean {
  return resource.iac === 'cloudformation' && resource.unit.startsWith(`${resource.loc.file}#`);
}

/** Where the slot's value is written, when a reference to `target` may replace it there. */
function rewritable(graph: Graph, use: SlotUse, target: Resource): WrittenAt | undefined {
  if (!reachable(use, target) || !writtenInSlot(use) || inString(use.resource)) return undefined;
  // A value that came from elsewhere (a parameter, a variable): rewriting the place of use would cut it off from where it is set.
  if (use.value.via && use.value.via.length > 0) return undefined;
  const { file, range } = use.value.loc;
  const text = graph.sources.get(file);
  const start = startOffset(range);
  const end = endOffset(range);
  if (text === undefined || end <= start || end > text.length) return undefined;
  return { file, start, end };
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
  return at.file === props.file && startOffset(at.range) >= startOffset(props.range) && endOffset(at.range) <= endOffset(props.range);
}
