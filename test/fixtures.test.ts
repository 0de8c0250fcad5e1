/**
 * Fixture-driven rule tests (DESIGN.md §4). Every file directly under
 * fixtures/<rule>/ is linted on its own, every sub-directory as one unit.
 * Expected findings are written in the fixtures: `# expect: rule-id` (or
 * `// expect:`) on the line of the finding (`# expect@+N:` for N lines
 * below), or `name.expect.json` beside a
 * JSON file. The exact set of (file, line, rule) must match: that is the
 * readable index. Every finding in full (range, message, help, related
 * locations, fix) is kept in a snapshot beside the fixture, `bad.yaml.snap`
 * for `bad.yaml`, `nested-stack.snap` for the directory `nested-stack/`
 * (test/fixture-snapshot.ts); a fixture with no expected finding has none.
 * After a deliberate change: `npx vitest run test/fixtures.test.ts -u`, and
 * review the snapshot diff.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint, rules, type LintOptions } from '../src/index.js';
import { fixtureReader, renderSnapshot } from './fixture-snapshot.js';

const root = path.resolve(import.meta.dirname, '..', 'fixtures');
// `expect@+N:` puts the finding N lines below, for lines that cannot hold a comment (inside a heredoc).
const expectComment = /(?:#|\/\/)\s*expect(?:@([+-]\d+))?:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/g;

function filesUnder(target: string): string[] {
  if (!statSync(target).isDirectory()) return [target];
  return readdirSync(target).flatMap((name) => filesUnder(path.join(target, name)));
}

/** A JSON fixture's expectations live beside it: `bad.json` -> `bad.expect.json`, `bad.tf.json` -> `bad.tf.expect.json`. */
function expectFileFor(file: string): string {
  return file.replace(/\.json$/, '.expect.json');
}

function expectedFindings(target: string): string[] {
  const out: string[] = [];
  const files = filesUnder(target);
  if (!statSync(target).isDirectory() && target.endsWith('.json') && existsSync(expectFileFor(target))) files.push(expectFileFor(target));
  for (const file of files) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    if (file.endsWith('.expect.json')) {
      // `x.json` -> `x.expect.json`; a JSON body under a YAML or Beanstalk name (`x.yml`, `x.config`) -> `x.yml.expect.json`.
      const source = /\.(?:ya?ml|config)\.expect\.json$/.test(rel) ? rel.replace(/\.expect\.json$/, '') : rel.replace(/\.expect\.json$/, '.json');
      const items = JSON.parse(readFileSync(file, 'utf8')) as Array<{ line: number; rule: string }>;
      for (const item of items) out.push(`${source}:${item.line}:${item.rule}`);
      continue;
    }
    if (file.endsWith('.json') || (/\.(?:ya?ml|config)$/.test(file) && existsSync(`${file}.expect.json`))) continue;
    const lines = readFileSync(file, 'utf8').split(/\r\n|\n|\r/);
    lines.forEach((line, i) => {
      for (const m of line.matchAll(expectComment)) {
        const line = i + 1 + (m[1] ? Number(m[1]) : 0);
        for (const rule of m[2].split(',')) out.push(`${rel}:${line}:${rule.trim()}`);
      }
    });
  }
  return out.sort();
}

const SNAPSHOT = '.snap';
const snapshotOf = (target: string): string => path.join(root, `${target}${SNAPSHOT}`);

const targets = readdirSync(root)
  .filter((d) => statSync(path.join(root, d)).isDirectory())
  .flatMap((ruleDir) =>
    readdirSync(path.join(root, ruleDir))
      .filter((name) => !name.endsWith('.expect.json') && !name.endsWith(SNAPSHOT) && !name.endsWith('.md') && !name.startsWith('LICENSE') && !name.includes('.fixed.'))
      .map((name) => `${ruleDir}/${name}`),
  )
  .sort();

/**
 * Asks for fixes with their edits built, as `--format json` does, so the
 * snapshots show the edits whether a run builds them always or only when asked
 * (`fixes`, once fixes are requests expanded on demand; ignored before).
 */
function withFixes(options: LintOptions): LintOptions {
  const asked: LintOptions & { fixes: boolean } = { ...options, fixes: true };
  return asked;
}

/**
 * A single file is linted alone in a directory of its own, because a Terraform
 * module is a directory and bad.tf and good.tf must not share one namespace.
 * A fixture directory is linted where it is, as one unit.
 */
async function lintAlone(abs: string) {
  const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');
  if (statSync(abs).isDirectory()) {
    const result = await lint(withFixes({ paths: [abs], cwd: root }));
    return { result, cwd: root, fileOf: (f: string) => rel(path.resolve(root, f)) };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'fixture-'));
  try {
    copyFileSync(abs, path.join(dir, path.basename(abs)));
    const result = await lint(withFixes({ paths: [dir], cwd: dir }));
    return { result, cwd: dir, fileOf: (f: string) => rel(path.join(path.dirname(abs), path.basename(f))) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A path from the JSON report (relative to the lint's directory) as a path under fixtures/. */
function fixturePathFor(target: string, lintedAlone: boolean): (reported: string) => string {
  return (reported) => {
    const p = lintedAlone ? `${path.posix.dirname(target)}/${reported}` : reported;
    if (p.startsWith('../') || path.isAbsolute(p)) throw new Error(`${target}: a finding names ${reported}, outside the fixtures`);
    return p;
  };
}

describe('fixtures', () => {
  it.each(targets)('%s', async (target) => {
    const abs = path.join(root, target);
    const { result, cwd, fileOf } = await lintAlone(abs);
    const actual = result.findings.map((f) => `${fileOf(f.file)}:${f.line}:${f.rule}`).sort();
    const detail = result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}: ${f.message}`).join('\n');
    const expected = expectedFindings(abs);
    expect(actual, detail).toEqual(expected);
    expect(result.fileCount, 'the fixture was linted').toBeGreaterThan(0);
    if (expected.length === 0) return;
    const snapshot = renderSnapshot({
      target,
      findings: result.findings,
      cwd,
      fileCount: result.fileCount,
      fixturePath: fixturePathFor(target, !statSync(abs).isDirectory()),
      readFixture: fixtureReader(root),
    });
    await expect(snapshot).toMatchFileSnapshot(snapshotOf(target));
  });
});

describe('fixture snapshots', () => {
  it('every snapshot belongs to a fixture with expected findings (delete the others)', () => {
    const wanted = new Set(targets.filter((t) => expectedFindings(path.join(root, t)).length > 0).map(snapshotOf));
    const present = filesUnder(root).filter((f) => f.endsWith(SNAPSHOT));
    expect(present.filter((f) => !wanted.has(f)).map((f) => path.relative(root, f))).toEqual([]);
  });
});

/**
 * internal-error has no input that triggers it by design (such an input is a bug,
 * fixed when found); test/hostile/internal-error.test.ts injects failures instead.
 */
const WITHOUT_FIXTURES: ReadonlySet<string> = new Set(['internal-error']);

describe('fixture coverage', () => {
  it.each(rules.map((r) => r.id).filter((id) => !WITHOUT_FIXTURES.has(id)))('%s has bad and good fixtures in CloudFormation YAML and JSON and Terraform', (id) => {
    const dir = path.join(root, id);
    expect(existsSync(dir), `fixtures/${id} exists`).toBe(true);
    const names = filesUnder(dir).map((f) => path.relative(dir, f));
    for (const kind of ['bad', 'good']) {
      for (const ext of ['.yaml', '.json', '.tf']) {
        expect(
          names.some((n) => path.basename(n).startsWith(kind) && n.endsWith(ext) && !n.endsWith('.expect.json') && !n.endsWith('.tf.json')),
          `fixtures/${id} has a ${kind} fixture ending in ${ext}`,
        ).toBe(true);
      }
    }
  });
});

/** Lints one file's text in a directory of its own. */
async function lintText(name: string, text: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'fixture-'));
  try {
    writeFileSync(path.join(dir, name), text);
    const { findings } = await lint({ paths: [dir], cwd: dir });
    return findings.map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.rule} ${f.message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('positions are the same with CRLF line endings and a byte-order mark', () => {
  const singleFiles = targets.filter((t) => !statSync(path.join(root, t)).isDirectory());
  it.each(singleFiles)('%s', async (target) => {
    const text = readFileSync(path.join(root, target), 'utf8');
    const name = path.basename(target);
    const lf = await lintText(name, text);
    const crlfBom = await lintText(name, '\uFEFF' + text.replace(/\r?\n/g, '\r\n'));
    expect(crlfBom).toEqual(lf);
  });
});
