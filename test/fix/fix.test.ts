/**
 * `--fix`: every bad fixture of the fixable rules is fixed to the checked-in
 * `bad.fixed.*` beside it, byte for byte; what remains is exactly the
 * findings that had no fix; fixing again changes nothing; CRLF and a
 * byte-order mark survive.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { computeFixes } from '../../src/engine/fix-passes.js';
import { lint } from '../../src/index.js';
import type { Finding } from '../../src/shared/finding.js';

const root = path.resolve(import.meta.dirname, '..', '..', 'fixtures');
const fixableRules = ['role-as-instance-profile', 'profile-by-role-name', 'instance-profile-wrong-form'];
const badFixtures = fixableRules.flatMap((rule) =>
  readdirSync(path.join(root, rule))
    .filter((name) => /^bad\.(yaml|json|tf|tf\.json)$/.test(name))
    .map((name) => `${rule}/${name}`),
);
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function alone(name: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fix-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, name), text);
  return dir;
}

const fixedName = (target: string): string => target.replace(/\/bad\./, '/bad.fixed.');
/** Findings compared without positions, which fixing shifts. */
const identity = (f: Finding): string => `${f.rule} ${f.resource ?? ''} ${f.message}`;

describe('fix: bad fixtures', () => {
  it.each(badFixtures)('%s', async (target) => {
    const name = path.basename(target);
    const dir = alone(name, readFileSync(path.join(root, target), 'utf8'));
    const before = await lint({ paths: ['.'], cwd: dir });
    expect(before.findings.some((f) => f.fix), 'the fixture has fixable findings').toBe(true);
    const outcome = await computeFixes({ lint: { paths: ['.'], cwd: dir } });
    expect(existsSync(path.join(root, fixedName(target))), `${fixedName(target)} is checked in`).toBe(true);
    expect(outcome.files.map((f) => f.after)).toEqual([readFileSync(path.join(root, fixedName(target)), 'utf8')]);
    // Nothing was written: computeFixes lints in memory.
    expect(readFileSync(path.join(dir, name), 'utf8')).toBe(readFileSync(path.join(root, target), 'utf8'));
    // What remains is exactly what had no fix: no fixable finding left, nothing new.
    const unfixable = before.findings.filter((f) => !f.fix).map(identity).sort();
    expect(outcome.result.findings.map(identity).sort()).toEqual(unfixable);
    // Fixing the fixed file again changes nothing.
    const again = await computeFixes({ lint: { paths: ['.'], cwd: alone(name, outcome.files[0].after) } });
    expect(again.files).toEqual([]);
  });
});

describe('fix: CRLF line endings and a byte-order mark are kept', () => {
  it.each(badFixtures)('%s', async (target) => {
    const name = path.basename(target);
    const crlf = (s: string): string => s.replace(/\r?\n/g, '\r\n');
    const dir = alone(name, '\uFEFF' + crlf(readFileSync(path.join(root, target), 'utf8')));
    const outcome = await computeFixes({ lint: { paths: ['.'], cwd: dir } });
    expect(outcome.files.map((f) => f.after)).toEqual(['\uFEFF' + crlf(readFileSync(path.join(root, fixedName(target)), 'utf8'))]);
  });
});

describe('fix: a JSON function written over several lines', () => {
  it('is reported on its key line and replaced with its braces', async () => {
    const text = [
      '{',
      '  "Resources": {',
      '    "AppProfile": { "Type": "AWS::IAM::InstanceProfile", "Properties": { "Roles": ["app"] } },',
      '    "Instance": {',
      '      "Type": "AWS::EC2::Instance",',
      '      "Properties": {',
      '        "MetadataOptions": { "HttpTokens": "required" },',
      '        "IamInstanceProfile": {',
      '          "Fn::GetAtt": ["AppProfile", "Arn"]',
      '        }',
      '      }',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    const dir = alone('t.json', text);
    const { findings } = await lint({ paths: ['.'], cwd: dir });
    expect(findings.filter((f) => f.rule === 'instance-profile-wrong-form').map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn}`)).toEqual(['9:11-9:46']);
    const outcome = await computeFixes({ lint: { paths: ['.'], cwd: dir } });
    const after = outcome.files[0]?.after ?? '';
    expect(after).toContain('        "IamInstanceProfile": { "Ref": "AppProfile" }\n      }');
    expect(() => JSON.parse(after)).not.toThrow();
  });
});

describe('fix: limits', () => {
  it('fixes only files it may edit', async () => {
    const dir = alone('bad.yaml', readFileSync(path.join(root, 'role-as-instance-profile/bad.yaml'), 'utf8'));
    const outcome = await computeFixes({ lint: { paths: ['.'], cwd: dir }, canEdit: () => false });
    expect(outcome.files).toEqual([]);
    expect(outcome.applied).toBe(0);
  });

  it('offers no fix across templates: the role is in another stack', async () => {
    const { findings } = await lint({ paths: [path.join(root, 'role-as-instance-profile', 'cross-stack')], cwd: root });
    const own = findings.filter((f) => f.rule === 'role-as-instance-profile');
    expect(own.length).toBeGreaterThan(0);
    expect(own.filter((f) => f.fix)).toEqual([]);
  });

  it('does not rewrite a value that came from a parameter', async () => {
    const text = [
      'Parameters:',
      '  RoleName:',
      '    Type: String',
      '    Default: app-role',
      'Resources:',
      '  AppRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      RoleName: app-role',
      '      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }] }',
      '  Instance:',
      '    Type: AWS::EC2::Instance',
      '    Properties:',
      '      MetadataOptions: { HttpTokens: required }',
      '      IamInstanceProfile: !Ref RoleName',
      '',
    ].join('\n');
    const { findings } = await lint({ paths: ['.'], cwd: alone('t.yaml', text) });
    const own = findings.filter((f) => f.rule === 'role-as-instance-profile');
    expect(own).toHaveLength(1);
    expect(own[0].fix).toBeUndefined();
  });
});
