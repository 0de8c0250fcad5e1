import type { Loc } from '../shared/source.js';
import type { Guard, ObjectValue, Value } from './value.js';

export type Iac = 'cloudformation' | 'terraform';

/**
 * IaC-neutral resource kinds the rules reason about. `AWS::IAM::Role` and
 * `aws_iam_role` are both `iam.role`. Types no rule needs are `other`.
 */
export type Kind =
  | 'iam.role'
  | 'iam.instance-profile'
  | 'iam.policy'
  | 'iam.role-policy'
  | 'iam.role-policy-attachment'
  | 'iam.policy-attachment'
  | 'iam.access-key'
  | 'iam.policy-document'
  | 'iam.oidc-provider'
  | 'ec2.instance'
  | 'ec2.launch-template'
  | 'autoscaling.launch-configuration'
  | 'autoscaling.group'
  | 'ecs.task-definition'
  | 'ecs.cluster'
  | 'ecs.capacity-provider'
  | 'eks.nodegroup'
  | 'emr.cluster'
  | 'other';

/**
 * Canonical properties, read through the kind table so that rules never
 * learn an IaC's spelling (`RoleName` vs `name`).
 */
export type CanonicalProp =
  | 'name'
  | 'namePrefix'
  | 'trustPolicy'
  | 'roles'
  | 'managedPolicies'
  | 'maxSessionDuration'
  | 'userData'
  | 'launchTemplate'
  | 'metadataOptions'
  | 'taskRole'
  | 'executionRole'
  | 'policyDocument'
  /** The managed policy a policy attachment attaches. */
  | 'policyArn'
  /** User data written already base64-encoded (Terraform `user_data_base64`). */
  | 'userDataBase64'
  /** Instance metadata options: IMDSv2 token requirement and whether the endpoint is on at all. */
  | 'httpTokens'
  | 'httpEndpoint'
  /** ECS launch types a task definition is made for (`RequiresCompatibilities`); absent means EC2. */
  | 'requiresCompatibilities'
  /** The launch template an EKS node group uses, by id or by name. */
  | 'launchTemplateId'
  | 'launchTemplateName'
  /** The issuer URL of an IAM OIDC identity provider. */
  | 'oidcUrl';

/** A nested stack that creates a resource (`Resource.nestedIn`). */
export interface NestedIn {
  /** The stack's logical id. */
  stack: string;
  /** The template that declares the stack. */
  unit: string;
  /** Its `Condition`, as a guard in that template's conditions; none without one. */
  guard?: Guard;
}

export interface Resource {
  /** Unique in the run: `<unit>#<address>`. */
  id: string;
  kind: Kind;
  iac: Iac;
  /** `AWS::IAM::Role`, `aws_iam_role`. */
  type: string;
  /** Logical id (CloudFormation) or address (`aws_iam_role.app`, `data.aws_iam_role.x`, `module.m.aws_iam_role.r`). */
  address: string;
  /** The template file or Terraform module directory this resource belongs to. */
  unit: string;
  /** The resource's declaration: the logical id key or the block header. */
  loc: Loc;
  /** True for things that exist outside the analysed code: Terraform data sources. Contents unknown. */
  external: boolean;
  /** Raw properties as written (CloudFormation `Properties`, the Terraform block body), resolved to values. */
  props: ObjectValue;
  /** Canonical properties picked from `props` by the kind table. */
  canonical: Partial<Record<CanonicalProp, Value>>;
  /**
   * Terraform `count` or `for_each`, CloudFormation `Fn::ForEach` ('for_each'): the resource stands for all its
   * instances, and a reference to one needs an index (Terraform) or the instance's own logical id (CloudFormation).
   */
  repeated?: 'count' | 'for_each';
  /** CloudFormation `Condition` on the resource, if any. */
  condition?: string;
  /**
   * The same, as a guard: the resource exists only where it holds (`possibleTogether`). A nested
   * stack's resource has the guards of the stacks that create it too (`nestedIn`).
   */
  when?: readonly Guard[];
  /**
   * A resource of a nested stack's template, built as that stack's instance: the
   * `AWS::CloudFormation::Stack` resources that create it, outermost first, each
   * with the template it is declared in and the guard of its `Condition` there.
   */
  nestedIn?: readonly NestedIn[];
  /**
   * Whether it is deployed rests on a default or on what cannot be known: a
   * `Condition` left open, `count = var.create ? 1 : 0`. A rule that counts
   * resources toward a limit leaves such a one out.
   */
  mayBeAbsent?: true;
  /** CloudFormation resource `Metadata` (suppressions, `aws:cdk:path`). */
  metadata?: Value;
  /** Declared in a CloudFormation template written in JSON: advice quotes `{"Ref": "X"}`, not YAML's `!Ref X` (dialect.ts). */
  json?: true;
}

export type SlotExpects = 'instance-profile' | 'role';
export type SlotForm = 'name' | 'arn' | 'name-or-arn';

/** One row of the slot table: a property that expects an instance profile or a role. */
export interface SlotDef {
  iac: Iac;
  resourceType: string;
  /** Dot path; `[]` marks list elements / repeatable blocks. */
  path: string;
  expects: SlotExpects;
  form: SlotForm;
  /** Service principals the role (or the profile's role) must trust. */
  trustServices: string[];
  /** Sibling-key conditions (Elastic Beanstalk option settings). */
  when?: Record<string, string>;
  verified: boolean;
  deprecated?: string;
  source: string;
}

/** A value found in a slot of a resource. */
export interface SlotUse {
  resource: Resource;
  slot: SlotDef;
  value: Value;
  /**
   * For one branch of a choice (`c ? a : b` passed to a module variable): the
   * places the choice went through to the slot, its own place first. The
   * branch keeps where it is written; these say where the resource uses it.
   */
  through?: readonly Loc[];
}

/** A reference to something that does not exist (`Ref: Missing`, `aws_iam_role.nope.arn`). */
export interface UnresolvedRef {
  /** The name as written. */
  name: string;
  loc: Loc;
  resource?: Resource;
  /** What was looked for: 'resource or parameter', 'resource', 'variable', ... */
  expected: string;
  /** Names that do exist where this one was looked for, for a "did you mean". */
  candidates?: string[];
  /** Why a name that could exist does not here (a SAM property its resource does not create), in place of a "did you mean". */
  hint?: string;
  /** A path that names nothing on disk (a local module source), rather than a name nothing declares. */
  missingPath?: true;
  /** A value given for it (a key of a module's `terraform.tfvars`) that is ignored, rather than a reference that breaks the code. */
  ignoredValue?: true;
  /** A resource that is declared but not created, and why: "its Condition Keep is false", "its count is 0". */
  notCreated?: string;
  /** The reference is made only under deploy-time conditions that may not hold (the referring resource's own, an `Fn::If` branch's). */
  conditional?: true;
}

/**
 * What the linter itself reports about a file it could not (wholly) check:
 * skipped (binary, too large, a link leaving the project) or an internal
 * error while parsing or building it. Reported by the rule of that id.
 */
export interface Notice {
  rule: 'skipped-file' | 'internal-error';
  message: string;
  loc: Loc;
  severity?: 'error' | 'warning' | 'info';
}

/** A problem found before the graph could be built: a file that does not parse. */
export interface ParseDiagnostic {
  message: string;
  /** What to do about it, shown as the finding's help line. */
  help?: string;
  loc: Loc;
  severity: 'error' | 'warning';
}

export interface Graph {
  resources: Resource[];
  slots: SlotUse[];
  unresolved: UnresolvedRef[];
  parseDiagnostics: ParseDiagnostic[];
  /** Files skipped or not wholly checked; absent in graphs built by hand. */
  notices?: Notice[];
  /** Every file read in the run, and its decoded text (for mapping positions inside strings). */
  sources: Map<string, string>;
  resource(id: string): Resource | undefined;
}
