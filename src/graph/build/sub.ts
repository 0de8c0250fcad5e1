import type { Loc } from '../../shared/source.js';
import type { Value } from '../value.js';
import { extend } from '../../shared/extend.js';

/** A `${Name}` or `${Name.Attr}` variable inside an `Fn::Sub` string. */
export interface SubVariable {
  name: string;
  attribute?: string;
  /** Where `${...}` is in the string: from `$` to after `}`. */
  from: number;
  to: number;
}

/**
 * Splits an `Fn::Sub` string into literal text and variables. `${!Literal}`
 * is the escape for a literal `${Literal}`.
 */
export function parseSubString(text: string): Array<string | SubVariable> {
  const parts: Array<string | SubVariable> = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('${', i);
    if (open < 0) break;
    const close = text.indexOf('}', open + 2);
    if (close < 0) break;
    literal += text.slice(i, open);
    const inner = text.slice(open + 2, close);
    if (inner.startsWith('!')) {
      literal += '${' + inner.slice(1) + '}';
    } else {
      if (literal) parts.push(literal);
      literal = '';
      parts.push(subVariable(inner.trim(), open, close + 1));
    }
    i = close + 1;
  }
  literal += text.slice(i);
  if (literal) parts.push(literal);
  return parts;
}

function subVariable(inner: string, from: number, to: number): SubVariable {
  // Pseudo parameters contain '::' but no attribute dot.
  const dot = inner.startsWith('AWS::') ? -1 : inner.indexOf('.');
  return dot > 0 ? { name: inner.slice(0, dot), attribute: inner.slice(dot + 1), from, to } : { name: inner, from, to };
}

/**
 * Longest string the evaluators build or keep as a template. A value used
 * twice is shared, not copied, so `${Y}${Y}` nested 22 deep costs 22
 * evaluations; but its text would still be 2^22 times the innermost, and every
 * reader (a rule comparing names, a message quoting it) would pay that. Past
 * this size a string is computed (unknown), as IAM's own limits would refuse
 * it: a role or profile name is at most 64 characters, a policy 10,240.
 */
export const MAX_COMPUTED_STRING = 1 << 16;

/** Expanded size of the templates already measured: each is measured once, when it is built, from its parts' sizes. */
const expandedSizes = new WeakMap<Value, number>();

/** Characters (and parts) the value would expand to as text; 1 for a part that stays computed. */
export function expandedSize(v: Value): number {
  if (v.kind === 'literal') return typeof v.value === 'string' ? v.value.length : 1;
  if (v.kind !== 'template') return 1;
  const known = expandedSizes.get(v);
  if (known !== undefined) return known;
  let size = 0;
  let nested = false;
  for (const part of v.parts) {
    if (typeof part === 'string') size += part.length;
    else {
      nested ||= part.kind === 'template';
      size += expandedSize(part);
    }
  }
  // Only a template that holds templates, or many parts, is worth remembering: measuring the others
  // again costs a few additions, where a WeakMap entry for each of them costs the collector.
  if (nested || v.parts.length > SMALL_TEMPLATE_PARTS) expandedSizes.set(v, size);
  return size;
}

/** Parts of a template measured again rather than remembered (when none is a template). */
const SMALL_TEMPLATE_PARTS = 16;

/**
 * The template, or an unknown when its text would exceed MAX_COMPUTED_STRING.
 * A template with a part that is a default is itself only a default (`fromInput`),
 * like every value computed from one: `${Env}-profile` deploys as written only
 * while nobody gives Env.
 */
export function boundedTemplate(template: Extract<Value, { kind: 'template' }>): Value {
  const size = expandedSize(template);
  if (size <= MAX_COMPUTED_STRING) return defaultAsItsParts(template);
  return { kind: 'unknown', reason: `a computed string of ${size} characters (more than ${MAX_COMPUTED_STRING} are not evaluated)`, loc: template.loc };
}

/** The template marked with the input of its first part that is a default; itself when none is (a nested template is marked when built). */
function defaultAsItsParts(template: Extract<Value, { kind: 'template' }>): Value {
  if (template.fromInput !== undefined) return template;
  const input = defaultInputOf(template.parts);
  if (input === undefined) return template;
  const marked = extend(template, { fromInput: input });
  const size = expandedSizes.get(template);
  if (size !== undefined) expandedSizes.set(marked, size);
  return marked;
}

/** The input whose default the first defaulted part is, if one is: what a string made of these parts is only a default of. */
export function defaultInputOf(parts: ReadonlyArray<string | Value>): string | undefined {
  for (const part of parts) if (typeof part !== 'string' && part.fromInput !== undefined) return part.fromInput;
  return undefined;
}

/** A string written as text and values: the value itself when it is the only part, else a bounded template. */
export function stringOfParts(parts: Array<string | Value>, loc: Loc): Value {
  return parts.length === 1 && typeof parts[0] !== 'string' ? parts[0] : boundedTemplate({ kind: 'template', parts, loc });
}

/** A literal string past MAX_COMPUTED_STRING (from a function such as join or format) is unknown too. */
export function boundedLiteral(v: Value): Value {
  if (v.kind === 'literal' && typeof v.value === 'string' && v.value.length > MAX_COMPUTED_STRING) {
    return { kind: 'unknown', reason: `a computed string of ${v.value.length} characters (more than ${MAX_COMPUTED_STRING} are not evaluated)`, loc: v.loc };
  }
  return v;
}

/**
 * Most items a list or entries an object may get from a function. `concat(l, l)`
 * doubles a list at every step, as `${Y}${Y}` doubles a string: past this size
 * the collection is computed (unknown), so work stays linear in the input.
 */
export const MAX_COMPUTED_ITEMS = 1 << 16;

/** A list or object past MAX_COMPUTED_ITEMS is unknown; other values as they are. */
export function boundedCollection(v: Value): Value {
  const size = v.kind === 'list' ? v.items.length : v.kind === 'object' ? v.entries.length : 0;
  if (size <= MAX_COMPUTED_ITEMS) return v;
  return { kind: 'unknown', reason: `a computed ${v.kind} of ${size} elements (more than ${MAX_COMPUTED_ITEMS} are not evaluated)`, loc: v.loc };
}
