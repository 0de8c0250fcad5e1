# The Terraform twin of examples/cloudformation/web-stack.yaml.

data "aws_caller_identity" "current" {}

data "aws_ssm_parameter" "ami" {
  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
}

resource "aws_iam_role" "web" {
  name                = "web-role"
  assume_role_policy  = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"]
}

# Broken: EC2 cannot take a role. "Invalid IAM Instance Profile name".
resource "aws_instance" "web" {
  ami                  = data.aws_ssm_parameter.ami.value
  instance_type        = "t3.micro"
  iam_instance_profile = aws_iam_role.web.name
}

resource "aws_iam_role" "worker" {
  name = "worker-role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_instance_profile" "worker" {
  name = aws_iam_role.worker.name
  role = aws_iam_role.worker.name
}

# Works by coincidence: same name, and no dependency on the profile.
resource "aws_instance" "worker" {
  metadata_options {
    http_tokens = "required"
  }
  ami                  = data.aws_ssm_parameter.ami.value
  instance_type        = "t3.micro"
  iam_instance_profile = aws_iam_role.worker.name
}

# Right: reference the profile itself.
resource "aws_instance" "batch_host" {
  metadata_options {
    http_tokens = "required"
  }
  ami                  = data.aws_ssm_parameter.ami.value
  instance_type        = "t3.micro"
  iam_instance_profile = aws_iam_instance_profile.worker.name
}

# Trusts every principal of this account, not the one deployer that needs it.
resource "aws_iam_role" "deploy" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "sts:AssumeRole"
    }]
  })
}
