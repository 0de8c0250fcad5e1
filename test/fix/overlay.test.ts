// computeFixes for the editor: it fixes the unsaved text given as an overlay (not the disk's),
// and `fixes` limits it to some findings (fix-all of one document).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { computeFixes } from '../../src/engine/fix-passes.js';

const template = (name: string): string => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  ${name}Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
  ${name}Instance:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      MetadataOptions: { HttpTokens: required }
      IamInstanceProfile: !Ref ${name}Role
`;

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('computeFixes with an overlay', () => {
  it('fixes the overlay text, writes nothing, and can be limited to one file', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'fix-overlay-'));
    const a = path.join(dir, 'a.yaml');
    const b = path.join(dir, 'b.yaml');
    writeFileSync(a, '# on disk: not yet a template\n');
    writeFileSync(b, template('B'));
    const overlay = new Map([[a, template('A')]]);
    const outcome = await computeFixes({ lint: { paths: [a, b], cwd: dir, overlay }, fixes: (f) => path.resolve(dir, f.file) === a });
    expect(outcome.applied).toBe(1);
    expect(outcome.files.map((f) => f.abs)).toEqual([a]);
    expect(outcome.files[0].before).toBe(template('A'));
    expect(outcome.files[0].after).toContain('IamInstanceProfile: !Ref ARoleInstanceProfile');
    // b's finding was left alone, and nothing reached the disk.
    expect(outcome.result.findings.filter((f) => f.rule === 'role-as-instance-profile').map((f) => path.basename(f.file))).toEqual(['b.yaml']);
    expect(readFileSync(a, 'utf8')).toBe('# on disk: not yet a template\n');
  });
});
