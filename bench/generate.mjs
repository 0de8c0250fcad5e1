// A seeded generator of a large repository: CloudFormation (YAML and JSON,
// cross-stack Fn::ImportValue, nested stacks) and Terraform (modules calling
// child modules, locals, for_each, policy documents), in the corpus's mix of
// bytes (about 27% YAML, 16% JSON, 57% HCL). The same seed and scale give the
// same bytes on every run, so timings of two versions compare like for like.
//
//   node bench/generate.mjs <dir> [--scale 1] [--seed 7]
//
// Scale 1 is about 13 MB, the size of the corpus's IaC files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const BYTES_PER_SCALE = 13_000_000;

/** mulberry32: small, fast, and the same sequence everywhere. */
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

const SERVICES = ['ec2', 'lambda', 'ecs-tasks', 'eks', 'batch', 'glue', 'ssm', 'states'];
const TYPES = ['t3.micro', 't3.large', 'm5.xlarge', 'c6g.medium'];

function trustYaml(service, indent) {
  const p = ' '.repeat(indent);
  return [
    `${p}Version: '2012-10-17'`,
    `${p}Statement:`,
    `${p}  - Effect: Allow`,
    `${p}    Principal:`,
    `${p}      Service: !Sub '${service}.\${AWS::URLSuffix}'`,
    `${p}    Action: sts:AssumeRole`,
  ].join('\n');
}

/** One YAML template with `n` role/profile/instance triples; exports its first profile. */
function yamlTemplate(r, group, n, nested) {
  const out = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    `Description: Generated stack ${group} (seeded) # comment`,
    'Parameters:',
    '  Env:',
    '    Type: String',
    '    Default: prod',
    '    AllowedValues: [dev, staging, prod]',
    'Conditions:',
    "  IsProd: !Equals [!Ref Env, 'prod']",
    'Mappings:',
    '  Sizes:',
    ...TYPES.map((t, i) => `    S${i}:\n      Type: ${t}`),
    'Resources:',
  ];
  for (let i = 0; i < n; i++) {
    const service = SERVICES[Math.floor(r() * SERVICES.length)];
    out.push(
      `  Role${i}:`,
      '    Type: AWS::IAM::Role',
      '    Properties:',
      `      RoleName: !Sub '${group}-role-${i}-\${Env}'`,
      '      MaxSessionDuration: 3600',
      '      AssumeRolePolicyDocument:',
      trustYaml(i % 5 === 0 ? service : 'ec2', 8),
      '      ManagedPolicyArns:',
      "        - !Sub 'arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedInstanceCore'",
      '      Policies:',
      `        - PolicyName: inline-${i}`,
      '          PolicyDocument:',
      "            Version: '2012-10-17'",
      '            Statement:',
      '              - Effect: Allow',
      '                Action: [s3:GetObject, s3:ListBucket]',
      `                Resource: !Sub 'arn:\${AWS::Partition}:s3:::${group}-bucket-${i}/*'`,
      `  Profile${i}:`,
      '    Type: AWS::IAM::InstanceProfile',
      '    Properties:',
      `      Roles: [!Ref Role${i}]`,
      `  Instance${i}:`,
      '    Type: AWS::EC2::Instance',
      '    Condition: IsProd',
      '    Properties:',
      `      InstanceType: !FindInMap [Sizes, S${i % TYPES.length}, Type]`,
      `      IamInstanceProfile: !Ref ${i % 7 === 3 ? `Role${i}` : `Profile${i}`}`,
      '      MetadataOptions:',
      '        HttpTokens: required',
      '      UserData:',
      '        Fn::Base64: !Sub |',
      '          #!/bin/bash',
      `          echo "stack \${AWS::StackName} instance ${i}" > /etc/motd`,
      '      Tags:',
      '        - Key: Name',
      `          Value: !Join ['-', [${group}, !Ref Env, '${i}']]`,
    );
  }
  if (nested) {
    out.push(
      '  Child:',
      '    Type: AWS::CloudFormation::Stack',
      '    Properties:',
      `      TemplateURL: ./${group}-child.yaml`,
      '      Parameters:',
      '        ProfileName: !Ref Profile0',
      '  ChildInstance:',
      '    Type: AWS::EC2::Instance',
      '    Properties:',
      '      IamInstanceProfile: !GetAtt Child.Outputs.ProfileName',
      '      MetadataOptions: { HttpTokens: required }',
    );
  }
  out.push('Outputs:', '  ProfileName:', '    Value: !Ref Profile0', '    Export:', `      Name: ${group}-profile`);
  return out.join('\n') + '\n';
}

function childTemplate() {
  return [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Parameters:',
    '  ProfileName: { Type: String }',
    'Resources:',
    '  Launch:',
    '    Type: AWS::EC2::LaunchTemplate',
    '    Properties:',
    '      LaunchTemplateData:',
    '        IamInstanceProfile: { Name: !Ref ProfileName }',
    '        MetadataOptions: { HttpTokens: required }',
    'Outputs:',
    '  ProfileName:',
    '    Value: !Ref ProfileName',
    '',
  ].join('\n');
}

/** A JSON template importing the YAML group's exported profile. */
function jsonTemplate(r, group, n) {
  const resources = {};
  for (let i = 0; i < n; i++) {
    const service = SERVICES[Math.floor(r() * SERVICES.length)];
    resources[`Role${i}`] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: [`${i % 5 === 0 ? service : 'ec2'}.amazonaws.com`] }, Action: ['sts:AssumeRole'] }],
        },
        Path: '/',
        Tags: [{ Key: 'Team', Value: { 'Fn::Sub': '${AWS::StackName}-team' } }],
      },
    };
    resources[`Profile${i}`] = { Type: 'AWS::IAM::InstanceProfile', Properties: { Path: '/', Roles: [{ Ref: `Role${i}` }] } };
    resources[`Instance${i}`] = {
      Type: 'AWS::EC2::Instance',
      Properties: {
        ImageId: 'ami-0123456789abcdef0',
        IamInstanceProfile: i % 2 ? { 'Fn::ImportValue': `${group}-profile` } : { Ref: `Profile${i}` },
        MetadataOptions: { HttpTokens: 'required' },
      },
    };
  }
  return JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }, null, 2) + '\n';
}

function terraformModule(r, name, n) {
  const out = [
    `variable "name" {\n  type    = string\n  default = "${name}"\n}\n`,
    'variable "services" {\n  type    = list(string)\n  default = ["ec2.amazonaws.com"]\n}\n',
    `locals {\n  prefix = "\${var.name}-\${terraform.workspace}"\n  tags   = { Module = "${name}", Count = ${n} }\n}\n`,
  ];
  for (let i = 0; i < n; i++) {
    const service = SERVICES[Math.floor(r() * SERVICES.length)];
    out.push(
      `data "aws_iam_policy_document" "assume_${i}" {`,
      '  statement {',
      '    actions = ["sts:AssumeRole"]',
      '    principals {',
      '      type        = "Service"',
      `      identifiers = ${i % 2 ? 'var.services' : `["${i % 5 === 0 ? service : 'ec2'}.amazonaws.com"]`}`,
      '    }',
      '  }',
      '}',
      '',
      `resource "aws_iam_role" "r${i}" {`,
      `  name               = "\${local.prefix}-r${i}"`,
      `  assume_role_policy = data.aws_iam_policy_document.assume_${i}.json`,
      '  tags               = merge(local.tags, { Index = "' + i + '" })',
      '}',
      '',
      `resource "aws_iam_role_policy" "p${i}" {`,
      `  role = aws_iam_role.r${i}.id`,
      '  policy = jsonencode({',
      '    Version   = "2012-10-17"',
      '    Statement = [for a in ["s3:GetObject", "s3:PutObject"] : { Effect = "Allow", Action = a, Resource = "*" }]',
      '  })',
      '}',
      '',
      `resource "aws_iam_instance_profile" "ip${i}" {`,
      `  name = "\${local.prefix}-ip${i}"`,
      `  role = aws_iam_role.r${i}.name`,
      '}',
      '',
      `resource "aws_instance" "i${i}" {`,
      `  count                = var.name == "" ? 0 : 1`,
      '  ami                  = "ami-0123456789abcdef0"',
      `  instance_type        = "${TYPES[i % TYPES.length]}"`,
      `  iam_instance_profile = ${i % 9 === 4 ? `aws_iam_role.r${i}.name` : `aws_iam_instance_profile.ip${i}.name`}`,
      '  metadata_options {',
      '    http_tokens = "required"',
      '  }',
      '  user_data = <<-EOT',
      '    #!/bin/bash',
      `    echo "\${local.prefix} ${i}" > /etc/motd`,
      '  EOT',
      '}',
      '',
    );
  }
  out.push('output "profile_name" {', '  value = aws_iam_instance_profile.ip0.name', '}', '');
  return out.join('\n');
}

function rootModule(name, moduleNames) {
  const calls = moduleNames.map(
    (m, i) => `module "${m}_${i}" {\n  source   = "../../modules/${m}"\n  name     = "${name}-${i}"\n  services = ["ec2.amazonaws.com"]\n}\n`,
  );
  const uses = moduleNames.map(
    (m, i) =>
      `resource "aws_launch_template" "lt${i}" {\n  name = "${name}-lt${i}"\n  iam_instance_profile {\n    name = module.${m}_${i}.profile_name\n  }\n  metadata_options {\n    http_tokens = "required"\n  }\n}\n`,
  );
  return [...calls, ...uses].join('\n');
}

/** Writes the repository under `dir`; returns its file and byte counts. */
export function generate(dir, { scale = 1, seed = 7 } = {}) {
  const r = rng(seed);
  const target = scale * BYTES_PER_SCALE;
  const counts = { files: 0, bytes: 0, resources: 0, yaml: 0, json: 0, hcl: 0 };
  const write = (rel, text, kind) => {
    const file = join(dir, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    const n = Buffer.byteLength(text);
    counts.files++;
    counts.bytes += n;
    counts[kind] += n;
  };
  const modules = [];
  for (let g = 0; counts.bytes < target; g++) {
    const group = `g${g}`;
    // Keep the corpus's mix: each language gets its share of the bytes written so far.
    // Declared resources (what the templates and modules name), not the graph's count.
    if (counts.yaml < 0.27 * counts.bytes + 1) {
      const n = 10 + Math.floor(r() * 40);
      write(`cloudformation/${group}/${group}-app.yaml`, yamlTemplate(r, group, n, g % 3 === 0), 'yaml');
      counts.resources += 3 * n;
      if (g % 3 === 0) {
        write(`cloudformation/${group}/${group}-child.yaml`, childTemplate(), 'yaml');
        counts.resources += 3;
      }
    }
    if (counts.json < 0.16 * counts.bytes + 1) {
      const n = 5 + Math.floor(r() * 20);
      write(`cloudformation/${group}/${group}-import.json`, jsonTemplate(r, group, n), 'json');
      counts.resources += 3 * n;
    }
    if (counts.hcl < 0.57 * counts.bytes + 1) {
      const m = `m${g}`;
      const n = 5 + Math.floor(r() * 25);
      modules.push(m);
      write(`terraform/modules/${m}/main.tf`, terraformModule(r, m, n), 'hcl');
      counts.resources += 4 * n;
      if (g % 4 === 3) {
        write(`terraform/envs/${group}/main.tf`, rootModule(group, modules.slice(-4)), 'hcl');
        counts.resources += 4;
      }
    }
  }
  return counts;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    return i < 0 ? fallback : Number(args[i + 1]);
  };
  const dir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  if (!dir) {
    console.error('usage: node bench/generate.mjs <dir> [--scale 1] [--seed 7]');
    process.exit(2);
  }
  console.log(generate(dir, { scale: opt('--scale', 1), seed: opt('--seed', 7) }));
}
