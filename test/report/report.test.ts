import { describe, it, expect } from 'vitest';
import path from 'node:path';
import type { Finding } from '../../src/shared/finding.js';
import { formatFindings } from '../../src/report/index.js';
import type { Format } from '../../src/report/formats.js';

const cwd = path.resolve('/repo');

function finding(overrides: Partial<Finding>): Finding {
  return {
    rule: 'role-as-instance-profile',
    severity: 'error',
    message: 'AppRole is an IAM role; IamInstanceProfile expects an instance profile',
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
  finding({ file: path.join(cwd, 'infra', 'main.tf'), line: 3, column: 24, rule: 'a-rule', severity: 'warning', message: 'first' }),
  finding({ file: path.join('infra', 'main.tf'), line: 120, column: 3, severity: 'info', rule: 'c-rule', message: 'note' }),
];

describe('stylish', () => {
  it('groups by file, aligns columns and ends with a summary', () => {
    const out = formatFindings('stylish', findings, { cwd, fileCount: 2, color: false });
    expect(out).toBe(
      [
        '',
        'infra/main.tf',
        '    3:24  warning  first   a-rule',
        '    3:24  warning  second  b-rule',
        '  120:3   info     note    c-rule',
        '',
        'stack.yaml',
        '  12:7  error  AppRole is an IAM role; IamInstanceProfile expects an instance profile  role-as-instance-profile',
        '',
        '\u2716 4 problems (1 error, 2 warnings, 1 info); 2 files checked',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing when there is nothing to report', () => {
    expect(formatFindings('stylish', [], { cwd, fileCount: 3, color: true })).toBe('');
  });

  it('uses singular words for one', () => {
    const out = formatFindings('stylish', [finding({})], { cwd, fileCount: 1, color: false });
    expect(out.trimEnd().split('\n').at(-1)).toBe('\u2716 1 problem (1 error, 0 warnings); 1 file checked');
  });

  it('keeps one line per finding', () => {
    const out = formatFindings('stylish', [finding({ message: 'line one\n  line two' })], { cwd, fileCount: 1, color: false });
    expect(out).toContain('  12:7  error  line one line two  role-as-instance-profile\n');
  });

  it('colours only when asked, with the same layout', () => {
    const plain = formatFindings('stylish', findings, { cwd, fileCount: 2, color: false });
    const coloured = formatFindings('stylish', findings, { cwd, fileCount: 2, color: true });
    expect(plain).not.toMatch(/\u001b\[/);
    expect(coloured).toContain('\u001b[4minfra/main.tf\u001b[24m');
    expect(coloured).toContain('\u001b[31merror\u001b[39m');
    expect(coloured).toContain('\u001b[33mwarning\u001b[39m');
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });
});

describe('json', () => {
  it('writes the documented shape, sorted, relative, 2-space indented with a trailing newline', () => {
    const related = [{ file: path.join(cwd, 'stack.yaml'), line: 4, column: 3, message: 'AppRole is declared here' }];
    const out = formatFindings('json', [...findings, finding({ line: 2, column: 1, related })], { cwd, fileCount: 2, color: true });
    expect(out.endsWith('}\n')).toBe(true);
    expect(out).toContain('\n  "findings": [\n    {\n      "rule": ');
    const parsed: unknown = JSON.parse(out);
    expect(parsed).toEqual({
      findings: [
        { rule: 'a-rule', severity: 'warning', message: 'first', help: null, file: 'infra/main.tf', line: 3, column: 24, endLine: 12, endColumn: 31, resource: null },
        { rule: 'b-rule', severity: 'warning', message: 'second', help: null, file: 'infra/main.tf', line: 3, column: 24, endLine: 12, endColumn: 31, resource: null },
        { rule: 'c-rule', severity: 'info', message: 'note', help: null, file: 'infra/main.tf', line: 120, column: 3, endLine: 12, endColumn: 31, resource: null },
        {
          rule: 'role-as-instance-profile', severity: 'error', message: findings[1].message, help: null, file: 'stack.yaml',
          line: 2, column: 1, endLine: 12, endColumn: 31, resource: null,
          related: [{ file: 'stack.yaml', line: 4, column: 3, message: 'AppRole is declared here' }],
        },
        { rule: 'role-as-instance-profile', severity: 'error', message: findings[1].message, help: null, file: 'stack.yaml', line: 12, column: 7, endLine: 12, endColumn: 31, resource: 'Instance' },
      ],
      errorCount: 2,
      warningCount: 2,
      fileCount: 2,
    });
    expect(Object.keys((parsed as { findings: object[] }).findings[4])).toEqual([
      'rule', 'severity', 'message', 'help', 'file', 'line', 'column', 'endLine', 'endColumn', 'resource',
    ]);
  });

  it('writes an empty list when clean', () => {
    expect(formatFindings('json', [], { cwd, fileCount: 5, color: false })).toBe(
      '{\n  "findings": [],\n  "errorCount": 0,\n  "warningCount": 0,\n  "fileCount": 5\n}\n',
    );
  });

  it('shows paths outside cwd with ../ and forward slashes', () => {
    const out = formatFindings('json', [finding({ file: path.join(cwd, '..', 'other', 't.yaml') })], { cwd, fileCount: 1, color: false });
    expect(out).toContain('"file": "../other/t.yaml"');
  });
});

describe('file names with control characters', () => {
  // A newline, a tab, ESC and GitHub's separators in one name.
  const name = 'a\nb\tc\u001b[31md%0A,e:f.yaml';
  const odd = [finding({ file: path.join(cwd, name), related: [{ file: path.join(cwd, name), line: 1, column: 1, message: 'here' }] })];
  const out = (format: Format) => formatFindings(format, odd, { cwd, fileCount: 1, color: false });

  it('line-based formats escape them, so one finding stays one line', () => {
    expect(out('compact')).toBe(`a\\x0ab\\x09c\\x1b[31md%0A,e:f.yaml:12:7: error [role-as-instance-profile] ${odd[0].message}\n`);
    expect(out('stylish').split('\n')[1]).toBe('a\\x0ab\\x09c\\x1b[31md%0A,e:f.yaml');
  });

  it('github: the exact name with the workflow-command property escapes (%, CR, LF, :, ,), which the runner decodes back', () => {
    const line = out('github');
    expect(line.split('\n')).toHaveLength(2);
    const file = /^::error file=([^,]*),line=12,/.exec(line)?.[1];
    expect(file).toBe('a%0Ab\tc\u001b[31md%250A%2Ce%3Af.yaml');
    const decoded = file?.replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
    expect(decoded).toBe(name);
  });

  it('json and sarif keep the exact name, a JSON string', () => {
    const json = JSON.parse(out('json')) as { findings: Array<{ file: string; related: Array<{ file: string }> }> };
    expect(json.findings[0].file).toBe(name);
    expect(json.findings[0].related[0].file).toBe(name);
    const sarif = JSON.parse(out('sarif')) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    expect(decodeURIComponent(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri)).toBe(name);
  });
});
