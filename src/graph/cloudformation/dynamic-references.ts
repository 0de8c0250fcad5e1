import type { Loc } from '../../shared/source.js';
import type { Value } from '../value.js';
import { stringOfParts } from '../build/sub.js';

/**
 * A CloudFormation dynamic reference: `{{resolve:ssm:/platform/profile-name}}`,
 * `{{resolve:ssm-secure:...}}`, `{{resolve:secretsmanager:...}}`. CloudFormation
 * puts the parameter's or secret's value in its place at deploy time, in any
 * string of a resource's properties, a `Fn::Sub` or `Fn::Join` piece included.
 */
const DYNAMIC_REFERENCE = /\{\{resolve:(?:ssm|ssm-secure|secretsmanager):[^{}]*\}\}/g;

/** `text` as its pieces: the text around each dynamic reference, and each one as an unknown. Undefined when it has none. */
export function dynamicReferenceParts(text: string, loc: Loc): Array<string | Value> | undefined {
  if (!text.includes('{{resolve:')) return undefined;
  const parts: Array<string | Value> = [];
  let from = 0;
  for (const m of text.matchAll(DYNAMIC_REFERENCE)) {
    if (m.index > from) parts.push(text.slice(from, m.index));
    parts.push({ kind: 'unknown', reason: `dynamic reference ${m[0]}, resolved by CloudFormation at deploy time`, loc });
    from = m.index + m[0].length;
  }
  if (parts.length === 0) return undefined;
  if (from < text.length) parts.push(text.slice(from));
  return parts;
}

/** A string with dynamic references as a value whose references are unknown; undefined for one without. */
export function dynamicReferenceString(text: string, loc: Loc): Value | undefined {
  const parts = dynamicReferenceParts(text, loc);
  if (!parts) return undefined;
  return stringOfParts(parts, loc);
}
