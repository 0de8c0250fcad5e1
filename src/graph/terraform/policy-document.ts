import type { Loc } from '../../shared/source.js';
import { asList, guardedBy, objectGetCI, type ComputedKeyEntry, type Guard, type ObjectEntry, type ObjectValue, type Value } from '../value.js';
import { parseJsonString } from './embedded.js';
import type { ModuleScope } from './scope.js';

/** `statement` block arguments and the IAM JSON keys they render as, in IAM's order. */
const statementKeys: Array<[string, string]> = [
  ['sid', 'Sid'],
  ['effect', 'Effect'],
  ['actions', 'Action'],
  ['not_actions', 'NotAction'],
  ['resources', 'Resource'],
  ['not_resources', 'NotResource'],
];

/**
 * The IAM JSON a `data "aws_iam_policy_document"` renders, as a value whose
 * every leaf points at the HCL that wrote it (a principal's identifier, a
 * condition's variable), so findings land inside the data block.
 */
export function policyDocument(props: ObjectValue, loc: Loc, scope: ModuleScope): ObjectValue {
  const entries: ObjectEntry[] = [];
  const version = entry(props, 'version');
  entries.push(version ? { ...version, key: 'Version' } : { key: 'Version', keyLoc: loc, value: { kind: 'literal', value: '2012-10-17', loc } });
  const id = entry(props, 'policy_id');
  if (id) entries.push({ ...id, key: 'Id' });
  const own = asList(entry(props, 'statement')?.value).map(statement);
  const sources = [...listOf(props, 'source_policy_documents'), ...listOf(props, 'source_json')];
  const overrides = [...listOf(props, 'override_policy_documents'), ...listOf(props, 'override_json')];
  let statements = mergeBySid(sources.flatMap((d) => statementsOf(d, scope)), own);
  statements = mergeBySid(statements, overrides.flatMap((d) => statementsOf(d, scope)));
  const statementEntry = entry(props, 'statement');
  const listLoc = statementEntry?.value.loc ?? loc;
  entries.push({ key: 'Statement', keyLoc: statementEntry?.keyLoc ?? loc, value: { kind: 'list', items: statements, loc: listLoc } });
  return { kind: 'object', entries, loc };
}

function entry(obj: Value | undefined, key: string): ObjectEntry | undefined {
  if (obj?.kind !== 'object') return undefined;
  return obj.entries.find((e) => e.key === key);
}

/** A list argument as its items; a computed list is one unknown item. */
function listOf(props: ObjectValue, key: string): Value[] {
  const v = entry(props, key)?.value;
  if (!v || (v.kind === 'literal' && v.value === null)) return [];
  return v.kind === 'list' ? v.items : [v];
}

function statement(v: Value): Value {
  if (v.kind !== 'object') return v;
  const entries: ObjectEntry[] = [];
  for (const [arg, key] of statementKeys) {
    const e = entry(v, arg);
    if (e) entries.push({ ...e, key });
    else if (arg === 'effect') entries.push({ key, keyLoc: v.loc, value: { kind: 'literal', value: 'Allow', loc: v.loc } });
  }
  for (const [arg, key] of [['principals', 'Principal'], ['not_principals', 'NotPrincipal']] as const) {
    const e = entry(v, arg);
    if (e && !(e.value.kind === 'list' && e.value.items.length === 0)) entries.push({ key, keyLoc: e.keyLoc, value: principals(e.value) });
  }
  const condition = entry(v, 'condition');
  if (condition) entries.push({ key: 'Condition', keyLoc: condition.keyLoc, value: conditions(condition.value) });
  // A `dynamic "statement"` block's guards stay with the statement it renders.
  return guardedBy({ kind: 'object', entries, loc: v.loc }, v.when);
}

/** `principals { type, identifiers }` blocks as `{"AWS": [...], "Service": [...]}` or `"*"`. */
function principals(v: Value): Value {
  if (v.kind !== 'list' && v.kind !== 'object') return { kind: 'unknown', reason: 'principals are not known statically', loc: v.loc };
  const groups = new Map<string, { keyLoc: Loc; items: Value[]; loc: Loc }>();
  for (const block of asList(v)) {
    const type = entry(block, 'type')?.value;
    if (block.kind !== 'object' || type?.kind !== 'literal' || typeof type.value !== 'string') {
      return { kind: 'unknown', reason: 'a principal type is not known statically', loc: block.loc };
    }
    const identifiers = entry(block, 'identifiers')?.value;
    const items = identifiers ? asList(identifiers) : [];
    // Terraform renders `type = "*"` as the bare `"Principal": "*"`.
    if (type.value === '*') return { kind: 'literal', value: '*', loc: items[0]?.loc ?? type.loc };
    const group = groups.get(type.value);
    if (group) group.items.push(...items);
    else groups.set(type.value, { keyLoc: type.loc, items: [...items], loc: identifiers?.loc ?? block.loc });
  }
  const entries = [...groups].map(([key, g]): ObjectEntry => ({ key, keyLoc: g.keyLoc, value: { kind: 'list', items: g.items, loc: g.loc } }));
  return { kind: 'object', entries, loc: v.loc };
}

/** The conditions one `condition` block or several with the same test and variable give, and the guards of each block (a `dynamic` block's). */
interface ConditionBlocks {
  keyLoc: Loc;
  values: Value[];
  loc: Loc;
  when: Array<readonly Guard[] | undefined>;
}

/**
 * `condition { test, variable, values }` blocks as `{"<test>": {"<variable>": [...]}}`.
 * An entry written by one guarded block (`dynamic "condition"` whose
 * `for_each` is `C ? [...] : []`) carries that block's guards: it is in
 * the policy only where they hold.
 */
function conditions(v: Value): Value {
  const tests = new Map<string, { keyLoc: Loc; loc: Loc; variables: Map<string, ConditionBlocks>; computed: ComputedKeyEntry[] }>();
  if (v.kind !== 'list' && v.kind !== 'object') return { kind: 'unknown', reason: 'conditions are not known statically', loc: v.loc };
  for (const block of asList(v)) {
    const test = entry(block, 'test')?.value;
    const variable = entry(block, 'variable')?.value;
    if (block.kind !== 'object' || !isString(test) || !variable || !maybeString(variable)) {
      return { kind: 'unknown', reason: 'a condition test or variable is not known statically', loc: block.loc };
    }
    const values = entry(block, 'values')?.value;
    let t = tests.get(test.value);
    if (!t) {
      t = { keyLoc: test.loc, loc: block.loc, variables: new Map(), computed: [] };
      tests.set(test.value, t);
    }
    const items = values ? asList(values) : [];
    // `variable = "${local.issuer}:sub"`: the key is computed, but its claim is still worth keeping.
    if (!isString(variable)) {
      t.computed.push({ key: variable, keyLoc: variable.loc, value: guardedBy({ kind: 'list', items, loc: values?.loc ?? block.loc }, block.when) });
      continue;
    }
    const existing = t.variables.get(variable.value);
    if (existing) {
      existing.values.push(...items);
      existing.when.push(block.when);
    } else t.variables.set(variable.value, { keyLoc: variable.loc, values: items, loc: values?.loc ?? block.loc, when: [block.when] });
  }
  const entries = [...tests].map(([test, t]): ObjectEntry => {
    const variables = [...t.variables].map(([name, c]): ObjectEntry => ({ key: name, keyLoc: c.keyLoc, value: guardedBy({ kind: 'list', items: c.values, loc: c.loc }, onlyGuards(c.when)) }));
    const value: Value =
      t.computed.length === 0
        ? { kind: 'object', loc: t.loc, entries: variables }
        : { kind: 'unknown', reason: 'a condition variable is not known statically', loc: t.loc, partialObject: { entries: variables, computed: t.computed } };
    return { key: test, keyLoc: t.keyLoc, value };
  });
  return { kind: 'object', entries, loc: v.loc };
}

/** The guards of an entry written by one block; none when several blocks write it (it is there where any of them is). */
function onlyGuards(when: Array<readonly Guard[] | undefined>): readonly Guard[] | undefined {
  return when.length === 1 ? when[0] : undefined;
}

function isString(v: Value | undefined): v is Value & { kind: 'literal'; value: string } {
  return v?.kind === 'literal' && typeof v.value === 'string';
}

/** A value that may be a string at deploy time: a template, a reference, an unknown. */
function maybeString(v: Value): boolean {
  return isString(v) || v.kind === 'template' || v.kind === 'ref' || v.kind === 'unknown' || v.kind === 'choice';
}

/** The statements of another document (`source_policy_documents`); unknown ones stay as one unknown statement. */
function statementsOf(doc: Value, scope: ModuleScope): Value[] {
  const parsed = doc.kind === 'literal' || doc.kind === 'template' ? parseJsonString(scope, doc) : doc;
  if (parsed?.kind === 'object') {
    const s = objectGetCI(parsed, 'Statement');
    if (s) return asList(s.value);
    return [];
  }
  return [{ kind: 'unknown', reason: 'a source or override policy document is not known statically', loc: doc.loc }];
}

function sid(v: Value): string | undefined {
  const s = objectGetCI(v, 'Sid')?.value;
  return s?.kind === 'literal' && typeof s.value === 'string' && s.value !== '' ? s.value : undefined;
}

/** Statements with a Sid replace earlier ones with the same Sid (Terraform's merge rule). */
function mergeBySid(base: Value[], added: Value[]): Value[] {
  const out = [...base];
  for (const s of added) {
    const id = sid(s);
    const at = id === undefined ? -1 : out.findIndex((o) => sid(o) === id);
    if (at >= 0) out[at] = s;
    else out.push(s);
  }
  return out;
}
