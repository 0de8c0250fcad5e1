// The public API: what `import { ... } from 'iam-profile-lint'` gives. The pipeline lives in the folders below.
export { lint, buildGraph } from './engine/lint.js';
export type { HeapMode, LintOptions, LintResult, UndeclaredInput } from './engine/options.js';
export { rules } from './rules/index.js';
export type { Config } from './config/config.js';
export type { Finding, FindingFix, FixRequest, MessageData, Severity, TextEdit } from './shared/finding.js';
export type { Rule } from './rules/rule.js';
export type { Graph, Resource } from './graph/types.js';
