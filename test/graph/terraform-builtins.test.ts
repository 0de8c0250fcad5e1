import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTerraformModule } from '../../src/graph/terraform/index.js';
import type { Value } from '../../src/graph/value.js';
import { build, prop, resource, span, spanOf } from './terraform-helpers.js';

/**
 * Terraform's built-in functions on values known statically. Each case is
 * checked against the result Terraform documents; where `terraform` is
 * installed, `terraform console` must give the same results (the oracle).
 */

/**
 * Literal cases: the expression, and its value as `jsonencode` writes it. A
 * set's order is undefined (Terraform sorts it, we keep the order written):
 * sets are compared sorted.
 */
const cases: Array<[string, unknown, 'set'?]> = [
  ['length(["a", "b", "c"])', 3],
  ['length({ a = 1, b = 2 })', 2],
  ['length("💃🏽ab")', 3],
  ['length([])', 0],
  ['contains(["a", "b"], "b")', true],
  ['contains(["a", "b"], "c")', false],
  ['contains([1, 2], 2)', true],
  ['index(["a", "b"], "b")', 1],
  ['anytrue([false, "true"])', true],
  ['anytrue([])', false],
  ['anytrue([null, false])', false],
  ['alltrue([])', true],
  ['alltrue(["true", true])', true],
  ['alltrue([true, null])', false],
  ['compact(["a", "", null, "b"])', ['a', 'b']],
  ['compact([1, 2])', ['1', '2']],
  ['distinct(["b", "a", "b"])', ['b', 'a']],
  ['distinct(["a", 1, "1"])', ['a', '1']],
  ['toset(["b", "a", "b"])', ['a', 'b'], 'set'],
  ['toset(["a", 1, true])', ['1', 'a', 'true'], 'set'],
  ['toset([3, 1, 20])', [1, 3, 20], 'set'],
  ['flatten([["a"], [], "b", [["c"]]])', ['a', 'b', 'c']],
  ['flatten([{ a = 1 }])', [{ a: 1 }]],
  ['split(",", "repo:a/b:*,repo:c/d:*")', ['repo:a/b:*', 'repo:c/d:*']],
  ['split(",", "")', ['']],
  ['split(",", "a,,b")', ['a', '', 'b']],
  ['split("", "abc")', ['a', 'b', 'c']],
  ['values({ b = 1, a = 2 })', [2, 1]],
  ['keys({ b = 1, a = 2, B = 3 })', ['B', 'a', 'b']],
  ['setunion(["b"], ["a", "c"], ["b"])', ['a', 'b', 'c'], 'set'],
  ['setunion(["b"], [1])', ['1', 'b'], 'set'],
  ['setintersection(["a", "b"], ["b", "c"])', ['b'], 'set'],
  ['setsubtract(["a", "b"], ["b"])', ['a'], 'set'],
  ['coalescelist([], ["a"], ["b"])', ['a']],
  ['slice(["a", "b", "c"], 1, 3)', ['b', 'c']],
  ['reverse(["a", "b"])', ['b', 'a']],
  ['range(3)', [0, 1, 2]],
  ['range(-3)', [0, -1, -2]],
  ['range(3, 1)', [3, 2]],
  ['range(5, 1, -2)', [5, 3]],
  ['range(0, 1, 0.25)', [0, 0.25, 0.5, 0.75]],
  ['sort(["b", "a", "B"])', ['B', 'a', 'b']],
  ['sort([3, 1, 20])', ['1', '20', '3']],
  ['zipmap(["a", "b", "a"], [1, 2, 3])', { a: 3, b: 2 }],
  ['startswith("repo:acme/app", "repo:")', true],
  ['startswith("hello", "")', true],
  ['endswith("hello", "lo")', true],
  ['strcontains("hello", "ell")', true],
  ['tobool("true")', true],
  ['tobool(false)', false],
  ['tonumber("1e3")', 1000],
  ['tonumber(".5")', 0.5],
  ['tonumber("+1")', 1],
  ['try(tobool("x"), "fallback")', 'fallback'],
  ['try(tonumber(" 1"), "fallback")', 'fallback'],
  ['can(tobool("yes"))', false],
  ['can(index(["a"], "b"))', false],
  ['can(coalescelist([], []))', false],
  ['can(slice(["a"], 0, 2))', false],
  ['can(length(range(2000)))', false],
  ['formatlist("arn:aws:iam::%s:root", ["111122223333", "444455556666"])', ['arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:root']],
  ['formatlist("%s-%s", ["a", "b"], "x")', ['a-x', 'b-x']],
  ['title("hello world-x")', 'Hello World-X'],
  ['chomp("line\\r\\n\\n")', 'line'],
  ['trim("?!hello?!", "!?")', 'hello'],
  ['substr("hello", 1, 3)', 'ell'],
  ['substr("hello", -2, -1)', 'lo'],
  ['substr("hello", 1, 100)', 'ello'],
  ['substr("hello", -10, 2)', 'he'],
  ['substr("hello", 6, 1)', ''],
  ['substr("💃🏽ab", 0, 1)', '💃🏽'],
  ['trimprefix("repo:acme/app", "repo:")', 'acme/app'],
  ['trimsuffix("app.tf", ".tf")', 'app'],
  ['min(3, 1, 2)', 1],
  ['max(3, 1, 2)', 3],
  ['abs(-2.5)', 2.5],
  ['floor(2.5)', 2],
  ['ceil(2.5)', 3],
  ['regex("^arn:", "arn:aws:iam::111122223333:root")', 'arn:'],
  ['regex("a(b)?(c)", "ac")', [null, 'c']],
  ['regex("(?P<x>a)(?P<y>z)?", "a")', { x: 'a', y: null }],
  ['regexall("[0-9]+", "a1b22")', ['1', '22']],
  ['regexall("(\\\\w)(\\\\d)", "a1b2")', [['a', '1'], ['b', '2']]],
  ['can(regex("^prod-", "dev-app"))', false],
  ['can(regex("(a)(?P<x>b)", "ab"))', false],
  ['length(compact(split(",", ",a,")))', 1],
  ['length(distinct(concat(["a"], ["a", "b"]))) > 1', true],
];

/** A value as `jsonencode` would write it, for values fully known. */
function plain(v: Value): unknown {
  switch (v.kind) {
    case 'literal':
      return v.value;
    case 'list':
      return v.items.map(plain);
    case 'object':
      return Object.fromEntries(v.entries.map((e) => [e.key, plain(e.value)]));
    default:
      return `<${v.kind}${v.kind === 'unknown' ? `: ${v.reason}` : ''}>`;
  }
}

/** A set's items in one order, to compare sets. */
function ordered(v: unknown, set: 'set' | undefined): unknown {
  return set && Array.isArray(v) ? v.map((x) => JSON.stringify(x)).sort() : v;
}

/** Evaluates each expression as an argument `e<i>` of one resource. */
function evaluateCases(exprs: string[], extra = ''): Value[] {
  const body = exprs.map((e, i) => `  e${i} = ${e}`).join('\n');
  const r = resource(build({ 'main.tf': `${extra}\nresource "aws_instance" "t" {\n${body}\n}\n` }), 'aws_instance.t');
  return exprs.map((_, i) => prop(r, `e${i}`));
}

/** `terraform console`'s results for the expressions, or undefined where Terraform is not installed. */
function terraformResults(exprs: string[]): unknown[] | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'tf-oracle-'));
  try {
    const out = execFileSync('terraform', ['console'], {
      cwd: dir,
      input: `jsonencode([${exprs.join(', ')}])\n`,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1' },
      timeout: 60_000,
    });
    return JSON.parse(JSON.parse(out.trim())) as unknown[];
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

describe('Terraform built-in functions on known values', () => {
  it('give the results Terraform documents', () => {
    const values = evaluateCases(cases.map(([e]) => e));
    cases.forEach(([expr, expected, set], i) => expect({ expr, value: ordered(plain(values[i]), set) }).toEqual({ expr, value: ordered(expected, set) }));
  });

  it('agree with terraform console, where it is installed', () => {
    const results = terraformResults(cases.map(([e]) => e));
    // Without Terraform there is no oracle; the cases above still hold the documented results.
    if (!results) return;
    cases.forEach(([expr, expected, set], i) => expect({ expr, value: ordered(results[i], set) }).toEqual({ expr, value: ordered(expected, set) }));
  });
});

describe('Terraform built-in functions on values not all known', () => {
  const extra = `variable "none" {}
variable "subjects" { default = [] }
variable "names" { default = ["a", "b"] }
resource "aws_iam_role" "r" {}
resource "aws_iam_role" "s" {}`;
  const [lenUnknownItems, lenSet, containsOpen, containsHit, compactMaybe, compactRef, anyDecided, allOpen, flattenOpen, distinctRefs, startsTemplate, endsOpen, lenDefault, setOfDefault] = evaluateCases(
    [
      'length([var.none, aws_iam_role.r.arn])',
      'length(toset([var.none, "a"]))',
      'contains([var.none], "a")',
      'contains([var.none, "a"], "a")',
      'compact([var.none, "a"])',
      'compact([aws_iam_role.r.arn, ""])',
      'anytrue([var.none, true])',
      'alltrue([var.none, true])',
      'flatten([var.none, ["a"]])',
      'distinct([aws_iam_role.r.arn, aws_iam_role.r.arn, aws_iam_role.s.arn])',
      'startswith("arn:aws:iam::${var.none}:root", "arn:aws:")',
      'endswith("arn:aws:iam::${var.none}:root", "x")',
      'length(var.subjects) > 0',
      'toset(var.names)',
    ],
    extra,
  );

  it('a list of unknown items has a known length; a set of them does not', () => {
    expect(lenUnknownItems).toMatchObject({ kind: 'literal', value: 2 });
    expect(lenSet).toMatchObject({ kind: 'unknown', reason: 'length of a set whose items may turn out equal' });
  });

  it('contains, anytrue and alltrue are decided by one known item, else unknown', () => {
    expect(containsOpen.kind).toBe('unknown');
    expect(containsHit).toMatchObject({ value: true });
    expect(anyDecided).toMatchObject({ value: true });
    expect(allOpen.kind).toBe('unknown');
  });

  it('compact keeps names and ARNs (never empty) but not an item that may be empty', () => {
    expect(compactMaybe).toMatchObject({ kind: 'unknown', reason: 'compact of a list whose items may be empty' });
    expect(compactRef).toMatchObject({ kind: 'list', items: [{ kind: 'ref', attribute: 'arn' }] });
  });

  it('flatten of an item that may be a list is unknown; distinct removes the same reference only', () => {
    expect(flattenOpen.kind).toBe('unknown');
    expect(distinctRefs).toMatchObject({ kind: 'list', items: [{ text: 'aws_iam_role.r.arn' }, { text: 'aws_iam_role.s.arn' }], mayRepeat: true });
  });

  it('startswith/endswith read the known end of a computed string', () => {
    expect(startsTemplate).toMatchObject({ kind: 'literal', value: true });
    expect(endsOpen).toMatchObject({ kind: 'literal', value: false });
  });

  it('a function of one of several values is one of its results, per instance too', () => {
    const text = `variable "on" { type = bool }
resource "aws_iam_role" "r" {
  for_each = { a = "app", b = "batch" }
  same     = length(var.on ? ["a"] : ["b"])
  either   = concat(var.on ? ["repo:*"] : [], ["repo:acme/app:*"])
  named    = upper(each.value)
}
`;
    const r = resource(build({ 'main.tf': text }), 'aws_iam_role.r');
    expect(prop(r, 'same')).toMatchObject({ kind: 'literal', value: 1 });
    expect(prop(r, 'either')).toMatchObject({
      kind: 'choice',
      options: [
        { kind: 'list', items: [{ value: 'repo:*' }, { value: 'repo:acme/app:*' }] },
        { kind: 'list', items: [{ value: 'repo:acme/app:*' }] },
      ],
    });
    expect(prop(r, 'named')).toMatchObject({ kind: 'choice', perInstance: true, options: [{ value: 'APP' }, { value: 'BATCH' }] });
  });

  it('a result computed from a default is only a default', () => {
    expect(lenDefault).toMatchObject({ kind: 'literal', value: false, fromInput: 'subjects' });
    expect(setOfDefault).toMatchObject({ kind: 'list', fromInput: 'names' });
  });
});

describe('Terraform built-in functions: places and given values', () => {
  it('each piece of split is where its characters were written; keys and values keep theirs', () => {
    const text = `resource "aws_instance" "t" {
  pieces = split(",", "repo:a/b:*,repo:*")
  ks     = keys({ zed = "1", abc = "2" })
  vs     = values({ zed = "1", abc = "2" })
}
`;
    const r = resource(build({ 'main.tf': text }), 'aws_instance.t');
    expect(span(prop(r, 'pieces', 1).loc)).toBe(spanOf(text, 'repo:*'));
    expect(span(prop(r, 'ks', 0).loc)).toBe(spanOf(text, 'abc'));
    expect(span(prop(r, 'vs', 0).loc)).toBe(spanOf(text, '"2"', 1));
  });

  it('what trimprefix, trimsuffix and trim leave is where its characters were written', () => {
    const text = `resource "aws_instance" "t" {
  prefixed = trimprefix("project_path:acme/*", "project_path:")
  suffixed = trimsuffix("acme/app:ref", ":ref")
  trimmed  = trim("--core--", "-")
  kept     = trimprefix("plain", "x")
}
`;
    const r = resource(build({ 'main.tf': text }), 'aws_instance.t');
    expect(prop(r, 'prefixed')).toMatchObject({ kind: 'literal', value: 'acme/*' });
    expect(span(prop(r, 'prefixed').loc)).toBe(spanOf(text, 'acme/*'));
    expect(span(prop(r, 'suffixed').loc)).toBe(spanOf(text, 'acme/app'));
    expect(span(prop(r, 'trimmed').loc)).toBe(spanOf(text, 'core'));
    expect(span(prop(r, 'kept').loc)).toBe(spanOf(text, 'plain'));
  });

  it('try and can of an error caused by a default are only defaults', () => {
    const text = `variable "flag_text" { default = "maybe" }
resource "aws_iam_role" "r" {
  tried  = try(tobool(var.flag_text), false)
  parsed = can(tobool(var.flag_text))
  plain  = try(tobool("maybe"), false)
}
`;
    const byDefault = resource(build({ 'main.tf': text }), 'aws_iam_role.r');
    expect(prop(byDefault, 'tried')).toMatchObject({ kind: 'literal', value: false, fromInput: 'flag_text' });
    expect(prop(byDefault, 'parsed')).toMatchObject({ kind: 'literal', value: false, fromInput: 'flag_text' });
    expect(prop(byDefault, 'plain').fromInput).toBeUndefined();
    const given = resource(buildTerraform(text, { flag_text: 'true' }), 'aws_iam_role.r');
    expect(prop(given, 'tried')).toMatchObject({ kind: 'literal', value: true, commandLine: '--var flag_text=true' });
    expect(prop(given, 'parsed')).toMatchObject({ kind: 'literal', value: true, commandLine: '--var flag_text=true' });
  });

  it('a count decided by length() of a value given on the command line is decided', () => {
    const text = `variable "names" {
  type    = list(string)
  default = ["a"]
}
resource "aws_instance" "t" {
  count = length(var.names) > 0 ? 1 : 0
}
resource "aws_iam_role" "r" {
  flag = length(var.names) > 0
}
`;
    const given = buildTerraform(text, { names: '[]' });
    expect(given.resources.map((r) => r.address)).toEqual(['aws_iam_role.r']);
    expect(prop(resource(given, 'aws_iam_role.r'), 'flag')).toMatchObject({ kind: 'literal', value: false, commandLine: '--var names=[]' });
    const byDefault = build({ 'main.tf': text });
    expect(prop(resource(byDefault, 'aws_iam_role.r'), 'flag')).toMatchObject({ kind: 'literal', value: true, fromInput: 'names' });
    expect(resource(byDefault, 'aws_instance.t').mayBeAbsent).toBe(true);
  });
});

/** A module built with `--var` values, as the CLI passes them. */
function buildTerraform(text: string, variables: Record<string, string>) {
  return buildTerraformModule({ dir: 'mod', files: [{ path: 'mod/main.tf', text }], variables });
}
