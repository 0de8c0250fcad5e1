import { kindRow } from './kinds.js';
import { attributeSpelling } from './terraform/attributes.js';
import type { CanonicalProp, Iac, Resource } from './types.js';

/**
 * How each IaC language spells what the rules speak of, so that a rule asks
 * by canonical name and says it in the resource's own language. Property
 * paths come from the kinds table (`kinds.ts`, keyed by canonical property);
 * this table adds the syntax around them and the spellings that are no
 * property of a kind (attributes, assignments, references).
 */
interface Dialect {
  /** A setting as written in a file: `Key: value` / `key = value`. */
  assign(key: string, value: string): string;
  /** A reference to a resource's name, by its address: `!Ref X` / `{"Ref": "X"}` / `X.name`. */
  nameOf(address: string): string;
  /** A reference to a resource's ARN: `!GetAtt X.Arn` / `{"Fn::GetAtt": ["X", "Arn"]}` / `X.arn`. */
  arnOf(address: string): string;
  /** Advice to set a (dotted) property path to a literal: `set A.B to v` / `add a { b = "v" }`. */
  setTo(path: string, value: string): string;
  /** The attributes of an access key that are its secret, as the graph names them (`!GetAtt Key.SecretAccessKey`, `aws_iam_access_key.k.secret`). */
  accessKeySecrets: ReadonlySet<string>;
}

const cloudFormationSecrets: ReadonlySet<string> = new Set(['other:SecretAccessKey']);

/** CloudFormation written as YAML (short-form intrinsics) and as JSON: advice is quoted in the template's own syntax. */
const cloudFormationYaml: Dialect = {
  assign: (key, value) => `${key}: ${value}`,
  nameOf: (address) => `!Ref ${address}`,
  arnOf: (address) => `!GetAtt ${address}.Arn`,
  setTo: (path, value) => `set ${path} to ${value}`,
  accessKeySecrets: cloudFormationSecrets,
};

const cloudFormationJson: Dialect = {
  assign: (key, value) => `"${key}": ${value}`,
  nameOf: (address) => `{"Ref": "${address}"}`,
  arnOf: (address) => `{"Fn::GetAtt": ["${address}", "Arn"]}`,
  setTo: (path, value) => `set ${path} to "${value}"`,
  accessKeySecrets: cloudFormationSecrets,
};

const dialects: Record<Iac, Dialect> = {
  cloudformation: cloudFormationYaml,
  terraform: {
    assign: (key, value) => `${key} = ${value}`,
    nameOf: (address) => `${address}.name`,
    arnOf: (address) => `${address}.arn`,
    // `metadata_options.http_tokens` is a block and an argument in it.
    setTo: (path, value) => {
      const parts = path.split('.');
      const last = parts.pop() ?? path;
      return `add ${parts.reduceRight((inner, block) => `${block} { ${inner} }`, `${last} = "${value}"`)}`;
    },
    accessKeySecrets: new Set(['other:secret', 'other:ses_smtp_password_v4']),
  },
};

export function dialectOf(r: Resource): Dialect {
  return r.json ? cloudFormationJson : dialects[r.iac];
}

/** Where a canonical property is written in this resource (`LaunchTemplateData.MetadataOptions.HttpTokens`, `metadata_options.http_tokens`). */
export function propPath(r: Resource, prop: CanonicalProp): string | undefined {
  return kindRow(r.iac, r.type).props[prop];
}

/** The property's own key, the last part of its path (`HttpTokens`, `http_tokens`). */
export function propKey(r: Resource, prop: CanonicalProp): string | undefined {
  return propPath(r, prop)?.split('.').pop();
}

/**
 * The attribute of a Terraform instance profile data source that gives the
 * role it holds, in the form asked (`role_name`, `role_arn`); CloudFormation
 * has no such thing.
 */
export function heldRoleAttribute(profile: Resource, form: 'name' | 'arn'): string | undefined {
  if (profile.iac !== 'terraform' || !profile.external) return undefined;
  return attributeSpelling('data', profile.type, form === 'arn' ? 'role-arn' : 'role-name');
}
