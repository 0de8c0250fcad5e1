import type { Finding } from './rules/types.js';

/**
 * Masks what looks like a credential in text the linter prints about the
 * user's files (messages, related messages), whichever rule or parser wrote
 * it: a parse error that quotes a line of user data must not print the key
 * in it. Every pattern is linear: bounded repetitions, no nested quantifiers.
 */

/** Access key ids (long-term `AKIA`, temporary `ASIA`): the prefix stays, to say what it was. */
const ACCESS_KEY_ID = /\b(AKIA|ASIA)[A-Z2-7]{16}\b/g;
/** A value after a key that names a secret: `aws_secret_access_key = x`, `password: x`, `"SecretKey": "x"`. */
const SECRET_ASSIGNMENT = /\b((?:aws_)?secret_access_key|SecretAccessKey|secret_?key|password|passwd)(["']?[ \t]{0,8}[=:][ \t]{0,8}["']?)([^\s"'`,;}\])]{1,256})/gi;
/**
 * 40 characters of the base64 alphabet standing alone, with a `/` or `+` in
 * them: the shape of a secret access key. Logical ids and names (letters and
 * digits only) and hex digests are not masked.
 */
const SECRET_KEY = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
/** `aws_secret_access_key wJalr…`: a key-shaped value after the name with only a space between. */
const SECRET_AFTER_NAME = /\b((?:aws_)?secret_access_key|SecretAccessKey)([ \t]{1,8})([A-Za-z0-9/+=]{16,256})/gi;
/**
 * In a parse error's quote of the source, which may show a key cut short or
 * split at a `/`: every run of 10 or more letters and digits that is not shaped
 * like a name (`AssumeRolePolicyDocument`, `http_tokens`, `ec2`, a hex digest).
 */
const KEY_LIKE_RUN = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{10,256}/g;
const NAME_SHAPED = /^(?:[A-Za-z][a-z]*(?:[A-Z][a-z]+)*[A-Z]*\d*|[a-z\d]+|[A-Z\d]+|[a-f\d]+)$/;

export function maskSecrets(text: string): string {
  return text
    .replace(ACCESS_KEY_ID, (_, prefix: string) => `${prefix}${'*'.repeat(16)}`)
    .replace(SECRET_ASSIGNMENT, (_, key: string, between: string) => `${key}${between}********`)
    .replace(SECRET_AFTER_NAME, (_, key: string, between: string) => `${key}${between}********`)
    .replace(SECRET_KEY, (key: string) => (/[/+]/.test(key) ? '*'.repeat(8) : key));
}

/** Stricter, for messages that quote source text (parse errors). */
export function maskQuotedSource(text: string): string {
  return maskSecrets(text).replace(KEY_LIKE_RUN, (run: string) => (run.split('/').every((part) => NAME_SHAPED.test(part)) ? run : '*'.repeat(8)));
}

/** The finding with every message masked; the same object when there was nothing to mask. */
export function maskFinding(f: Finding): Finding {
  const message = f.rule === 'parse-error' ? maskQuotedSource(f.message) : maskSecrets(f.message);
  const related = f.related?.map((r) => {
    const m = maskSecrets(r.message);
    return m === r.message ? r : { ...r, message: m };
  });
  const relatedChanged = related !== undefined && related.some((r, i) => r !== f.related?.[i]);
  const help = f.help === undefined ? undefined : maskSecrets(f.help);
  if (message === f.message && !relatedChanged && help === f.help) return f;
  return { ...f, message, ...(relatedChanged ? { related } : {}), ...(help !== undefined ? { help } : {}) };
}
