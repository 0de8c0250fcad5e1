/**
 * The tree is the pipeline (docs/architecture.md): each folder of src/ imports
 * only from the folders before it in STAGES, src/rules/ holds rules (plus the
 * list and the contract), and src/index.ts only re-exports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../src/rules/index.js';

const src = path.resolve(import.meta.dirname, '..', 'src');

/** Lowest first: a folder may import from the ones before it, never after. */
const STAGES = ['shared', 'aws', 'discover', 'parsers', 'graph', 'rules', 'fix', 'config', 'engine', 'report', 'index.ts', 'lsp', 'cli'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

/** The relative specifiers of a file's static and dynamic imports and re-exports, type-only ones included. */
function importsOf(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]);
}

const stageOf = (file: string): string => path.relative(src, file).split(path.sep)[0];

describe('the tree is the pipeline', () => {
  it('every file of src/ is in a known stage', () => {
    const unknown = sourceFiles(src).map(stageOf).filter((s) => !STAGES.includes(s));
    expect([...new Set(unknown)]).toEqual([]);
  });

  it('no folder imports from a later stage (so no cycle between folders)', () => {
    const upward: string[] = [];
    for (const file of sourceFiles(src)) {
      const from = stageOf(file);
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        const to = stageOf(path.resolve(path.dirname(file), spec));
        if (STAGES.indexOf(to) > STAGES.indexOf(from)) upward.push(`${path.relative(src, file)} imports ${spec}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('src/rules/ holds the rules, each in a file named by its id, the list and the contract', () => {
    const files = readdirSync(path.join(src, 'rules')).sort();
    const expected = [...rules.map((r) => `${r.id}.ts`), 'index.ts', 'rule.ts'].sort();
    expect(files).toEqual(expected);
  });

  it('builtins whose ES namespace loads modules nobody calls come through shared/builtins.ts', () => {
    // `import { readFileSync } from 'node:fs'` reads every export of fs, `fs.promises` among them: ~18 stream modules at every start.
    const costly = /^import (?!type )[^;]* from 'node:(fs|util|buffer|v8|os|tty|stream)'/m;
    const offenders = sourceFiles(src).filter((f) => costly.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => path.relative(src, f))).toEqual([]);
  });

  it('src/index.ts only re-exports', () => {
    const lines = readFileSync(path.join(src, 'index.ts'), 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('//'));
    expect(lines.filter((l) => !/^export (type )?\{[^}]*\} from '\.\/[^']+';$/.test(l))).toEqual([]);
  });
});
