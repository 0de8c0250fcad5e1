import type { Finding } from '../shared/finding.js';
import { oneLine } from './compact.js';
import type { ReportContext } from './formats.js';
import { displayFile, relativeSorted } from './paths.js';
import { table } from '../shared/own.js';

/**
 * JUnit XML as GitLab, Jenkins and most CI dashboards read it: one `<testsuite>` per
 * file, one failing `<testcase>` per finding, one passing testcase per clean file.
 */
export function formatJunit(findings: readonly Finding[], ctx: ReportContext): string {
  const sorted = relativeSorted(findings, ctx.cwd);
  const byFile = new Map<string, Finding[]>();
  for (const file of ctx.files ?? []) byFile.set(displayFile(file, ctx.cwd), []);
  for (const f of sorted) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const files = [...byFile.keys()].sort(compareStrings);
  const suites = files.map((file) => testsuite(file, byFile.get(file) ?? []));
  const tests = files.reduce((n, file) => n + Math.max(1, byFile.get(file)?.length ?? 0), 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="iam-profile-lint" tests="${tests}" failures="${sorted.length}" errors="0" time="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function testsuite(file: string, findings: Finding[]): string {
  const name = attr(file);
  const tests = Math.max(1, findings.length);
  const head = `  <testsuite name="${name}" tests="${tests}" failures="${findings.length}" errors="0" skipped="0" time="0" file="${name}">`;
  const cases =
    findings.length === 0
      ? [`    <testcase name="iam-profile-lint" classname="${name}" time="0"/>`]
      : findings.map((f) => testcase(f));
  return [head, ...cases, '  </testsuite>'].join('\n');
}

/** Position in the name and the file as classname: Jenkins' junit-10.xsd allows no `file` or `line` on a testcase. */
function testcase(f: Finding): string {
  const related = (f.related ?? []).map((r) => `\n${r.file}:${r.line}:${r.column}: ${oneLine(r.message)}`).join('');
  const help = f.help ? `\nhelp: ${oneLine(f.help)}` : '';
  const body = `${f.file}:${f.line}:${f.column}: ${f.severity} [${f.rule}] ${oneLine(f.message)}${help}${related}`;
  return [
    `    <testcase name="${attr(`${f.rule} at ${f.line}:${f.column}`)}" classname="${attr(f.file)}" time="0">`,
    `      <failure message="${attr(oneLine(f.message))}" type="${f.severity}">${text(body)}</failure>`,
    '    </testcase>',
  ].join('\n');
}

/** Characters XML 1.0 forbids even when escaped (C0 controls other than tab, LF, CR; lone surrogates; U+FFFE/U+FFFF). */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const TEXT_ESCAPES: Record<string, string> = table({ '&': '&amp;', '<': '&lt;', '>': '&gt;' });
const ATTR_ESCAPES: Record<string, string> = table({
  ...TEXT_ESCAPES,
  '"': '&quot;',
  "'": '&apos;',
  // Attribute-value normalisation would turn raw whitespace controls into spaces.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
});

export function text(value: string): string {
  return value.replace(INVALID_XML, '\uFFFD').replace(/[&<>]/g, (c) => TEXT_ESCAPES[c]);
}

export function attr(value: string): string {
  return value.replace(INVALID_XML, '\uFFFD').replace(/[&<>"'\t\n\r]/g, (c) => ATTR_ESCAPES[c]);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
