/**
 * The picture formats: Mermaid checked by a structural parse of our own
 * output, DOT through Graphviz's grammar (`dot -Tsvg`), the HTML report in
 * a real headless Chromium. Tools that are absent are skipped with a notice
 * (`.ci/run` installs them). Also the fix marks of json and SARIF.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const root = path.resolve(import.meta.dirname, '..', '..');
const fixture = 'fixtures/role-as-instance-profile/bad.yaml';
const work = mkdtempSync(path.join(tmpdir(), 'graph-formats-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

describe('--format mermaid', () => {
  const out = cli(['-f', 'mermaid', fixture]).stdout;
  it('is a fenced flowchart whose every line parses, every edge joins declared nodes, every style index exists', () => {
    expect(out.startsWith(`**${fixture.replace(/_/g, '\\_')}**\n\n`)).toBe(true);
    const lines = out.slice(out.indexOf('```')).trimEnd().split('\n');
    expect(lines[0]).toBe('```mermaid');
    expect(lines[1]).toBe('flowchart LR');
    expect(lines[lines.length - 1]).toBe('```');
    const label = '"(?:[^"]*)"';
    const node = new RegExp(`^ {2}(n\\d+)(?:\\[${label}\\]|\\(\\[${label}\\]\\)|\\{\\{${label}\\}\\}|>${label}\\])$`);
    const edge = new RegExp(`^ {2}(n\\d+) -->\\|${label}\\| (n\\d+)$`);
    const declared = new Set<string>();
    const edges: Array<[string, string]> = [];
    for (const line of lines.slice(2, -1)) {
      let m: RegExpExecArray | null;
      if ((m = node.exec(line))) declared.add(m[1]);
      else if ((m = edge.exec(line))) edges.push([m[1], m[2]]);
      else if (/^ {2}linkStyle [\d,]+ /.test(line)) for (const i of line.split(' ')[3].split(',')) expect(Number(i)).toBeLessThan(edges.length);
      else expect(line).toMatch(/^ {2}(classDef finding |class n\d+(,n\d+)* finding$)/);
    }
    for (const [a, b] of edges) expect(declared.has(a) && declared.has(b), `${a} -> ${b}`).toBe(true);
    expect(out).toContain('IamInstanceProfile ✖ role-as-instance-profile');
    expect(out).toContain('#quot;EMR_DefaultRole#quot;');
  });

  it('draws only templates and modules with findings, one diagram each; --graph-all draws every one', () => {
    const dir = mkdtempSync(path.join(work, 'units-'));
    const bad = readFileSync(path.join(root, fixture), 'utf8');
    writeFileSync(path.join(dir, 'bad.yaml'), bad);
    writeFileSync(path.join(dir, 'good.yaml'), readFileSync(path.join(root, 'fixtures/role-as-instance-profile/good.yaml'), 'utf8'));
    const flagged = cli(['-f', 'mermaid', dir]).stdout;
    expect(flagged.match(/^```mermaid$/gm)).toHaveLength(1);
    expect(flagged).toMatch(/^\*\*.*bad\.yaml\*\*$/m);
    expect(flagged).not.toContain('good.yaml');
    const all = cli(['-f', 'mermaid', '--graph-all', dir]).stdout;
    expect(all.match(/^```mermaid$/gm)).toHaveLength(2);
    expect(cli(['-f', 'mermaid', path.join(dir, 'good.yaml')]).stdout).toBe('No finding to draw in 1 template or module (--graph-all draws them all).\n');
  });

  it("stops with a note before GitHub's 65,536-character limit, and replaces a diagram over Mermaid's text limit with a note", async () => {
    const { GITHUB_MAX_BODY, MERMAID_MAX_TEXT } = await import('../../src/report/mermaid.js');
    const dir = mkdtempSync(path.join(work, 'many-'));
    const stack = (n: number, instances: number): string =>
      `Resources:\n  Role${n}:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - { Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }\n` +
      Array.from({ length: instances }, (_, i) => `  Instance${n}x${i}:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-12345678\n      MetadataOptions: { HttpTokens: required }\n      IamInstanceProfile: !Ref Role${n}\n`).join('');
    for (let n = 0; n < 120; n++) writeFileSync(path.join(dir, `stack-${String(n).padStart(3, '0')}.yaml`), stack(n, 3));
    writeFileSync(path.join(dir, 'big.yaml'), stack(999, 400));
    const out = cli(['-f', 'mermaid', dir]).stdout;
    expect(out.length).toBeLessThanOrEqual(GITHUB_MAX_BODY);
    expect(out).toMatch(/_Not drawn: its diagram has \d+ characters, over Mermaid's limit of 50000/);
    expect(out.trimEnd().split('\n').at(-1)).toMatch(/^_\d+ more templates or modules not drawn: a GitHub comment holds at most 65536 characters\./);
    for (const block of out.split('```mermaid').slice(1)) expect(block.indexOf('```')).toBeLessThan(MERMAID_MAX_TEXT);
  });

  it('escapes what would end a label or open HTML', async () => {
    const { escapeLabel } = await import('../../src/report/mermaid.js');
    expect(escapeLabel('a"b<script>&#\n`x`')).toBe('a#quot;b#lt;script#gt;#amp;#35; #96;x#96;');
  });
});

describe('--format dot', () => {
  const out = cli(['-f', 'dot', fixture]).stdout;
  it.skipIf(!has('dot'))('is read by Graphviz (dot -Tsvg)', () => {
    const r = spawnSync('dot', ['-Tsvg'], { input: out, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('<svg');
    // Graphviz writes '-' as '&#45;' in SVG text.
    expect(r.stdout).toContain('✖ role&#45;as&#45;instance&#45;profile');
  });
  if (!has('dot')) console.log('graphviz (dot) not installed: the DOT grammar check is skipped');
  it('quotes labels', async () => {
    const { quote } = await import('../../src/report/dot.js');
    expect(quote('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    expect(out.startsWith('digraph "iam-profile-lint" {\n')).toBe(true);
  });
});

describe('--format html', () => {
  const html = cli(['-f', 'html', fixture]).stdout;
  it('is one self-contained page: no script, no external resource', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|@import|url\(http|src="http/i);
    expect(html).toContain('<svg');
  });

  const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find(has);
  if (!chromium) console.log('chromium not installed: the browser check of the HTML report is skipped');
  it.skipIf(!chromium)('renders the findings, their source lines and the SVG graph in headless Chromium', () => {
    const file = path.join(work, 'report.html');
    writeFileSync(file, html);
    const profile = mkdtempSync(path.join(tmpdir(), 'chromium-profile-'));
    try {
      const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`];
      const dom = spawnSync(chromium ?? '', [...args, '--dump-dom', `file://${file}`], { encoding: 'utf8', timeout: 60_000 });
      expect(dom.stdout).toContain('role-as-instance-profile');
      expect((dom.stdout.match(/class="finding error"/g) ?? []).length).toBe(14);
      expect(dom.stdout).toContain('IamInstanceProfile: !Ref AppRole # expect: role-as-instance-profile');
      expect(dom.stdout).toMatch(/<svg[^>]*class="graph"/);
      expect((dom.stdout.match(/class="edge finding"/g) ?? []).length).toBe(14);
      const png = path.join(work, 'shot.png');
      spawnSync(chromium ?? '', [...args, `--screenshot=${png}`, '--window-size=1400,900', `file://${file}`], { encoding: 'utf8', timeout: 60_000 });
      const bytes = readFileSync(png);
      expect(bytes.subarray(1, 4).toString()).toBe('PNG');
      expect(bytes.length).toBeGreaterThan(10_000);
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('fix marks in machine formats', () => {
  it('json carries each finding\'s fix with display paths', () => {
    const report = JSON.parse(cli(['-f', 'json', fixture]).stdout) as { findings: Array<{ fix?: { description: string; edits: Array<{ file: string }> } }> };
    expect(report.findings.every((f) => f.fix)).toBe(true);
    expect(report.findings[0].fix?.edits.every((e) => e.file === fixture)).toBe(true);
  });

  it('SARIF carries fixes with replacements, and stays valid against the schema', () => {
    const schema: unknown = JSON.parse(readFileSync(new URL('../data/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
    const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
    ajvFormats.default(ajv);
    const validate = ajv.compile(schema as object);
    const log = JSON.parse(cli(['-f', 'sarif', fixture]).stdout) as { runs: Array<{ results: Array<{ fixes?: Array<{ artifactChanges: Array<{ replacements: Array<{ deletedRegion: { charOffset: number }; insertedContent: { text: string } }> }> }> }> }> };
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const replacement = log.runs[0].results[0].fixes?.[0].artifactChanges[0].replacements[0];
    expect(replacement?.insertedContent.text).toMatch(/AppRoleInstanceProfile/);
  });
});

describe('--format html layout', () => {
  interface Box { x: number; y: number; w: number; h: number; label: string }
  const svgOf = (dir: string): string => cli(['-f', 'html', dir]).stdout;
  const boxes = (svg: string): Box[] =>
    [...svg.matchAll(/<g class="node[^"]*"[^>]*><title>([^<]*)<\/title><rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/g)].map((m) => ({
      label: m[1], x: Number(m[2]), y: Number(m[3]), w: Number(m[4]), h: Number(m[5]),
    }));
  /** Points along a path of M, C and L commands (cubic Béziers sampled). */
  function pathPoints(d: string): Array<[number, number]> {
    const tokens = [...d.matchAll(/([MCL])([^MCL]*)/g)].map((m) => [m[1], m[2].trim().split(/[\s,]+/).map(Number)] as const);
    const points: Array<[number, number]> = [];
    let at: [number, number] = [0, 0];
    for (const [cmd, n] of tokens) {
      if (cmd === 'M') at = [n[0], n[1]];
      else if (cmd === 'L') {
        for (let t = 0; t <= 1; t += 0.05) points.push([at[0] + (n[0] - at[0]) * t, at[1] + (n[1] - at[1]) * t]);
        at = [n[0], n[1]];
      } else {
        for (let t = 0; t <= 1; t += 0.02) {
          const u = 1 - t;
          points.push([u ** 3 * at[0] + 3 * u * u * t * n[0] + 3 * u * t * t * n[2] + t ** 3 * n[4], u ** 3 * at[1] + 3 * u * u * t * n[1] + 3 * u * t * t * n[3] + t ** 3 * n[5]]);
        }
        at = [n[4], n[5]];
      }
    }
    return points;
  }
  const inside = (p: [number, number], b: Box): boolean => p[0] > b.x + 1 && p[0] < b.x + b.w - 1 && p[1] > b.y + 1 && p[1] < b.y + b.h - 1;

  it.each(['examples', 'fixtures/role-as-instance-profile', 'fixtures/profile-by-role-name'])('%s: no edge crosses a box, no two edge labels overlap', (dir) => {
    const svg = svgOf(dir);
    const nodes = boxes(svg);
    const edges = [...svg.matchAll(/<g class="edge[^"]*"><title>[^<]*<\/title><path d="([^"]+)"[^>]*\/><text x="([\d.]+)" y="([\d.]+)" text-anchor="(start|end)"[^>]*>([^<]*)<\/text>/g)];
    expect(edges.length).toBeGreaterThan(0);
    for (const [, d] of edges) {
      for (const p of pathPoints(d)) {
        const hit = nodes.find((b) => inside(p, b));
        expect(hit, `edge ${d} passes through ${hit?.label}`).toBeUndefined();
      }
    }
    // A label is about 6 px per character and 10 px high, left or right of its anchor.
    const labels = edges.map(([, , x, y, anchor, text]) => {
      const w = text.length * 6;
      return { x: anchor === 'start' ? Number(x) : Number(x) - w, y: Number(y) - 10, w, h: 10, text };
    });
    for (const [i, a] of labels.entries()) {
      for (const b of labels.slice(i + 1)) {
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap, `"${a.text}" over "${b.text}"`).toBe(false);
      }
    }
  });

  it('long names that share a prefix stay apart: the middle is elided, not the end', async () => {
    const { clip } = await import('../../src/report/svg.js');
    const a = clip('module.network.aws_iam_instance_profile.bastion_hosts');
    const b = clip('module.network.aws_iam_instance_profile.worker_nodes');
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThanOrEqual(30);
    expect(a.endsWith('bastion_hosts')).toBe(true);
    expect(clip('short')).toBe('short');
  });
});
