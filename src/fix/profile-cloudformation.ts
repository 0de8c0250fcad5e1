import { readJson, type JsonMember, type JsonObject, type JsonValue } from '../parsers/hcl/json-syntax.js';
import { lazyLines, LineIndex } from '../shared/source.js';
import { indentAt, lineBreakOf, type Insertion, type ProfileWriting } from './syntax.js';

/**
 * Adds the profile after the role's block in a YAML template, by text: the
 * role's block is every following line indented deeper than its logical id
 * (blank lines and comments inside included). The new block copies the
 * file's indent step, its quoting of `Type` and whether resources are
 * separated by blank lines. A role written in a flow mapping is left alone.
 * The result is re-parsed before it is kept (`engine/fix-passes.ts`).
 */
export function cloudFormationYamlProfile({ text, role, name }: ProfileWriting): Insertion | undefined {
  // The line index the parse recorded with the role's range: building one per finding re-scanned the file each time.
  const range = role.loc.range;
  const lines = lazyLines(range) ?? new LineIndex(text);
  const keyLine = role.loc.range.start.line;
  const keyIndent = role.loc.range.start.column - 1;
  const header = lines.lineText(keyLine);
  if (header.slice(0, keyIndent).trim() !== '' || /[{}[\]]/.test(header.slice(0, keyIndent))) return undefined;
  let last = keyLine;
  let step = 0;
  for (let line = keyLine + 1; line <= lines.lineCount; line++) {
    const content = lines.lineText(line);
    if (content.trim() === '') continue;
    const indent = /^ */.exec(content)?.[0].length ?? 0;
    if (indent <= keyIndent) break;
    if (step === 0) step = indent - keyIndent;
    last = line;
  }
  const eol = lineBreakOf(text);
  const pad = ' '.repeat(keyIndent);
  const one = ' '.repeat(step > 0 ? step : 2);
  const quote = /^\s*Type:\s*(["']?)AWS::IAM::Role\1/m.exec(blockText(text, lines, keyLine, last))?.[1] ?? '';
  const separated = keyLine > 1 && lines.lineText(keyLine - 1).trim() === '';
  const block =
    `${pad}${name}:${eol}` +
    `${pad}${one}Type: ${quote}AWS::IAM::InstanceProfile${quote}${eol}` +
    `${pad}${one}Properties:${eol}` +
    `${pad}${one}${one}Roles: [!Ref ${role.address}]${eol}`;
  if (last < lines.lineCount) return { start: lines.lineStart(last + 1), end: lines.lineStart(last + 1), text: (separated ? eol : '') + block };
  // The role ends the file: keep the file's (missing) final line break as it was.
  const endsWithBreak = /[\r\n]$/.test(text);
  const body = (separated ? eol : '') + block;
  return { start: text.length, end: text.length, text: endsWithBreak ? body : eol + body.slice(0, -eol.length) };
}

function blockText(text: string, lines: LineIndex, first: number, last: number): string {
  return text.slice(lines.lineStart(first), last < lines.lineCount ? lines.lineStart(last + 1) : text.length);
}

/**
 * Adds the profile as the member after the role in `Resources`, with the
 * indentation of the role's key and the file's indent step. Positions come
 * from a JSON reader that keeps offsets; the text around is untouched.
 */
export function cloudFormationJsonProfile({ text, role, name }: ProfileWriting): Insertion | undefined {
  const value = parsedJson(text);
  const resources = member(value, 'Resources');
  const roleValue = member(resources, role.address);
  if (!resources || resources.kind !== 'object' || !roleValue) return undefined;
  const eol = lineBreakOf(text);
  const roleKey = memberOf(resources, role.address)?.key;
  if (!roleKey) return undefined;
  const pad = indentAt(text, roleKey.start);
  const step = stepOf(text, resources, pad);
  const profile = [
    `"${name}": {`,
    `${step}"Type": "AWS::IAM::InstanceProfile",`,
    `${step}"Properties": {`,
    `${step}${step}"Roles": [{ "Ref": "${role.address}" }]`,
    `${step}}`,
    `}`,
  ].join(eol + pad);
  return { start: roleValue.end, end: roleValue.end, text: `,${eol}${pad}${profile}` };
}

/** The indent step: how much deeper a resource's key sits than the line of `Resources`'s opening brace. */
function stepOf(text: string, resources: JsonObject, pad: string): string {
  const outer = indentAt(text, resources.start);
  return pad.length > outer.length && pad.startsWith(outer) ? pad.slice(outer.length) : '  ';
}

/** The last file read for a fix, kept: 10,000 roles of one JSON file are one reading, not 10,000. */
let lastRead: { text: string; value: JsonValue | null } | undefined;

export function parsedJson(text: string): JsonValue | null {
  if (lastRead?.text !== text) lastRead = { text, value: readJson(text, () => '').value };
  return lastRead.value;
}

export function member(value: JsonValue | null | undefined, key: string): JsonValue | undefined {
  if (!value || value.kind !== 'object') return undefined;
  return memberOf(value, key)?.value;
}

/** Members of an object by key (the first of repeated keys), indexed once: 10,000 roles of one file are not 10,000 scans of `Resources`. */
const memberIndexes = new WeakMap<JsonObject, Map<string, JsonMember>>();

export function memberOf(object: JsonObject, key: string): JsonMember | undefined {
  let index = memberIndexes.get(object);
  if (!index) {
    index = new Map();
    for (const m of object.members) if (!index.has(m.key.value)) index.set(m.key.value, m);
    memberIndexes.set(object, index);
  }
  return index.get(key);
}
