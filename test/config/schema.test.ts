// The config's JSON Schema (shipped as iam-profile-lint.schema.json) says what config.ts accepts:
// both agree on the README's example and on each kind of mistake. The file and the README's
// settings table are generated (npm run docs) and fail here when stale.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConfigError, parseConfig } from '../../src/config/config.js';
import { configSchema, SCHEMA_FILE, withConfigTable } from '../../src/config/schema.js';
import { rules } from '../../src/rules/index.js';
import { readmeSnippet } from '../readme-snippets.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const ids = rules.map((r) => r.id);
const ajv = new Ajv.default({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(configSchema(rules));

function bothSay(text: string): { schema: boolean; linter: boolean } {
  let linter = true;
  try {
    parseConfig(text, '.iam-profile-lint.yaml', ids);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    linter = false;
  }
  return { schema: validate(parse(text) ?? null), linter };
}

describe('config JSON Schema', () => {
  it(`${SCHEMA_FILE} is up to date (npm run docs)`, () => {
    expect(JSON.parse(readFileSync(path.join(root, SCHEMA_FILE), 'utf8'))).toEqual(configSchema(rules));
  });

  it("the README's settings table is rendered from it (npm run docs)", () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(readme).toContain('<!-- config:start');
    expect(readme).toBe(withConfigTable(readme, rules));
  });

  it("accepts the README's example, and the linter does too", () => {
    expect(bothSay(readmeSnippet('Configuration', 'yaml'))).toEqual({ schema: true, linter: true });
  });

  it.each([
    ['an empty file', '', true],
    ['$schema, for editors', '$schema: ./node_modules/iam-profile-lint/iam-profile-lint.schema.json\n', true],
    ['warn for warning', 'rules:\n  trust-policy-root-principal: warn\n', true],
    ['every rule id', `rules:\n${ids.map((id) => `  ${id}: off`).join('\n')}\n`, true],
    ['an override with a list of globs', 'overrides:\n  - files: ["a/**", "b/**"]\n    rules: { parse-error: warning }\n', true],
    ['an unknown setting', 'rule:\n  parse-error: off\n', false],
    ['an unknown rule', 'rules:\n  trust-policy-root-principals: off\n', false],
    ['a bad severity', 'rules:\n  parse-error: loud\n', false],
    ['an account id that is not 12 digits', 'trustedAccounts: ["12345"]\n', false],
    ['a name list that is not a list', 'knownRoles: app-role\n', false],
    ['an override without rules', 'overrides:\n  - files: "legacy/**"\n', false],
    ['an override with an unknown key', 'overrides:\n  - files: "legacy/**"\n    rule: {}\n', false],
  ])('%s: schema and linter agree', (_name, text, valid) => {
    expect(bothSay(text)).toEqual({ schema: valid, linter: valid });
  });
});
