import type { CfnMap } from '../../parsers/cloudformation-tree.js';
import type { Loc } from '../../shared/source.js';
import type { Value } from '../value.js';

/**
 * Tools that rewrite a template before CloudFormation reads it, how a template
 * says it is theirs, and what they supply. org-formation (org-formation-cli)
 * templates carry `AWSTemplateFormatVersion: 2010-09-09-OC` or its binding
 * sections; it resolves references to the organization's accounts
 * (`AWSAccount`, `CurrentAccount`, `MasterAccount`, every account's logical
 * id in organization.yml), which the template does not declare.
 */
interface Preprocessor {
  versions: readonly string[];
  sections: readonly string[];
  supplies: string;
}

const preprocessors: readonly Preprocessor[] = [
  {
    versions: ['2010-09-09-OC'],
    sections: ['Organization', 'OrganizationBinding', 'OrganizationBindings', 'DefaultOrganizationBinding', 'DefaultOrganizationBindingRegion', 'OrganizationBindingRegion'],
    supplies: "org-formation resolves it (the organization's accounts: AWSAccount, CurrentAccount, the accounts of organization.yml)",
  },
];

/** What the tool that rewrites this template supplies, or undefined for a template CloudFormation reads as written. */
export function preprocessedBy(root: CfnMap): string | undefined {
  const version = root.entries.find((e) => e.key === 'AWSTemplateFormatVersion')?.value;
  const versionText = version?.kind === 'scalar' ? String(version.value) : undefined;
  const found = preprocessors.find((p) => (versionText !== undefined && p.versions.includes(versionText)) || root.entries.some((e) => p.sections.includes(e.key)));
  return found?.supplies;
}

/**
 * org-formation's expressions are whole strings, written in any template it
 * deploys (`AWS: Fn::EnumTargetAccounts UsersBinding '${account}'` becomes
 * the list of the binding's account ARNs, `Fn::TargetCount Binding` a number).
 */
const EXPRESSION = /^Fn::(?:EnumTargetAccounts|EnumTargetRegions|TargetCount)\s/;

/** A string org-formation replaces before deploy, as an unknown; undefined for any other string. */
export function preprocessorExpression(text: string, loc: Loc): Value | undefined {
  if (!text.startsWith('Fn::') || !EXPRESSION.test(text)) return undefined;
  return { kind: 'unknown', reason: `${text.split(/\s/, 1)[0]} is expanded by org-formation before deploy`, loc };
}
