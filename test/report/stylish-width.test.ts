// Stylish as a user sees it in a terminal: the built CLI on the bundled examples at a fixed
// width (COLUMNS), compared whole with golden files, and wrapped at word boundaries only.
// Regenerate a golden after a deliberate change: COLUMNS=80 NO_COLOR=1 node ../dist/cli.js . > ../test/report/golden/... (in examples/)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../examples', import.meta.url));
const golden = (name: string): string => fs.readFileSync(new URL(`./golden/${name}`, import.meta.url), 'utf8');

function cli(args: string[], env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const key of ['FORCE_COLOR', 'COLUMNS']) delete base[key];
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: EXAMPLES, env: { ...base, ...env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonFinding {
  message: string;
  help: string | null;
  fix?: object;
}

describe('stylish at a fixed width', () => {
  it('matches the golden output at 80 columns, and exits 1 on the broken examples', () => {
    const r = cli(['.'], { COLUMNS: '80' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(golden('examples-stylish-80.txt'));
  });

  it('codeframe with --explain: the source line, a caret under the value, help and the related locations', () => {
    const r = cli(['--format', 'codeframe', '--explain', 'cloudformation'], { COLUMNS: '80' });
    expect(r.stdout).toBe(golden('examples-codeframe-explain-80.txt'));
  });

  it('without COLUMNS or a terminal, one line per finding as before, plus its help line', () => {
    const lines = cli(['cloudformation'], {}).stdout.split('\n');
    const first = lines.findIndex((l) => /^\s+28:27\s/.test(l));
    expect(lines[first]).toMatch(/^ {2}28:27 {2}error {4}IamInstanceProfile is given role "web-role" \(WebRole\); EC2 needs an instance profile \(fixable\) +role-as-instance-profile$/);
    expect(lines[first + 1]).toBe('                  help: add an AWS::IAM::InstanceProfile with Roles: [!Ref WebRole] and reference it');
  });

  it.each([50, 80, 100, 140])('at %i columns no line is wider unless it is one word, and no word is split', (width) => {
    const out = cli(['.'], { COLUMNS: String(width) }).stdout;
    // File names and the summary are printed whole, as ESLint prints them.
    for (const line of out.split('\n').filter((l) => l.startsWith('    ') || /^ {2}\d/.test(l))) {
      // Only a word longer than the room left for it may overflow: then it stands alone on its line.
      if (line.length > width) expect(line, `wider than ${width}`).toMatch(/^\s*(?:(?:help|note):\s+)?\S+$/);
    }
    // Every word of every message and help line appears whole, in order.
    const { findings } = JSON.parse(cli(['--format', 'json', '.'], {}).stdout) as { findings: JsonFinding[] };
    const words = out.split(/\s+/).filter(Boolean);
    let at = 0;
    for (const f of findings) {
      for (const word of `${f.message}${f.fix ? ' (fixable)' : ''} help: ${f.help ?? ''}`.split(/\s+/).filter(Boolean)) {
        if (word === 'help:' && !f.help) continue;
        const next = words.indexOf(word, at);
        expect(next, `"${word}" of "${f.message}" at ${width} columns`).toBeGreaterThanOrEqual(0);
        at = next + 1;
      }
    }
  });
});

describe('--explain in stylish', () => {
  it('prints the chain of places the value came through as notes under the finding; without it, none', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ipl-explain-'));
    try {
      fs.writeFileSync(path.join(root, 'variables.tf'), 'variable "profile" {\n  default = "web-role"\n}\n');
      fs.writeFileSync(path.join(root, 'locals.tf'), 'locals {\n  profile = var.profile\n}\n');
      fs.writeFileSync(
        path.join(root, 'main.tf'),
        'resource "aws_iam_role" "web" {\n  name = "web-role"\n}\n\nresource "aws_instance" "web" {\n  ami                  = "ami-12345678"\n  iam_instance_profile = local.profile\n  metadata_options {\n    http_tokens = "required"\n  }\n}\n',
      );
      const run = (args: string[]): string => spawnSync(process.execPath, [BIN, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1', COLUMNS: '200' }, encoding: 'utf8' }).stdout;
      const plain = run(['.']);
      expect(plain).toMatch(/^ {2}7:26 +\S+ +iam_instance_profile is given/m);
      expect(plain).not.toMatch(/note:/);
      const explained = run(['--explain', '.']).split('\n');
      const notes = explained.filter((l) => l.trimStart().startsWith('note:')).map((l) => l.trim());
      expect(notes).toEqual(expect.arrayContaining([expect.stringMatching(/^note: locals\.tf:2:\d+: /), expect.stringMatching(/^note: variables\.tf:2:\d+: /)]));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
