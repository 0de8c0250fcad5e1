import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';

const fixture = path.resolve(__dirname, '../../fixtures/role-as-instance-profile/nested-stack-s3-url');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const copy = (): string => copyOf(fixture);

const quickStart = path.resolve(__dirname, '../../fixtures/role-as-instance-profile/nested-stack-quickstart-url');

function copyOf(source: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'nested-url-'));
  dirs.push(dir);
  cpSync(source, dir, { recursive: true });
  return dir;
}

async function rulesAt(dir: string, paths: string[] = [dir], parameters?: Record<string, string>): Promise<string[]> {
  const result = await lint({ paths, cwd: dir, ...(parameters && { parameters }) });
  return result.findings.map((f) => `${path.basename(f.file)}:${f.line}:${f.rule}`);
}

describe('nested stack with a computed TemplateURL', () => {
  it('links the one linted template whose path ends with the literal tail', async () => {
    expect(await rulesAt(copy())).toEqual(['main.yaml:21:role-as-instance-profile']);
  });

  it('does not guess when two templates end with the same path', async () => {
    const dir = copy();
    mkdirSync(path.join(dir, 'old/templates/compute'), { recursive: true });
    writeFileSync(path.join(dir, 'old/templates/compute/workers.yaml'), 'Parameters:\n  InstanceProfileName:\n    Type: String\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n');
    expect(await rulesAt(dir)).toEqual([]);
  });

  it('links only templates inside the linted paths', async () => {
    const dir = copy();
    expect(await rulesAt(dir, [path.join(dir, 'main.yaml')])).toEqual([]);
  });

  it('links by the written tail when the bucket and prefix come from parameter defaults', async () => {
    expect(await rulesAt(copyOf(quickStart))).toEqual(['main.template.yaml:20:role-as-instance-profile']);
  });

  it('links by the written tail when the prefix is given on the command line as a full URL part', async () => {
    const dir = copyOf(quickStart);
    expect(await rulesAt(dir, [dir], { QSS3KeyPrefix: 'mirror/quickstart-render-farm/', QSS3BucketName: 'my-mirror' })).toEqual([
      'main.template.yaml:20:role-as-instance-profile',
    ]);
  });

  it('does not guess between two templates with the same tail when the prefix is a default', async () => {
    const dir = copyOf(quickStart);
    mkdirSync(path.join(dir, 'v1/templates'), { recursive: true });
    writeFileSync(path.join(dir, 'v1/templates/iam.template.yaml'), 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\nOutputs:\n  NodeRoleArn:\n    Value: !Ref Topic\n');
    expect(await rulesAt(dir)).toEqual([]);
  });
});
