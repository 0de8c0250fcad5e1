import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';
import { decodedUserData, findCredentials } from '../../src/aws/credential-patterns.js';

const fixtures = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'static-credentials-on-instance');
const keyId = 'AKIA2QX7ZK4MB5TR3WYN';
const secret = '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';
const MB = 1 << 20;

describe('credential patterns', () => {
  it('finds and masks an access key id, a secret assignment and aws configure', () => {
    const found = findCredentials(
      `export AWS_ACCESS_KEY_ID=${keyId}\nexport AWS_SECRET_ACCESS_KEY=${secret}\naws configure set default.aws_secret_access_key "$S"\n`,
    );
    expect(found.map((m) => [m.kind, m.shown])).toEqual([
      ['access-key-id', 'AKIA****************'],
      ['secret-access-key', 'aws_secret_access_key=********'],
      ['configure-secret', 'aws configure set aws_secret_access_key'],
    ]);
    for (const m of found) expect(m.shown).not.toContain(secret);
  });

  it('skips the AWS documentation example keys and shell expansions', () => {
    expect(findCredentials('AKIAIOSFODNN7EXAMPLE aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toEqual([]);
    expect(findCredentials('AWS_SECRET_ACCESS_KEY=$SECRET AWS_SECRET_ACCESS_KEY="$(cat /run/secret)"')).toEqual([]);
  });

  it('decodes base64 user data of readable text only', () => {
    expect(decodedUserData(Buffer.from('#!/bin/bash\necho hi\n').toString('base64'))).toBe('#!/bin/bash\necho hi\n');
    expect(decodedUserData('#!/bin/bash echo hi')).toBeUndefined();
    expect(decodedUserData(Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]).toString('base64'))).toBeUndefined();
  });

  // Linear-time patterns: each of these inputs completes (no timing assertion; the test timeout is the bound).
  it.each([
    ['repeated keyword', 'aws_secret_access_key'.repeat(MB / 21)],
    ['keyword and separators', `aws_secret_access_key${' '.repeat(MB / 2)}=${' '.repeat(MB / 2)}`],
    ['keyword, separator, long value', `aws_secret_access_key=${'A'.repeat(MB)}`],
    ['repeated AKIA', 'AKIA'.repeat(MB / 4)],
    ['AKIA and key characters', `AKIA${'A'.repeat(MB)}`],
    ['configure set without the key', `configure${' '.repeat(8)}set `.repeat(MB / 18)],
    ['configure set with a long profile', `configure set ${'a'.repeat(MB)}.aws_secret_access_key`],
    ['base64 alphabet', 'QUFB'.repeat(MB / 4)],
  ])('completes on 1 MB of %s', (_name, text) => {
    expect(Array.isArray(findCredentials(text))).toBe(true);
    decodedUserData(text);
  });
});

describe('static-credentials-on-instance output', () => {
  it('never prints a secret or a full access key id', async () => {
    const result = await lint({ paths: ['bad.yaml', 'bad.json'], cwd: fixtures });
    expect(result.findings.length).toBeGreaterThan(0);
    for (const f of result.findings) {
      expect(f.message).not.toContain(secret);
      expect(f.message).not.toContain(keyId);
      expect(f.message).not.toContain('ASIA7MB5TR3WYN2QX7ZK');
    }
  });
});
