import type { Resource } from '../types.js';
import type { Value } from '../value.js';

/**
 * CloudFormation's intrinsic functions as a short form names them. Written
 * without its `!` (`Role: GetAtt AppRole.Arn`) or quoted (`"!Ref AppRole"`),
 * a function is plain text to CloudFormation, and a name or ARN with a space
 * in it to the rules: the finding is right, but its usual advice (give an
 * ARN, add the name to knownRoles) is not.
 */
const FUNCTIONS = ['Ref', 'GetAtt', 'Sub', 'Join', 'ImportValue', 'Select', 'FindInMap', 'If', 'Split', 'GetAZs', 'Base64', 'Cidr'];
const WRITTEN_AS_TEXT = new RegExp(`^(?:!|Fn::)?(${FUNCTIONS.join('|')}):?\\s+(\\S.*)$`);

/** The function a literal written in a CloudFormation template spells as text, as it should be written there; undefined for any other value. */
export function intrinsicWrittenAsText(value: Value, resource: Resource): string | undefined {
  if (resource.iac !== 'cloudformation' || value.kind !== 'literal' || typeof value.value !== 'string') return undefined;
  // A value that came from elsewhere (a parameter's default) is text where it is written.
  if (value.via && value.via.length > 0) return undefined;
  const m = WRITTEN_AS_TEXT.exec(value.value.trim());
  if (!m) return undefined;
  const [, fn, arg] = m;
  if (!resource.json) return `!${fn} ${arg}`;
  const key = fn === 'Ref' ? 'Ref' : `Fn::${fn}`;
  const dotted = fn === 'GetAtt' ? /^([A-Za-z0-9]+)\.(.+)$/.exec(arg) : null;
  return JSON.stringify({ [key]: dotted ? [dotted[1], dotted[2]] : arg });
}

/** Advice for a slot given such text: write the function. */
export function writeAsFunctionHelp(value: Value, resource: Resource): string | undefined {
  const fn = intrinsicWrittenAsText(value, resource);
  return fn && `write the function, not text: ${fn} (as written, CloudFormation reads "${String(value.kind === 'literal' ? value.value : '')}" as a plain string)`;
}
