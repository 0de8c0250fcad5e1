import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';

const fixture = path.resolve(__dirname, '../../fixtures/role-as-instance-profile/nested-stack-s3-url');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function copy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'nested-url-'));
  dirs.push(dir);
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

async function rulesAt(dir: string, paths: string[] = [dir]): Promise<string[]> {
  const result = await lint({ paths, cwd: dir });
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
});
