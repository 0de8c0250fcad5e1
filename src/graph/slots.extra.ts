import type { SlotDef } from './types.js';

/**
 * Slots of resource types that `shared/aws/slots.json` does not list: SAM's
 * serverless resources, which the SAM transform turns into the listed ones,
 * and EKS Pod Identity associations (their role must trust pods.eks.amazonaws.com).
 */
export const extraSlots: readonly SlotDef[] = [
  {
    iac: 'cloudformation',
    resourceType: 'AWS::Serverless::Function',
    path: 'Role',
    expects: 'role',
    form: 'arn',
    trustServices: ['lambda.amazonaws.com'],
    verified: true,
    source: 'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html#sam-function-role',
  },
  {
    iac: 'cloudformation',
    resourceType: 'AWS::Serverless::StateMachine',
    path: 'Role',
    expects: 'role',
    form: 'arn',
    trustServices: ['states.amazonaws.com'],
    verified: false,
    source: 'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-statemachine.html#sam-statemachine-role',
  },
  {
    iac: 'cloudformation',
    resourceType: 'AWS::EKS::PodIdentityAssociation',
    path: 'RoleArn',
    expects: 'role',
    form: 'arn',
    trustServices: ['pods.eks.amazonaws.com'],
    verified: true,
    source: 'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html',
  },
  {
    iac: 'terraform',
    resourceType: 'aws_eks_pod_identity_association',
    path: 'role_arn',
    expects: 'role',
    form: 'arn',
    trustServices: ['pods.eks.amazonaws.com'],
    verified: true,
    source: 'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html',
  },
];
