/**
 * Long-lived AWS credentials written in text (user data). Every pattern is
 * linear: no nested or adjacent overlapping quantifiers, every repetition
 * bounded, so a megabyte of adversarial text scans in linear time (DESIGN §8).
 */

export type CredentialKind = 'access-key-id' | 'secret-access-key' | 'secret-assignment' | 'configure-secret';

export interface CredentialMatch {
  kind: CredentialKind;
  /** Offset of the match in the scanned text. */
  index: number;
  /** The matched text: used only to find the match in the source, never printed. */
  text: string;
  /** What may be shown: `AKIA****************`; never the secret. */
  shown: string;
}

/** Access key ids: `AKIA` long-term (IAM user), `ASIA` temporary (STS); 20 characters in all. */
const accessKeyId = /\b(AKIA|ASIA)[A-Z2-7]{16}\b/g;
/** `aws_secret_access_key = ...`, `AWS_SECRET_ACCESS_KEY=...`, `"aws_secret_access_key": "..."`: a value after the key. */
const secretAssignment = /aws_secret_access_key["']?[ \t]{0,8}[=:][ \t]{0,8}["']?([^\s"'`$\\\u0000]{1,128})/gi;
/** `aws configure set aws_secret_access_key VALUE` (optionally `default.aws_secret_access_key`). */
const configureSecret = /\bconfigure[ \t]{1,8}set[ \t]{1,8}(?:[\w-]{1,64}\.)?aws_secret_access_key\b/gi;
/** What a secret access key looks like: 40 characters of base64 alphabet. */
const secretShape = /^[A-Za-z0-9/+]{40}$/;
/** AWS documentation's example keys (`AKIAIOSFODNN7EXAMPLE`, `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`): not real. */
const documentationExample = /EXAMPLE/;

/** Every credential in the text, in order. */
export function findCredentials(text: string): CredentialMatch[] {
  const out: CredentialMatch[] = [];
  for (const m of text.matchAll(accessKeyId)) {
    if (documentationExample.test(m[0])) continue;
    out.push({ kind: 'access-key-id', index: m.index, text: m[0], shown: `${m[1]}${'*'.repeat(16)}` });
  }
  for (const m of text.matchAll(secretAssignment)) {
    const value = m[1];
    if (documentationExample.test(value)) continue;
    const kind = secretShape.test(value) ? 'secret-access-key' : 'secret-assignment';
    out.push({ kind, index: m.index, text: m[0], shown: `aws_secret_access_key=${'*'.repeat(8)}` });
  }
  for (const m of text.matchAll(configureSecret)) {
    out.push({ kind: 'configure-secret', index: m.index, text: m[0], shown: 'aws configure set aws_secret_access_key' });
  }
  return out.sort((a, b) => a.index - b.index);
}

const base64Text = /^[A-Za-z0-9+/]{16,}={0,2}$/;

/**
 * User data given already encoded (`user_data_base64`, a literal in a launch
 * template): the decoded text when the value is base64 of readable text.
 */
export function decodedUserData(text: string): string | undefined {
  const compact = text.trim();
  if (compact.length % 4 !== 0 || !base64Text.test(compact)) return undefined;
  const decoded = Buffer.from(compact, 'base64').toString('utf8');
  // Binary (gzip'd user data) or not base64 after all: keep the text as written.
  return /[\uFFFD\u0000-\u0008\u000E-\u001F]/.test(decoded) ? undefined : decoded;
}
