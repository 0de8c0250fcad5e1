/**
 * Names given for a run that no linted code declares (`LintResult.undeclaredInputs`):
 * one run lints many templates and root modules, so a name is a mistake only when
 * none of them declares it. The library returns them as data and prints nothing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { lint, type LintOptions } from '../../src/index.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
afterEach(() => vi.restoreAllMocks());

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'undeclared-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const webTemplate = `Parameters:
  Environment:
    Type: String
    Default: dev
  InstanceProfileName:
    Type: String
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub 'logs-\${Environment}'
`;

const queueTemplate = `Parameters:
  QueueName:
    Type: String
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Ref QueueName
`;

const webModule = `variable "environment" {
  type    = string
  default = "dev"
}

variable "instance_profile_name" {
  type = string
}
`;

const dnsModule = `variable "zone_name" {
  type = string
}
`;

async function undeclared(dir: string, options: Partial<LintOptions>) {
  return (await lint({ paths: [dir], cwd: dir, ...options })).undeclaredInputs;
}

describe('undeclared --parameters keys', () => {
  it('a key no linted template declares is returned, with the closest declared name', async () => {
    const dir = project({ 'web.yaml': webTemplate, 'queue.yaml': queueTemplate });
    expect(await undeclared(dir, { parameters: { Enviroment: 'prod', Nope: 'x' } })).toEqual([
      { option: 'parameters', name: 'Enviroment', suggestion: 'Environment' },
      { option: 'parameters', name: 'Nope' },
    ]);
  });

  it('a key any linted template declares is not: each template takes the keys it declares', async () => {
    const dir = project({ 'web.yaml': webTemplate, 'queue.yaml': queueTemplate });
    expect(await undeclared(dir, { parameters: { Environment: 'prod', QueueName: 'jobs' } })).toBeUndefined();
  });

  it('none is returned while a template does not parse: it may be the one declaring the key', async () => {
    const dir = project({ 'web.yaml': webTemplate, 'queue.yaml': 'Parameters:\n  QueueName: [\nResources: {}\n' });
    expect(await undeclared(dir, { parameters: { QueueName: 'jobs' } })).toBeUndefined();
  });

  it('with no template in the run, every key is undeclared', async () => {
    const dir = project({ 'main.tf': webModule });
    expect(await undeclared(dir, { parameters: { Environment: 'prod' } })).toEqual([{ option: 'parameters', name: 'Environment' }]);
  });
});

describe('undeclared --var names and --var-file keys', () => {
  it('a --var no root module declares is returned; one any root module declares is not', async () => {
    const dir = project({ 'web/main.tf': webModule, 'dns/main.tf': dnsModule });
    expect(await undeclared(dir, { variables: { enviroment: 'prod', zone_name: 'example.com', instance_profile_name: 'web' } })).toEqual([
      { option: 'variables', name: 'enviroment', suggestion: 'environment' },
    ]);
  });

  it('a variable only a called module declares is not a root module variable', async () => {
    const root = `module "web" {\n  source                = "./modules/web"\n  instance_profile_name = "web"\n}\n`;
    const dir = project({ 'main.tf': root, 'modules/web/main.tf': webModule });
    // modules/web is linted as a root module of its own too; linted alone, the caller is all there is.
    expect(await lint({ paths: [path.join(dir, 'main.tf')], cwd: dir, variables: { environment: 'prod' } }).then((r) => r.undeclaredInputs)).toEqual([
      { option: 'variables', name: 'environment' },
    ]);
  });

  it('a --var-file key no root module declares is returned with where it is written, once for all modules', async () => {
    const dir = project({ 'web/main.tf': webModule, 'dns/main.tf': dnsModule, 'prod.tfvars': 'environment = "prod"\n\n  zone_nme = "example.com"\n' });
    expect(await undeclared(dir, { varFiles: ['prod.tfvars'] })).toEqual([
      { option: 'varFiles', name: 'zone_nme', suggestion: 'zone_name', file: 'prod.tfvars', line: 3, column: 3 },
    ]);
  });

  it('none is returned while a module file does not parse', async () => {
    const dir = project({ 'web/main.tf': webModule, 'dns/main.tf': 'variable "zone_name" {\n  type = \n' });
    expect(await undeclared(dir, { variables: { zone_name: 'example.com' } })).toBeUndefined();
  });

  it('the library prints nothing about them', async () => {
    const written = vi.spyOn(process.stderr, 'write');
    const dir = project({ 'web.yaml': webTemplate, 'main.tf': webModule });
    expect(await undeclared(dir, { parameters: { Nope: 'x' }, variables: { nope: 'x' } })).toHaveLength(2);
    expect(written).not.toHaveBeenCalled();
  });
});
