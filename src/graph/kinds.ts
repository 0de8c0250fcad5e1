import type { CanonicalProp, Iac, Kind } from './types.js';
import { table } from '../shared/own.js';

/**
 * Which IaC type is which canonical kind, and where its canonical properties
 * are written (dot paths into the raw properties). Adding a type is adding a row.
 */
export interface KindRow {
  kind: Kind;
  props: Partial<Record<CanonicalProp, string>>;
  /** Older spellings, read where the current one is not written. */
  legacyProps?: Partial<Record<CanonicalProp, string>>;
}

const cloudformation: Record<string, KindRow> = table({
  'AWS::IAM::Role': {
    kind: 'iam.role',
    props: { name: 'RoleName', trustPolicy: 'AssumeRolePolicyDocument', managedPolicies: 'ManagedPolicyArns', maxSessionDuration: 'MaxSessionDuration' },
  },
  'AWS::IAM::InstanceProfile': { kind: 'iam.instance-profile', props: { name: 'InstanceProfileName', roles: 'Roles' } },
  'AWS::IAM::ManagedPolicy': { kind: 'iam.policy', props: { name: 'ManagedPolicyName', roles: 'Roles', policyDocument: 'PolicyDocument' } },
  'AWS::IAM::Policy': { kind: 'iam.role-policy', props: { name: 'PolicyName', roles: 'Roles', policyDocument: 'PolicyDocument' } },
  'AWS::IAM::RolePolicy': { kind: 'iam.role-policy', props: { name: 'PolicyName', roles: 'RoleName', policyDocument: 'PolicyDocument' } },
  'AWS::IAM::AccessKey': { kind: 'iam.access-key', props: {} },
  'AWS::IAM::OIDCProvider': { kind: 'iam.oidc-provider', props: { oidcUrl: 'Url' } },
  // CDK's OpenIdConnectProvider construct: a custom resource whose Ref is the provider ARN.
  'Custom::AWSCDKOpenIdConnectProvider': { kind: 'iam.oidc-provider', props: { oidcUrl: 'Url' } },
  'AWS::EC2::Instance': {
    kind: 'ec2.instance',
    props: {
      userData: 'UserData',
      launchTemplate: 'LaunchTemplate',
      metadataOptions: 'MetadataOptions',
      httpTokens: 'MetadataOptions.HttpTokens',
      httpEndpoint: 'MetadataOptions.HttpEndpoint',
    },
  },
  'AWS::EC2::LaunchTemplate': {
    kind: 'ec2.launch-template',
    props: {
      name: 'LaunchTemplateName',
      userData: 'LaunchTemplateData.UserData',
      metadataOptions: 'LaunchTemplateData.MetadataOptions',
      httpTokens: 'LaunchTemplateData.MetadataOptions.HttpTokens',
      httpEndpoint: 'LaunchTemplateData.MetadataOptions.HttpEndpoint',
    },
  },
  'AWS::AutoScaling::LaunchConfiguration': {
    kind: 'autoscaling.launch-configuration',
    props: {
      name: 'LaunchConfigurationName',
      userData: 'UserData',
      metadataOptions: 'MetadataOptions',
      httpTokens: 'MetadataOptions.HttpTokens',
      httpEndpoint: 'MetadataOptions.HttpEndpoint',
    },
  },
  'AWS::AutoScaling::AutoScalingGroup': { kind: 'autoscaling.group', props: { launchTemplate: 'LaunchTemplate' } },
  'AWS::ECS::TaskDefinition': {
    kind: 'ecs.task-definition',
    props: { taskRole: 'TaskRoleArn', executionRole: 'ExecutionRoleArn', requiresCompatibilities: 'RequiresCompatibilities' },
  },
  'AWS::ECS::Cluster': { kind: 'ecs.cluster', props: { name: 'ClusterName' } },
  'AWS::ECS::CapacityProvider': { kind: 'ecs.capacity-provider', props: { name: 'Name' } },
  'AWS::EKS::Nodegroup': {
    kind: 'eks.nodegroup',
    props: { launchTemplate: 'LaunchTemplate', launchTemplateId: 'LaunchTemplate.Id', launchTemplateName: 'LaunchTemplate.Name' },
  },
  'AWS::EMR::Cluster': { kind: 'emr.cluster', props: { name: 'Name' } },
});

/** What `aws_instance`, `aws_spot_instance_request` and `aws_launch_configuration` share. */
const instanceProps: KindRow['props'] = {
  userData: 'user_data',
  userDataBase64: 'user_data_base64',
  metadataOptions: 'metadata_options',
  httpTokens: 'metadata_options.http_tokens',
  httpEndpoint: 'metadata_options.http_endpoint',
};

const terraform: Record<string, KindRow> = table({
  aws_iam_role: {
    kind: 'iam.role',
    props: {
      name: 'name',
      namePrefix: 'name_prefix',
      trustPolicy: 'assume_role_policy',
      managedPolicies: 'managed_policy_arns',
      maxSessionDuration: 'max_session_duration',
    },
  },
  // `roles = [...]`: the AWS provider before 3.0 (Terraform 0.11-era code) took the role as a list.
  aws_iam_instance_profile: { kind: 'iam.instance-profile', props: { name: 'name', namePrefix: 'name_prefix', roles: 'role' }, legacyProps: { roles: 'roles' } },
  aws_iam_policy: { kind: 'iam.policy', props: { name: 'name', policyDocument: 'policy' } },
  aws_iam_role_policy: { kind: 'iam.role-policy', props: { name: 'name', roles: 'role', policyDocument: 'policy' } },
  aws_iam_role_policy_attachment: { kind: 'iam.role-policy-attachment', props: { roles: 'role', policyArn: 'policy_arn' } },
  aws_iam_policy_attachment: { kind: 'iam.policy-attachment', props: { name: 'name', roles: 'roles', policyArn: 'policy_arn' } },
  aws_iam_access_key: { kind: 'iam.access-key', props: {} },
  aws_iam_policy_document: { kind: 'iam.policy-document', props: {} },
  aws_iam_openid_connect_provider: { kind: 'iam.oidc-provider', props: { oidcUrl: 'url' } },
  aws_instance: { kind: 'ec2.instance', props: { ...instanceProps, launchTemplate: 'launch_template' } },
  aws_spot_instance_request: { kind: 'ec2.instance', props: { ...instanceProps, launchTemplate: 'launch_template' } },
  aws_launch_template: {
    kind: 'ec2.launch-template',
    props: {
      name: 'name',
      userData: 'user_data',
      metadataOptions: 'metadata_options',
      httpTokens: 'metadata_options.http_tokens',
      httpEndpoint: 'metadata_options.http_endpoint',
    },
  },
  aws_launch_configuration: { kind: 'autoscaling.launch-configuration', props: { ...instanceProps, name: 'name' } },
  aws_autoscaling_group: { kind: 'autoscaling.group', props: { launchTemplate: 'launch_template' } },
  aws_ecs_task_definition: {
    kind: 'ecs.task-definition',
    props: { taskRole: 'task_role_arn', executionRole: 'execution_role_arn', requiresCompatibilities: 'requires_compatibilities' },
  },
  aws_ecs_cluster: { kind: 'ecs.cluster', props: { name: 'name' } },
  aws_ecs_capacity_provider: { kind: 'ecs.capacity-provider', props: { name: 'name' } },
  aws_eks_node_group: {
    kind: 'eks.nodegroup',
    props: { launchTemplate: 'launch_template', launchTemplateId: 'launch_template.id', launchTemplateName: 'launch_template.name' },
  },
  aws_emr_cluster: { kind: 'emr.cluster', props: { name: 'name' } },
});

const tables: Record<Iac, Record<string, KindRow>> = { cloudformation, terraform };

const other: KindRow = { kind: 'other', props: {} };

export function kindRow(iac: Iac, type: string): KindRow {
  return tables[iac][type] ?? other;
}

/**
 * The kinds that launch EC2 instances from settings of their own (instance
 * profile, user data, metadata options), with the word for one of them.
 * An auto scaling group or node group launches through one of these.
 */
const instanceLaunching: Partial<Record<Kind, string>> = {
  'ec2.instance': 'instance',
  'ec2.launch-template': 'launch template',
  'autoscaling.launch-configuration': 'launch configuration',
};

export function launchesInstances(kind: Kind): boolean {
  return instanceLaunching[kind] !== undefined;
}

/** `instance`, `launch template`: what a resource of an instance-launching kind is called in messages. */
export function launcherLabel(kind: Kind): string | undefined {
  return instanceLaunching[kind];
}
