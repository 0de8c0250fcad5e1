import { describe, expect, it } from 'vitest';
import { dialectOf, heldRoleAttribute, propKey, propPath } from '../../src/graph/dialect.js';
import { launcherLabel, launchesInstances } from '../../src/graph/kinds.js';
import type { Resource } from '../../src/graph/types.js';

/** Only the fields the dialect reads. */
function resource(iac: Resource['iac'], type: string, external = false): Resource {
  return { iac, type, external } as Resource;
}

describe('dialect table', () => {
  it('finds a canonical property where each language writes it', () => {
    expect(propPath(resource('cloudformation', 'AWS::EC2::LaunchTemplate'), 'httpTokens')).toBe('LaunchTemplateData.MetadataOptions.HttpTokens');
    expect(propKey(resource('cloudformation', 'AWS::EC2::Instance'), 'httpTokens')).toBe('HttpTokens');
    expect(propKey(resource('terraform', 'aws_launch_template'), 'httpTokens')).toBe('http_tokens');
    expect(propKey(resource('terraform', 'aws_iam_instance_profile'), 'roles')).toBe('role');
    expect(propPath(resource('terraform', 'aws_s3_bucket'), 'httpTokens')).toBeUndefined();
  });

  it('words a setting in each language', () => {
    const cfn = dialectOf(resource('cloudformation', 'AWS::EC2::Instance'));
    const tf = dialectOf(resource('terraform', 'aws_instance'));
    expect(cfn.setTo('MetadataOptions.HttpTokens', 'required')).toBe('set MetadataOptions.HttpTokens to required');
    expect(tf.setTo('metadata_options.http_tokens', 'required')).toBe('add metadata_options { http_tokens = "required" }');
    expect(cfn.assign('InstanceProfileName', cfn.nameOf('AppRole'))).toBe('InstanceProfileName: !Ref AppRole');
    expect(tf.assign('name', tf.nameOf('aws_iam_role.app'))).toBe('name = aws_iam_role.app.name');
  });

  it("names the attribute of a Terraform profile data source that gives its role, and nothing for a managed profile", () => {
    expect(heldRoleAttribute(resource('terraform', 'aws_iam_instance_profile', true), 'arn')).toBe('role_arn');
    expect(heldRoleAttribute(resource('terraform', 'aws_iam_instance_profile', true), 'name')).toBe('role_name');
    expect(heldRoleAttribute(resource('terraform', 'aws_iam_instance_profile'), 'arn')).toBeUndefined();
    expect(heldRoleAttribute(resource('cloudformation', 'AWS::IAM::InstanceProfile'), 'arn')).toBeUndefined();
  });

  it('knows the instance-launching kinds once', () => {
    expect(['ec2.instance', 'ec2.launch-template', 'autoscaling.launch-configuration'].every((k) => launchesInstances(k as Resource['kind']))).toBe(true);
    expect(launchesInstances('autoscaling.group')).toBe(false);
    expect(launcherLabel('ec2.launch-template')).toBe('launch template');
  });
});
