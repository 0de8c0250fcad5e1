import type { CfnMap, CfnNode } from '../../parsers/cloudformation-tree.js';
import { preprocessedBy } from './preprocessors.js';

/** What may create resources a template does not declare: modules, SAM, macros. */
export interface Generators {
  /**
   * Logical ids of modules (registry `::MODULE` types, `Rain::Module`, the `Modules` section of local modules):
   * they create resources named `<id><Inner>`, and a local module's outputs are read as `<id>.<Output>`.
   */
  moduleIds: string[];
  /** Constants a packaging tool replaces before deploy, as written in a reference (`Rain::Bucket`, `Const::Arn`), with the tool. */
  constants: ReadonlyMap<string, string>;
  /** A transform other than SAM may create any resource. */
  openTransform: boolean;
  /** The `serverless.yml` assembling this file with others. */
  assembledBy?: string;
  /**
   * An `.ebextensions` config file: Elastic Beanstalk adds its `Resources` to the environment's own stack,
   * whose resources (`AWSEBAutoScalingGroup`, `AWSEBSecurityGroup`, `AWSEBLoadBalancer`...) it may name.
   */
  beanstalk?: boolean;
  /** A tool rewriting the template before deploy supplies names it does not declare (preprocessors.ts). */
  preprocessedBy?: string;
  sam: boolean;
  /** Logical ids of SAM resources: SAM names what it creates after them. */
  samPrefixes: string[];
  /** `<LogicalId>.<Property>` names SAM resolves to a resource it generates (`MyFunction.Version`), see sam.ts. */
  samReferences: ReadonlyMap<string, SamReference>;
  /** What SAM's event sources create: `<Id><EventId>` (and its suffixed names), and queues events name (sam.ts `samEventNames`). */
  samEvents: { prefixes: readonly string[]; exact: readonly string[] };
}

/** A SAM referenceable property: whether SAM creates its resource here, and if not, what the serverless resource lacks. */
export interface SamReference {
  created: boolean;
  /** `MyFunction sets AutoPublishAlias`: what SAM needs to create it (empty when created). */
  needs: string;
}

const samTransform = 'AWS::Serverless-2016-10-31';
/** Transforms whose generated resources are known: SAM's are named after its own; LanguageExtensions adds none but Fn::ForEach. */
const knownTransforms = new Set([samTransform, 'AWS::LanguageExtensions']);

/**
 * Suffixes of the resources SAM generates after a resource's logical id
 * (SAM docs, "Generated AWS CloudFormation resources"): `<Function>Role`,
 * `<Function>Version<hash>`, `<Function>Alias<name>`, `<Function><Event>Permission`,
 * `<Api>Deployment<hash>`, `<Api><stage>Stage`, `<HttpApi><basepath>ApiMapping`, `<Function><Event>QueuePolicy`, ...
 */
const samGenerated =
  /^(Role|Policy|Version[A-Za-z0-9]*|Alias[A-Za-z0-9]+|DeploymentGroup|Deployment[A-Za-z0-9]*|[A-Za-z0-9]*(Permission|Policy|Stage|Rule|Topic|Queue|Subscription|EventSourceMapping|EventInvokeConfig|ApiKey|UsagePlan|UsagePlanKey|DomainName|BasePathMapping|ApiMapping|RecordSetGroup|LogGroup|Url|Connector|Authorizer))$/;

function transformNames(node: CfnNode | undefined): string[] {
  if (!node) return [];
  if (node.kind === 'scalar') return [String(node.value)];
  if (node.kind === 'seq') return node.items.flatMap((n) => (n.kind === 'scalar' ? [String(n.value)] : ['(computed)']));
  return ['(computed)'];
}

/**
 * Keys of Resources that stand for resources not written here: `Fn::ForEach::Name`
 * (AWS::LanguageExtensions) creates them with computed ids, unless its collections are
 * written out (`loopsOpen` false: every instance's id is known), and `Fn::Transform`
 * (AWS::Include) inserts a snippet read from S3 at deploy time.
 */
function generatesResources(resources: CfnMap | undefined, loopsOpen: boolean): boolean {
  return resources?.entries.some((e) => (loopsOpen && e.key.startsWith('Fn::ForEach::')) || e.key === 'Fn::Transform') ?? false;
}

/**
 * Local modules (rain's, and those of `aws cloudformation package`): a top-level
 * `Modules` section maps each module's logical id to its `Source`; packaging
 * puts the module's resources in as `<id><Inner>` and its outputs where
 * `<id>.<Output>` is read (rain README, "Modules").
 */
function sectionModules(root: CfnMap): string[] {
  const section = root.entries.find((e) => e.key === 'Modules')?.value;
  if (section?.kind !== 'map') return [];
  return section.entries.filter((e) => e.value.kind === 'map' && e.value.entries.some((m) => m.key === 'Source')).map((e) => e.key);
}

/**
 * Constant sections a packaging tool replaces before CloudFormation reads the
 * template, where each is declared and how a reference spells it: rain's
 * `Rain: Constants:` (`${Rain::Name}`, `!Rain::Constant Name`), and local
 * modules' `Constants:` (`${Const::Name}`, `!Ref Const::Name`).
 */
const CONSTANT_SECTIONS: ReadonlyArray<{ path: readonly string[]; prefix: string; tool: string }> = [
  { path: ['Rain', 'Constants'], prefix: 'Rain::', tool: 'rain pkg' },
  { path: ['Constants'], prefix: 'Const::', tool: 'module packaging (rain pkg, aws cloudformation package)' },
];

function declaredConstants(root: CfnMap): Map<string, string> {
  const found = new Map<string, string>();
  for (const { path, prefix, tool } of CONSTANT_SECTIONS) {
    let node: CfnNode | undefined = root;
    for (const key of path) node = node?.kind === 'map' ? node.entries.find((e) => e.key === key)?.value : undefined;
    if (node?.kind !== 'map') continue;
    for (const e of node.entries) found.set(`${prefix}${e.key}`, tool);
  }
  return found;
}

/** What may create undeclared resources in this template. */
export function generators(
  root: CfnMap,
  resources: CfnMap | undefined,
  typed: Array<{ logicalId: string; type: string; hasType: boolean }>,
  assembledBy?: string,
  loopsOpen = true,
): Generators {
  const transforms = transformNames(root.entries.find((e) => e.key === 'Transform')?.value);
  // `AWS::Serverless::*` exists only under the SAM transform: a template using it is SAM's even where a tool adds the
  // Transform line at deploy time (SAM's own integration templates, generated templates), so names SAM creates are not missing.
  const sam = transforms.includes(samTransform) || typed.some((t) => t.type.startsWith('AWS::Serverless::'));
  const preprocessor = preprocessedBy(root);
  return {
    ...(assembledBy !== undefined ? { assembledBy } : {}),
    ...(preprocessor !== undefined ? { preprocessedBy: preprocessor } : {}),
    moduleIds: [...typed.filter((t) => t.hasType && (t.type === '' || t.type.endsWith('::MODULE'))).map((t) => t.logicalId), ...sectionModules(root)],
    constants: declaredConstants(root),
    openTransform: transforms.some((t) => !knownTransforms.has(t)) || generatesResources(resources, loopsOpen),
    sam,
    samPrefixes: sam ? typed.filter((t) => t.type.startsWith('AWS::Serverless::')).map((t) => t.logicalId) : [],
    samReferences: new Map(),
    samEvents: { prefixes: [], exact: [] },
  };
}

/** Why a name that is not declared may still exist, or undefined when it is simply missing. */
export function generatedBy(name: string, g: Generators): string | undefined {
  if (g.openTransform) return 'a transform may create it';
  if (g.assembledBy !== undefined) return `${g.assembledBy} assembles this file with other resources (Serverless Framework)`;
  if (g.preprocessedBy !== undefined) return g.preprocessedBy;
  if (g.beanstalk && name.startsWith('AWSEB')) return "created by Elastic Beanstalk (an .ebextensions file extends the environment's stack)";
  const constant = g.constants.get(name);
  if (constant !== undefined) return `a constant of this template, replaced by ${constant}`;
  // A module's own id names its outputs (`!GetAtt Content.BucketArn`); a longer name, what it creates.
  const module = g.moduleIds.find((id) => name.startsWith(id));
  if (module) return name === module ? `an output of module ${module}` : `created by module ${module}`;
  if (g.samReferences.get(name)?.created) return 'created by the SAM transform';
  if (g.sam && (name.startsWith('Serverless') || g.samPrefixes.some((p) => name.startsWith(p) && samGenerated.test(name.slice(p.length))) || samEventResource(name, g))) {
    return 'created by the SAM transform';
  }
  return undefined;
}

/** A rule, role, permission or queue an event source of a serverless resource creates. */
function samEventResource(name: string, g: Generators): boolean {
  if (g.samEvents.exact.includes(name)) return true;
  return g.samEvents.prefixes.some((p) => name === p || (name.startsWith(p) && samGenerated.test(name.slice(p.length))));
}

/** For a SAM referenceable property SAM does not create here (`MyFunction.Version` with no AutoPublishAlias), what it needs. */
export function missingSamReference(name: string, g: Generators): string | undefined {
  const reference = g.samReferences.get(name);
  return reference && !reference.created ? reference.needs : undefined;
}
