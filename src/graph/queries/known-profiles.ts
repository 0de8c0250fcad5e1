/**
 * Instance profiles that AWS tooling creates outside templates, under the
 * same name as their role (shared/aws/semantics.md §E): `aws emr
 * create-default-roles`, the ECS/Batch console first run, Data Pipeline,
 * Elastic Beanstalk's default instance profile, SSM Quick Setup, Cloud9,
 * and the AWS Academy Learner Lab accounts (`LabInstanceProfile` holding
 * `LabRole`, made for every lab; students cannot create IAM roles there).
 */
export const builtinKnownInstanceProfiles: readonly string[] = [
  'EMR_EC2_DefaultRole',
  'ecsInstanceRole',
  'DataPipelineDefaultResourceRole',
  'aws-elasticbeanstalk-ec2-role',
  'AmazonSSMRoleForInstancesQuickSetup',
  'AWSCloud9SSMInstanceProfile',
  'LabInstanceProfile',
];
