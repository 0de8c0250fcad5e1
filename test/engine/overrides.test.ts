import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/config/config.js';
import { applyOverrides, severityFor } from '../../src/engine/overrides.js';
import type { Finding } from '../../src/shared/finding.js';

const cwd = path.resolve('/repo');

function finding(file: string, rule = 'role-as-instance-profile'): Finding {
  return { rule, severity: 'error', message: 'm', file, line: 1, column: 1, endLine: 1, endColumn: 2 };
}

const config: Config = parseConfig(
  [
    'rules:',
    '  trust-policy-root-principal: info',
    'overrides:',
    '  - files: "legacy/**"',
    '    rules:',
    '      role-as-instance-profile: "off"',
    '      trust-policy-root-principal: warning',
    '  - files: ["legacy/keep/", "*.template"]',
    '    rules:',
    '      role-as-instance-profile: warning',
    '',
  ].join('\n'),
  'c.yaml',
);

describe('applyOverrides', () => {
  it('drops off, changes severities, later overrides win, global rules apply everywhere', () => {
    const out = applyOverrides(
      [
        finding('legacy/a.yaml'),
        finding('legacy/keep/b.yaml'),
        finding(path.join(cwd, 'app', 'c.template')),
        finding('app/d.yaml'),
        finding('legacy/e.yaml', 'trust-policy-root-principal'),
        finding('app/f.yaml', 'trust-policy-root-principal'),
        finding('unused-suppression-elsewhere.yaml', 'unused-suppression'),
      ],
      config,
      cwd,
    );
    expect(out.map((f) => `${f.file} ${f.rule} ${f.severity}`)).toEqual([
      'legacy/keep/b.yaml role-as-instance-profile warning',
      `${path.join(cwd, 'app', 'c.template')} role-as-instance-profile warning`,
      'app/d.yaml role-as-instance-profile error',
      'legacy/e.yaml trust-policy-root-principal warning',
      'app/f.yaml trust-policy-root-principal info',
      'unused-suppression-elsewhere.yaml unused-suppression error',
    ]);
  });

  it('turns off a rule whose findings no rule check emits (unused-suppression)', () => {
    const off = parseConfig('rules:\n  unused-suppression: "off"\n', 'c.yaml');
    expect(applyOverrides([finding('a.yaml', 'unused-suppression')], off, cwd)).toEqual([]);
  });

  it('leaves files outside the working directory to the global settings', () => {
    expect(severityFor(config, 'role-as-instance-profile', '/elsewhere/legacy/a.yaml', cwd)).toBeUndefined();
    expect(severityFor(config, 'role-as-instance-profile', 'legacy/a.yaml', cwd)).toBe('off');
  });
});

describe('overrides in the config', () => {
  it.each([
    ['overrides: {}\n', /c\.yaml: overrides: expected a list of \{ files, rules \}/],
    ['overrides: [x]\n', /c\.yaml: overrides\[0\]: expected a mapping with files and rules/],
    ['overrides:\n  - files: []\n    rules: {}\n', /c\.yaml: overrides\[0\]\.files: expected a glob or a non-empty list of globs \(got \[\]\)/],
    ['overrides:\n  - files: a\n', /c\.yaml: overrides\[0\]\.rules: missing/],
    ['overrides:\n  - files: a\n    rule: {}\n', /c\.yaml: overrides\[0\]\.rule: unknown setting \(did you mean rules\?\)/],
    ['overrides:\n  - files: a\n    rules:\n      role-as-instance-profil: off\n', /c\.yaml: overrides\[0\]\.rules\.role-as-instance-profil: unknown rule \(did you mean role-as-instance-profile\?\)/],
    ['overrides:\n  - files: a\n    rules:\n      role-as-instance-profile: loud\n', /c\.yaml: overrides\[0\]\.rules\.role-as-instance-profile: expected one of error, warning, info, off \(got "loud"\)/],
  ])('rejects %j', (text, message) => {
    expect(() => parseConfig(text, 'c.yaml', ['role-as-instance-profile'])).toThrow(message);
  });
});
