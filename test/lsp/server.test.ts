// The language server driven over stdio by a real LSP client (vscode-jsonrpc), as an editor drives it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, LspClient, uri, type Diagnostic } from './client.js';

const ROLE = `  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
`;
const template = (profile: string): string => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
${ROLE}  Instance:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      MetadataOptions: { HttpTokens: required }
      IamInstanceProfile: ${profile}
`;
const BAD = template('!Ref Role');

const TRUST = `jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })`;
const ROOT_MAIN = `module "iam" {
  source = "./modules/iam"
}

resource "aws_instance" "web" {
  ami                  = "ami-12345678"
  iam_instance_profile = module.iam.role_name
  metadata_options { http_tokens = "required" }
}

resource "aws_instance" "app" {
  ami                  = "ami-12345678"
  iam_instance_profile = aws_iam_instance_profile.app.name
  metadata_options { http_tokens = "required" }
}
`;
const IAM_WITHOUT_PROFILE = `resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = ${TRUST}
}
`;
const IAM_WITH_PROFILE = `${IAM_WITHOUT_PROFILE}
resource "aws_iam_instance_profile" "app" {
  role = aws_iam_role.app.name
}
`;
const CHILD = `resource "aws_iam_role" "this" {
  name               = "web"
  assume_role_policy = ${TRUST}
}

output "role_name" {
  value = aws_iam_role.this.name
}
`;

let dir: string;
let client: LspClient | undefined;

function project(files: Record<string, string>): string {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-lsp-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function start(files: Record<string, string>, options?: unknown): Promise<LspClient> {
  client = await LspClient.start(project(files), options);
  return client;
}

/** A line of a JavaScript stack trace. */
const STACK_FRAME = /\n\s+at \S/;
const codes = (ds: Diagnostic[]): string[] => ds.map((d) => String(d.code)).sort();
const has = (rule: string) => (ds: Diagnostic[]): boolean => ds.some((d) => d.code === rule);
const hasNo = (rule: string) => (ds: Diagnostic[]): boolean => !ds.some((d) => d.code === rule);

afterEach(() => {
  client?.kill();
  client = undefined;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('language server over stdio', () => {
  it('publishes a finding on open with its range, severity, rule, docs link, and related locations', async () => {
    const c = await start({ 'stack.yaml': BAD });
    const file = path.join(dir, 'stack.yaml');
    await c.open(file);
    const [d] = await c.diagnostics(file, has('role-as-instance-profile'));
    expect(d).toMatchObject({
      severity: 1,
      code: 'role-as-instance-profile',
      source: 'iam-profile-lint',
      codeDescription: { href: expect.stringMatching(/docs\/rules\/role-as-instance-profile\.md$/) },
      // Line 16, column 27 as the CLI reports it; LSP counts from 0.
      range: { start: { line: 15, character: 26 }, end: { line: 15, character: 35 } },
    });
    expect(d.message).toContain('EC2 needs an instance profile');
  });

  it('lints the unsaved buffer, not the disk, and re-publishes on change', async () => {
    const c = await start({ 'stack.yaml': BAD });
    const file = path.join(dir, 'stack.yaml');
    await c.open(file);
    await c.diagnostics(file, has('role-as-instance-profile'));
    const fixed = `${BAD.replace('IamInstanceProfile: !Ref Role', 'IamInstanceProfile: !Ref Profile')}  Profile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [!Ref Role]
`;
    const version = await c.change(file, fixed);
    expect(await c.diagnostics(file, (_d, p) => p.version === version)).toEqual([]);
    expect(fs.readFileSync(file, 'utf8')).toBe(BAD);
    // A burst of edits: what is published last is the last text's lint.
    for (let i = 0; i < 5; i++) await c.change(file, `${BAD}# edit ${i}\n`);
    const last = await c.change(file, BAD);
    expect(codes(await c.diagnostics(file, (_d, p) => p.version === last))).toEqual(['role-as-instance-profile']);
  });

  it('gives YAML and JSON that are not CloudFormation no diagnostics', async () => {
    const c = await start({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n', 'package.json': '{"name": "x"}', 'stack.yaml': BAD });
    await c.open(path.join(dir, 'compose.yaml'));
    await c.open(path.join(dir, 'package.json'));
    await c.open(path.join(dir, 'stack.yaml'));
    await c.diagnostics(path.join(dir, 'stack.yaml'), has('role-as-instance-profile'));
    const published = c.published.filter((p) => p.uri !== uri(path.join(dir, 'stack.yaml')));
    expect(published.every((p) => p.diagnostics.length === 0)).toBe(true);
  });

  it('lints a file a serverless.yml places as one resource, with the service file it reads on disk', async () => {
    const roleFile = 'Type: AWS::IAM::Role\nProperties:\n  AssumeRolePolicyDocument:\n    Statement:\n      - Effect: Allow\n        Principal: { AWS: "*" }\n        Action: sts:AssumeRole\n';
    const c = await start({
      'serverless.yml': 'service: s\nprovider:\n  name: aws\nresources:\n  Resources:\n    AppRole: ${file(./resources/role.yml)}\n',
      'resources/role.yml': roleFile,
      'resources/unplaced.yml': roleFile,
    });
    const file = path.join(dir, 'resources', 'role.yml');
    await c.open(path.join(dir, 'resources', 'unplaced.yml'));
    await c.open(file);
    const [d] = await c.diagnostics(file, has('trust-policy-public-principal'));
    expect(d.message).toContain('Role AppRole');
    expect(d.range.start).toEqual({ line: 5, character: 26 });
    // The same text placed by no service file is not CloudFormation.
    expect(c.published.filter((p) => p.uri === uri(path.join(dir, 'resources', 'unplaced.yml'))).every((p) => p.diagnostics.length === 0)).toBe(true);
  });

  it("lints a service's resource file as part of the service's one stack: a name written in another file is that resource", async () => {
    const c = await start({
      'serverless.yml': 'service: s\nprovider:\n  name: aws\nresources:\n  - ${file(resources/iam.yml)}\n  - ${file(resources/ec2.yml)}\n',
      'resources/iam.yml': 'Resources:\n  AppRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: { Service: ec2.amazonaws.com }\n            Action: sts:AssumeRole\n',
      'resources/ec2.yml': 'Resources:\n  Box:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-12345678\n      IamInstanceProfile: !Ref AppRole\n      MetadataOptions: { HttpTokens: required }\n',
    });
    const file = path.join(dir, 'resources', 'ec2.yml');
    await c.open(file);
    const [d] = await c.diagnostics(file, has('role-as-instance-profile'));
    expect(d.range.start).toEqual({ line: 5, character: 26 });
  });

  it('lints an open serverless.yml with the files it includes', async () => {
    const c = await start({
      'serverless.yml': 'service: s\nprovider:\n  name: aws\nresources:\n  Resources:\n    AppRole: ${file(role.yml)}\n    Box:\n      Type: AWS::EC2::Instance\n      Properties:\n        ImageId: ami-12345678\n        IamInstanceProfile: !Ref AppRole\n        MetadataOptions: { HttpTokens: required }\n',
      'role.yml': 'Type: AWS::IAM::Role\nProperties:\n  AssumeRolePolicyDocument:\n    Statement:\n      - Effect: Allow\n        Principal: { Service: ec2.amazonaws.com }\n        Action: sts:AssumeRole\n',
    });
    const file = path.join(dir, 'serverless.yml');
    await c.open(file);
    const [d] = await c.diagnostics(file, has('role-as-instance-profile'));
    expect(d.range.start).toEqual({ line: 10, character: 28 });
  });

  it('lints a Terraform file with its module and the local module it calls, read from disk', async () => {
    const c = await start({ 'main.tf': ROOT_MAIN, 'iam.tf': IAM_WITH_PROFILE, 'modules/iam/main.tf': CHILD });
    const main = path.join(dir, 'main.tf');
    await c.open(main);
    const ds = await c.diagnostics(main, has('role-as-instance-profile'));
    // The role comes from the called module on disk: the finding says which.
    expect(ds.map((d) => [d.code, d.range.start.line])).toEqual([['role-as-instance-profile', 6]]);
    expect(ds[0].message).toContain('module.iam.aws_iam_role.this');
  });

  it('fixing a file of the module clears the finding it caused in another file', async () => {
    const c = await start({ 'main.tf': ROOT_MAIN, 'iam.tf': IAM_WITHOUT_PROFILE, 'modules/iam/main.tf': CHILD });
    const main = path.join(dir, 'main.tf');
    const iam = path.join(dir, 'iam.tf');
    await c.open(main);
    const before = await c.diagnostics(main, (ds) => ds.some((d) => d.range.start.line === 12));
    expect(before.find((d) => d.range.start.line === 12)?.code).toBe('unresolved-reference');
    await c.open(iam);
    const since = c.published.length;
    await c.change(iam, IAM_WITH_PROFILE);
    const after = await c.diagnostics(main, (ds) => !ds.some((d) => d.range.start.line === 12), since);
    expect(codes(after)).toEqual(['role-as-instance-profile']);
  });

  it('offers the fix as a preferred quick fix; applied, the diagnostic is gone', async () => {
    const c = await start({ 'stack.yaml': BAD });
    const file = path.join(dir, 'stack.yaml');
    await c.open(file);
    const [d] = await c.diagnostics(file, has('role-as-instance-profile'));
    const actions = await c.codeActions(file, d.range, undefined, [d]);
    const fix = actions.find((a) => a.isPreferred);
    expect(fix).toMatchObject({ kind: 'quickfix', diagnostics: [{ code: 'role-as-instance-profile' }] });
    const since = c.published.length;
    await c.apply(fix?.edit);
    expect(c.text(file)).toContain('IamInstanceProfile: !Ref RoleInstanceProfile');
    expect(await c.diagnostics(file, () => true, since)).toEqual([]);
  });

  it('applies a quick fix that edits another file of the module', async () => {
    const c = await start({ 'main.tf': ROOT_MAIN.replace('aws_iam_instance_profile.app.name', 'aws_iam_role.app.name'), 'iam.tf': IAM_WITHOUT_PROFILE, 'modules/iam/main.tf': CHILD });
    const main = path.join(dir, 'main.tf');
    await c.open(main);
    const ds = await c.diagnostics(main, (all) => all.filter((d) => d.code === 'role-as-instance-profile').length === 2);
    const onApp = ds.find((d) => d.range.start.line === 12) as Diagnostic;
    const [fix] = (await c.codeActions(main, onApp.range)).filter((a) => a.isPreferred);
    expect(Object.keys(fix.edit?.changes ?? {}).sort()).toEqual([uri(path.join(dir, 'iam.tf')), uri(main)].sort());
    const since = c.published.length;
    await c.apply(fix.edit);
    expect(fs.readFileSync(path.join(dir, 'iam.tf'), 'utf8')).toContain('resource "aws_iam_instance_profile" "app"');
    // iam.tf changed on disk: the editor's file watcher says so.
    await c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(path.join(dir, 'iam.tf')), type: 2 }] });
    const after = await c.diagnostics(main, (all) => all.length === 1, since);
    expect(after[0].range.start.line).toBe(6);
  });

  it('fix-all applies every fix of the document in one edit', async () => {
    const two = BAD.replace('  Instance:', `  Other:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      MetadataOptions: { HttpTokens: required }
      IamInstanceProfile: !Ref Role
  Instance:`);
    const c = await start({ 'stack.yaml': two });
    const file = path.join(dir, 'stack.yaml');
    await c.open(file);
    await c.diagnostics(file, (ds) => ds.filter((d) => d.code === 'role-as-instance-profile').length === 2);
    const whole = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const [all] = await c.codeActions(file, whole, ['source.fixAll.iam-profile-lint']);
    expect(all).toMatchObject({ kind: 'source.fixAll.iam-profile-lint', title: 'Fix all iam-profile-lint problems (2)' });
    // Offered lazily in a plain request, resolved when chosen.
    const lazy = (await c.codeActions(file, whole)).find((a) => a.kind === 'source.fixAll.iam-profile-lint');
    expect(lazy?.edit).toBeUndefined();
    expect((await c.resolve(lazy!)).edit).toEqual(all.edit);
    const since = c.published.length;
    await c.apply(all.edit);
    expect(await c.diagnostics(file, () => true, since)).toEqual([]);
    expect(fs.readFileSync(file, 'utf8')).toBe(two);
  });

  it('suppresses a finding with a reason comment in YAML and HCL, and in the Metadata of a JSON template', async () => {
    const json = JSON.stringify(
      {
        Resources: {
          Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } },
          Instance: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-12345678', MetadataOptions: { HttpTokens: 'required' }, IamInstanceProfile: { Ref: 'Role' } } },
        },
      },
      null,
      2,
    );
    const c = await start({ 'stack.yaml': BAD, 'stack.json': json, 'main.tf': ROOT_MAIN, 'iam.tf': IAM_WITH_PROFILE, 'modules/iam/main.tf': CHILD });
    for (const name of ['stack.yaml', 'main.tf', 'stack.json']) {
      const file = path.join(dir, name);
      await c.open(file);
      const [d] = await c.diagnostics(file, has('role-as-instance-profile'));
      const suppress = (await c.codeActions(file, d.range)).find((a) => a.title.startsWith('Suppress role-as-instance-profile'));
      expect(suppress, name).toBeDefined();
      const since = c.published.length;
      await c.apply(suppress?.edit);
      expect(c.text(file)).toContain(name.endsWith('.json') ? '"reason":"TODO: say why this is safe here"' : '# iam-profile-lint-ignore role-as-instance-profile -- TODO');
      expect(await c.diagnostics(file, () => true, since), name).toEqual([]);
    }
  });

  it('offers a suppression only where it works: not as a comment inside a heredoc or a YAML block scalar', async () => {
    const heredoc = `resource "aws_iam_role" "open" {
  name               = "open"
  assume_role_policy = <<EOF
{
  "Statement": [{ "Effect": "Allow", "Action": "sts:AssumeRole",
    "Principal": { "AWS": "*" } }]
}
EOF
}
`;
    const block = `Resources:
  Open:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: |
        {
          "Statement": [{ "Effect": "Allow", "Action": "sts:AssumeRole",
            "Principal": { "AWS": "*" } }]
        }
`;
    const c = await start({ 'main.tf': heredoc, 'open.yaml': block });
    const tf = path.join(dir, 'main.tf');
    await c.open(tf);
    const [inHeredoc] = await c.diagnostics(tf, has('trust-policy-public-principal'));
    // A comment in the heredoc would be policy text: the file-wide comment at the top is what works.
    const [inFile] = (await c.codeActions(tf, inHeredoc.range)).filter((a) => a.title.startsWith('Suppress'));
    expect(inFile.title).toBe('Suppress trust-policy-public-principal in this file (with a reason)');
    let since = c.published.length;
    await c.apply(inFile.edit);
    expect(c.text(tf)).toBe(`# iam-profile-lint-ignore-file trust-policy-public-principal -- TODO: say why this is safe here\n${heredoc}`);
    expect(await c.diagnostics(tf, () => true, since)).toEqual([]);
    // In a template, the resource's Metadata reaches a finding inside a string.
    const yaml = path.join(dir, 'open.yaml');
    await c.open(yaml);
    const [inBlock] = await c.diagnostics(yaml, has('trust-policy-public-principal'));
    const [suppress] = (await c.codeActions(yaml, inBlock.range)).filter((a) => a.title.startsWith('Suppress'));
    expect(suppress.title).toBe('Suppress trust-policy-public-principal on Open (with a reason)');
    since = c.published.length;
    await c.apply(suppress.edit);
    expect(c.text(yaml)).toContain(`  Open:
    Metadata:
      iam-profile-lint:
        ignore:
          - rule: trust-policy-public-principal
            reason: "TODO: say why this is safe here"
    Type: AWS::IAM::Role`);
    expect(await c.diagnostics(yaml, () => true, since)).toEqual([]);
  });

  it('hover on a finding shows the rule docs', async () => {
    const c = await start({ 'stack.yaml': BAD });
    const file = path.join(dir, 'stack.yaml');
    await c.open(file);
    const [d] = await c.diagnostics(file, has('role-as-instance-profile'));
    const hover = await c.hover(file, { line: d.range.start.line, character: d.range.start.character + 2 });
    expect(hover?.contents.value).toMatch(/\*\*role-as-instance-profile\*\*[\s\S]*What it does[\s\S]*Why is this bad[\s\S]*How to fix it/);
    expect(await c.hover(file, { line: 0, character: 0 })).toBeNull();
  });

  it('re-reads the nearest config when it changes, and reports a broken config on its file', async () => {
    const c = await start({ 'stack.yaml': BAD });
    const file = path.join(dir, 'stack.yaml');
    const config = path.join(dir, '.iam-profile-lint.yaml');
    await c.open(file);
    await c.diagnostics(file, has('role-as-instance-profile'));
    fs.writeFileSync(config, 'rules:\n  role-as-instance-profile: off\n');
    let since = c.published.length;
    await c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(config), type: 1 }] });
    expect(await c.diagnostics(file, () => true, since)).toEqual([]);
    fs.writeFileSync(config, 'rules:\n  role-as-instance-profil: off\n');
    since = c.published.length;
    await c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(config), type: 2 }] });
    const [problem] = await c.diagnostics(config, (ds) => ds.length > 0, since);
    expect(problem).toMatchObject({ code: 'config-error', message: expect.stringContaining('role-as-instance-profil') });
    // Meanwhile the defaults apply.
    expect(codes(await c.diagnostics(file, () => true, since))).toEqual(['role-as-instance-profile']);
  });

  it('takes CloudFormation parameters and Terraform variables from initializationOptions', async () => {
    const withParameter = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Profile:
    Type: String
    Default: ""
Resources:
${ROLE}  Instance:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      MetadataOptions: { HttpTokens: required }
      IamInstanceProfile: !Ref Profile
`;
    const c = await start({ 'stack.yaml': withParameter }, { parameters: { Profile: 'ghost-profile' } });
    const file = path.join(dir, 'stack.yaml');
    await c.open(file);
    const ds = await c.diagnostics(file, (all) => all.length > 0);
    expect(ds.map((d) => d.message).join('\n')).toContain('ghost-profile');
    // Settings changed in the editor (workspace/didChangeConfiguration) apply at once.
    const since = c.published.length;
    await c.notify('workspace/didChangeConfiguration', { settings: { 'iam-profile-lint': { parameters: { Profile: 'other-profile' } } } });
    const again = await c.diagnostics(file, (all) => all.length > 0, since);
    expect(again.map((d) => d.message).join('\n')).toContain('"other-profile"');
  });

  it('gives a file that does not parse its parse-error diagnostic, and goes on serving', async () => {
    const c = await start({ 'stack.yaml': BAD, 'broken.tf': 'resource "aws_iam_role" "x" {\n  name = \n', 'broken.yaml': 'Resources:\n  Role: [unclosed\n' });
    for (const name of ['broken.tf', 'broken.yaml']) {
      const broken = path.join(dir, name);
      await c.open(broken);
      expect(codes(await c.diagnostics(broken, (all) => all.length > 0)), name).toContain('parse-error');
    }
    const stack = path.join(dir, 'stack.yaml');
    await c.open(stack);
    expect(codes(await c.diagnostics(stack, has('role-as-instance-profile')))).toEqual(['role-as-instance-profile']);
  });

  it('clears the diagnostics of a closed document', async () => {
    const c = await start({ 'stack.yaml': BAD });
    const file = path.join(dir, 'stack.yaml');
    await c.open(file);
    await c.diagnostics(file, has('role-as-instance-profile'));
    const since = c.published.length;
    await c.close(file);
    expect(await c.diagnostics(file, () => true, since)).toEqual([]);
  });

  it('exits 0 on shutdown then exit', async () => {
    const c = await start({ 'stack.yaml': BAD });
    await c.open(path.join(dir, 'stack.yaml'));
    await c.diagnostics(path.join(dir, 'stack.yaml'));
    expect(await c.shutdown()).toBe(0);
    client = undefined;
  });

  it('answers a shutdown read before a lint starts first, and lints and publishes nothing after it', async () => {
    const hosts = (n: number): string =>
      Array.from({ length: n }, (_, i) => `  Host${i}:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-12345678\n      IamInstanceProfile: !Ref Role\n`).join('');
    const c = await start({ 'small.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${ROLE}${hosts(200)}` });
    const small = path.join(dir, 'small.yaml');
    await c.open(small);
    const [first] = await c.diagnostics(small, has('role-as-instance-profile'));
    const big = path.join(dir, 'big.yaml');
    let out = '';
    c.proc.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const frame = (message: object): string => {
      const body = JSON.stringify({ jsonrpc: '2.0', ...message });
      return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    };
    // One write, so the server has read all three before it handles any. The code action lints in its
    // handler (a suppression is checked by linting the edited text), so by the time it is answered the
    // opened document's lint is due: before, that lint ran ahead of the shutdown and published.
    c.proc.stdin!.write(
      frame({ method: 'textDocument/didOpen', params: { textDocument: { uri: uri(big), languageId: 'yaml', version: 1, text: `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${ROLE}${hosts(20)}` } } }) +
        frame({ id: 'fix', method: 'textDocument/codeAction', params: { textDocument: { uri: uri(small) }, range: first.range, context: { diagnostics: [first] } } }) +
        frame({ id: 'bye', method: 'shutdown' }),
    );
    while (!out.includes('"id":"bye"')) await new Promise((wake) => c.proc.stdout!.once('data', wake));
    await c.notify('exit', undefined);
    expect(await c.exited).toBe(0);
    client = undefined;
    expect(out.indexOf('"id":"fix"')).toBeGreaterThanOrEqual(0);
    expect(out.includes(uri(big))).toBe(false);
  });

  it('exits when the client closes its end of stdin, or its process is gone', async () => {
    const c = await start({ 'stack.yaml': BAD });
    c.proc.stdin?.end();
    expect(await c.exited).toBe(1);
    client = undefined;
    // A parent that dies without closing the pipe: the server watches the processId it was given.
    const parent = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 100)']);
    const gone = await LspClient.start(project({}), undefined, undefined, parent.pid);
    client = gone;
    expect(await gone.exited).toBe(1);
  });
});

describe('language server units beyond one file', () => {
  it('lints a template with the stack it imports from, and re-publishes the importer when the exporter changes', async () => {
    const exporter = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
${ROLE}Outputs:
  RoleName:
    Value: !Ref Role
    Export: { Name: shared-role }
`;
    const importer = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Instance:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      MetadataOptions: { HttpTokens: required }
      IamInstanceProfile: !ImportValue shared-role
`;
    const c = await start({ 'network/roles.yaml': exporter, 'app/instance.yaml': importer });
    const app = path.join(dir, 'app/instance.yaml');
    const roles = path.join(dir, 'network/roles.yaml');
    await c.open(app);
    expect(codes(await c.diagnostics(app, has('role-as-instance-profile')))).toEqual(['role-as-instance-profile']);
    // The exporter now exports a profile (unsaved): the importer's finding goes.
    await c.open(roles);
    const since = c.published.length;
    await c.change(roles, exporter.replace('Outputs:', `  Profile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [!Ref Role]
Outputs:`).replace('Value: !Ref Role', 'Value: !Ref Profile'));
    expect(await c.diagnostics(app, hasNo('role-as-instance-profile'), since)).toEqual([]);
  });

  it('lints a template with its nested stack from an unsaved buffer', async () => {
    const parent = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Roles:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ./roles.yaml
  Instance:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      MetadataOptions: { HttpTokens: required }
      IamInstanceProfile: !GetAtt Roles.Outputs.Name
`;
    const child = (value: string): string => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
${ROLE}  Profile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [!Ref Role]
Outputs:
  Name:
    Value: ${value}
`;
    const c = await start({ 'parent.yaml': parent, 'roles.yaml': child('!Ref Profile') });
    const file = path.join(dir, 'parent.yaml');
    await c.open(file);
    await c.diagnostics(file, hasNo('role-as-instance-profile'));
    await c.open(path.join(dir, 'roles.yaml'));
    const since = c.published.length;
    await c.change(path.join(dir, 'roles.yaml'), child('!Ref Role'));
    expect(codes(await c.diagnostics(file, has('role-as-instance-profile'), since))).toEqual(['role-as-instance-profile']);
  });

  it('takes Terraform variables from initializationOptions', async () => {
    const main = `variable "profile" {
  type    = string
  default = ""
}

resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = ${TRUST}
}

resource "aws_instance" "web" {
  ami                  = "ami-12345678"
  iam_instance_profile = var.profile
  metadata_options { http_tokens = "required" }
}
`;
    const c = await start({ 'main.tf': main }, { variables: { profile: 'app' } });
    const file = path.join(dir, 'main.tf');
    await c.open(file);
    // With the variable given, the slot holds the role's name: the error that an empty default cannot raise.
    const ds = await c.diagnostics(file, (all) => all.length > 0);
    expect(ds.map((d) => d.message).join('\n')).toContain('"app"');
  });
});

describe('language server failures', () => {
  const injectFault = path.join(path.dirname(BIN), '../test/hostile/inject-fault.mjs');
  // Ours: the unit of a file named "crash" cannot be computed (a bug outside lint()'s own containment).
  // The bin's chunks are CommonJS, which module hooks do not see: rewritten as they are compiled.
  const crashUnits = `data:text/javascript,${encodeURIComponent(`
import Module from 'node:module';
const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) {
  // The CLI is a bundle: unitOf sits in one of dist/'s chunks, without its export.
  if (filename.includes('/dist/') && !filename.includes('/node_modules/')) {
    content = content.replace('function unitOf(file, kind, open, root, ignore, index) {', 'function unitOf(file, kind, open, root, ignore, index) { if (file.includes("crash")) throw new TypeError("injected unit failure");');
  }
  return compile.call(this, content, filename);
};
`)}`;

  it('an exception in lint() is an internal-error diagnostic and a log line; the server goes on', async () => {
    client = await LspClient.start(project({ 'boom.yaml': BAD, 'stack.yaml': BAD }), undefined, undefined, process.pid, ['--import', injectFault]);
    const c = client;
    const boom = path.join(dir, 'boom.yaml');
    await c.open(boom);
    const [d] = await c.diagnostics(boom, (ds) => ds.length > 0);
    expect(d).toMatchObject({ code: 'internal-error', severity: 1 });
    expect(c.logs.join('\n')).toContain('injected parser failure');
    await c.open(path.join(dir, 'stack.yaml'));
    expect(codes(await c.diagnostics(path.join(dir, 'stack.yaml'), has('role-as-instance-profile')))).toEqual(['role-as-instance-profile']);
  });

  it('an exception in the server itself is a diagnostic and a log line; the server goes on', async () => {
    client = await LspClient.start(project({ 'crash.yaml': BAD, 'stack.yaml': BAD }), undefined, undefined, process.pid, ['--import', crashUnits]);
    const c = client;
    const crash = path.join(dir, 'crash.yaml');
    await c.open(crash);
    const [d] = await c.diagnostics(crash, (ds) => ds.length > 0);
    expect(d).toMatchObject({ code: 'internal-error', message: expect.stringContaining('injected unit failure') });
    expect(c.logs.join('\n')).toContain('TypeError: injected unit failure');
    // One line, without the stack: that is for --debug.
    expect(c.logs.join('\n')).not.toMatch(STACK_FRAME);
    await c.open(path.join(dir, 'stack.yaml'));
    expect(codes(await c.diagnostics(path.join(dir, 'stack.yaml'), has('role-as-instance-profile')))).toEqual(['role-as-instance-profile']);
    expect(await c.shutdown()).toBe(0);
    client = undefined;
  });

  it('with --debug an internal error is logged with its stack', async () => {
    client = await LspClient.start(project({ 'crash.yaml': BAD }), undefined, undefined, process.pid, ['--import', crashUnits], ['--debug']);
    const crash = path.join(dir, 'crash.yaml');
    await client.open(crash);
    await client.diagnostics(crash, (ds) => ds.length > 0);
    expect(client.logs.join('\n')).toMatch(/TypeError: injected unit failure\n\s+at /);
  });

  it('takes a message of the wrong shape with one log line naming it, never a stack, and goes on serving', async () => {
    const c = await start({ 'stack.yaml': BAD });
    const stack = path.join(dir, 'stack.yaml');
    const open = (textDocument: unknown): Promise<void> => c.notify('textDocument/didOpen', { textDocument });
    await open({ uri: null, text: null });
    await c.notify('textDocument/didOpen', null);
    await open({ uri: uri(stack), languageId: 'yaml', version: 1, text: 42 });
    await c.notify('textDocument/didChange', { textDocument: { uri: uri(stack), version: 2 }, contentChanges: 'x' });
    await c.notify('textDocument/didChange', { textDocument: { uri: uri(stack), version: 2 }, contentChanges: [{ text: 'x', range: { start: { line: 'a' }, end: null } }] });
    await c.notify('textDocument/didClose', { textDocument: {} });
    await c.notify('workspace/didChangeWatchedFiles', { changes: 'all' });
    await c.notify('workspace/didChangeWatchedFiles', { changes: [null, { uri: 7, type: 1 }] });
    await c.notify('workspace/didChangeConfiguration', null);
    await c.notify('workspace/didChangeWorkspaceFolders', { event: null });
    expect(await c.connection.sendRequest('textDocument/hover', { textDocument: { uri: 42 }, position: { line: 1e9, character: -5 } })).toBeNull();
    expect(await c.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: null } })).toEqual([]);
    expect(await c.connection.sendRequest('codeAction/resolve', { data: 'x' })).toMatchObject({ title: expect.any(String) });
    // The server still lints, and a real document at the URI the bad didOpen named is taken.
    await c.open(stack);
    expect(codes(await c.diagnostics(stack, has('role-as-instance-profile')))).toEqual(['role-as-instance-profile']);
    expect(await c.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri(stack) }, position: { line: -1, character: 0 } })).toBeNull();
    const logs = c.logs.join('\n');
    expect(logs).not.toMatch(STACK_FRAME);
    expect(logs).not.toMatch(/TypeError|Cannot read/);
    expect(c.logs.filter((l) => l.startsWith('ignored textDocument/'))).toEqual([
      'ignored textDocument/didOpen: textDocument.uri is not a string',
      'ignored textDocument/didOpen: no textDocument',
      'ignored textDocument/didOpen: textDocument.text is not a string',
      'ignored textDocument/didChange: contentChanges are not a list of { text, range? } with zero-based integer positions',
      'ignored textDocument/didChange: contentChanges are not a list of { text, range? } with zero-based integer positions',
      'ignored textDocument/didClose: textDocument.uri is not a string',
    ]);
    expect(await c.shutdown()).toBe(0);
    client = undefined;
  });
});

describe('start-up', () => {
  it('--lsp takes what LSP clients add (--stdio, --clientProcessId) and refuses other arguments', async () => {
    const { spawnSync } = await import('node:child_process');
    const refused = spawnSync(process.execPath, [BIN, '--lsp', '--format', 'json'], { encoding: 'utf8', input: '' });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('--lsp takes its settings from the editor, not from --format json');
    // Standard input closed at once: the server starts, then exits as a server whose client is gone does.
    const accepted = spawnSync(process.execPath, [BIN, '--lsp', '--stdio', `--clientProcessId=${process.pid}`], { encoding: 'utf8', input: '' });
    expect(accepted.stderr).toBe('');
    expect(accepted.status).toBe(1);
  });

  it('the CLI does not load the language server unless --lsp is given', () => {
    // The static import graph of dist/cli.js: only dynamic import() may reach src/lsp/ or vscode-languageserver.
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = fs.readFileSync(file, 'utf8');
      // tsc writes single quotes, esbuild's bundle double quotes; the bin's CommonJS files require at their top level (`const { a } = require(...)` for a chunk's imports of another).
      for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s*(['"])([^'"]+)\1|^\s*import\s*(['"])([^'"]+)\3|^(?:(?:var \w+|const \{[^}]*\}) = (?:__toESM\()?)?require\((['"])([^'"]+)\5\)/gm)) {
        const spec = m[2] ?? m[4] ?? m[6];
        expect(spec, file).not.toMatch(/^vscode-/);
        if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec));
      }
    };
    visit(BIN);
    expect([...seen].some((f) => f.includes(`${path.sep}lsp${path.sep}`))).toBe(false);
    // The walk followed imports: dist/cli.js runs dist/cli.cjs, which requires chunks of its own.
    expect([...seen].filter((f) => /chunk-\w+\.cjs$/.test(f)).length).toBeGreaterThan(0);
  });
});

describe('documents the editor has not saved', () => {
  const instance = (name: string, role: string): string => `resource "aws_instance" "${name}" {
  ami                  = "ami-12345678"
  iam_instance_profile = aws_iam_role.${role}.name
  metadata_options { http_tokens = "required" }
}
`;
  const role = (name: string): string => `resource "aws_iam_role" "${name}" {
  name               = "${name}"
  assume_role_policy = ${TRUST}
}
`;

  it('lints a new template from its text', async () => {
    const c = await start({ 'saved.yaml': BAD });
    const fresh = path.join(dir, 'fresh.yaml');
    await c.open(fresh, BAD);
    expect(codes(await c.diagnostics(fresh, has('role-as-instance-profile')))).toEqual(['role-as-instance-profile']);
  });

  it('lints a new Terraform file with its module: the files on disk and the other unsaved ones', async () => {
    const c = await start({ 'iam.tf': role('app') });
    const webRole = path.join(dir, 'web-role.tf');
    const main = path.join(dir, 'main.tf');
    await c.open(webRole, role('web'));
    await c.open(main, instance('app', 'app') + instance('web', 'web'));
    // aws_iam_role.app is on disk, aws_iam_role.web only in the editor: both resolve.
    const ds = await c.diagnostics(main, (d) => d.filter((x) => x.code === 'role-as-instance-profile').length === 2);
    expect(codes(ds)).toEqual(['role-as-instance-profile', 'role-as-instance-profile']);
  });

  it('a new file in a directory not on disk is linted alone; an untitled document is left alone; no error either way', async () => {
    const c = await start({ 'saved.yaml': BAD });
    const nested = path.join(dir, 'newdir', 'main.tf');
    await c.open(nested, role('app') + instance('app', 'app'));
    expect(codes(await c.diagnostics(nested, has('role-as-instance-profile')))).toEqual(['role-as-instance-profile']);
    await c.notify('textDocument/didOpen', { textDocument: { uri: 'untitled:Untitled-1', languageId: 'yaml', version: 1, text: BAD } });
    const saved = path.join(dir, 'saved.yaml');
    await c.open(saved);
    await c.diagnostics(saved, has('role-as-instance-profile'));
    expect(c.published.some((p) => p.uri.startsWith('untitled:'))).toBe(false);
    expect(c.logs).toEqual([]);
  });
});
