import { sep } from 'node:path';
import type { Finding, MessageData } from '../shared/finding.js';
import { escapeRegExp } from '../shared/text.js';

/**
 * Masks what looks like a credential in text the linter prints about the
 * user's files (messages, related messages), whichever rule or parser wrote
 * it: a parse error that quotes a line of user data must not print the key
 * in it. Every pattern is linear: bounded repetitions, no nested quantifiers.
 */

/** Access key ids (long-term `AKIA`, temporary `ASIA`): the prefix stays, to say what it was. */
// Glued to a name (`RoleAKIA…`) it is still a key id; an upper-case letter or digit before it makes it part of a longer word.
const ACCESS_KEY_ID = /(?<![A-Z0-9])(AKIA|ASIA)[A-Z2-7]{16}(?![A-Za-z0-9])/g;
/** A value after a key that names a secret: `aws_secret_access_key = x`, `password: x`, `"SecretKey": "x"`. */
// The name may end a longer one (`MY_AWS_SECRET_ACCESS_KEY`); the value may be quoted, with an escaped quote inside JSON or a shell string.
const SECRET_ASSIGNMENT = /(?<![A-Za-z0-9])((?:aws_)?secret_access_key|SecretAccessKey|secret_?key|password|passwd)((?:\\?["'])?[ \t]{0,8}[=:][ \t]{0,8}(?:\\?["'])?)([^\s"'`,;}\])\\]{1,256})/gi;
/**
 * 40 characters of the base64 alphabet standing alone, with a `/` or `+` in
 * them: the shape of a secret access key. Logical ids and names (letters and
 * digits only) and hex digests are not masked.
 */
const SECRET_KEY = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
/** `aws_secret_access_key wJalr…`: a key-shaped value after the name with only a space between. */
const SECRET_AFTER_NAME = /(?<![A-Za-z0-9])((?:aws_)?secret_access_key|SecretAccessKey)([ \t]{1,8})([A-Za-z0-9/+=]{16,256})/gi;
/**
 * In a parse error's quote of the source, which may show a key cut short or
 * split at a `/`: every run of 10 or more letters and digits that reads as
 * random rather than as a name (`looksRandom`).
 */
const KEY_LIKE_RUN = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{10,256}/g;
/** The humps of a name: `MLDataPrep` is ML, Data, Prep; `wJalrXUtn` is w, Jalr, X, Utn. */
const HUMP = /[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+/g;

/**
 * Names are made of words (`MLDataPrepLaunchConstraint`: five humps of five
 * letters on average); a base64 key changes case or class every two
 * characters. Lower-case-only, upper-case-only and hex runs are names,
 * constants or digests.
 */
export function looksRandom(run: string): boolean {
  const text = run.replace(/[/+]/g, '');
  if (/^[a-z\d]*$|^[A-Z\d]*$|^[a-f\d]*$/.test(text)) return false;
  const humps = text.match(HUMP) ?? [];
  const digitGroups = humps.filter((h) => /^\d/.test(h)).length;
  return text.length / Math.max(1, humps.length) < 2.7 || digitGroups >= 3;
}

export function maskSecrets(text: string): string {
  return text
    .replace(ACCESS_KEY_ID, (_, prefix: string) => `${prefix}${'*'.repeat(16)}`)
    .replace(SECRET_ASSIGNMENT, (_, key: string, between: string) => `${key}${between}********`)
    .replace(SECRET_AFTER_NAME, (_, key: string, between: string) => `${key}${between}********`)
    .replace(SECRET_KEY, (key: string) => (/[/+]/.test(key) && looksRandom(key) ? '*'.repeat(8) : key));
}

/** Stricter, for messages that quote source text (parse errors). */
export function maskQuotedSource(text: string): string {
  return maskSecrets(text).replace(KEY_LIKE_RUN, (run: string) => (looksRandom(run) ? '*'.repeat(8) : run));
}

/**
 * Every finding leaves the engine through here (index.ts), whichever rule or
 * parser wrote it: messages name files relative to the working directory (so a
 * baseline matches whether the paths were given relative or absolute), quote
 * values shortened, credentials masked, control characters escaped.
 */
export function maskFinding(f: Finding, cwd?: string): Finding {
  const present = (text: string): string => printable(maskSecrets(shortenQuotes(cwd === undefined ? text : relativePaths(text, cwd))));
  // A parse error quotes source text: its message and data are masked the stricter way.
  const presentMessage =
    f.rule === 'parse-error' ? (text: string): string => printable(maskQuotedSource(shortenQuotes(cwd === undefined ? text : relativePaths(text, cwd)))) : present;
  const message = presentMessage(f.message);
  const related = f.related?.map((r) => {
    const m = present(r.message);
    return m === r.message ? r : { ...r, message: m };
  });
  const relatedChanged = related !== undefined && related.some((r, i) => r !== f.related?.[i]);
  const help = f.help === undefined ? undefined : present(f.help);
  const resource = f.resource === undefined ? undefined : forOutput(f.resource);
  const data = f.data === undefined ? undefined : maskData(f.data, presentMessage);
  if (message === f.message && !relatedChanged && help === f.help && resource === f.resource && data === f.data) return f;
  return {
    ...f,
    message,
    ...(relatedChanged ? { related } : {}),
    ...(data === undefined ? {} : { data }),
    ...(help === undefined ? {} : { help }),
    ...(resource === undefined ? {} : { resource }),
  };
}

/** A finding's message data, each text value presented as its message is; the same object when nothing changed. */
function maskData(data: MessageData, present: (text: string) => string): MessageData {
  const entries = Object.entries(data).map(([k, v]): [string, string | number] => [k, typeof v === 'string' ? present(v) : v]);
  return entries.some(([k, v]) => v !== data[k]) ? Object.fromEntries(entries) : data;
}

/** Longest quoted value a message keeps whole; a longer one keeps its head and tail around a count. */
export const MAX_QUOTED = 160;
/** Backstop for text not in quotes: no message is longer than this. */
export const MAX_MESSAGE = 4000;

/** A value longer than MAX_QUOTED as its head and tail around a count: `aaaa…(100000 characters)…zz`. */
export function shortenValue(value: string): string {
  return value.length <= MAX_QUOTED ? value : `${value.slice(0, 100)}…(${value.length} characters)…${value.slice(-20)}`;
}

const longQuote = new RegExp(`"([^"\\n]{${MAX_QUOTED + 1},})"`, 'g');

/** `"aaaa…(100000 characters)…zz"`: each value quoted in a message, shortened. Linear: each `"` scan stops at the next. */
export function shortenQuotes(text: string): string {
  const quoted = text.replace(longQuote, (_, inner: string) => `"${shortenValue(inner)}"`);
  return quoted.length <= MAX_MESSAGE ? quoted : `${quoted.slice(0, MAX_MESSAGE - 200)}…(${quoted.length} characters)…${quoted.slice(-100)}`;
}

/** The working directory's absolute path in a message, written as the relative path the reports use. */
export function relativePaths(text: string, cwd: string): string {
  const root = cwd.endsWith(sep) ? cwd.slice(0, -1) : cwd;
  if (root === '' || !text.includes(root)) return text;
  return text
    .split(`${root}${sep}`)
    .join('')
    .replace(new RegExp(`${escapeRegExp(root)}(?![\\w.\\-/\\\\])`, 'g'), '.');
}

/**
 * C0 and C1 control characters (but tab and newline), DEL and the bidirectional
 * overrides, as visible escapes: text from the user's files (names, values,
 * file names) must not move the cursor, set the title (OSC), or reorder a
 * line when printed to a terminal or a log.
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function printable(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Every text from the user's files on its way to an output (findings, pictures, --debug-graph): masked and printable. */
export function forOutput(text: string): string {
  return printable(maskSecrets(text));
}
