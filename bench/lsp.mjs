// Language server latency and memory: `iam-profile-lint --lsp` driven over stdio by vscode-jsonrpc.
//
//   node bench/lsp.mjs [--keystrokes 60] [--edits 5000]     (npm run bench runs it last; --no-lsp skips it there)
//
// Keystroke to diagnostics: the time from sending one incremental didChange
// (a character typed into a comment) to receiving publishDiagnostics for that
// version, the next keystroke sent once they arrive; medians and p95 for a
// small template, a 200-resource template, and a Terraform module calling a
// local module. Measured with the debounce at 0 (the server's own latency) and
// at its default (what a user waits after the last keystroke). Memory: the
// server's RSS after opening, and after --edits edits (a diagnostics round
// trip every 10th edit, the rest typed in bursts), from /proc.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { median } from './measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// What `iam-profile-lint` runs: the package's bin.
const CLI = join(ROOT, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).bin['iam-profile-lint']);
const { DEFAULT_DEBOUNCE_MS } = await import('../dist/lsp/settings.js');

const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
const uri = (file) => pathToFileURL(file).href;

/** A server for one workspace, with a promise per awaited (uri, version). */
async function startServer(root, initializationOptions) {
  const proc = spawn(process.execPath, [CLI, '--lsp'], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const waiting = new Map();
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    const key = `${p.uri}@${p.version}`;
    waiting.get(key)?.(p.diagnostics);
    waiting.delete(key);
  });
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: uri(root), workspaceFolders: [{ uri: uri(root), name: 'bench' }], capabilities: {}, initializationOptions });
  await conn.sendNotification('initialized', {});
  const published = (file, version) => new Promise((resolve) => waiting.set(`${uri(file)}@${version}`, resolve));
  const rssMB = () => {
    const status = readFileSync(`/proc/${proc.pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  };
  const stop = async () => {
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
    await new Promise((resolve) => proc.on('exit', resolve));
    conn.dispose();
  };
  return { conn, published, rssMB, stop };
}

/** Opens `file`, then types `keystrokes` characters at the end of a comment, each awaited. */
async function keystrokes(root, file, count, debounceMs) {
  const server = await startServer(root, { debounceMs });
  let text = readFileSync(file, 'utf8');
  let version = 1;
  const opened = server.published(file, version);
  await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(file), languageId: 'plaintext', version, text } });
  const first = await opened;
  // The comment to type into: a last line of its own.
  text += '# typing';
  version++;
  let ready = server.published(file, version);
  await server.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(file), version }, contentChanges: [{ text }] });
  await ready;
  const times = [];
  for (let i = 0; i < count; i++) {
    const lines = text.split('\n');
    const at = { line: lines.length - 1, character: lines[lines.length - 1].length };
    text += 'x';
    version++;
    ready = server.published(file, version);
    const start = performance.now();
    await server.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(file), version }, contentChanges: [{ range: { start: at, end: at }, text: 'x' }] });
    await ready;
    times.push(performance.now() - start);
  }
  await server.stop();
  return { times, findings: first.length };
}

/** RSS after opening, then after `edits` edits of the small template. */
async function memory(root, file, edits) {
  const server = await startServer(root, { debounceMs: 0 });
  let text = `${readFileSync(file, 'utf8')}# `;
  let version = 1;
  const opened = server.published(file, version);
  await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(file), languageId: 'yaml', version, text } });
  await opened;
  const before = server.rssMB();
  const checkpoints = [];
  for (let i = 0; i < edits; i++) {
    if (i > 0 && i % 1000 === 0) checkpoints.push([i, server.rssMB().rss]);
    text += String.fromCharCode(97 + (i % 26));
    version++;
    const ready = i % 10 === 9 || i === edits - 1 ? server.published(file, version) : undefined;
    await server.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(file), version }, contentChanges: [{ text }] });
    if (ready) await ready;
  }
  const after = server.rssMB();
  await server.stop();
  return { before, after, checkpoints };
}

function template200(dir) {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:'];
  for (let i = 0; i < 100; i++) {
    lines.push(
      `  Role${i}:`,
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal: { Service: ec2.amazonaws.com }',
      '            Action: sts:AssumeRole',
      `  Instance${i}:`,
      '    Type: AWS::EC2::Instance',
      '    Properties:',
      '      ImageId: ami-12345678',
      '      MetadataOptions: { HttpTokens: required }',
      `      IamInstanceProfile: !Ref Role${i}`,
    );
  }
  const file = join(dir, 'large.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function terraformModule(dir) {
  const trust = 'jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })';
  const write = (name, text) => {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  };
  write('tf/modules/iam/main.tf', `variable "name" {\n  type = string\n}\n\nresource "aws_iam_role" "this" {\n  name               = var.name\n  assume_role_policy = ${trust}\n}\n\nresource "aws_iam_instance_profile" "this" {\n  role = aws_iam_role.this.name\n}\n\noutput "role_name" {\n  value = aws_iam_role.this.name\n}\n\noutput "profile_name" {\n  value = aws_iam_instance_profile.this.name\n}\n`);
  write('tf/main.tf', `module "iam" {\n  source = "./modules/iam"\n  name   = "web"\n}\n\nresource "aws_instance" "web" {\n  ami                  = "ami-12345678"\n  iam_instance_profile = module.iam.role_name\n  metadata_options { http_tokens = "required" }\n}\n\nresource "aws_instance" "app" {\n  ami                  = "ami-12345678"\n  iam_instance_profile = module.iam.profile_name\n  metadata_options { http_tokens = "required" }\n}\n`);
  return join(dir, 'tf/main.tf');
}

export async function lspFigures({ keystrokeCount = 60, edits = 5000 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'iam-profile-lint-lsp-'));
  try {
    const small = join(dir, 'web-stack.yaml');
    writeFileSync(small, readFileSync(join(ROOT, 'examples/cloudformation/web-stack.yaml'), 'utf8'));
    const cases = [
      ['small template (examples/cloudformation/web-stack.yaml)', small],
      ['200-resource template', template200(dir)],
      ['Terraform module calling a local module', terraformModule(dir)],
    ];
    console.log(`keystroke → diagnostics, ${keystrokeCount} keystrokes each (ms; median / p95):`);
    for (const [name, file] of cases) {
      const zero = await keystrokes(dir, file, keystrokeCount, 0);
      const deflt = await keystrokes(dir, file, keystrokeCount, DEFAULT_DEBOUNCE_MS);
      const f = (xs) => `${median(xs).toFixed(1)} / ${p95(xs).toFixed(1)}`;
      console.log(`  ${name} (${zero.findings} findings): debounce 0: ${f(zero.times)}; default debounce ${DEFAULT_DEBOUNCE_MS} ms: ${f(deflt.times)}`);
    }
    const m = await memory(dir, small, edits);
    const along = m.checkpoints.map(([n, rss]) => `${rss.toFixed(0)} MB at ${n}`).join(', ');
    console.log(`server memory: RSS ${m.before.rss.toFixed(0)} MB after opening the small template, ${m.after.rss.toFixed(0)} MB after ${edits} edits (peak ${m.after.peak.toFixed(0)} MB; ${along})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
  await lspFigures({ keystrokeCount: opt('--keystrokes', 60), edits: opt('--edits', 5000) });
}
