import { perGraph } from '../graph/queries/memo.js';
import type { Graph, Resource } from '../graph/types.js';
import type { TextEdit } from '../shared/rule.js';
import { cloudFormationJsonProfile, cloudFormationYamlProfile } from './profile-cloudformation.js';
import { terraformJsonProfile, terraformProfile } from './profile-terraform.js';
import type { Target } from './reference.js';
import { fileSyntax, type FileSyntax } from './syntax.js';

/** An instance profile a fix adds, and how to refer to it. */
export interface NewProfile {
  target: Target;
  edit: TextEdit;
}

/** What a writer needs to add a profile after a role. */
export interface ProfileRequest {
  text: string;
  role: Resource;
  /** The new profile's logical id or Terraform label. */
  name: string;
}

type Writer = (request: ProfileRequest) => Omit<TextEdit, 'file'> | undefined;

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
export function newProfileFor(graph: Graph, role: Resource): NewProfile | undefined {
  // One new profile per role, however many findings ask for it.
  const made = perGraph(graph, 'new-profiles', () => new Map<Resource, NewProfile | undefined>());
  if (!made.has(role)) made.set(role, buildNewProfile(graph, role));
  return made.get(role);
}

function buildNewProfile(graph: Graph, role: Resource): NewProfile | undefined {
  const file = role.loc.file;
  const text = graph.sources.get(file);
  if (text === undefined) return undefined;
  const name = freeName(graph, role, text);
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
function freeName(graph: Graph, role: Resource, text: string): string {
  const label = role.iac === 'terraform' ? role.address.slice(role.address.indexOf('.') + 1) : role.address;
  const base = role.iac === 'terraform' ? label : `${label}InstanceProfile`;
  const taken = (name: string): boolean =>
    role.iac === 'terraform' ? addressesOf(graph).has(`${role.unit}\0aws_iam_instance_profile.${name}`) : wordsOf(graph, role.loc.file, text).has(name);
  if (!taken(base)) return base;
  for (let i = 2; ; i++) {
    const name = role.iac === 'terraform' ? `${base}_${i}` : `${base}${i}`;
    if (!taken(name)) return name;
  }
}

/** Every unit-qualified resource address of the graph, collected once. */
function addressesOf(graph: Graph): ReadonlySet<string> {
  return perGraph(graph, 'unit-addresses', (g) => new Set(g.resources.map((r) => `${r.unit}\0${r.address}`)));
}

/** Every word (run of letters, digits and `_`) of a file, collected once per file: a name is taken when it is one of them. */
function wordsOf(graph: Graph, file: string, text: string): ReadonlySet<string> {
  const byFile = perGraph(graph, 'file-words', () => new Map<string, Set<string>>());
  let words = byFile.get(file);
  if (!words) byFile.set(file, (words = new Set(text.match(/\w+/g) ?? [])));
  return words;
}
