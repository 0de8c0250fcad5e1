import { parseHcl, type Block } from '../parsers/hcl/index.js';
import type { JsonObject } from '../parsers/hcl/json-syntax.js';
import { member, memberOf, parsedJson } from './profile-cloudformation.js';
import { indentAt, lineBreakOf, type Insertion, type ProfileWriting } from './syntax.js';
import { endOffset } from '../shared/source.js';

/** The last file parsed for a fix, kept with its role blocks by label: the roles of one file are one parse and one scan, not one each. */
let lastParsed: { text: string; file: string; roles: Map<string, Block> } | undefined;

function roleBlocks(text: string, file: string): Map<string, Block> {
  if (lastParsed?.text === text && lastParsed.file === file) return lastParsed.roles;
  const roles = new Map<string, Block>();
  for (const item of parseHcl(text, file).body.items) {
    const label = item.type === 'Block' && item.blockType === 'resource' && item.labels[0]?.value === 'aws_iam_role' ? item.labels[1]?.value : undefined;
    if (item.type === 'Block' && label !== undefined && !roles.has(label)) roles.set(label, item);
  }
  lastParsed = { text, file, roles };
  return roles;
}

/** `count` and `for_each` make a role many roles: one profile would not fit them, so no fix. */
const repeating = new Set(['count', 'for_each']);

/**
 * `resource "aws_iam_instance_profile" "<label>"` after the role's block, as
 * `terraform fmt` writes it: one blank line between blocks, two-space
 * indent, `=` aligned (both argument names are four letters).
 */
export function terraformProfile({ text, role, name }: ProfileWriting): Insertion | undefined {
  const label = role.address.slice('aws_iam_role.'.length);
  const block = roleBlocks(text, role.loc.file).get(label);
  if (!block || block.body.items.some((item) => item.type === 'Attribute' && repeating.has(item.name))) return undefined;
  const eol = lineBreakOf(text);
  const ref = `aws_iam_role.${label}.name`;
  const profile = [`resource "aws_iam_instance_profile" "${name}" {`, `  name = ${ref}`, `  role = ${ref}`, `}`].join(eol);
  const end = endOffset(block.range);
  return { start: end, end, text: `${eol}${eol}${profile}` };
}

/**
 * In `.tf.json`: a new label under an existing `aws_iam_instance_profile`
 * object of the same `resource` object, or a new type member right after
 * `aws_iam_role`. Only the object form of `resource` is handled.
 */
export function terraformJsonProfile({ text, role, name }: ProfileWriting): Insertion | undefined {
  const label = role.address.slice('aws_iam_role.'.length);
  const value = parsedJson(text);
  const resources = member(value, 'resource');
  if (!resources || resources.kind !== 'object') return undefined;
  const roles = memberOf(resources, 'aws_iam_role');
  if (!roles || roles.value.kind !== 'object' || !member(roles.value, label)) return undefined;
  const eol = lineBreakOf(text);
  const typePad = indentAt(text, roles.key.start);
  const step = stepOf(text, roles.value, typePad);
  const ref = `"\${aws_iam_role.${label}.name}"`;
  const body = (pad: string) =>
    [`"${name}": {`, `${step}"name": ${ref},`, `${step}"role": ${ref}`, `}`].join(eol + pad);
  const profiles = member(resources, 'aws_iam_instance_profile');
  if (profiles) {
    if (profiles.kind !== 'object' || profiles.members.length === 0) return undefined;
    const lastMember = profiles.members[profiles.members.length - 1];
    const pad = indentAt(text, lastMember.key.start);
    return { start: lastMember.value.end, end: lastMember.value.end, text: `,${eol}${pad}${body(pad)}` };
  }
  const labelPad = typePad + step;
  const type = [`"aws_iam_instance_profile": {`, `${step}${body(labelPad)}`, `}`].join(eol + typePad);
  return { start: roles.value.end, end: roles.value.end, text: `,${eol}${typePad}${type}` };
}

/** How much deeper the labels sit than their type's key; two spaces when it cannot be told. */
function stepOf(text: string, typeObject: JsonObject, typePad: string): string {
  const first = typeObject.members[0];
  const pad = first ? indentAt(text, first.key.start) : '';
  return pad.length > typePad.length && pad.startsWith(typePad) ? pad.slice(typePad.length) : '  ';
}
