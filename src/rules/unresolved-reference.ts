import { closest } from '../graph/queries/describe.js';
import type { Rule } from '../shared/rule.js';

export const unresolvedReference: Rule = {
  id: 'unresolved-reference',
  severity: 'error',
  summary: 'A reference names a resource, parameter or variable that does not exist',
  docs: {
    what: 'Flags `Ref`, `Fn::GetAtt` and `Fn::Sub` variables naming a logical id or parameter that the template does not declare, and Terraform references to resources, data sources or variables that the module does not declare.',
    why: 'The template or configuration is rejected before anything is deployed ("Template format error: Unresolved resource dependencies", "Reference to undeclared resource"). A typo in a role or profile reference is the usual cause.',
    fix: 'Correct the name, or declare the missing resource or parameter.',
    bad: {
      cloudformation: `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
  AppProfile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [!Ref AppRole]
  Instance:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      InstanceType: t3.micro
      IamInstanceProfile: !Ref AppProfil   # typo: no resource or parameter of that name
      MetadataOptions:
        HttpTokens: required`,
      terraform: `resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_instance_profile" "app" {
  name = aws_iam_role.app.name
  role = aws_iam_role.app.name
}

resource "aws_instance" "app" {
  ami                  = "ami-12345678"
  instance_type        = "t3.micro"
  iam_instance_profile = aws_iam_instance_profile.ap.name # typo: no resource of that name

  metadata_options {
    http_tokens = "required"
  }
}`,
    },
    good: {
      cloudformation: `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
  AppProfile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [!Ref AppRole]
  Instance:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      InstanceType: t3.micro
      IamInstanceProfile: !Ref AppProfile
      MetadataOptions:
        HttpTokens: required`,
      terraform: `resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_instance_profile" "app" {
  name = aws_iam_role.app.name
  role = aws_iam_role.app.name
}

resource "aws_instance" "app" {
  ami                  = "ami-12345678"
  instance_type        = "t3.micro"
  iam_instance_profile = aws_iam_instance_profile.app.name

  metadata_options {
    http_tokens = "required"
  }
}`,
    },
  },
  check(graph, report) {
    for (const u of graph.unresolved) {
      const suggestion = u.candidates ? closest(u.name, u.candidates) : undefined;
      report({
        at: u.loc,
        ...(u.resource ? { resource: u.resource } : {}),
        message: `${u.name} is not a declared ${u.expected}`,
        ...(suggestion ? { help: `did you mean ${suggestion}?` } : {}),
      });
    }
  },
};
