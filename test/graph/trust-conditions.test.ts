/**
 * What the graph keeps of trust-policy conditions for the OIDC rule: computed
 * keys (`"${local.issuer}:sub"`) stay readable beside the unknown, `Fn::Sub`
 * JSON documents are parsed, and `trimprefix`/`trimsuffix` evaluate.
 */
import { describe, expect, it } from 'vitest';
import { buildCloudFormation } from '../../src/graph/cloudformation/index.js';
import { trustPolicy } from '../../src/graph/policy.js';
import { stringShape } from '../../src/graph/queries/strings.js';
import { createGraph } from '../../src/graph/graph.js';
import { parseCloudFormation } from '../../src/parsers/cloudformation.js';
import { build, prop, resource, span } from './terraform-helpers.js';

const emptyGraph = createGraph({ resources: [], unresolved: [], parseDiagnostics: [], sources: new Map() });

describe('computed condition keys', () => {
  it('jsonencode keeps the entries of an object with a computed key, and the policy reads them', () => {
    const r = resource(
      build({
        'main.tf': `variable "issuer" { type = string }
resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/\${var.issuer}" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "\${var.issuer}:sub" = "system:serviceaccount:kube-system:aws-node"
          "sts:RoleSessionName" = "ci"
        }
      }
    }]
  })
}
`,
      }),
      'aws_iam_role.r',
    );
    const op = prop(r, 'assume_role_policy', 'Statement', 0, 'Condition', 'StringEquals');
    expect(op.kind).toBe('unknown');
    const [stmt] = trustPolicy(r.canonical.trustPolicy)!.statements;
    // Other rules still see a condition that may narrow anything.
    expect(stmt.conditionUnknown).toBe(true);
    expect(stmt.conditionUnreadable).toBe(false);
    const computed = stmt.conditions.find((c) => c.keyValue);
    expect(computed && stringShape(computed.keyValue!, emptyGraph)?.text).toBe('\u0000:sub');
    expect(computed && span(computed.keyLoc)).toBe('10:11-10:30');
    expect(stmt.conditions.map((c) => c.key)).toEqual(['sts:RoleSessionName', '\u0000:sub']);
  });

  it('aws_iam_policy_document keeps a condition whose variable is interpolated', () => {
    const r = resource(
      build({
        'main.tf': `variable "issuer" { type = string }
data "aws_iam_policy_document" "t" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/\${var.issuer}"]
    }
    condition {
      test     = "StringLike"
      variable = "\${var.issuer}:sub"
      values   = ["system:serviceaccount:*:*"]
    }
  }
}
resource "aws_iam_role" "r" { assume_role_policy = data.aws_iam_policy_document.t.json }
`,
      }),
      'aws_iam_role.r',
    );
    const [stmt] = trustPolicy(r.canonical.trustPolicy)!.statements;
    expect(stmt.conditionUnreadable).toBe(false);
    expect(stmt.conditions).toHaveLength(1);
    expect(stmt.conditions[0].operator).toBe('StringLike');
    expect(stmt.conditions[0].values.map((v) => (v.kind === 'literal' ? v.value : v.kind))).toEqual(['system:serviceaccount:*:*']);
  });

  it('a computed test (operator) is still unreadable', () => {
    const r = resource(
      build({
        'main.tf': `variable "test" { type = string }
data "aws_iam_policy_document" "t" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    condition {
      test     = var.test
      variable = "gitlab.com:sub"
      values   = ["project_path:acme/*"]
    }
  }
}
resource "aws_iam_role" "r" { assume_role_policy = data.aws_iam_policy_document.t.json }
`,
      }),
      'aws_iam_role.r',
    );
    const [stmt] = trustPolicy(r.canonical.trustPolicy)!.statements;
    expect(stmt.conditionUnreadable).toBe(true);
  });
});

describe('Fn::Sub JSON trust policies', () => {
  it('parses the document, each substituting string a Fn::Sub of its own, positions in the template', () => {
    const text = `Parameters:
  Issuer:
    Type: String
    Default: oidc.eks.eu-west-1.amazonaws.com/id/ABC
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: !Sub |
        {
          "Statement": [{
            "Effect": "Allow",
            "Principal": { "Federated": "arn:aws:iam::\${AWS::AccountId}:oidc-provider/\${Issuer}" },
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": { "StringEquals": { "\${Issuer}:sub": "system:serviceaccount:\${!Namespace}:app" } }
          }]
        }
`;
    const parsed = parseCloudFormation(text, 't.yaml');
    const built = buildCloudFormation('t.yaml', parsed.root!, text);
    const role = built.resources.find((r) => r.address === 'Role')!;
    const [stmt] = trustPolicy(role.canonical.trustPolicy)!.statements;
    const federated = stmt.principals[0].value;
    expect(stringShape(federated, emptyGraph)?.text).toBe('arn:aws:iam::\u0000:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC');
    expect(federated.loc.range.start.line).toBe(13);
    expect(stmt.conditions[0].key).toBe('${Issuer}:sub');
    // `${!Literal}` is Fn::Sub's escape for a literal `${`.
    expect(stringShape(stmt.conditions[0].values[0], emptyGraph)?.text).toBe('system:serviceaccount:${Namespace}:app');
  });
});

describe('trimprefix and trimsuffix', () => {
  it('remove a known affix once, and leave other strings alone', () => {
    const r = resource(
      build({
        'main.tf': `variable "x" { type = string }
resource "aws_instance" "t" {
  a = trimprefix("repo:acme/app", "repo:")
  b = trimprefix("acme/app", "repo:")
  c = trimsuffix("app.tf.tf", ".tf")
  d = trimprefix(var.x, "repo:")
}
`,
      }),
      'aws_instance.t',
    );
    expect(['a', 'b', 'c'].map((k) => prop(r, k)).map((v) => (v.kind === 'literal' ? v.value : v.kind))).toEqual(['acme/app', 'acme/app', 'app.tf']);
    expect(prop(r, 'd').kind).toBe('unknown');
  });
});
