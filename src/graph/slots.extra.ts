import type { SlotDef } from './types.js';

/**
 * Slots of resource types that `shared/aws/slots.json` does not list: SAM's
 * serverless resources, which the SAM transform turns into the listed ones.
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
];
