import { table } from '../../shared/own.js';

/**
 * Resource types that deploy another template as a nested stack, and the
 * property naming it: a SAM application whose `Location` is a local path is
 * packaged into an `AWS::CloudFormation::Stack` (`sam package`), with the
 * same `Parameters` and `!GetAtt App.Outputs.X`.
 */
const NESTED_TEMPLATE_PROPERTY: Readonly<Record<string, string>> = table({
  'AWS::CloudFormation::Stack': 'TemplateURL',
  'AWS::Serverless::Application': 'Location',
});

export function isNestedStack(type: string): boolean {
  return Object.hasOwn(NESTED_TEMPLATE_PROPERTY, type);
}

/** The property that names a nested stack's template, or undefined for a type that nests none. */
export function nestedTemplateProperty(type: string): string | undefined {
  return Object.hasOwn(NESTED_TEMPLATE_PROPERTY, type) ? NESTED_TEMPLATE_PROPERTY[type] : undefined;
}
