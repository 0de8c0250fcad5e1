import { pathToFileURL } from 'node:url';
import { occurrenceFingerprints } from '../engine/fingerprint.js';
import { docsBaseUrl, renderRuleDoc } from '../engine/docs.js';
import { rules as builtinRules } from '../rules/index.js';
import { type Rule } from '../rules/rule.js';
import { isBuilt, type Finding, type FixEdits, type RelatedLocation, type Severity } from '../shared/finding.js';
import { homepage, packageVersion, toolName } from '../shared/version.js';
import type { ReportContext } from './formats.js';
import { exactFile, relativeSorted } from './paths.js';

const SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
/** The key of our fingerprint in `partialFingerprints`; bump the version if its recipe changes. */
export const FINGERPRINT_KEY = 'iamProfileLint/v1';
const SRCROOT = '%SRCROOT%';

/**
 * SARIF 2.1.0 as GitHub code scanning takes it: rules with help, results with
 * regions relative to `%SRCROOT%` (the working directory) and fingerprints that
 * survive line shifts.
 */
export function formatSarif(findings: readonly Finding[], ctx: ReportContext): string {
  const sorted = relativeSorted(findings, ctx.cwd, exactFile);
  const descriptors = ruleDescriptors(ctx.rules ?? builtinRules, sorted);
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const fingerprints = occurrenceFingerprints(sorted, ctx.cwd);
  const log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: toolName, version: packageVersion(), informationUri: homepage, rules: descriptors },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(ctx.cwd) } },
        columnKind: 'utf16CodeUnits',
        results: sorted.map((f, i) => result(f, index.get(f.rule) ?? 0, fingerprints[i], ctx.cwd)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

interface RuleDescriptor {
  id: string;
  name?: string;
  shortDescription: { text: string };
  fullDescription?: { text: string };
  help?: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: 'error' | 'warning' | 'note' };
}

/** Every known rule (code scanning shows help for rules with no result too), plus a stub for any other id found. */
function ruleDescriptors(rules: readonly Rule[], findings: readonly Finding[]): RuleDescriptor[] {
  const descriptors = rules.map(describeRule);
  const known = new Set(rules.map((r) => r.id));
  for (const f of findings) {
    if (known.has(f.rule)) continue;
    known.add(f.rule);
    descriptors.push({ id: f.rule, shortDescription: { text: f.rule }, defaultConfiguration: { level: LEVEL[f.severity] } });
  }
  return descriptors;
}

function describeRule(rule: Rule): RuleDescriptor {
  const { what, why, fix } = rule.docs;
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: `${rule.summary}.` },
    fullDescription: { text: what },
    help: { text: [`${rule.summary}.`, what, why, fix].join('\n\n'), markdown: renderRuleDoc(rule) },
    helpUri: `${docsBaseUrl}${rule.id}.md`,
    defaultConfiguration: { level: LEVEL[rule.severity] },
  };
}

function result(f: Finding, ruleIndex: number, fingerprint: string, cwd: string): object {
  return {
    ruleId: f.rule,
    ruleIndex,
    level: LEVEL[f.severity],
    message: resultMessage(f),
    locations: [{ physicalLocation: physicalLocation(f.file, region(f)) }],
    ...(f.related && f.related.length > 0 && { relatedLocations: f.related.map((r, i) => related(r, i, cwd)) }),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
    ...(f.help && { properties: { help: f.help } }),
    ...(isBuilt(f.fix) && { fixes: [sarifFix(f.fix, cwd)] }),
  };
}

/** The statement, and under it the help line: as text (what code scanning shows) and as Markdown. */
function resultMessage(f: Finding): { text: string; markdown?: string } {
  if (!f.help) return { text: f.message };
  return { text: `${f.message}\nhelp: ${f.help}`, markdown: `${escapeMarkdown(f.message)}\n\n**help:** ${escapeMarkdown(f.help)}` };
}

/** Markdown's inline metacharacters, so that names like `*` or `__init__` print as written. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}

/** SARIF §3.55: one artifactChange per file; regions by character offset (the text without a byte-order mark). */
function sarifFix(fix: FixEdits, cwd: string): object {
  const files = [...new Set(fix.edits.map((e) => e.file))];
  return {
    description: { text: fix.description },
    artifactChanges: files.map((file) => ({
      artifactLocation: { uri: fileUri(exactFile(file, cwd)), uriBaseId: SRCROOT },
      replacements: fix.edits
        .filter((e) => e.file === file)
        .map((e) => ({ deletedRegion: { charOffset: e.start, charLength: e.end - e.start }, insertedContent: { text: e.text } })),
    })),
  };
}

function related(r: RelatedLocation, id: number, cwd: string): object {
  const region = { startLine: r.line, startColumn: r.column };
  return { id, physicalLocation: physicalLocation(exactFile(r.file, cwd), region), message: { text: r.message } };
}

function physicalLocation(file: string, region: object): object {
  return { artifactLocation: { uri: fileUri(file), uriBaseId: SRCROOT }, region };
}

/** SARIF's end column is exclusive, as ours is; an end before the start is dropped rather than made invalid. */
function region(f: Finding): object {
  const start = { startLine: f.line, startColumn: f.column };
  const endsAfterStart = f.endLine > f.line || (f.endLine === f.line && f.endColumn >= f.column);
  return endsAfterStart ? { ...start, endLine: f.endLine, endColumn: f.endColumn } : start;
}

/** A relative URI reference: each path segment percent-encoded, slashes kept. */
export function fileUri(relativePath: string): string {
  return relativePath.split('/').map(encodeURIComponent).join('/');
}

/** `file:///abs/dir/`: a base URI must end with a slash for relative references to resolve inside it. */
function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function pascalCase(id: string): string {
  return id.replace(/(?:^|-)([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
