/**
 * Roles that AWS tooling creates outside templates (shared/aws/semantics.md
 * §E): `aws emr create-default-roles`, the ECS/Batch console first run,
 * Data Pipeline, Spot Fleet, Elastic Beanstalk's default instance role, SSM
 * Quick Setup, Cloud9, the AWS Academy Learner Lab accounts' `LabRole`.
 */
export const builtinKnownRoles: readonly string[] = [
  'EMR_EC2_DefaultRole',
  'EMR_DefaultRole',
  'ecsInstanceRole',
  'DataPipelineDefaultRole',
  'DataPipelineDefaultResourceRole',
  'AWSBatchServiceRole',
  'AmazonEC2SpotFleetRole',
  'aws-elasticbeanstalk-ec2-role',
  'AmazonSSMRoleForInstancesQuickSetup',
  'AWSCloud9SSMAccessRole',
  'LabRole',
];
