// Shared by the hostile-input tests: temporary trees and the BUILT bin run as a user runs it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
export const INJECT = fileURLToPath(new URL('./inject-fault.mjs', import.meta.url));

/** Generous: a hang detector, not a timing assertion. */
export const HANG_MS = 120_000;

const made: string[] = [];

export function cleanup(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A temporary directory holding `files` (text or bytes), paths relative to it. */
export function tree(files: Record<string, string | Uint8Array>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ipl-hostile-')));
  made.push(root);
  for (const [rel, content] of Object.entries(files)) write(root, rel, content);
  return root;
}

export function write(root: string, rel: string, content: string | Uint8Array): void {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; fails (with what it printed) when it does not finish within HANG_MS. */
export function run(cwd: string, args: string[], options: { node?: string[]; env?: Record<string, string>; uid?: number; gid?: number } = {}): Run {
  const env = { ...process.env };
  for (const key of ['NO_COLOR', 'FORCE_COLOR', 'DEBUG', 'NODE_OPTIONS']) delete env[key];
  const result = spawnSync(process.execPath, [...(options.node ?? []), BIN, ...args], {
    cwd,
    env: { ...env, ...options.env },
    encoding: 'utf8',
    timeout: HANG_MS,
    maxBuffer: 256 * 1024 * 1024,
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
  });
  if (result.error || result.signal) {
    throw new Error(`did not finish (${result.error?.message ?? result.signal}) within ${HANG_MS} ms: ${args.join(' ')}\n${result.stderr}`);
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** No stack trace, no uncaught-exception banner reaches the user. */
export function expectNoCrash(r: Run): void {
  const printed = r.stdout + r.stderr;
  if (/\n\s+at .+:\d+:\d+\)?\n/.test(printed) || /internal error: /.test(r.stderr) || /Node\.js v\d/.test(printed)) {
    throw new Error(`the run crashed or printed a stack:\n${printed.slice(0, 4000)}`);
  }
}

export const ROLE_YAML = `  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: ec2.amazonaws.com
            Action: sts:AssumeRole
`;

/** A template with one role-as-instance-profile error on line 19. */
export const BAD_YAML = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
${ROLE_YAML}  Instance:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      InstanceType: t3.micro
      MetadataOptions: { HttpTokens: required }
      IamInstanceProfile: !Ref AppRole
`;

export const BAD_TF = `resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_instance" "web" {
  ami                  = "ami-12345678"
  instance_type        = "t3.micro"
  iam_instance_profile = aws_iam_role.app.name
  metadata_options {
    http_tokens = "required"
  }
}
`;
