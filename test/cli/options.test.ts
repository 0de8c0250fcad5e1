import { describe, expect, it } from 'vitest';
import { exitStatus, parseCommandLine, reportTargets, UsageError } from '../../src/cli/options.js';
import { inScope } from '../../src/engine/in-paths.js';

describe('reportTargets', () => {
  it('sends a format without a file to --output-file, or else to stdout', () => {
    expect(reportTargets(['stylish'], undefined)).toEqual([{ format: 'stylish' }]);
    expect(reportTargets(['json'], 'out.json')).toEqual([{ format: 'json', file: 'out.json' }]);
    expect(reportTargets(['sarif:lint.sarif', 'stylish'], undefined)).toEqual([{ format: 'sarif', file: 'lint.sarif' }, { format: 'stylish' }]);
    expect(reportTargets(['sarif:a/b:c.sarif', 'junit'], 'j.xml')).toEqual([
      { format: 'sarif', file: 'a/b:c.sarif' },
      { format: 'junit', file: 'j.xml' },
    ]);
  });

  it.each([
    [['xml'], undefined, /unknown format "xml"/],
    [['sarif:'], undefined, /--format sarif: expected a file name after "sarif:"/],
    [['stylish', 'json'], undefined, /stylish, json: only one report can go to standard output/],
    [['json', 'sarif'], 'o.json', /o\.json: more than one report would be written to this file/],
    [['json:x', 'sarif:x'], undefined, /x: more than one report/],
  ])('rejects %j with --output-file %j', (specs, output, message) => {
    expect(() => reportTargets(specs, output)).toThrow(UsageError);
    expect(() => reportTargets(specs, output)).toThrow(message);
  });
});

describe('parseCommandLine', () => {
  it('defaults', () => {
    expect(parseCommandLine([])).toEqual({
      reports: [{ format: 'stylish' }],
      quiet: false,
      failOn: 'error',
      maxWarnings: -1,
      baseline: undefined,
      writeBaseline: undefined,
      reportAll: false,
      configPath: undefined,
      colorFlag: undefined,
      paths: ['.'],
    });
  });

  it('reads repeated formats, --fail-on, baselines and --report-all', () => {
    const options = parseCommandLine(['-f', 'github', '--format', 'sarif:x.sarif', '--fail-on', 'warning', '--baseline', 'b.json', '--report-all', 'a.tf']);
    expect(options).toMatchObject({
      reports: [{ format: 'github' }, { format: 'sarif', file: 'x.sarif' }],
      failOn: 'warning',
      baseline: 'b.json',
      reportAll: true,
      paths: ['a.tf'],
    });
    expect(() => parseCommandLine(['--fail-on', 'fatal'])).toThrow('--fail-on expects one of error, warning, info, never (got "fatal")');
  });
});

describe('exitStatus', () => {
  it.each([
    [['error'], 'error', -1, 1],
    [['warning', 'info'], 'error', -1, 0],
    [['warning'], 'warning', -1, 1],
    [['info'], 'warning', -1, 0],
    [['info'], 'info', -1, 1],
    [['error'], 'never', -1, 0],
    [[], 'info', 0, 0],
    // --max-warnings fails on its own, whatever --fail-on says.
    [['warning', 'warning'], 'never', 1, 1],
    [['warning', 'warning'], 'error', 2, 0],
  ] as const)('%j with --fail-on %s --max-warnings %d exits %d', (severities, failOn, maxWarnings, code) => {
    expect(exitStatus(severities, { failOn, maxWarnings }).code).toBe(code);
  });

  it('explains a failure by --max-warnings', () => {
    expect(exitStatus(['warning'], { failOn: 'never', maxWarnings: 0 })).toEqual({
      code: 1,
      reason: 'iam-profile-lint found too many warnings (maximum: 0).',
    });
  });
});

describe('inScope', () => {
  const findings = ['infra/app/main.tf', 'infra/app/roles.tf', 'infra/db/main.tf', 'stack.yaml'].map((file) => ({ file }));
  const files = (given: Array<[string, 'file' | 'directory']>): string[] =>
    inScope(findings, given.map(([path, kind]) => ({ path, kind })), '/repo').map((f) => f.file);

  it('keeps everything when only directories were given', () => {
    expect(files([['.', 'directory']])).toEqual(findings.map((f) => f.file));
  });

  it('keeps findings in given files, under given directories, and in the module of a given .tfvars', () => {
    expect(files([['infra/app/main.tf', 'file']])).toEqual(['infra/app/main.tf']);
    expect(files([['./infra/app/main.tf', 'file'], ['infra/db', 'directory']])).toEqual(['infra/app/main.tf', 'infra/db/main.tf']);
    expect(files([['infra/app/prod.tfvars', 'file']])).toEqual(['infra/app/main.tf', 'infra/app/roles.tf']);
    expect(files([['/repo/stack.yaml', 'file']])).toEqual(['stack.yaml']);
  });
});
