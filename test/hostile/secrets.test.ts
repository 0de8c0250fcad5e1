// Credentials written in the linted files never reach any output format, whichever message would quote them.
import { afterEach, describe, expect, it } from 'vitest';
import { maskFinding, maskSecrets } from '../../src/engine/mask.js';
import { FORMATS } from '../../src/report/formats.js';
import { cleanup, ROLE_YAML, run, tree } from './helpers.js';

afterEach(cleanup);

// Not AWS's documentation examples (those are skipped by the rule): shaped like real keys.
const KEY_ID = 'AKIAQWERTYUIOPLKJHGF';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq3Rt9vXw2';

const FILES = {
  'user-data.yaml': `AWSTemplateFormatVersion: "2010-09-09"
Resources:
${ROLE_YAML}  Instance:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      MetadataOptions: { HttpTokens: required }
      UserData: !Base64 |
        #!/bin/bash
        export AWS_ACCESS_KEY_ID=${KEY_ID}
        export AWS_SECRET_ACCESS_KEY=${SECRET}
        aws configure set aws_secret_access_key ${SECRET}
`,
  'tf/main.tf': `resource "aws_instance" "web" {
  ami = "ami-12345678"
  metadata_options {
    http_tokens = "required"
  }
  user_data = <<-EOT
    #!/bin/bash
    aws_access_key_id = ${KEY_ID}
    aws_secret_access_key = ${SECRET}
  EOT
}
`,
  // Parse errors that quote the line they stop at.
  'broken.yaml': `Resources:\n  Instance:\n    Type: AWS::EC2::Instance\n    aws_secret_access_key ${SECRET}\n    ${KEY_ID}\n      x: [\n`,
  'broken2.yaml': `Resources:\n  ${SECRET}: {\n`,
  'broken.json': `{"Resources": {"A": {"Type": "X", "Secret": ${SECRET}}}}`,
  'broken-tf/main.tf': `locals {\n  a = ${KEY_ID} ${SECRET}\n  b = "${SECRET}\n}\n`,
  'broken-tfjson/main.tf.json': `{"locals": {"a": ${SECRET}}}`,
};

/** Every 12-character window of the secret: a prefix cut short by a message is still a leak. */
function leaks(text: string): string[] {
  const found: string[] = [];
  if (text.includes(KEY_ID)) found.push(KEY_ID);
  for (let i = 0; i + 12 <= SECRET.length; i++) if (text.includes(SECRET.slice(i, i + 12))) found.push(SECRET.slice(i, i + 12));
  return found;
}

describe('secrets are masked in every format', () => {
  it.each(FORMATS)('%s', (format) => {
    const root = tree(FILES);
    const r = run(root, ['--format', format, '--no-color', '.']);
    expect(r.status).toBe(1);
    expect(leaks(r.stdout + r.stderr), r.stdout.slice(0, 3000)).toEqual([]);
    if (!['mermaid', 'dot', 'html'].includes(format)) expect(r.stdout).toMatch(/static-credentials-on-instance/);
  });

  it('the findings are still there: the rule and the parse errors report, masked', () => {
    const r = run(tree(FILES), ['--format', 'compact', '.']);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines.filter((l) => l.includes('[static-credentials-on-instance]')).length).toBeGreaterThanOrEqual(4);
    for (const file of ['broken.yaml', 'broken2.yaml', 'broken.json', 'broken-tf/main.tf', 'broken-tfjson/main.tf.json']) {
      expect(lines.some((l) => l.startsWith(`${file}:`) && l.includes('[parse-error]')), file).toBe(true);
    }
    expect(r.stdout).toMatch(/AKIA\*{16}/);
  });
});

describe('maskSecrets', () => {
  it('masks ids, assignments and key-shaped values; keeps names, ARNs and digests', () => {
    expect(maskSecrets(`id ${KEY_ID} and ASIAQWERTYUIOPLKJHGF`)).toBe('id AKIA**************** and ASIA****************');
    expect(maskSecrets(`aws_secret_access_key=${SECRET}`)).toBe('aws_secret_access_key=********');
    expect(maskSecrets(`"SecretAccessKey": "${SECRET}"`)).toBe('"SecretAccessKey": "********"');
    expect(maskSecrets(`password: hunter2`)).toBe('password: ********');
    expect(maskSecrets(`the key ${SECRET} alone`)).toBe('the key ******** alone');
    const kept = [
      'IamInstanceProfile is given role "app-role" (AppRole); EC2 needs an instance profile',
      'arn:aws:iam::123456789012:instance-profile/WebServerInstanceProfile2024',
      'MyStackWebServerInstanceRoleA1B2C3D4E5F6G7H8I9J0K1L2M3',
      'module source pinned at ref=0123456789abcdef0123456789abcdef01234567',
      'HttpTokens: required',
      'an "aws configure set aws_secret_access_key" command',
      'a secret access key (not shown) assigned to aws_secret_access_key',
    ];
    for (const text of kept) expect(maskSecrets(text)).toBe(text);
  });

  it('parse errors, which quote source, also lose key-like runs cut short', () => {
    const f = { rule: 'parse-error', severity: 'error' as const, message: `Missing ':' after "${SECRET.slice(0, 30)}"`, file: 'a.yaml', line: 1, column: 1, endLine: 1, endColumn: 1 };
    expect(maskFinding(f).message).toBe(`Missing ':' after "********"`);
  });

  // No clock: a super-linear pattern on 1 MB runs for hours, and the test timeout catches that.
  it('finishes on adversarial input (1 MB of near-misses)', { timeout: 30_000 }, () => {
    for (const text of ['A'.repeat(1 << 20), 'AKIA'.repeat(1 << 18), 'aws_secret_access_key='.repeat(1 << 16), 'a/'.repeat(1 << 19), `${'password'.repeat(1 << 16)}:`]) {
      expect(maskSecrets(text).length, text.slice(0, 40)).toBeGreaterThan(0);
    }
  });
});

describe('maskQuotedSource keeps what parse errors usually quote', () => {
  it.each(['Missing \':\' after "AssumeRolePolicyDocument"', 'expected an expression, found "aws_iam_role"', 'Unexpected "IamInstanceProfile2"', 'found "ec2.amazonaws.com"', 'path src/graph/terraform/index'])('%s', async (text) => {
    const { maskQuotedSource } = await import('../../src/engine/mask.js');
    expect(maskQuotedSource(text)).toBe(text);
  });
});

describe('every output channel goes through the one masking (src/engine/mask.ts)', () => {
  const TEMPLATE = `Parameters:
  KeyId:
    Type: String
    Default: ${KEY_ID}
Resources:
  Role${KEY_ID}:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Ref KeyId
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
  Instance:
    Type: AWS::EC2::Instance
    Properties:
      IamInstanceProfile: !Ref KeyId
`;
  it.each(['mermaid', 'dot', 'html', 'compact', 'json', 'sarif'])('%s and --debug-graph: a key id in a parameter default, used as a name, never printed', (format) => {
    const r = run(tree({ 'a.yaml': TEMPLATE }), ['--format', format, '--debug-graph', '.']);
    expect(leaks(r.stdout + r.stderr), (r.stdout + r.stderr).slice(0, 2000)).toEqual([]);
    expect(r.stdout + r.stderr).toMatch(/AKIA\*{16}/);
  });

  it('context: a 40-character secret without / or + after a secret name, even glued to a longer name or in escaped quotes', () => {
    const plain = 'wJalrXUtnFEMIK7MDENGbPxRfiCYzq3Rt9vXw2ab';
    for (const text of [`AWS_SECRET_ACCESS_KEY=${plain}`, `MY_AWS_SECRET_ACCESS_KEY=${plain}`, `"AWS_SECRET_ACCESS_KEY=\\"${plain}\\""`]) {
      expect(maskSecrets(text), text).not.toContain(plain.slice(0, 12));
    }
  });

  it('shape: names and paths are not masked, however long; random runs are', async () => {
    const { maskQuotedSource } = await import('../../src/engine/mask.js');
    for (const text of ['Duplicate key "MLDataPrepLaunchConstraint" at 23:3 and 25:3', 'in /home/runner/work/infrastructure/templates/network', 'ProductionWebServerInstanceProfileForBatchJobs']) {
      expect(maskQuotedSource(text)).toBe(text);
      expect(maskSecrets(text)).toBe(text);
    }
    expect(maskQuotedSource('Missing key after "q8Zr2KpX7vLmN4bT"')).toBe('Missing key after "********"');
  });
});

describe('control characters from the user files reach no terminal', () => {
  const role = ROLE_YAML.replace('AppRole:', '"App\\e]0;pwned\\aRole\\e[2J":').replace('Service: ec2.amazonaws.com', 'AWS: "*"');
  const files = { 'a.yaml': `Resources:\n${role}`, 'b\u001b[31m.yaml': `Resources:\n${ROLE_YAML.replace('Service: ec2.amazonaws.com', 'AWS: "*"')}` };

  it.each(['stylish', 'compact'])('%s: ESC and OSC in a name and in a file name are escaped', (format) => {
    const r = run(tree(files), ['--format', format, '--no-color', '.']);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(r.stdout).toContain('\\x1b]0;pwned\\x07');
    expect(r.stdout).toContain('b\\x1b[31m.yaml');
  });

  it('github: names in messages are escaped; the file property is the exact path, which the runner reads and does not print, so that the annotation attaches', () => {
    const r = run(tree(files), ['--format', 'github', '--no-color', '.']);
    expect(r.status).toBe(1);
    expect(r.stdout.replace(/^(::\w+ )file=[^,]*,/gm, '$1')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(r.stdout).toContain('\\x1b]0;pwned\\x07');
    expect(r.stdout).toContain('file=b\u001b[31m.yaml,');
  });
});
