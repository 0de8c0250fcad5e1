// A rule page's examples are whole files among its fixtures: fixtures/<id>/example-bad.yaml,
// example-bad.tf, example-good.yaml, example-good.tf. The fixture test lints them like every
// fixture (their `# expect:` comments say where the findings are); the page shows them
// without those comments.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const DIALECTS = { cloudformation: 'yaml', terraform: 'tf' };

/** `{ bad?, good? }`, each `{ cloudformation, terraform }`, or a kind left out when its files are absent. */
export function ruleExamples(fixturesRoot, id) {
  const examples = {};
  for (const kind of ['bad', 'good']) {
    const files = Object.entries(DIALECTS).map(([dialect, ext]) => [dialect, path.join(fixturesRoot, id, `example-${kind}.${ext}`)]);
    if (!files.every(([, file]) => existsSync(file))) continue;
    examples[kind] = Object.fromEntries(files.map(([dialect, file]) => [dialect, withoutExpectations(readFileSync(file, 'utf8'))]));
  }
  return examples;
}

/** The file as a reader should see it: no `# expect:` comments, no final newline. */
export function withoutExpectations(text) {
  return text
    .split('\n')
    .filter((line) => !/^\s*#\s*expect(@[+-]\d+)?:/.test(line))
    .map((line) => line.replace(/\s+#\s*expect(@[+-]\d+)?:.*$/, ''))
    .join('\n')
    .replace(/\n+$/, '');
}
