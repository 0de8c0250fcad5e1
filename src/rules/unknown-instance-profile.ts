import { slotLabel } from '../graph/queries/describe.js';
import { profileSlotVerdict } from '../graph/queries/profile-slot.js';
import type { Rule } from '../shared/rule.js';

export const unknownInstanceProfile: Rule = {
  id: 'unknown-instance-profile',
  severity: 'warning',
  summary: 'An instance profile is referenced by a literal name or ARN that nothing analysed defines',
  docs: {
    what: 'Flags a literal instance-profile name or ARN in an instance-profile slot when no instance profile of that name is defined in the analysed files, is a Terraform data source, or is listed in `knownInstanceProfiles`. AWS\'s own default profiles (`EMR_EC2_DefaultRole`, `ecsInstanceRole`, `aws-elasticbeanstalk-ec2-role`, ...) are known by default.',
    why: 'A profile that does not exist fails the deploy with "Invalid IAM Instance Profile name". A literal name also hides the dependency: nothing guarantees the profile exists in every account and region the code is deployed to.',
    fix: 'Define the instance profile in the code and reference it, or, when it is made elsewhere on purpose, add its name to `knownInstanceProfiles` in `.iam-profile-lint.yaml`.',
    bad: {
      cloudformation: `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Instance:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      InstanceType: t3.micro
      IamInstanceProfile: app-profile   # defined in no template and not a known profile
      MetadataOptions:
        HttpTokens: required`,
      terraform: `resource "aws_instance" "app" {
  ami                  = "ami-12345678"
  instance_type        = "t3.micro"
  iam_instance_profile = "app-profile" # defined in no module and not a known profile

  metadata_options {
    http_tokens = "required"
  }
}`,
    },
    good: {
      cloudformation: `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  InstanceProfileName:
    Type: String
    Description: Instance profile made by the shared IAM stack
Resources:
  Instance:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      InstanceType: t3.micro
      IamInstanceProfile: !Ref InstanceProfileName
      MetadataOptions:
        HttpTokens: required`,
      terraform: `# The profile is made by another configuration: look it up, so a missing one fails the plan.
data "aws_iam_instance_profile" "app" {
  name = "app-profile"
}

resource "aws_instance" "app" {
  ami                  = "ami-12345678"
  instance_type        = "t3.micro"
  iam_instance_profile = data.aws_iam_instance_profile.app.name

  metadata_options {
    http_tokens = "required"
  }
}`,
    },
  },
  check(graph, report, options) {
    for (const use of graph.slots) {
      if (use.slot.expects !== 'instance-profile') continue;
      const v = profileSlotVerdict(use, graph, options);
      if (v.verdict !== 'undefined-profile') continue;
      report({
        at: use.value,
        resource: use.resource,
        message: `${slotLabel(use.slot)} names instance profile "${v.name}", which no analysed file defines`,
        help: 'define it and reference it, or add it to knownInstanceProfiles if it is made elsewhere',
      });
    }
  },
};
