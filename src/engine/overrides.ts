import path from 'node:path';
import type { Config, Override } from '../config/config.js';
import { matchRules, parseIgnoreFile, type IgnoreRule } from '../discover/ignore.js';
import type { Finding, RuleSetting } from '../shared/finding.js';
import { relativeInside } from '../shared/within.js';

interface CompiledOverride {
  patterns: IgnoreRule[];
  rules: Record<string, RuleSetting>;
}

/**
 * Applies the config's rule settings to findings: `rules`, then every matching entry of
 * `overrides` in order (later wins, as in ESLint). `off` drops a finding; a severity
 * replaces it. Needed after the suppression stage too, whose findings no rule emits.
 */
export function applyOverrides(findings: readonly Finding[], config: Config, cwd: string): Finding[] {
  const compiled = config.overrides.map(compile);
  return findings.flatMap((finding) => {
    const setting = settingFor(compiled, config.rules, finding.rule, finding.file, cwd);
    if (setting === 'off') return [];
    return setting === undefined || setting === finding.severity ? [finding] : [{ ...finding, severity: setting }];
  });
}

/** The setting the config gives `rule` in `file` (relative to `cwd`, or absolute); undefined: the rule's own. */
export function severityFor(config: Config, rule: string, file: string, cwd: string): RuleSetting | undefined {
  return settingFor(config.overrides.map(compile), config.rules, rule, file, cwd);
}

function settingFor(
  overrides: readonly CompiledOverride[],
  global: Record<string, RuleSetting>,
  rule: string,
  file: string,
  cwd: string,
): RuleSetting | undefined {
  let setting = Object.hasOwn(global, rule) ? global[rule] : undefined;
  const rel = relativeInside(cwd, path.resolve(cwd, file));
  if (rel === undefined) return setting;
  for (const override of overrides) {
    if (Object.hasOwn(override.rules, rule) && matches(override.patterns, rel)) setting = override.rules[rule];
  }
  return setting;
}

function compile(override: Override): CompiledOverride {
  return { patterns: parseIgnoreFile(override.files.join('\n')), rules: override.rules };
}

/** gitignore semantics: a pattern matching a parent directory covers every file under it. */
function matches(patterns: readonly IgnoreRule[], rel: string): boolean {
  const segments = rel.split('/');
  for (let i = 1; i <= segments.length; i++) {
    if (matchRules(patterns, segments.slice(0, i).join('/'), i < segments.length) === true) return true;
  }
  return false;
}
