import type { Attribute } from '../value.js';
import { table } from '../../shared/own.js';

/**
 * What a Terraform attribute reference means in the graph
 * (shared/aws/semantics.md §D.2). For roles and instance profiles `id` is
 * the name; rules read `id` as a name for those kinds.
 */
const genericAttributes: Record<string, Attribute> = table({
  name: 'name',
  arn: 'arn',
  id: 'id',
  unique_id: 'unique-id',
});

/** Keyed by `type` for resources and `data.type` for data sources. */
const typedAttributes: Record<string, Record<string, Attribute>> = table<Record<string, Attribute>>({
  // The classic trap: `.role` is the name of the role inside, not the profile.
  aws_iam_instance_profile: table({ role: 'role-name' }),
  'data.aws_iam_instance_profile': table({ role_name: 'role-name', role_arn: 'role-arn' }),
});

/** The attributes with a canonical meaning a resource of this type has: what stands for one of its instances. */
export function canonicalAttributeNames(mode: 'managed' | 'data', type: string): string[] {
  const key = mode === 'data' ? `data.${type}` : type;
  return [...Object.keys(genericAttributes), ...Object.keys(typedAttributes[key] ?? {})];
}

export function canonicalAttribute(mode: 'managed' | 'data', type: string, attr: string): Attribute | undefined {
  const key = mode === 'data' ? `data.${type}` : type;
  return typedAttributes[key]?.[attr] ?? genericAttributes[attr];
}

/** How a resource or data source of this type spells a canonical attribute (the table above read backwards). */
export function attributeSpelling(mode: 'managed' | 'data', type: string, canonical: Attribute): string | undefined {
  const key = mode === 'data' ? `data.${type}` : type;
  for (const names of [typedAttributes[key] ?? {}, genericAttributes]) {
    const found = Object.keys(names).find((k) => names[k] === canonical);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Data sources that stand for the deploy-time account, partition and region:
 * their attributes are the CloudFormation pseudo parameters' markers, which
 * the rules recognise.
 */
const pseudoAttributes: Record<string, Record<string, string>> = table<Record<string, string>>({
  aws_caller_identity: table({ account_id: 'pseudo:AWS::AccountId', id: 'pseudo:AWS::AccountId' }),
  aws_partition: table({ partition: 'pseudo:AWS::Partition', id: 'pseudo:AWS::Partition', dns_suffix: 'pseudo:AWS::URLSuffix' }),
  aws_region: table({ name: 'pseudo:AWS::Region', region: 'pseudo:AWS::Region', id: 'pseudo:AWS::Region' }),
});

export function pseudoAttribute(type: string, attr: string): string | undefined {
  return pseudoAttributes[type]?.[attr];
}

/** The attributes of `data "aws_iam_policy_document"` that are the rendered document. */
export const documentAttributes: ReadonlySet<string> = new Set(['json', 'minified_json']);

/** Provider configuration addresses (`aws.east`): not references to resources, so never evaluated. */
export const providerArguments: ReadonlySet<string> = new Set(['provider', 'providers']);

/** Resource arguments that configure Terraform, not the resource. */
export const metaArguments: ReadonlySet<string> = new Set([
  'count',
  'for_each',
  'depends_on',
  'provider',
  'providers',
  'lifecycle',
  'provisioner',
  'connection',
]);
