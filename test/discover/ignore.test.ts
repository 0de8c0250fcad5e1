import { describe, it, expect } from 'vitest';
import { matchRules, parseIgnoreFile, rebaseIgnorePattern } from '../../src/discover/ignore.js';

function ignored(gitignore: string, relPath: string, isDir = false): boolean {
  return matchRules(parseIgnoreFile(gitignore), relPath, isDir) === true;
}

describe('gitignore matcher', () => {
  it.each([
    // pattern, path, isDir, ignored
    ['foo.yaml', 'foo.yaml', false, true],
    ['foo.yaml', 'a/b/foo.yaml', false, true],
    ['*.yaml', 'deep/x.yaml', false, true],
    ['*.yaml', 'x.yml', false, false],
    ['/root.yaml', 'root.yaml', false, true],
    ['/root.yaml', 'a/root.yaml', false, false],
    ['a/b.yaml', 'a/b.yaml', false, true],
    ['a/b.yaml', 'x/a/b.yaml', false, false],
    ['build/', 'build', true, true],
    ['build/', 'build', false, false],
    ['build/', 'x/build', true, true],
    ['**/gen', 'gen', true, true],
    ['**/gen', 'a/b/gen', true, true],
    ['a/**/z.yaml', 'a/z.yaml', false, true],
    ['a/**/z.yaml', 'a/b/c/z.yaml', false, true],
    ['a/**', 'a/b', false, true],
    ['a/**', 'a', true, false],
    ['a/*.yaml', 'a/b/c.yaml', false, false],
    ['?.yaml', 'x.yaml', false, true],
    ['?.yaml', 'xy.yaml', false, false],
    ['[abc].yaml', 'b.yaml', false, true],
    ['[abc].yaml', 'd.yaml', false, false],
    ['[!abc].yaml', 'd.yaml', false, true],
    ['[a-c]x.tf', 'bx.tf', false, true],
    ['\\#hash.yaml', '#hash.yaml', false, true],
    ['\\!bang.yaml', '!bang.yaml', false, true],
    ['trailing.yaml   ', 'trailing.yaml', false, true],
    ['a.b', 'aXb', false, false],
  ])('%s vs %s (dir: %s) → %s', (pattern, path, isDir, expected) => {
    expect(ignored(pattern, path, isDir)).toBe(expected);
  });

  it('skips comments and blank lines', () => {
    expect(parseIgnoreFile('# comment\n\n  \n*.tmp\r\n')).toHaveLength(1);
  });

  it('lets a later negation re-include and a later rule exclude again', () => {
    const rules = '*.yaml\n!keep.yaml\n';
    expect(ignored(rules, 'drop.yaml')).toBe(true);
    expect(ignored(rules, 'keep.yaml')).toBe(false);
    expect(ignored(`${rules}keep.yaml\n`, 'keep.yaml')).toBe(true);
  });

  it('reports no verdict when nothing matches', () => {
    expect(matchRules(parseIgnoreFile('*.tmp'), 'a.yaml', false)).toBeUndefined();
    expect(matchRules(parseIgnoreFile('!a.yaml'), 'a.yaml', false)).toBe(false);
  });
});

describe('rebaseIgnorePattern', () => {
  it.each([
    ['*.gen.yaml', ['sub'], '*.gen.yaml'],
    ['sub/vendor/**', ['sub'], '/vendor/**'],
    ['/sub/vendor/', ['sub'], '/vendor/'],
    ['other/vendor/**', ['sub'], undefined],
    ['*/vendor', ['sub'], '/vendor'],
    ['**/vendor', ['sub'], '/**/vendor'],
    ['sub', ['sub'], 'sub'],
    ['sub/', ['sub', 'deeper'], 'sub/'],
    ['/sub/**', ['sub'], '/**'],
    ['a/b', ['a', 'b', 'c'], '**'],
    ['!sub/keep.yaml', ['sub'], '!/keep.yaml'],
  ])('%s under %j → %s', (pattern, prefix, expected) => {
    expect(rebaseIgnorePattern(pattern, prefix)).toBe(expected);
  });
});
