// SARIF 2.1.0 against the official OASIS schema (test/data), plus what GitHub code scanning relies on.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { fingerprint, normalizeMessage } from '../../src/engine/fingerprint.js';
import { formatFindings } from '../../src/report/index.js';
import { FINGERPRINT_KEY } from '../../src/report/sarif.js';
import { docsBaseUrl, renderRuleDoc } from '../../src/engine/docs.js';
import { rules } from '../../src/rules/index.js';
import type { Finding } from '../../src/shared/finding.js';

const schema: unknown = JSON.parse(readFileSync(new URL('../data/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
// CommonJS packages: under NodeNext their default export is the whole module object.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
ajvFormats.default(ajv);
const validate = ajv.compile(schema as object);
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const cwd = path.resolve('/repo');
const ctx = { cwd, fileCount: 2, color: false };

function finding(overrides: Partial<Finding>): Finding {
  return {
    rule: 'role-as-instance-profile',
    severity: 'error',
    message: 'IamInstanceProfile is given role AppRole; EC2 needs an instance profile',
    file: path.join(cwd, 'infra', 'stack.yaml'),
    line: 12,
    column: 7,
    endLine: 12,
    endColumn: 31,
    resource: 'Instance',
    ...overrides,
  };
}

interface SarifLog {
  $schema: string;
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; informationUri: string; rules: Array<Record<string, unknown> & { id: string }> } };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }>;
      relatedLocations?: Array<{ id: number; physicalLocation: { artifactLocation: { uri: string } }; message: { text: string } }>;
      partialFingerprints: Record<string, string>;
    }>;
  }>;
}

function sarif(findings: Finding[]): SarifLog {
  const out = formatFindings('sarif', findings, ctx);
  const log: unknown = JSON.parse(out);
  const valid = validate(log);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
  expect(valid).toBe(true);
  return log as SarifLog;
}

const related = [{ file: path.join(cwd, 'infra', 'stack.yaml'), line: 3, column: 3, message: 'role AppRole is declared here' }];
const sample: Finding[] = [
  finding({ related }),
  finding({ rule: 'trust-policy-root-principal', severity: 'warning', line: 4, column: 9, endLine: 9, endColumn: 2, resource: 'AppRole', message: 'trusts :root' }),
  finding({ rule: 'some-future-rule', severity: 'info', file: path.join(cwd, 'modules', 'app dir', 'ma\u00efn.tf'), line: 1, column: 1, endLine: 1, endColumn: 1, resource: 'aws_iam_role.x', message: 'a note' }),
];

describe('sarif', () => {
  it('is valid SARIF 2.1.0 with tool metadata, every rule and its help', () => {
    const log = sarif(sample);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    const { driver } = log.runs[0].tool;
    expect(driver).toMatchObject({ name: 'iam-profile-lint', version: pkg.version });
    expect(driver.informationUri).toMatch(/^https:\/\//);
    for (const rule of rules) {
      const descriptor = driver.rules.find((r) => r.id === rule.id);
      expect(descriptor, rule.id).toMatchObject({
        id: rule.id,
        shortDescription: { text: `${rule.summary}.` },
        fullDescription: { text: rule.docs.what },
        help: { markdown: renderRuleDoc(rule) },
        helpUri: `${docsBaseUrl}${rule.id}.md`,
        defaultConfiguration: { level: rule.severity === 'info' ? 'note' : rule.severity },
      });
      expect((descriptor?.help as { text: string }).text).toContain(rule.docs.why);
    }
    // A rule id that is not built in still gets a descriptor, so ruleIndex stays valid.
    expect(driver.rules.at(-1)).toMatchObject({ id: 'some-future-rule', defaultConfiguration: { level: 'note' } });
    expect(new Set(driver.rules.map((r) => r.id)).size).toBe(driver.rules.length);
  });

  it('writes results with rule index, level, message, a relative %SRCROOT% location and region', () => {
    const log = sarif(sample);
    const run = log.runs[0];
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: `${pathToFileURL(cwd).href}/` } });
    // Sorted by file, line, column, rule.
    expect(run.results.map((r) => r.ruleId)).toEqual(['trust-policy-root-principal', 'role-as-instance-profile', 'some-future-rule']);
    const [trust, role, note] = run.results;
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    expect(role).toMatchObject({
      ruleId: 'role-as-instance-profile',
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'infra/stack.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 12, startColumn: 7, endLine: 12, endColumn: 31 } } }],
      relatedLocations: [{ id: 0, physicalLocation: { artifactLocation: { uri: 'infra/stack.yaml' }, region: { startLine: 3, startColumn: 3 } }, message: { text: 'role AppRole is declared here' } }],
    });
    expect(note).toMatchObject({ level: 'note', locations: [{ physicalLocation: { artifactLocation: { uri: 'modules/app%20dir/ma%C3%AFn.tf' } } }] });
    expect(trust).toMatchObject({ level: 'warning', locations: [{ physicalLocation: { region: { startLine: 4, startColumn: 9, endLine: 9, endColumn: 2 } } }] });
  });

  it('is checked by a validator that does reject broken logs', () => {
    const log = JSON.parse(formatFindings('sarif', sample, ctx)) as SarifLog;
    (log.runs[0].results[0] as { level: string }).level = 'fatal';
    expect(validate(log)).toBe(false);
  });

  it('is valid with no findings at all', () => {
    expect(sarif([]).runs[0].results).toEqual([]);
  });
});

describe('fingerprints', () => {
  const fp = (log: SarifLog): string[] => log.runs[0].results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);

  it('are stable across runs and line shifts, and differ by rule, file, resource and message', () => {
    const base = finding({});
    const first = fp(sarif([base]));
    expect(fp(sarif([base]))).toEqual(first);
    expect(fp(sarif([{ ...base, line: 40, endLine: 40, column: 9, endColumn: 33 }]))).toEqual(first);
    expect(first[0]).toMatch(/^[0-9a-f]{32}:1$/);
    for (const change of [{ rule: 'other' }, { file: path.join(cwd, 'other.yaml') }, { resource: 'Other' }, { message: 'other' }]) {
      expect(fp(sarif([{ ...base, ...change }]))).not.toEqual(first);
    }
  });

  it('count identical findings apart by occurrence', () => {
    const twice = fp(sarif([finding({ line: 3 }), finding({ line: 9 })]));
    expect(twice[0].replace(/:1$/, ':2')).toBe(twice[1]);
  });

  it('ignore whitespace and positions inside messages, and where the file path was given from', () => {
    expect(normalizeMessage('unexpected token at line 3, column 14 (3:14)\n  here')).toBe('unexpected token at line #, column # (#:#) here');
    expect(normalizeMessage('Duplicate resource "a" "b": already declared in bad.tf:13')).toBe('Duplicate resource "a" "b": already declared in bad.tf:#');
    const relative = finding({ file: 'infra/stack.yaml' });
    expect(fingerprint(relative, cwd)).toBe(fingerprint(finding({}), cwd));
    expect(fingerprint(finding({ message: 'bad at line 3' }), cwd)).toBe(fingerprint(finding({ message: 'bad at line 30' }), cwd));
  });
});
