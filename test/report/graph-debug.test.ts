import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';
import { formatGraphDebug } from '../../src/report/graph-debug.js';

const fixtures = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'role-as-instance-profile');

describe('--debug-graph', () => {
  it('prints every slot value, one line each, with the reason of each unknown', async () => {
    const { graph } = await lint({ paths: ['tf-registry-not-installed', 'tf-module-role-passed'], cwd: fixtures, withGraph: true });
    expect(graph).toBeDefined();
    const lines = formatGraphDebug(graph!, fixtures).trimEnd().split('\n');
    expect(lines).toContain(
      `${path.join('tf-module-role-passed', 'main.tf')}:18:13 module.ec2.aws_instance.this iam_instance_profile (instance-profile name): ref aws_iam_role.app name`,
    );
    expect(lines).toContain(
      `${path.join('tf-registry-not-installed', 'main.tf')}:30:26 aws_instance.app iam_instance_profile (instance-profile name): unknown: module iam comes from git::https://example.com/iam.git?ref=v1; run terraform init to let iam-profile-lint follow it`,
    );
  });

  it('--explain lists every hop of the value; without it, only hops into another directory', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'explain-'));
    try {
      writeFileSync(
        path.join(dir, 'main.tf'),
        `resource "aws_iam_role" "app" {
  name = "app"
}
locals {
  profile = var.profile
}
resource "aws_instance" "i" {
  iam_instance_profile = local.profile
}
`,
      );
      writeFileSync(path.join(dir, 'variables.tf'), 'variable "profile" {\n  default = "app"\n}\n');
      const related = async (explain: boolean) =>
        (await lint({ paths: [dir], cwd: dir, explain })).findings
          .filter((x) => x.rule === 'role-as-instance-profile')
          .flatMap((f) => (f.related ?? []).map((r) => `${path.basename(r.file)}:${r.line} ${r.message}`));
      expect(await related(false)).toEqual(['main.tf:1 role aws_iam_role.app is declared here']);
      expect(await related(true)).toEqual([
        'main.tf:1 role aws_iam_role.app is declared here',
        'main.tf:5 the value passes through var.profile',
        'variables.tf:2 the value comes from "app"',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
