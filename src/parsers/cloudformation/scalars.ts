/**
 * Plain-scalar resolution: YAML 1.2 core schema (what the `yaml` package does by
 * default), with one deliberate exception: an integer written with leading zeros
 * or beyond 2^53 stays a string, because in IAM it is almost always an account id
 * (`AWS: 012345678901`) and the number would silently lose digits.
 */
export function resolvePlainScalar(s: string): string | number | boolean | null {
  switch (s) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  const c = s.charCodeAt(0);
  const numeric = (c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46;
  if (!numeric) return s;
  if (INT.test(s)) return resolveDecimalInteger(s);
  if (FLOAT.test(s)) return Number(s);
  if (OCT.test(s)) return parseInt(s.slice(2), 8);
  if (HEX.test(s)) return parseInt(s.slice(2), 16);
  if (INF.test(s)) return s.charCodeAt(0) === 45 ? -Infinity : Infinity;
  if (NAN.test(s)) return NaN;
  return s;
}

const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const OCT = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const INF = /^[-+]?\.(?:inf|Inf|INF)$/;
const NAN = /^\.(?:nan|NaN|NAN)$/;

function resolveDecimalInteger(s: string): string | number {
  const digits = s.charCodeAt(0) === 45 || s.charCodeAt(0) === 43 ? s.slice(1) : s;
  if (digits.length > 1 && digits.charCodeAt(0) === 48) return s;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : s;
}

/** Resolution for a scalar carrying a standard `!!` tag (`!!str 012` stays text). */
export function resolveTaggedScalar(tag: string, s: string): string | number | boolean | null {
  switch (tag) {
    case 'tag:yaml.org,2002:int':
    case 'tag:yaml.org,2002:float':
    case 'tag:yaml.org,2002:bool':
    case 'tag:yaml.org,2002:null':
      return resolvePlainScalar(s);
    default:
      return s;
  }
}
