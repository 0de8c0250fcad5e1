import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCloudFormation } from '../../src/parsers/cloudformation.js';
import { parseYamlTemplate } from '../../src/parsers/cloudformation/yaml-template.js';
import { LineIndex, stripBom } from '../../src/shared/source.js';
import { mutate, seededRandom } from '../parsers/yaml-mutations.js';

const CORPUS = fileURLToPath(new URL('../../../shared/corpus', import.meta.url));
const REALWORLD = join(CORPUS, 'realworld');
const present = existsSync(REALWORLD);
if (!present) console.warn(`cloudformation corpus sweep skipped: ${CORPUS} does not exist`);

const TEMPLATE_FILE = /\.(ya?ml|json|template)$/i;
/** A top-level `Resources` or `AWSTemplateFormatVersion` key, in YAML or JSON. */
const TEMPLATE_KEY = /^(?:\s*"(?:Resources|AWSTemplateFormatVersion)"\s*:|(?:Resources|AWSTemplateFormatVersion)\s*:)/m;

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (TEMPLATE_FILE.test(entry.name)) out.push(path);
  }
  return out;
}

/** Paths listed in INVALID.md (relative to the corpus folder). */
function invalidFiles(): Set<string> {
  const listed = readFileSync(join(CORPUS, 'INVALID.md'), 'utf8').matchAll(/^- `([^`]+)`/gm);
  return new Set([...listed].map((m) => m[1]));
}

describe.runIf(present)('CloudFormation corpus: every template parses', () => {
  const files = present ? walk(REALWORLD).filter((f) => TEMPLATE_KEY.test(readFileSync(f, 'utf8'))) : [];
  const invalid = present ? invalidFiles() : new Set<string>();

  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThan(500);
  });

  it('parses every file without throwing, and only the known-invalid ones with errors', () => {
    const unexpected: string[] = [];
    const missed: string[] = [];
    for (const file of files) {
      const name = relative(CORPUS, file);
      const result = parseCloudFormation(readFileSync(file, 'utf8'), name);
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      if (invalid.has(name)) {
        if (errors.length === 0) missed.push(name);
        continue;
      }
      if (errors.length > 0 || result.root === null) {
        const first = errors[0];
        unexpected.push(first ? `${name}:${first.loc.range.start.line}:${first.loc.range.start.column}: ${first.message}` : `${name}: no root`);
      }
    }
    expect(unexpected).toEqual([]);
    expect(missed).toEqual([]);
  });

  /** The fast reader must produce exactly what the `yaml` package's composer gives, whenever it takes a file. */
  function readersDisagree(text: string): boolean {
    const lines = new LineIndex(text);
    const fast = parseYamlTemplate(text, 'f', lines, { fast: true, relax: true });
    const complete = parseYamlTemplate(text, 'f', lines, { fast: false, relax: true });
    return JSON.stringify(fast) !== JSON.stringify(complete);
  }

  it('the fast YAML reader agrees with the complete one on every YAML template, and on mutations of them', () => {
    const yaml = files.map((f) => [f, stripBom(readFileSync(f, 'utf8'))] as const).filter(([, t]) => !t.trimStart().startsWith('{'));
    const random = seededRandom(7);
    const disagreements: string[] = [];
    for (const [file, text] of yaml) {
      if (readersDisagree(text)) disagreements.push(relative(CORPUS, file));
      for (let k = 0; k < 3; k++) {
        const mutated = mutate(text, random);
        if (readersDisagree(mutated)) disagreements.push(`${relative(CORPUS, file)} (mutation ${k})`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});
