import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function helpFor(repetition: string, reference: string): Promise<string | undefined> {
  const dir = mkdtempSync(path.join(tmpdir(), 'repeated-'));
  dirs.push(dir);
  writeFileSync(
    path.join(dir, 'main.tf'),
    `resource "aws_iam_role" "worker" {
  ${repetition}
  name               = "worker"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
}

resource "aws_instance" "w" {
  ami                  = "ami-12345678"
  instance_type        = "t3.micro"
  iam_instance_profile = ${reference}
  metadata_options {
    http_tokens = "required"
  }
}
`,
  );
  const { findings } = await lint({ paths: [dir], cwd: dir });
  return findings.find((f) => f.rule === 'role-as-instance-profile')?.help;
}

describe('the new-profile hint for a repeated role repeats the profile the same way', () => {
  it('count: one profile per role instance', async () => {
    expect(await helpFor('count = 2', 'aws_iam_role.worker[0].name')).toBe(
      'add an aws_iam_instance_profile with count = length(aws_iam_role.worker) and role = aws_iam_role.worker[count.index].name and reference it',
    );
  });

  it('for_each: one profile per role instance', async () => {
    expect(await helpFor('for_each = toset(["a", "b"])', 'aws_iam_role.worker["a"].name')).toBe(
      'add an aws_iam_instance_profile with for_each = aws_iam_role.worker and role = each.value.name and reference it',
    );
  });

  it('a single role: role = its name', async () => {
    expect(await helpFor('', 'aws_iam_role.worker.name')).toBe('add an aws_iam_instance_profile with role = aws_iam_role.worker.name and reference it');
  });
});
