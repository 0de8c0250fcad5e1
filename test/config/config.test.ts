import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, defaultConfig, didYouMean, loadConfig, parseConfig } from '../../src/config/config.js';
import { tempTrees } from '../temp-tree.js';

const RULE_IDS = ['role-as-instance-profile', 'instance-profile-missing-role', 'trust-policy-wildcard'];

/** Builds a directory tree from a map of relative paths to contents; removed after each test. */
const tree = tempTrees('config');

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('returns the defaults when there is no config file', () => {
    const root = tree({ 'sub/x.txt': '' });
    expect(loadConfig(path.join(root, 'sub'), undefined, RULE_IDS)).toEqual({ config: defaultConfig });
  });

  it('reads a complete YAML config', () => {
    const root = tree({
      '.iam-profile-lint.yaml': [
        'rules:',
        '  role-as-instance-profile: warning',
        '  trust-policy-wildcard: off',
        'knownInstanceProfiles: [shared-profile]',
        'knownRoles:',
        '  - arn:aws:iam::123456789012:role/ops',
        'trustedAccounts: ["123456789012", 210987654321]',
        'ignore: ["vendor/**", "*.gen.yaml"]',
        'overrides:',
        '  - files: legacy/**',
        '    rules: { role-as-instance-profile: "off" }',
        '',
      ].join('\n'),
    });
    const { config, file } = loadConfig(root, undefined, RULE_IDS);
    expect(file).toBe(path.join(root, '.iam-profile-lint.yaml'));
    expect(config).toEqual({
      rules: { 'role-as-instance-profile': 'warning', 'trust-policy-wildcard': 'off' },
      knownInstanceProfiles: ['shared-profile'],
      knownRoles: ['arn:aws:iam::123456789012:role/ops'],
      trustedAccounts: ['123456789012', '210987654321'],
      ignore: ['vendor/**', '*.gen.yaml'],
      overrides: [{ files: ['legacy/**'], rules: { 'role-as-instance-profile': 'off' } }],
    });
  });

  it('pads an unquoted account id whose leading zero YAML dropped', () => {
    expect(parseConfig('trustedAccounts: [012345678901]\n', 'c.yaml').trustedAccounts).toEqual(['012345678901']);
  });

  it('finds the nearest config up from cwd, .yml and .json too', () => {
    const root = tree({
      '.iam-profile-lint.yml': 'knownRoles: [outer]\n',
      'a/.iam-profile-lint.json': '{ "knownRoles": ["inner"] }\n',
      'a/b/c/x.txt': '',
    });
    expect(loadConfig(path.join(root, 'a', 'b', 'c')).config.knownRoles).toEqual(['inner']);
    expect(loadConfig(root).config.knownRoles).toEqual(['outer']);
  });

  it('reads an explicit path relative to cwd instead of searching', () => {
    const root = tree({ '.iam-profile-lint.yaml': 'knownRoles: [found]\n', 'conf/ci.yaml': 'knownRoles: [explicit]\n' });
    const { config, file } = loadConfig(root, 'conf/ci.yaml');
    expect(config.knownRoles).toEqual(['explicit']);
    expect(file).toBe(path.join(root, 'conf', 'ci.yaml'));
  });

  it('rebases ignore patterns of a config found above cwd onto cwd', () => {
    const root = tree({
      '.iam-profile-lint.yaml': 'ignore: ["*.gen.yaml", "sub/vendor/", "other/**"]\n',
      'sub/x.txt': '',
    });
    expect(loadConfig(path.join(root, 'sub')).config.ignore).toEqual(['*.gen.yaml', '/vendor/']);
  });

  it('rebases override patterns too, dropping those that match nothing below cwd', () => {
    const root = tree({
      '.iam-profile-lint.yaml': 'overrides:\n  - files: ["sub/legacy/**", "other/**", "*.template"]\n    rules: { role-as-instance-profile: warning }\n',
      'sub/x.txt': '',
    });
    expect(loadConfig(path.join(root, 'sub')).config.overrides).toEqual([
      { files: ['/legacy/**', '*.template'], rules: { 'role-as-instance-profile': 'warning' } },
    ]);
  });

  it('treats the patterns of an explicit config as relative to cwd', () => {
    const root = tree({ 'conf/c.yaml': 'ignore: ["sub/vendor/"]\n' });
    expect(loadConfig(root, 'conf/c.yaml').config.ignore).toEqual(['sub/vendor/']);
  });

  it('accepts an empty file', () => {
    const root = tree({ '.iam-profile-lint.yaml': '# nothing yet\n' });
    expect(loadConfig(root).config).toEqual(defaultConfig);
  });

  it('names a missing explicit config file', () => {
    const root = tree({});
    expect(errorOf(() => loadConfig(root, 'missing.yaml')).message).toMatch(/^missing\.yaml: cannot read config file \(no such file\)$/);
  });

  it('refuses two config files in one directory', () => {
    const root = tree({ '.iam-profile-lint.yaml': '', '.iam-profile-lint.json': '{}' });
    expect(errorOf(() => loadConfig(root)).message).toBe(
      '.iam-profile-lint.yaml and .iam-profile-lint.json: more than one config file in one directory; keep one',
    );
  });

  it('names the file relative to cwd when it was found above', () => {
    const root = tree({ '.iam-profile-lint.yaml': 'knownRole: []\n', 'sub/x.txt': '' });
    expect(errorOf(() => loadConfig(path.join(root, 'sub'))).message).toBe(
      '../.iam-profile-lint.yaml: knownRole: unknown setting (did you mean knownRoles?)',
    );
  });
});

describe('parseConfig errors name the file and the key', () => {
  const file = '.iam-profile-lint.yaml';
  it.each([
    ['rules:\n  role-as-instance-profil: error\n', 'rules.role-as-instance-profil: unknown rule (did you mean role-as-instance-profile?)'],
    ['rules:\n  no-such-thing-at-all: error\n', 'rules.no-such-thing-at-all: unknown rule'],
    ['rules:\n  role-as-instance-profile: err\n', 'rules.role-as-instance-profile: expected one of error, warning, info, off (got "err")'],
    ['rules:\n  role-as-instance-profile: 2\n', 'rules.role-as-instance-profile: expected one of error, warning, info, off (got 2)'],
    ['rules: [a]\n', 'rules: expected a mapping of rule id to severity'],
    ['knownRoles: app\n', 'knownRoles: expected a list of strings'],
    ['knownInstanceProfiles: [ok, 3]\n', 'knownInstanceProfiles[1]: expected a non-empty string (got 3)'],
    ['trustedAccounts: ["12345"]\n', 'trustedAccounts[0]: expected a 12-digit AWS account id (got "12345")'],
    ['ignore: [""]\n', 'ignore[0]: expected a non-empty string (got "")'],
    ['colour: true\n', 'colour: unknown setting'],
    ['- a\n- b\n', 'expected a mapping of settings at the top level'],
  ])('%j', (text, message) => {
    expect(errorOf(() => parseConfig(text, file, RULE_IDS)).message).toBe(`${file}: ${message}`);
  });

  it('gives the position of a YAML syntax error', () => {
    expect(errorOf(() => parseConfig('rules:\n  a: [unclosed\n', file, RULE_IDS)).message).toMatch(
      /^\.iam-profile-lint\.yaml:\d+:\d+: /,
    );
  });

  it('rejects duplicate keys', () => {
    expect(errorOf(() => parseConfig('knownRoles: []\nknownRoles: []\n', file)).message).toMatch(/^\.iam-profile-lint\.yaml:2:1: .*unique/i);
  });

  it('accepts any rule id when no list of ids is given', () => {
    expect(parseConfig('rules:\n  future-rule: info\n', file).rules).toEqual({ 'future-rule': 'info' });
  });
});

describe('didYouMean', () => {
  it('suggests only close candidates', () => {
    expect(didYouMean('role-as-instance-profil', RULE_IDS)).toBe(' (did you mean role-as-instance-profile?)');
    expect(didYouMean('zzz', RULE_IDS)).toBe('');
  });
});
