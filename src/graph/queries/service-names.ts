import type { Resource } from '../types.js';
import { table } from '../../shared/own.js';

/** Terraform type prefixes and the service a user knows them by. */
const terraformServices: Record<string, string> = table({
  apprunner: 'App Runner',
  appstream: 'AppStream',
  batch: 'Batch',
  cloudwatch: 'CloudWatch',
  codebuild: 'CodeBuild',
  codedeploy: 'CodeDeploy',
  codepipeline: 'CodePipeline',
  db: 'RDS',
  ecs: 'ECS',
  eks: 'EKS',
  elastic: 'Elastic Beanstalk',
  emr: 'EMR',
  flow: 'VPC Flow Logs',
  gamelift: 'GameLift',
  glue: 'Glue',
  iam: 'IAM',
  imagebuilder: 'Image Builder',
  instance: 'EC2',
  lambda: 'Lambda',
  launch: 'EC2',
  opsworks: 'OpsWorks',
  sagemaker: 'SageMaker',
  sfn: 'Step Functions',
  spot: 'EC2',
  ssm: 'SSM',
});

/** SAM's types stand for the service they become. */
const samServices: Record<string, string> = table({
  'AWS::Serverless::Function': 'Lambda',
  'AWS::Serverless::StateMachine': 'Step Functions',
  'AWS::Serverless::Api': 'API Gateway',
  'AWS::Serverless::HttpApi': 'API Gateway',
});

/** The AWS service a resource belongs to, for messages: `ECS`, `Lambda`. */
export function serviceName(resource: Resource): string {
  if (resource.iac === 'cloudformation') return samServices[resource.type] ?? resource.type.split('::')[1] ?? resource.type;
  const token = resource.type.replace(/^aws_/, '').split('_')[0];
  return terraformServices[token] ?? resource.type;
}
