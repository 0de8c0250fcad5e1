/** Messages name the right resources: the fixtures check lines, these check what is said. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';
import { tempTrees } from '../temp-tree.js';

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
    expect(findings.map((f) => f.message.match(/trusts (.*)$/)?.[1])).toEqual([
      'its own account (:root)',
      'the whole account 111122223333 (:root)',
      'the whole account 444455556666 (:root)',
      'a whole account (:root, computed)',
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

  const tree = tempTrees('messages');
  const role = `resource "aws_iam_role" "r" {
  name = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_instance_profile" "p" {
  name = "app"
  role = aws_iam_role.r.name
}
`;
  const template = (arn: string) => `resource "aws_launch_template" "this" {
  name = "lt"
  metadata_options {
    http_tokens = "required"
  }
  iam_instance_profile {
    arn = ${arn}
  }
}
`;
  const wrongFormHelp = async (files: Record<string, string>) => {
    const dir = tree(files);
    const { findings } = await lint({ paths: [dir], cwd: dir });
    return findings.filter((f) => f.rule === 'instance-profile-wrong-form').map((f) => `${path.relative(dir, f.file)}:${f.line} ${f.help ?? ''}`);
  };

  it('Terraform: a profile declared in the module where the value is written is referenced directly, even when the slot is in a child module', async () => {
    const files = {
      'main.tf': `${role}module "lt" {\n  source  = "./mod"\n  profile = aws_iam_instance_profile.p.name\n}\n`,
      'mod/main.tf': `variable "profile" {\n  type = string\n}\n${template('var.profile')}`,
    };
    expect(await wrongFormHelp(files)).toEqual(['main.tf:11 use aws_iam_instance_profile.p.arn']);
  });

  it('Terraform: a profile declared in another module than the value is named where it lives, to be passed out through an output', async () => {
    const files = {
      'main.tf': `module "iam" {\n  source = "./iam"\n}\n${template('module.iam.profile')}`,
      'iam/main.tf': `${role}output "profile" {\n  value = aws_iam_instance_profile.p.name\n}\n`,
    };
    expect(await wrongFormHelp(files)).toEqual(['main.tf:10 use aws_iam_instance_profile.p.arn inside module.iam, passed out through an output']);
  });

  it('Terraform: a profile declared in a module above the value, which a whole-object argument brings down, is to be passed in as that argument', async () => {
    const files = {
      'main.tf': `${role}module "lt" {\n  source  = "./mod"\n  profile = aws_iam_instance_profile.p\n}\n`,
      'mod/main.tf': `variable "profile" {\n  type = object({ name = string })\n}\n${template('var.profile.name')}`,
    };
    expect(await wrongFormHelp(files)).toEqual(['mod/main.tf:10 use aws_iam_instance_profile.p.arn inside the root module, passed in as an argument of module.lt']);
  });
});
