import type { Graph, Resource } from '../graph/types.js';
import type { TextEdit } from '../shared/finding.js';
import { cloudFormationJsonProfile, cloudFormationYamlProfile } from './profile-cloudformation.js';
import { terraformJsonProfile, terraformProfile } from './profile-terraform.js';
import type { Target } from './reference.js';
import { fileSyntax, type FileSyntax, type Insertion, type ProfileWriting } from './syntax.js';

/** An instance profile a fix adds, and how to refer to it. */
export interface NewProfile {
  target: Target;
  edit: TextEdit;
}

type Writer = (request: ProfileWriting) => Insertion | undefined;

const writers: Record<FileSyntax, Writer> = {
  'cloudformation-yaml': cloudFormationYamlProfile,
  'cloudformation-json': cloudFormationJsonProfile,
  terraform: terraformProfile,
  'terraform-json': terraformJsonProfile,
};

/**
 * An `AWS::IAM::InstanceProfile` or `aws_iam_instance_profile` holding the
 * role, written right after the role's declaration in the role's own file
 * and style. The request vouched that the role is ours to extend (not a data
 * source, not a module's resource: `graph/queries/fix-requests.ts`);
 * undefined when its file is not written in a way we can extend.
 */
export type NewProfileFor = (role: Resource) => NewProfile | undefined;

/** `newProfileFor` over one graph: one new profile per role however many findings ask for it, names looked up once. */
export function newProfiles(graph: Graph): NewProfileFor {
  const made = new Map<Resource, NewProfile | undefined>();
  const names: Names = { graph, words: new Map() };
  return (role) => {
    if (!made.has(role)) made.set(role, buildNewProfile(names, role));
    return made.get(role);
  };
}

/** What choosing a free name looks at, collected once per expansion. */
interface Names {
  graph: Graph;
  addresses?: ReadonlySet<string>;
  words: Map<string, ReadonlySet<string>>;
}

function buildNewProfile(names: Names, role: Resource): NewProfile | undefined {
  const file = role.loc.file;
  const text = names.graph.sources.get(file);
  if (text === undefined) return undefined;
  const name = freeName(names, role, text);
  const edit = writers[fileSyntax(role.iac, file, text)]({ text, role, name });
  if (!edit) return undefined;
  const address = role.iac === 'terraform' ? `aws_iam_instance_profile.${name}` : name;
  return { target: { iac: role.iac, address }, edit: { file, ...edit } };
}

/**
 * `<Role>InstanceProfile` in CloudFormation, the role's own label in
 * Terraform (profiles are another type, so the label is free unless a
 * profile already has it); numbered when taken. A CloudFormation name is
 * taken when it appears anywhere in the template (a parameter, an output).
 */
function freeName(names: Names, role: Resource, text: string): string {
  const label = role.iac === 'terraform' ? role.address.slice(role.address.indexOf('.') + 1) : role.address;
  const base = role.iac === 'terraform' ? label : `${label}InstanceProfile`;
  const taken = (name: string): boolean =>
    role.iac === 'terraform' ? addressesOf(names).has(`${role.unit}\0aws_iam_instance_profile.${name}`) : wordsOf(names, role.loc.file, text).has(name);
  if (!taken(base)) return base;
  for (let i = 2; ; i++) {
    const name = role.iac === 'terraform' ? `${base}_${i}` : `${base}${i}`;
    if (!taken(name)) return name;
  }
}

/** Every unit-qualified resource address of the graph, collected once. */
function addressesOf(names: Names): ReadonlySet<string> {
  return (names.addresses ??= new Set(names.graph.resources.map((r) => `${r.unit}\0${r.address}`)));
}

/** Every word (run of letters, digits and `_`) of a file, collected once per file: a name is taken when it is one of them. */
function wordsOf(names: Names, file: string, text: string): ReadonlySet<string> {
  let words = names.words.get(file);
  if (!words) names.words.set(file, (words = new Set(text.match(/\w+/g) ?? [])));
  return words;
}
