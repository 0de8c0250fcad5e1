// compact, github and junit reporters on hand-made findings.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { formatFindings } from '../../src/report/index.js';
import type { Finding } from '../../src/shared/finding.js';

const cwd = path.resolve('/repo');
const JUNIT_XSD = readFileSync(new URL('../data/junit-10.xsd', import.meta.url), 'utf8');

function finding(overrides: Partial<Finding>): Finding {
  return {
    rule: 'role-as-instance-profile',
    severity: 'error',
    message: 'IamInstanceProfile is given role AppRole; EC2 needs an instance profile',
    file: path.join(cwd, 'stack.yaml'),
    line: 12,
    column: 7,
    endLine: 12,
    endColumn: 31,
    ...overrides,
  };
}

const findings: Finding[] = [
  finding({ file: path.join(cwd, 'infra', 'main.tf'), line: 3, column: 24, rule: 'b-rule', severity: 'warning', message: 'second' }),
  finding({ resource: 'Instance' }),
  finding({ file: 'infra/main.tf', line: 120, column: 3, endLine: 122, endColumn: 4, severity: 'info', rule: 'c-rule', message: 'note' }),
];
const ctx = { cwd, fileCount: 3, color: false };

describe('compact', () => {
  it('prints file:line:col: severity [rule] message, one sorted line each', () => {
    expect(formatFindings('compact', findings, ctx)).toBe(
      [
        'infra/main.tf:3:24: warning [b-rule] second',
        'infra/main.tf:120:3: info [c-rule] note',
        'stack.yaml:12:7: error [role-as-instance-profile] IamInstanceProfile is given role AppRole; EC2 needs an instance profile',
        '',
      ].join('\n'),
    );
  });

  it('keeps one line per finding and prints nothing when clean', () => {
    expect(formatFindings('compact', [finding({ message: 'one\n  two\r\nthree' })], ctx)).toBe(
      'stack.yaml:12:7: error [role-as-instance-profile] one two three\n',
    );
    expect(formatFindings('compact', [], ctx)).toBe('');
  });
});

describe('github', () => {
  it('writes ::error, ::warning and ::notice workflow commands', () => {
    expect(formatFindings('github', findings, ctx)).toBe(
      [
        '::warning file=infra/main.tf,line=3,endLine=12,title=b-rule::second', // spans lines: no columns
        '::notice file=infra/main.tf,line=120,endLine=122,title=c-rule::note',
        '::error file=stack.yaml,line=12,col=7,endLine=12,endColumn=31,title=role-as-instance-profile::IamInstanceProfile is given role AppRole; EC2 needs an instance profile',
        '',
      ].join('\n'),
    );
  });

  it("escapes as GitHub's toolkit does: % CR LF in data, also : and , in properties", () => {
    const out = formatFindings('github', [finding({ file: path.join(cwd, 'a,b:c%d.yaml'), message: '100% bad:\r\nsee, here' })], ctx);
    expect(out).toBe(
      '::error file=a%2Cb%3Ac%25d.yaml,line=12,col=7,endLine=12,endColumn=31,title=role-as-instance-profile::100%25 bad:%0D%0Asee, here\n',
    );
  });

  it('prints nothing when clean', () => {
    expect(formatFindings('github', [], ctx)).toBe('');
  });
});

async function validJunit(xml: string): Promise<void> {
  const result = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [{ fileName: 'junit-10.xsd', contents: JUNIT_XSD }] });
  expect(result.errors.map((e) => e.rawMessage), result.rawOutput).toEqual([]);
  expect(result.valid).toBe(true);
}

describe('junit', () => {
  it('has one testsuite per file, a failing testcase per finding and a passing one per clean file', async () => {
    const files = [path.join(cwd, 'stack.yaml'), 'infra/main.tf', 'infra/variables.tf', path.join(cwd, 'clean.yaml')];
    const out = formatFindings('junit', findings, { ...ctx, files });
    await validJunit(out);
    expect(out).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="iam-profile-lint" tests="5" failures="3" errors="0" time="0">',
        '  <testsuite name="clean.yaml" tests="1" failures="0" errors="0" skipped="0" time="0" file="clean.yaml">',
        '    <testcase name="iam-profile-lint" classname="clean.yaml" time="0"/>',
        '  </testsuite>',
        '  <testsuite name="infra/main.tf" tests="2" failures="2" errors="0" skipped="0" time="0" file="infra/main.tf">',
        '    <testcase name="b-rule at 3:24" classname="infra/main.tf" time="0">',
        '      <failure message="second" type="warning">infra/main.tf:3:24: warning [b-rule] second</failure>',
        '    </testcase>',
        '    <testcase name="c-rule at 120:3" classname="infra/main.tf" time="0">',
        '      <failure message="note" type="info">infra/main.tf:120:3: info [c-rule] note</failure>',
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="infra/variables.tf" tests="1" failures="0" errors="0" skipped="0" time="0" file="infra/variables.tf">',
        '    <testcase name="iam-profile-lint" classname="infra/variables.tf" time="0"/>',
        '  </testsuite>',
        '  <testsuite name="stack.yaml" tests="1" failures="1" errors="0" skipped="0" time="0" file="stack.yaml">',
        '    <testcase name="role-as-instance-profile at 12:7" classname="stack.yaml" time="0">',
        '      <failure message="IamInstanceProfile is given role AppRole; EC2 needs an instance profile" type="error">stack.yaml:12:7: error [role-as-instance-profile] IamInstanceProfile is given role AppRole; EC2 needs an instance profile</failure>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('escapes markup, quotes and control characters and stays valid', async () => {
    const nasty = finding({
      file: path.join(cwd, `we<i>rd & "q" 'a'.yaml`),
      message: 'a <b> & "c" \'d\' ]]> \u0007 bell \ud800 lone\nsecond line',
      related: [{ file: path.join(cwd, 'x&y.yaml'), line: 2, column: 3, message: 'declared <here>' }],
    });
    const out = formatFindings('junit', [nasty], ctx);
    await validJunit(out);
    expect(out).toContain('name="we&lt;i&gt;rd &amp; &quot;q&quot; &apos;a&apos;.yaml"');
    expect(out).toContain('message="a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; ]]&gt; \uFFFD bell \uFFFD lone second line"');
    expect(out).toContain('\nx&amp;y.yaml:2:3: declared &lt;here&gt;</failure>');
  });

  it('is a valid empty report when there is nothing to lint', async () => {
    const out = formatFindings('junit', [], ctx);
    await validJunit(out);
    expect(out).toContain('<testsuites name="iam-profile-lint" tests="0" failures="0" errors="0" time="0">\n</testsuites>');
  });
});

describe('codequality', () => {
  it('writes GitLab Code Quality issues with stable, unique fingerprints', () => {
    const issues = JSON.parse(formatFindings('codequality', [...findings, finding({ line: 40, endLine: 40 })], ctx)) as Array<Record<string, unknown>>;
    expect(issues[0]).toEqual({
      type: 'issue',
      check_name: 'b-rule',
      description: 'second',
      categories: ['Security'],
      severity: 'minor',
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}:1$/),
      location: { path: 'infra/main.tf', lines: { begin: 3, end: 12 } },
    });
    expect(issues.map((i) => i.severity)).toEqual(['minor', 'info', 'major', 'major']);
    const fingerprints = issues.map((i) => i.fingerprint);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
    expect(formatFindings('codequality', [], ctx)).toBe('[]\n');
  });
});
