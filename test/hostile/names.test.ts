// Names from the user's files that are also names on Object.prototype (`toString`, `constructor`,
// `__proto__`) are ordinary names: no lookup keyed by user text may find an inherited member.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';
import { cleanup, expectNoCrash, run, tree } from './helpers.js';

afterEach(cleanup);

const PROTOTYPE_NAMES = ['toString', 'valueOf', 'constructor', '__proto__', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupSetter__'];
const SRC = path.resolve(import.meta.dirname, '..', '..', 'src');
const FIXTURES = path.resolve(import.meta.dirname, '..', '..', 'fixtures');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('lookups keyed by user text', () => {
  it('every constant table keyed by strings in src/ is built by table() (no prototype)', () => {
    const offenders: string[] = [];
    for (const file of sources(SRC)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^(?:export )?const (\w+): (?:Readonly<)?(?:Partial<)?Record<string, [^=\n]*= \{/gm)) offenders.push(`${path.relative(SRC, file)}: ${m[1]}`);
    }
    expect(offenders).toEqual([]);
  });

  it('the reproducers: prototype names as CloudFormation types, Terraform types and references, plan types', () => {
    const root = tree({
      'a.yaml': 'Resources:\n  A:\n    Type: toString\n  B:\n    Type: constructor\n    Properties:\n      hasOwnProperty: 1\n  C:\n    Type: AWS::EC2::Instance\n    Properties:\n      IamInstanceProfile: !GetAtt B.constructor\n',
      'tf/main.tf': 'resource "valueOf" "x" {}\nresource "__proto__" "y" {}\nlocals {\n  a = constructor.foo\n  b = aws_iam_instance_profile.p.constructor\n}\nvariable "v" {\n  default = var.v\n}\nresource "aws_iam_role" "r" {\n  name = var.v\n}\n',
      'plan/x.json': JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources: [{ address: 'constructor.x', mode: 'managed', type: 'constructor', name: 'x', values: { toString: 1 } }] } } }),
    });
    const r = run(root, ['--format', 'compact', '.']);
    expectNoCrash(r);
    expect(r.stdout).not.toMatch(/internal-error/);
    expect(r.stdout).toMatch(/^tf\/main\.tf:4:7: error \[unresolved-reference\] constructor\.foo is not a declared resource/m);
  });

  /** Every fixture with each identifier-like word (types, names, keys, references) replaced by a prototype name, one word at a time. */
  const files = fixtureFiles(FIXTURES);
  it(`no internal error when any identifier in a fixture is a prototype name (${files.length} fixtures)`, { timeout: 240_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(files.length - 1), fc.nat(), fc.constantFrom(...PROTOTYPE_NAMES), async (which, at, name) => {
        const [rel, text] = files[which];
        const words = [...text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)];
        const w = words[at % words.length];
        const mutated = text.slice(0, w.index) + name + text.slice(w.index + w[0].length);
        const root = tree({ [path.basename(rel)]: mutated });
        const result = await lint({ paths: ['.'], cwd: root });
        const internal = result.findings.filter((f) => f.rule === 'internal-error').map((f) => f.message);
        cleanup();
        expect(internal, `${rel} with ${w[0]} -> ${name}`).toEqual([]);
      }),
      { seed: 15, numRuns: 300 },
    );
  });
});

function fixtureFiles(dir: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const abs = path.join(d, e.name);
      if (e.isDirectory()) walk(abs);
      else if (/\.(ya?ml|tf|json)$/.test(e.name) && !e.name.endsWith('.expect.json') && !e.name.includes('.fixed.')) out.push([path.relative(dir, abs), fs.readFileSync(abs, 'utf8')]);
    }
  };
  walk(dir);
  return out;
}
