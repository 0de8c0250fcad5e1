/** Messages name the right resources: the fixtures check lines, these check what is said. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';

const fixtures = path.resolve(import.meta.dirname, '..', '..', 'fixtures');

describe('messages', () => {
  it('suggests the nearest same-named profile: same unit, then same language', async () => {
    const { findings } = await lint({ paths: [path.join(fixtures, 'profile-by-role-name', 'two-languages')], cwd: fixtures });
    const [finding] = findings.filter((f) => f.rule === 'profile-by-role-name');
    expect(finding.help).toContain('aws_iam_instance_profile.worker.name');
    expect(finding.help).not.toContain('WorkerProfile');
  });

  it('role-as-instance-profile names the role and the profile that holds it', async () => {
    const { findings } = await lint({ paths: [path.join(fixtures, 'role-as-instance-profile', 'bad.yaml')], cwd: fixtures });
    const held = findings.find((f) => f.line === 45);
    expect(held?.message).toBe('IamInstanceProfile is given role HeldRole; EC2 needs an instance profile');
    expect(held?.help).toBe('reference HeldRoleProfile, which holds this role (!Ref HeldRoleProfile)');
    expect(held?.resource).toBe('InstanceWithHeldRole');
    expect(held?.related?.[0]).toMatchObject({ line: 16, message: 'role HeldRole is declared here' });
  });

  it('trust-policy-root-principal says whose account it is', async () => {
    const { findings } = await lint({ paths: [path.join(fixtures, 'trust-policy-root-principal', 'bad.yaml')], cwd: fixtures });
    expect(findings.map((f) => f.message.match(/trusts (.*?) \(:root\)/)?.[1])).toEqual([
      'its own account',
      'the whole account 111122223333',
      'the whole account 444455556666',
      'a whole account (computed)',
    ]);
  });

  it('unresolved-reference suggests the closest name', async () => {
    const { findings } = await lint({ paths: [path.join(fixtures, 'unresolved-reference', 'bad.yaml')], cwd: fixtures });
    const found = findings.find((f) => f.line === 12);
    expect(found?.message).toBe('AppProfil is not a declared resource or parameter');
    expect(found?.help).toBe('did you mean AppProfile?');
  });
});

describe('fix hints across boundaries', () => {
  it('a profile in a nested stack is named where it lives, to be passed out', async () => {
    const { findings } = await lint({ paths: [path.join(fixtures, 'role-as-instance-profile', 'nested-stack')], cwd: fixtures });
    const fromChild = findings.find((f) => f.rule === 'role-as-instance-profile' && f.message.includes('WorkerRole'));
    expect(fromChild?.help).toContain('reference WorkerProfile, which holds this role (!Ref WorkerProfile in ');
    expect(fromChild?.help).toContain('child.yaml, passed out through an export or output)');
  });
});
