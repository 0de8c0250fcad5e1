/**
 * Real templates and modules with the bug injected: a slot given the role
 * that its profile holds (fixed back to the original, byte for byte), and a
 * template whose profile was removed (the fix adds one). Copies of
 * ../shared/corpus/realworld files; skipped when the corpus is absent.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { computeFixes } from '../../src/engine/fix-passes.js';
import { lint } from '../../src/index.js';
import type { Finding } from '../../src/shared/finding.js';

const corpus = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'realworld');
const present = existsSync(corpus);
if (!present) console.log(`${corpus} not found: corpus fix tests skipped`);

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Copies a corpus file or directory into a fresh temp dir; returns the dir. */
function copy(rel: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fix-corpus-'));
  dirs.push(dir);
  cpSync(path.join(corpus, rel), path.join(dir, path.basename(rel)), { recursive: true });
  return dir;
}

function inject(file: string, from: string | RegExp, to: string): string {
  const original = readFileSync(file, 'utf8');
  const broken = original.replace(from, to);
  expect(broken, 'the bug was injected').not.toBe(original);
  writeFileSync(file, broken);
  return original;
}

const identity = (f: Finding): string => `${f.rule} ${f.resource ?? ''} ${f.message}`;

/** The slot goes back to the profile: the fixed text is the original, and the lint is the original's. */
const roundTrips: Array<[string, string, RegExp, string]> = [
  ['aws-cloudformation__iac-model-evaluation/cloudformation/ec2-instance.yaml', '', /IamInstanceProfile: !Ref IamProfile/, 'IamInstanceProfile: !Ref IamRole'],
  ['aws-cloudformation__aws-cloudformation-templates/ECS/ECS_Schedule_Example.yaml', '', /IamInstanceProfile: !Ref EC2InstanceProfile/, 'IamInstanceProfile: !Ref EC2Role'],
  ['aws-cloudformation__aws-cloudformation-templates/Solutions/GitLabAndVSCode/GitLabAndVSCode.yaml', '', /IamInstanceProfile: !Ref InstanceProfile/g, 'IamInstanceProfile: !Ref InstanceRole'],
  ['bridgecrewio__terragoat/terraform/aws', 'db-app.tf', /aws_iam_instance_profile\.ec2profile\.name/, 'aws_iam_role.ec2role.arn'],
];

describe.skipIf(!present)('fix: corpus files with the bug injected', () => {
  it.each(roundTrips)('%s %s', async (rel, inner, from, to) => {
    const dir = copy(rel);
    const file = path.join(dir, path.basename(rel), inner);
    const expected = (await lint({ paths: ['.'], cwd: dir })).findings.map(identity).sort();
    const original = inject(file, from, to);
    const broken = await lint({ paths: ['.'], cwd: dir });
    expect(broken.findings.filter((f) => f.rule === 'role-as-instance-profile' && f.fix).length).toBeGreaterThan(0);
    const outcome = await computeFixes({ lint: { paths: ['.'], cwd: dir } });
    expect(outcome.files.map((f) => f.after)).toEqual([original]);
    expect(outcome.result.findings.map(identity).sort()).toEqual(expected);
  });

  it('adds the missing profile to a template whose profile was removed', async () => {
    const rel = 'aws-cloudformation__iac-model-evaluation/cloudformation/ec2-instance.yaml';
    const dir = copy(rel);
    const file = path.join(dir, path.basename(rel));
    const expected = (await lint({ paths: ['.'], cwd: dir })).findings.map((f) => f.rule).sort();
    inject(file, /\n {2}# The instance profile to be assumed by the instance\n {2}IamProfile:\n(?: {4}.*\n)+/, '\n');
    inject(file, /IamInstanceProfile: !Ref IamProfile/, 'IamInstanceProfile: !Ref IamRole');
    const outcome = await computeFixes({ lint: { paths: ['.'], cwd: dir } });
    expect(outcome.files).toHaveLength(1);
    expect(outcome.files[0].after).toContain('  IamRoleInstanceProfile:\n    Type: AWS::IAM::InstanceProfile\n    Properties:\n      Roles: [!Ref IamRole]\n');
    expect(outcome.files[0].after).toContain('IamInstanceProfile: !Ref IamRoleInstanceProfile');
    expect(outcome.result.findings.map((f) => f.rule).sort()).toEqual(expected);
  });
});
