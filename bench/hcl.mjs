// Single-core throughput of our HCL parser on the corpus's .tf files and on a
// large generated module, beside @cdktf/hcl2json (HashiCorp's parser as
// WebAssembly) on the same bytes in the same run. Figures only.
// Build first: npm run build && node bench/hcl.mjs
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHcl } from '../dist/parsers/hcl/index.js';

const CORPUS = fileURLToPath(new URL('../../shared/corpus', import.meta.url));

function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.name.endsWith('.tf')) out.push(path);
  }
  return out;
}

/** Deterministic PRNG (mulberry32) so the generated module is the same on every run. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Terraform of roughly `bytes` bytes using every common construct. */
function generateTerraform(bytes, seed) {
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const services = ['ec2', 'lambda', 'ecs-tasks', 'eks', 'batch', 'glue'];
  const parts = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const svc = pick(services);
    const chunk = `
variable "name_${i}" {
  type        = string
  description = "Name prefix for role ${i}"
  default     = "app-${i}"
}

locals {
  tags_${i} = merge(var.tags, { Name = "\${var.name_${i}}-role", Index = ${i}, Enabled = ${r() < 0.5} })
  arns_${i} = [for s in var.subnets : "arn:aws:ec2:\${var.region}:\${data.aws_caller_identity.current.account_id}:subnet/\${s}" if s != ""]
}

resource "aws_iam_role" "role_${i}" {
  name               = "\${var.name_${i}}-\${count.index}"
  count              = var.enabled ? ${1 + Math.floor(r() * 3)} : 0
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "${svc}.amazonaws.com" }
      Action    = ["sts:AssumeRole"]
      Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
    }]
  })
  tags = local.tags_${i}
}

resource "aws_iam_instance_profile" "profile_${i}" {
  name = aws_iam_role.role_${i}[0].name
  role = aws_iam_role.role_${i}[*].name[0]
}

data "aws_iam_policy_document" "doc_${i}" {
  dynamic "statement" {
    for_each = { for k, v in var.statements : k => v if v.enabled }
    content {
      sid       = statement.key
      actions   = statement.value.actions
      resources = length(statement.value.resources) > 0 ? statement.value.resources : ["*"]
    }
  }
}

resource "aws_instance" "vm_${i}" {
  ami                  = data.aws_ami.al2.id
  instance_type        = lookup(var.sizes, "${pick(['small', 'medium', 'large'])}", "t3.micro")
  iam_instance_profile = aws_iam_instance_profile.profile_${i}.name
  user_data = <<-EOT
    #!/bin/bash
    echo "role \${aws_iam_role.role_${i}[0].arn}" >> /var/log/boot.log
    %{ for p in var.packages ~}
    yum install -y \${p}
    %{ endfor ~}
  EOT
  metadata_options {
    http_tokens   = "required"
    http_endpoint = "enabled"
  }
}
`;
    parts.push(chunk);
    size += chunk.length;
  }
  return parts.join('');
}

function mb(texts) {
  return texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1e6;
}

/** Best of `runs` timed passes after a warm-up pass, in MB/s. */
function timeOurs(texts, runs) {
  const size = mb(texts);
  for (const t of texts) parseHcl(t, 'bench.tf');
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    for (const t of texts) parseHcl(t, 'bench.tf');
    best = Math.min(best, performance.now() - start);
  }
  return size / (best / 1000);
}

async function timeHcl2json(hcl2json, texts) {
  const size = mb(texts);
  await hcl2json('warmup.tf', texts[0]);
  const start = performance.now();
  for (const t of texts) {
    try {
      await hcl2json('bench.tf', t);
    } catch {
      // A file it rejects still cost the time to find out.
    }
  }
  return size / ((performance.now() - start) / 1000);
}

function line(label, texts, ours, theirs) {
  const ratio = (ours / theirs).toFixed(0);
  console.log(`${label.padEnd(34)} ${mb(texts).toFixed(2).padStart(6)} MB   ours ${ours.toFixed(1).padStart(6)} MB/s   hcl2json ${theirs.toFixed(2).padStart(6)} MB/s   (x${ratio})`);
}

const corpus = existsSync(CORPUS) ? walk(CORPUS).sort().map((f) => readFileSync(f, 'utf8')) : [];
if (corpus.length === 0) console.log(`no corpus at ${CORPUS}`);
// A module is a directory: 40 files of 50 kB. The same 2 MB as one file shows the cost of a single huge tree (GC).
const moduleFiles = Array.from({ length: 40 }, (_, i) => generateTerraform(50_000, 20240601 + i));
const bigFile = [moduleFiles.join('\n')];
const inputs = [
  [`corpus (${corpus.length} .tf files)`, corpus],
  ['generated module (40 files)', moduleFiles],
  ['generated module as one 2 MB file', bigFile],
].filter(([, texts]) => texts.length > 0);

// Ours first: loading hcl2json starts its WebAssembly runtime, which would compete for the CPU.
const ours = inputs.map(([, texts]) => timeOurs(texts, 5));
const require = createRequire(import.meta.url);
const { parse: hcl2json } = require('@cdktf/hcl2json');
console.log(`node ${process.version}, one thread; best of 5 passes for ours, one pass for hcl2json`);
for (let i = 0; i < inputs.length; i++) {
  const [label, texts] = inputs[i];
  line(label, texts, ours[i], await timeHcl2json(hcl2json, texts));
}
process.exit(0);
