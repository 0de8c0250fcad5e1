// Hostile and broken input, end to end through the built bin: each run finishes, exits as documented,
// and says what is wrong and where. Big inputs are generated here, not stored.
import { afterEach, describe, expect, it } from 'vitest';
import { BAD_TF, BAD_YAML, cleanup, expectNoCrash, INJECT, run, tree } from './helpers.js';

afterEach(cleanup);

const N = 100_000;

/** `file:line:col: severity [rule] message` lines of a compact report. */
function compact(cwd: string, args: string[] = ['.']): { status: number | null; lines: string[]; stderr: string } {
  const r = run(cwd, ['--format', 'compact', ...args]);
  expectNoCrash(r);
  return { status: r.status, lines: r.stdout.split('\n').filter(Boolean), stderr: r.stderr };
}

describe('parse errors say what is wrong and where', () => {
  const cases: Array<[string, string, string | Uint8Array, RegExp]> = [
    ['unterminated YAML string', 'a.yaml', 'Resources:\n  A: "unterminated\n', /^a\.yaml:2:6: error \[parse-error\] Unterminated double-quoted string/],
    ['tab indentation in YAML', 'a.yaml', 'Resources:\n\tA: 1\n', /^a\.yaml:2:1: error \[parse-error\] Tab character used for indentation/],
    ['duplicate key in CloudFormation (an error, as cfn-lint E0000)', 'a.yaml', 'Resources:\n  A:\n    Type: X\n  A:\n    Type: Y\n', /^a\.yaml:4:3: error \[parse-error\] Duplicate key "A" at 2:3 and 4:3/],
    ['unclosed JSON object', 'a.json', '{"Resources": {"A": {"Type": "X"}', /^a\.json:1:\d+: error \[parse-error\] /],
    ['heredoc without closing marker', 'main.tf', 'locals {\n  a = <<EOT\nfoo\n', /^main\.tf:2:7: error \[parse-error\] heredoc "EOT" has no closing marker/],
    ['unclosed HCL block', 'main.tf', 'resource "x" "y" {\n  a = 1\n', /^main\.tf:1:18: error \[parse-error\] this block's '\{' is never closed: expected '\}' before the end of the file/],
    ['unterminated HCL string', 'main.tf', 'locals {\n  a = "abc\n}\n', /^main\.tf:2:11: error \[parse-error\] unterminated string: a quoted string cannot span lines/],
    ['unterminated .tf.json string', 'main.tf.json', '{"locals": {"a": "b}}\n', /^main\.tf\.json:1:\d+: error \[parse-error\] unterminated string/],
    ['invalid UTF-8 in YAML', 'a.yaml', Buffer.from('Resources:\n  A:\n    Type: "\xff"\n', 'latin1'), /^a\.yaml:3:12: error \[parse-error\] invalid UTF-8 at byte offset 27 \(0xFF\)/],
    ['invalid UTF-8 in HCL', 'main.tf', Buffer.from('locals {\n  a = "\xc3\x28"\n}\n', 'latin1'), /^main\.tf:2:8: error \[parse-error\] invalid UTF-8 at byte offset 16 \(0xC3\)/],
    ['a truncated UTF-8 sequence at the end', 'main.tf', Buffer.from('# caf\xc3', 'latin1'), /^main\.tf:1:6: error \[parse-error\] invalid UTF-8 at byte offset 5 \(0xC3\)/],
    ['UTF-16 with a byte-order mark', 'a.yaml', Buffer.from('\ufeffResources:\n', 'utf16le'), /^a\.yaml:1:1: error \[parse-error\] the file is UTF-16LE/],
    ['a NUL byte (binary)', 'main.tf', Buffer.from('locals {\n  a = "\0"\n}\n', 'latin1'), /^main\.tf:1:1: warning \[skipped-file\] not linted: a NUL byte at byte offset 16 marks a binary file/],
  ];
  it.each(cases)('%s', (_name, file, content, expected) => {
    const { status, lines } = compact(tree({ [file]: content }));
    expect(lines.length, lines.join('\n')).toBeGreaterThan(0);
    expect(lines[0]).toMatch(expected);
    expect(status).toBe(lines.some((l) => l.includes(': error [')) ? 1 : 0);
  });

  it('a YAML alias bomb is refused, not expanded', () => {
    let yaml = 'Resources:\n  A:\n    Type: AWS::IAM::Role\n    Properties:\n      a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 20; i++) yaml += `      a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    const { status, lines } = compact(tree({ 'a.yaml': yaml }));
    expect(status).toBe(1);
    expect(lines.join('\n')).toMatch(/alias bomb/);
  });
});

describe(`${N} levels of nesting are a parse error, not a stack overflow`, () => {
  const deep: Array<[string, string, string]> = [
    ['HCL [', 'main.tf', `locals {\n  a = ${'['.repeat(N)}\n}\n`],
    ['HCL {', 'main.tf', `locals {\n  a = ${'{'.repeat(N)}\n}\n`],
    ['HCL (', 'main.tf', `locals {\n  a = ${'('.repeat(N)}\n}\n`],
    ['HCL blocks', 'main.tf', 'a {\n'.repeat(N)],
    ['HCL unary chain', 'main.tf', `locals {\n  a = ${'-'.repeat(N)}1\n}\n`],
    ['HCL template interpolations', 'main.tf', `locals {\n  a = "${'${"'.repeat(N)}\n}\n`],
    ['.tf.json [', 'main.tf.json', `{"locals": ${'['.repeat(N)}}`],
    ['JSON template [', 'a.json', `{"Resources": ${'['.repeat(N)}}`],
    ['JSON template {', 'a.json', `{"Resources": ${'{"a":'.repeat(N)}}`],
    ['YAML [', 'a.yaml', `Resources:\n  A: ${'['.repeat(N)}\n`],
    ['YAML {', 'a.yaml', `Resources:\n  A: ${'{'.repeat(N)}\n`],
    ['YAML block sequences', 'a.yaml', `Resources:\n  A:\n${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(2 * i + 4)}- `).join('\n')}x\n`],
  ];
  it.each(deep)('%s', (_name, file, text) => {
    const { status, lines } = compact(tree({ [file]: text }));
    expect(status).toBe(1);
    expect(lines.some((l) => l.includes('[parse-error]')), lines.join('\n')).toBe(true);
  });

  it('JSON nested 100000 deep in a heredoc policy is not read (unknown), without a crash', () => {
    const tf = `resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = <<EOF\n${'['.repeat(N)}\nEOF\n}\n`;
    const { status } = compact(tree({ 'main.tf': tf }));
    expect([0, 1]).toContain(status);
  });
});

describe('file size', () => {
  /** A single-line JSON template of about `bytes` bytes, with one error finding. */
  function bigTemplate(bytes: number): string {
    const role = (i: number) =>
      `"R${i}":{"Type":"AWS::IAM::Role","Properties":{"AssumeRolePolicyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}}}`;
    const parts: string[] = [];
    for (let i = 0, n = 0; n < bytes; i++) {
      parts.push(role(i));
      n += parts[parts.length - 1].length + 1;
    }
    return `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{${parts.join(',')},"I":{"Type":"AWS::EC2::Instance","Properties":{"ImageId":"ami-1","MetadataOptions":{"HttpTokens":"required"},"IamInstanceProfile":{"Ref":"R0"}}}}}`;
  }
  function bigModule(bytes: number): string {
    const parts: string[] = [];
    for (let i = 0, n = 0; n < bytes; i++) {
      parts.push(`resource "aws_iam_role" "r${i}" {\n  name = "r${i}"\n}\n`);
      n += parts[parts.length - 1].length;
    }
    return parts.join('');
  }

  it('a 50 MB single-line JSON template and a 20 MB .tf file are refused with a size notice by default', () => {
    const root = tree({ 'big.json': bigTemplate(50e6), 'tf/main.tf': bigModule(20e6), 'ok.yaml': BAD_YAML });
    const { status, lines } = compact(root);
    expect(lines).toEqual([
      expect.stringMatching(/^big\.json:1:1: warning \[skipped-file\] not linted: 47\.7 MiB \(\d+ bytes\) is larger than the limit of 10\.0 MiB/),
      'ok.yaml:19:27: error [role-as-instance-profile] ' + lines[1]?.split('[role-as-instance-profile] ')[1],
      expect.stringMatching(/^tf\/main\.tf:1:1: warning \[skipped-file\] not linted: 19\.1 MiB/),
    ]);
    expect(status).toBe(1);
  });

  it('--max-file-size raises the limit, and a big single-line template is then linted', () => {
    const root = tree({ 'big.json': bigTemplate(12e6) });
    const { status, lines } = compact(root, ['--max-file-size', '20m', '.']);
    expect(lines).toEqual([expect.stringMatching(/^big\.json:1:\d+: error \[role-as-instance-profile\]/)]);
    expect(status).toBe(1);
  });

  it('--max-file-size takes bytes or k/m/g and refuses anything else (exit 2)', () => {
    const root = tree({ 'main.tf': BAD_TF });
    expect(compact(root, ['--max-file-size', '100', '.']).lines).toEqual([expect.stringMatching(/^main\.tf:1:1: warning \[skipped-file\] not linted: \d+ bytes is larger than the limit of 100 bytes/)]);
    expect(compact(root, ['--max-file-size', '1k', '.']).lines).toEqual([expect.stringMatching(/^main\.tf:12:\d+: error \[role-as-instance-profile\]/)]);
    const bad = run(root, ['--max-file-size', 'lots', '.']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--max-file-size expects a size in bytes/);
  });
});

describe('an internal error in one unit is contained (faults injected into the built bin)', () => {
  const files = {
    'ok.yaml': BAD_YAML,
    'boom.yaml': BAD_YAML,
    'tf/main.tf': BAD_TF,
    'tf-bad/main.tf': BAD_TF,
    'tf-bad/boom.tf': 'resource "aws_iam_role" "x" {\n  name = "x"\n}\n',
    'rule.yaml': 'Resources:\n  BoomRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: { Service: ec2.amazonaws.com }\n            Action: "*"\n',
  };

  it('parser, builder and rule failures are internal-error findings naming the file; the rest is linted; exit 2', () => {
    const r = run(tree(files), ['--format', 'compact', '.'], { node: ['--import', INJECT] });
    expectNoCrash(r);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines.filter((l) => l.includes('[internal-error]'))).toEqual([
      'boom.yaml:1:1: error [internal-error] Internal error while parsing this template: TypeError: injected parser failure; this file was not (wholly) checked, the others were',
      "rule.yaml:1:1: error [internal-error] Internal error in rule trust-policy-wildcard-action on rule.yaml: Error: injected rule failure; the rule's findings here are not reported, the other files' are",
      'tf-bad/boom.tf:1:1: error [internal-error] Internal error while building the Terraform module of this file: RangeError: injected builder failure; this file was not (wholly) checked, the others were',
    ]);
    // The other units, and the other files of the failing module, are still linted.
    expect(lines.filter((l) => l.includes('[role-as-instance-profile]')).map((l) => l.split(':')[0])).toEqual(['ok.yaml', 'tf-bad/main.tf', 'tf/main.tf']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('iam-profile-lint: internal error on 3 files (the internal-error findings); the other files were linted\n');
  });

  it('--debug prints the stack of each contained failure', () => {
    const r = run(tree(files), ['--format', 'compact', '--debug', '.'], { node: ['--import', INJECT] });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^boom\.yaml: TypeError: injected parser failure\n\s+at /m);
  });

  it('every format carries the internal-error finding', () => {
    for (const format of ['stylish', 'json', 'sarif', 'junit', 'github', 'codequality']) {
      const r = run(tree({ 'boom.yaml': BAD_YAML }), ['--format', format, '--no-color', '.'], { node: ['--import', INJECT] });
      expect(r.status, format).toBe(2);
      expect(r.stdout, format).toMatch(/internal-error/);
    }
  });
});
