// Work and output stay proportional to the input on inputs built to blow them up. Bounds are on
// counts, sizes and a fixed heap (--max-old-space-size), never on time; the hang detector is HANG_MS.
import { afterEach, describe, expect, it } from 'vitest';
import { lineWindow } from '../../src/report/html.js';
import { cleanup, expectNoCrash, run, tree } from './helpers.js';

afterEach(cleanup);

/** A heap far below what building the whole input as a tree would take. */
const SMALL_HEAP = ['--max-old-space-size=192'];

describe('depth is checked while reading, before a tree is built', () => {
  it.each([
    ['1,000,000 [ in a JSON template', 'a.json', `{"Resources": ${'['.repeat(1_000_000)}}`],
    ['500,000 nested YAML flow maps', 'a.yaml', `Resources:\n  A: ${'{a: '.repeat(500_000)}\n`],
    ['500,000 nested YAML flow sequences', 'a.yaml', `Resources:\n  A: ${'['.repeat(500_000)}\n`],
    // Anchors and lone CR line ends go to the complete YAML reader: depth is still measured before it builds a tree.
    ['500,000 nested flow maps after an anchor', 'a.yaml', `Resources:\n  A: &x ${'{a: '.repeat(500_000)}\n`],
    ['500,000 nested flow sequences with lone CR line ends', 'a.yaml', `Resources:\r  A: !Sub ${'['.repeat(500_000)}\r`],
  ])('%s: a parse error within a small heap', (_name, file, text) => {
    const r = run(tree({ [file]: text }), ['--format', 'compact', '.'], { node: SMALL_HEAP });
    expectNoCrash(r);
    expect(r.stdout).toMatch(/\[parse-error\] Nesting is deeper than 256 levels/);
    expect(r.status).toBe(1);
  });
});

describe('flowTooDeepAt agrees with the complete reader', () => {
  it('does not count brackets inside quotes, comments or plain scalars', async () => {
    const { flowTooDeepAt } = await import('../../src/parsers/cloudformation/yaml-template.js');
    const many = '['.repeat(300);
    for (const text of [`a: "${many}"`, `a: '${many}'`, `# ${many}`, `a: x${many}`, `a: b # ${many}`, `a: "x\\"${many}"`]) expect(flowTooDeepAt(text, 256), text.slice(0, 20)).toBeNull();
    expect(flowTooDeepAt(`a: ${many}`, 256)).toBe(3 + 256);
    expect(flowTooDeepAt(`- &a !t ${many}`, 256)).toBe(8 + 256);
  });
});

describe('long traversals and long lines', () => {
  it('an HCL traversal of 400,000 steps is read in linear work', () => {
    const r = run(tree({ 'main.tf': `locals {\n  a = x${'.a'.repeat(400_000)}\n}\n` }), ['--format', 'compact', '.']);
    expectNoCrash(r);
    expect(r.stdout).toBe('main.tf:2:7: error [unresolved-reference] x.a is not a declared resource\n');
  });

  it('--format html of a 1 MB one-line template with 200 findings shows a window of the line per finding', () => {
    const instances = Array.from({ length: 200 }, (_, i) => `"I${i}":{"Type":"AWS::EC2::Instance","Properties":{"IamInstanceProfile":{"Ref":"R"}}}`);
    const json = `{"Resources":{"R":{"Type":"AWS::IAM::Role","Properties":{"Description":"${'d'.repeat(1_000_000)}","AssumeRolePolicyDocument":{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}}},${instances.join(',')}}}`;
    const r = run(tree({ 'a.json': json }), ['--format', 'html', '.'], { node: SMALL_HEAP });
    expectNoCrash(r);
    expect((r.stdout.match(/class="finding /g) ?? []).length).toBeGreaterThanOrEqual(200);
    expect(r.stdout.length).toBeLessThan(2_000_000);
  });

  it('lineWindow keeps short lines and shows the column of a long one', () => {
    expect(lineWindow('short', 3)).toBe('short');
    const long = `${'a'.repeat(5000)}HERE${'b'.repeat(5000)}`;
    const shown = lineWindow(long, 5001);
    expect(shown).toContain('HERE');
    expect(shown.length).toBeLessThan(200);
    expect(lineWindow(long, 1).startsWith('aaa')).toBe(true);
  });
});

describe('values quoted in messages are shortened', () => {
  it('a 100 KB default used in 2,000 Sub values: no internal error, messages short', () => {
    let yaml = `Parameters:\n  P:\n    Type: String\n    Default: "${'a'.repeat(100_000)}"\nResources:\n`;
    for (let i = 0; i < 2000; i++) yaml += `  I${i}:\n    Type: AWS::EC2::Instance\n    Properties:\n      IamInstanceProfile: !Sub "\${P}-\${Missing${i}}"\n  J${i}:\n    Type: AWS::EC2::Instance\n    Properties:\n      IamInstanceProfile: !Ref P\n`;
    const r = run(tree({ 'a.yaml': yaml }), ['--format', 'compact', '.']);
    expectNoCrash(r);
    expect(r.stdout).not.toMatch(/internal-error/);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(2000);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(1000);
  });
});
