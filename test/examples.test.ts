/**
 * The bundled examples (what the README's first command lints): the
 * CloudFormation stack and its Terraform twin show the same findings, in the
 * same order, and the run fails as a CI gate would.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';

const root = path.resolve(import.meta.dirname, '..');

describe('examples/', () => {
  it('the Terraform twin shows the same findings as the CloudFormation stack', async () => {
    const { findings } = await lint({ paths: ['examples'], cwd: root });
    const rulesIn = (dir: string) => findings.filter((f) => f.file.startsWith(`examples/${dir}/`)).map((f) => `${f.rule} ${f.severity}`);
    expect(rulesIn('cloudformation')).toEqual([
      'role-as-instance-profile error',
      'profile-by-role-name warning',
      'trust-policy-root-principal warning',
    ]);
    expect(rulesIn('terraform')).toEqual(rulesIn('cloudformation'));
  });

  it('each finding sits on the offending value', async () => {
    const { findings } = await lint({ paths: ['examples'], cwd: root });
    const at = findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`);
    expect(at).toEqual([
      'examples/cloudformation/web-stack.yaml:28:27 role-as-instance-profile',
      'examples/cloudformation/web-stack.yaml:55:27 profile-by-role-name',
      'examples/cloudformation/web-stack.yaml:75:20 trust-policy-root-principal',
      'examples/terraform/main.tf:19:26 role-as-instance-profile',
      'examples/terraform/main.tf:46:26 profile-by-role-name',
      'examples/terraform/main.tf:65:27 trust-policy-root-principal',
    ]);
  });
});
