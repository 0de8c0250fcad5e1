// The linter reads the project and writes only where asked: no writes elsewhere, no network,
// no evaluation of code, nothing read outside the project through file(), templatefile(),
// module paths or a nested stack's TemplateURL.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';
import { BAD_TF, BAD_YAML, cleanup, expectNoCrash, run, tree } from './helpers.js';

afterEach(cleanup);

const NO_NETWORK = fileURLToPath(new URL('./no-network.mjs', import.meta.url));
const SECRET_TEXT = 'TOP-SECRET-OUTSIDE-THE-PROJECT';

/** Path, size, mtime and content hash of everything under `root`. */
function snapshot(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir).sort()) {
      const abs = path.join(dir, name);
      const info = fs.lstatSync(abs);
      const rel = path.relative(root, abs);
      if (info.isDirectory()) {
        out.push(`${rel}/ ${info.mtimeMs}`);
        walk(abs);
      } else {
        const hash = info.isFile() ? createHash('sha256').update(fs.readFileSync(abs)).digest('hex') : fs.readlinkSync(abs);
        out.push(`${rel} ${info.size} ${info.mtimeMs} ${hash}`);
      }
    }
  };
  walk(root);
  return out;
}

/** A project in `<base>/project` beside a file outside it that the code tries to reach. */
function projectWithOutside(files: Record<string, string>): { base: string; project: string } {
  const base = tree({ 'outside/secret.yaml': `# ${SECRET_TEXT}\nResources:\n  Leak:\n    Type: AWS::IAM::Role\n`, 'outside/secret.txt': SECRET_TEXT, 'outside/mod/main.tf': `# ${SECRET_TEXT}\noutput "x" { value = "${SECRET_TEXT}" }\n` });
  const project = path.join(base, 'project');
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(project, rel)), { recursive: true });
    fs.writeFileSync(path.join(project, rel), text);
  }
  return { base, project };
}

describe('nothing outside the project is read', () => {
  it('file(), templatefile(), a module source and a link inside the module pointing out: unknown, never read', async () => {
    const { project } = projectWithOutside({
      'main.tf': `resource "aws_instance" "a" {
  ami       = "ami-1"
  user_data = file("../outside/secret.txt")
}
resource "aws_instance" "b" {
  ami       = "ami-1"
  user_data = templatefile("\${path.module}/../../../../../../../../etc/passwd", {})
}
resource "aws_instance" "c" {
  ami       = "ami-1"
  user_data = file("/etc/passwd")
}
resource "aws_instance" "d" {
  ami       = "ami-1"
  user_data = file("linked.txt")
}
module "outside" {
  source = "../outside/mod"
}
`,
    });
    fs.symlinkSync(path.join(project, '..', 'outside', 'secret.txt'), path.join(project, 'linked.txt'));
    const result = await lint({ paths: ['.'], cwd: project, withGraph: true });
    const read = [...(result.graph?.sources.entries() ?? [])];
    expect(read.map(([file]) => file).sort()).toEqual(['main.tf']);
    expect(read.some(([, text]) => text.includes(SECRET_TEXT) || text.includes('root:x:0:0'))).toBe(false);
    expect(JSON.stringify(result.findings)).not.toContain(SECRET_TEXT);
  });

  it("a nested stack's TemplateURL leaving the working directory is not followed", async () => {
    const { project } = projectWithOutside({
      'parent.yaml': `Resources:
  Child:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ../outside/secret.yaml
  Other:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ../../../../../../../../etc/passwd
  Linked:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ./linked.yaml
`,
    });
    // A link inside the project to a template outside it: not followed either.
    fs.symlinkSync(path.join(project, '..', 'outside', 'secret.yaml'), path.join(project, 'linked.yaml'));
    const result = await lint({ paths: ['parent.yaml'], cwd: project, withGraph: true });
    expect([...(result.graph?.sources.keys() ?? [])]).toEqual(['parent.yaml']);
    expect(result.graph?.resources.some((r) => r.address.includes('Leak'))).toBe(false);
  });
});

describe('no writes, no network, no evaluation', () => {
  it('a run writes nothing in the project (or its home) but the requested output file', () => {
    const root = tree({ 'a.yaml': BAD_YAML, 'tf/main.tf': BAD_TF, '.iam-profile-lint.yaml': 'rules: {}\n' });
    const before = snapshot(root);
    for (const format of ['stylish', 'json', 'sarif', 'junit']) expectNoCrash(run(root, ['--format', format, '.'], { env: { HOME: root } }));
    expect(snapshot(root)).toEqual(before);
    // A report's folder must exist (a typo is an error, not a new folder).
    fs.mkdirSync(path.join(root, 'out'));
    const withOut = snapshot(root);
    run(root, ['--format', 'sarif', '--output-file', 'out/report.sarif', '.'], { env: { HOME: root } });
    const after = snapshot(root);
    expect(after.filter((l) => !withOut.includes(l)).map((l) => l.split(' ')[0])).toEqual(['out/', 'out/report.sarif']);
  });

  it('no network connection or name lookup is attempted, even for remote module sources and template URLs', () => {
    const root = tree({
      'main.tf': `${BAD_TF}\nmodule "remote" {\n  source = "git::https://example.com/mod.git?ref=v1"\n}\nmodule "registry" {\n  source  = "terraform-aws-modules/iam/aws"\n  version = "5.0.0"\n}\n`,
      'stack.yaml': `Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: https://example.com/child.yaml\n`,
    });
    const r = run(root, ['--format', 'compact', '.'], { node: ['--import', NO_NETWORK] });
    expect(r.stderr).not.toMatch(/NETWORK-ATTEMPT/);
    expect(r.status).toBe(1);
  });

  it('the source never evaluates code: no eval, Function, vm or child processes', () => {
    const src = path.resolve(import.meta.dirname, '..', '..', 'src');
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const name of fs.readdirSync(dir)) {
        const abs = path.join(dir, name);
        if (fs.statSync(abs).isDirectory()) walk(abs);
        else if (name.endsWith('.ts')) {
          const text = fs.readFileSync(abs, 'utf8');
          for (const pattern of [/\beval\s*\(/, /\bnew Function\s*\(/, /'node:vm'/, /'node:child_process'/, /\bchild_process\b/, /require\(/]) {
            if (pattern.test(text)) offenders.push(`${path.relative(src, abs)}: ${pattern}`);
          }
        }
      }
    };
    walk(src);
    expect(offenders).toEqual([]);
  });
});
