import { describe, it, expect } from 'vitest';
import { parseHcl } from '../../src/parsers/hcl/index.js';
import type { Attribute, Block } from '../../src/parsers/hcl/ast.js';
import { messages } from './hcl-helpers.js';

/** The names of the top-level items that survived, to check recovery. */
function names(src: string): string[] {
  return parseHcl(src, 'x.tf').body.items.map((i) => (i.type === 'Attribute' ? i.name : i.blockType));
}

describe('HCL lexical errors', () => {
  it('reports an unterminated string and goes on with the next line', () => {
    expect(messages('a = "abc\nb = 2\n')).toEqual(['1:9 unterminated string: a quoted string cannot span lines; use "\\n" or a heredoc']);
    expect(names('a = "abc\nb = 2\n')).toEqual(['a', 'b']);
    expect(messages('a = "abc')).toEqual(['1:9 unterminated string']);
  });

  it('reports a heredoc without its closing marker', () => {
    expect(messages('a = <<EOT\nhello\n')).toEqual(['1:5 heredoc "EOT" has no closing marker']);
  });

  it('says once that a string, heredoc or comment ran to the end, not again for each closer it swallowed', () => {
    expect(messages('r "x" "y" {\n  u = base64encode(<<-EOT\n    echo hi\n  )\n}\n')).toEqual(['2:20 heredoc "EOT" has no closing marker']);
    expect(messages('a = f(1, [2, "abc')).toEqual(['1:18 unterminated string']);
    expect(messages('a = f(1, /* x\n')).toEqual(['1:10 unterminated comment: "/*" has no closing "*/"']);
    // A string cut at its line end is not the end of the file: what follows is still read, and judged.
    expect(messages('a = [1, "abc\nb = 2\n')).toHaveLength(2);
  });

  it('reports unexpected characters, with hints for common mistakes', () => {
    expect(messages('a = 1 @ 2\n')).toEqual(["1:7 unexpected character '@'"]);
    expect(messages("a = 'x'\n")[0]).toBe('1:5 unexpected character "\'": use double quotes to enclose strings');
    expect(messages('a = “x”\n')[0]).toBe("1:5 unexpected character '“' (curly quotes are not valid; use a straight quote)");
    expect(messages('a = b & c\n')).toEqual(['1:7 bitwise operators are not supported; did you mean "&&"?']);
    expect(messages('a = 1;\n')[0]).toMatch(/^1:6 unexpected character ';'/);
    expect(messages('a = 1\u0001\n')).toEqual(["1:6 unexpected character '\\u0001'"]);
  });

  it('reports an unterminated comment', () => {
    expect(messages('a = 1 /* x\n')).toEqual(['1:7 unterminated comment: "/*" has no closing "*/"']);
  });

  it('reports invalid escapes and numbers', () => {
    expect(messages('a = "\\q"\n')).toEqual(["1:6 invalid escape sequence '\\q'"]);
    expect(messages('a = "\\u12"\n')).toEqual(["1:6 invalid escape sequence: '\\u' must be followed by four hexadecimal digits"]);
    expect(messages('a = "\\UFFFFFFFF"\n')).toEqual(['1:6 invalid escape sequence: cannot encode character U+FFFFFFFF']);
    expect(messages('a = 1.2.3\n')).toEqual(['1:5 invalid number literal "1.2.3"']);
  });
});

describe('HCL structural errors', () => {
  it('reports an unclosed block with where it was opened', () => {
    expect(messages('resource "a" "b" {\n  x = 1\n')).toEqual(["1:18 this block's '{' is never closed: expected '}' before the end of the file"]);
  });

  it('reports a stray closing brace', () => {
    expect(messages('}\nd = 1\n')).toEqual(["1:1 unexpected '}': there is no open block to close"]);
  });

  it('reports a repeated attribute', () => {
    expect(messages('a = 1\na = 2\n')).toEqual(['2:1 attribute "a" was already set at 1:1; each argument may be set only once']);
  });

  it('reports quoted argument names, missing equals and missing newlines', () => {
    expect(messages('"a" = 1\nb = 2\n')).toEqual(['1:1 argument names must not be quoted']);
    expect(messages('a\nb = 1\n')).toEqual(['1:2 expected \'=\' or a block after "a", found newline; use "=" to set an argument']);
    expect(messages('a = 1, b = 2\n')).toEqual(['1:6 unexpected \',\' after argument "a": arguments are separated by newlines, not commas']);
    expect(messages('a = 1 b = 2\n')).toEqual(['1:7 missing newline after argument "a", found "b"']);
    expect(messages('a {\n} b = 1\n')).toEqual(['2:3 missing newline after the block "a", found "b"']);
  });

  it('reports broken block headers', () => {
    expect(messages('a b c\nd = 1\n')).toEqual(['1:6 invalid block definition: the \'{\' of block "a" must be on the same line as its type and labels']);
    expect(messages('a "b" = 1\n')).toEqual(['1:7 invalid block definition: "=" introduces an argument and cannot follow block labels']);
    expect(messages('a "${x}" {\n}\n')).toEqual(['1:4 template sequences are not allowed in a block label; to include a literal "${", write "$${"']);
  });

  it('reports misuse of one-line blocks', () => {
    expect(messages('a { b = 1, c = 2 }\n')).toEqual(['1:10 a one-line block can only contain a single argument; use one line per argument']);
    expect(messages('a { b = 1\n}\n')).toEqual(["1:10 a one-line block must be closed on the same line: put '}' right after its argument"]);
    expect(messages('a { b {} }\n')[0]).toMatch(/^1:7 a one-line block can only contain a single argument; put the nested block "b"/);
  });
});

describe('HCL expression errors', () => {
  it('reports unclosed brackets with where they were opened', () => {
    expect(messages('a = [1,\n')).toEqual(["2:1 expected ']' to close the tuple opened at 1:5"]);
    expect(messages('a = {\n b = 1\n')).toEqual(["3:1 expected '}' to close the object opened at 1:5"]);
    expect(messages('a = f(1,\n')).toEqual(["2:1 expected ')' to close the call to f() opened at 1:6"]);
    expect(messages('a = (1 + 2\nb = 3\n')).toEqual(["2:1 expected ')' to close the parenthesis opened at 1:5, found \"b\""]);
  });

  it('reports missing separators', () => {
    expect(messages('a = [1 2]\n')).toEqual(["1:8 expected ',' or ']' after a tuple element, found the number 2"]);
    expect(messages('a = {a = 1 b = 2}\n')).toEqual(['1:12 expected \',\' or a newline after an object item, found "b"']);
    expect(messages('a = {a}\n')).toEqual(["1:7 expected '=' or ':' after the object key, found '}'"]);
    expect(messages('a = f(1 2)\n')).toEqual(["1:9 expected ',' or ')' after an argument of f(), found the number 2"]);
  });

  it('recovers from a missing separator in a call to the parenthesis that closes it, over nested ones', () => {
    const parsed = parseHcl('a = f(1 (2) )\nb = 1\n', 'x.tf');
    expect(parsed.diagnostics.map((d) => d.message)).toEqual(["expected ',' or ')' after an argument of f(), found '('"]);
    const [a, b] = parsed.body.items as Attribute[];
    expect(a.expr.range.end.column).toBe('a = f(1 (2) )'.length + 1);
    expect(b.name).toBe('b');
  });

  it('reports missing operands and conditional branches', () => {
    expect(messages('a = \n')).toEqual(['1:5 expected an expression, found newline']);
    expect(messages('a = 1 +')).toEqual(['1:8 expected an expression, found the end of the file']);
    expect(messages('a = c ? b\n')).toEqual(["1:10 expected ':' for the false branch of the conditional started at 1:7, found newline"]);
  });

  it('reports bad traversals', () => {
    expect(messages('a = x.\n')).toEqual(["1:7 expected an attribute name after '.', found newline"]);
    expect(messages('a = x[*\n')).toEqual(["1:8 expected ']' right after '[*', found newline"]);
    expect(messages('a = x.0.1\n')).toEqual(['1:7 invalid legacy index syntax: chained legacy indexes are not allowed; write [0][1]']);
    expect(messages('a = x.*.*\n')).toEqual(['1:9 a splat (*) cannot be used inside another attribute-only splat; use [*]']);
    expect(messages('a = x[1\n]\n')).toEqual([]);
  });

  it('reports malformed for expressions', () => {
    expect(messages('a = [for x in y]\n')).toEqual(["1:16 expected ':' after the for expression's collection, found ']'"]);
    expect(messages('a = {for x in y: x}\n')).toEqual(["1:18 an object for expression needs a key: '{for k, v in m : k => v}'"]);
    expect(messages('a = [for x in y: x => x]\n')).toEqual(["1:20 a key expression ('=>') is not valid in a tuple for expression"]);
    expect(messages('a = [for x y: x]\n')).toEqual(["1:12 expected 'in' after the for expression's variables, found \"y\""]);
  });

  it('reports namespaced function names without a name or a call', () => {
    expect(messages('a = provider::(1)\n')[0]).toBe("1:15 expected a function name after '::', found '('");
  });
});

describe('HCL template errors', () => {
  it('reports an unclosed interpolation', () => {
    expect(messages('a = "${b"\nc = 1\n')[0]).toBe(
      '1:9 expected \'}\' to end the template interpolation opened at 1:6, found a string; to write a literal "${", escape it as "$${"',
    );
    expect(names('a = "${b"\nc = 1\n')).toEqual(['a', 'c']);
    expect(messages('a = "${b:c}"\n')).toEqual(['1:9 unexpected \':\' in a template interpolation; to write a literal "${", escape it as "$${"']);
  });

  it('reports invalid, unbalanced and unclosed directives', () => {
    expect(messages('a = "%{ iff a }x%{ endif }"\n')).toEqual([
      '1:9 invalid template directive "iff"; expected if, for, else, endif or endfor',
      '1:17 unexpected %{ endif } directive: there is no open %{ if } for it',
    ]);
    expect(messages('a = "%{ if a }x"\n')).toEqual(['1:6 the %{ if } directive at 1:6 has no matching %{ endif }']);
    expect(messages('a = "%{ for x in y }x"\n')).toEqual(['1:6 the %{ for } directive at 1:6 has no matching %{ endfor }']);
    expect(messages('a = "%{if a}%{else}%{else}%{endif}"\n')[0]).toBe('1:20 unexpected %{ else }: the if at 1:6 already has an else clause');
    expect(messages('a = "%{if a}%{endfor}"\n')).toEqual(['1:13 expected %{ endif } for the if at 1:6, found %{ endfor }']);
    expect(messages('a = "%{ 1 }"\n')[0]).toBe("1:9 expected a template directive keyword (if, for, else, endif, endfor) after '%{', found the number 1");
  });
});

describe('HCL error recovery', () => {
  it('keeps parsing after a broken attribute', () => {
    const src = 'a = [1 2]\nb = 2\nc = (\nd = 4\n';
    expect(names(src)).toEqual(['a', 'b', 'c']);
    expect(messages(src).length).toBeGreaterThanOrEqual(2);
  });

  it('keeps the rest of a block after a broken line inside it', () => {
    const f = parseHcl('resource "a" "b" {\n  x = = 1\n  y = 2\n}\nz = 3\n', 'x.tf');
    expect(f.diagnostics.map((d) => d.message)).toEqual(["expected an expression, found '='"]);
    const block = f.body.items[0] as Block;
    expect(block.body.items.map((i) => (i as Attribute).name)).toEqual(['x', 'y']);
    expect((f.body.items[1] as Attribute).name).toBe('z');
  });

  it('skips a bracketed expression spanning lines when recovering', () => {
    expect(names('a = 1 2 [\n  3,\n]\nb = 2\n')).toEqual(['a', 'b']);
  });

  it('reports each of several independent errors', () => {
    expect(messages('a = 1 @\nb = [\nc = "x\nd = }\n').length).toBeGreaterThanOrEqual(3);
  });

  it('reports deep nesting instead of overflowing the stack', () => {
    for (const src of ['a = ' + '['.repeat(100_000), 'a = ' + '('.repeat(100_000), 'a = ' + '-'.repeat(100_000) + '1', 'a {\n'.repeat(100_000), 'a = ' + 'f('.repeat(100_000), 'a = ' + '"${'.repeat(100_000), 'a = x' + '[*]'.repeat(100_000), 'a = ' + '[for x in '.repeat(100_000)]) {
      const d = parseHcl(src + '\nok = 1\n', 'x.tf').diagnostics.map((x) => x.message);
      expect(d).toContain('nesting too deep: more than 500 levels of brackets, blocks or templates');
      expect(d.some((m) => m.startsWith('could not parse'))).toBe(false);
    }
  });

  it('recovers after deep nesting to parse the next item', () => {
    const f = parseHcl('a = ' + '['.repeat(2000) + ']'.repeat(2000) + '\nb = 1\n', 'x.tf');
    expect(f.body.items.map((i) => (i as Attribute).name)).toEqual(['a', 'b']);
  });

  it('never throws on garbage', () => {
    for (const src of ['\u0000\uFFFF', '}}}', '"${', '%{', '<<', '<<EOT', 'a = <<-\n', '${x}', 'a {{{', '= = =', '\\', 'a = "\\', '~}']) {
      expect(() => parseHcl(src, 'x.tf')).not.toThrow();
      expect(parseHcl(src, 'x.tf').diagnostics.length).toBeGreaterThan(0);
    }
  });
});
