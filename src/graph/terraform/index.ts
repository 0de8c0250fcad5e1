import { endOffset, startOffset, stripBom, type Loc } from '../../shared/source.js';
import { isConfigFile, withoutShadowed } from '../../discover/config-files.js';
import type { Notice, ParseDiagnostic, Resource, UnresolvedRef } from '../types.js';
import { childValues, type RefValue, type Value } from '../value.js';
import { metaArguments } from './attributes.js';
import { attribute, evaluateBody } from './body.js';
import { declareModule } from './declarations.js';
import { createRunModules } from './module-loader.js';
import { followModuleCalls, instancesUnder } from './modules.js';
import { buildTerraformPlan, isPlanFile } from './plan.js';
import { bothMake, instancesOf } from './repetition.js';
import { toResource } from './resources.js';
import { createScope, sourceText, type BuildEnv, type DeclaredResource, type ModuleScope, NO_BINDINGS } from './scope.js';
import { applyRootVariables, rootDirectoryNames } from './tfvars.js';
import { isTerragruntUnit, terragruntGenerated, terragruntSourcedGenerated, withoutCopiedByTerragrunt, withoutTerragruntGenerated } from './terragrunt.js';
import { evaluateAllLocals, type VarFileKey } from './variables.js';
import { escapeRegExp } from '../../shared/text.js';

export { createRunModules, type RunModules } from './module-loader.js';

export interface TerraformModuleInput {
  dir: string;
  /** All `.tf` / `.tf.json` files of one directory (tfvars files may be included too). */
  files: Array<{ path: string; text: string }>;
  /** The run's module reader, shared by every module of a run (`createRunModules`); one of its own otherwise. */
  modules?: BuildEnv;
  /** `-var-file` files (relative to the working directory), applied after the tfvars files. */
  varFiles?: string[];
  /** `-var` values, applied last. */
  variables?: Record<string, string>;
  /** Files of the module a Terragrunt configuration copies into the modules it runs (`generate`). */
  copiedByTerragrunt?: readonly string[];
  /** The directories of the Terragrunt units that run this module from a local `source` (they may write files into it). */
  runByTerragrunt?: readonly string[];
}

export interface TerraformBuildResult {
  resources: Resource[];
  unresolved: UnresolvedRef[];
  parseDiagnostics: ParseDiagnostic[];
  /** Files read beyond the input (tfvars found on disk, `file()` targets, called modules), for mapping positions. */
  sources: Map<string, string>;
  /** Files `templatefile()` renders, and where (`ModuleScope.rendered`). */
  rendered: Map<string, Loc>;
  /** What the build did not read and says so (`ModuleScope.notices`). */
  notices?: Notice[];
  /** The variables the root module declares (none for a plan). */
  declaredVariables?: string[];
  /** The keys the `-var-file` files set, where each is written. */
  varFileKeys?: VarFileKey[];
}

/**
 * Builds the graph resources of one Terraform module directory as a root
 * module, with an instance of every module call it can follow (`modules.ts`);
 * plan files among the files (`plan.ts`) are built beside it, each on its own.
 */
export function buildTerraformModule(input: TerraformModuleInput): TerraformBuildResult {
  const env = input.modules ?? createRunModules();
  const plans = input.files.filter((f) => isPlanFile(f.path)).map((f) => buildTerraformPlan(f.path, stripBom(f.text), env));
  const own = buildModule(input, env);
  return plans.reduce(merge, own);
}

function merge(a: TerraformBuildResult, b: TerraformBuildResult): TerraformBuildResult {
  return {
    resources: [...a.resources, ...b.resources],
    unresolved: [...a.unresolved, ...b.unresolved],
    parseDiagnostics: [...a.parseDiagnostics, ...b.parseDiagnostics],
    sources: new Map([...a.sources, ...b.sources]),
    rendered: new Map([...a.rendered, ...b.rendered]),
    notices: [...(a.notices ?? []), ...(b.notices ?? [])],
    declaredVariables: [...(a.declaredVariables ?? []), ...(b.declaredVariables ?? [])],
    varFileKeys: [...(a.varFileKeys ?? []), ...(b.varFileKeys ?? [])],
  };
}

function buildModule(input: TerraformModuleInput, env: BuildEnv): TerraformBuildResult {
  const scope = createScope(input.dir, env);
  const diagnostics: ParseDiagnostic[] = [];
  const configs = withoutShadowed(input.files.filter((f) => isConfigFile(f.path)), (f) => f.path)
    .map((f) => {
      const text = stripBom(f.text);
      return { path: f.path, text, tree: env.parse(f.path, text) };
    });
  declareModule(scope, configs, diagnostics);
  const listed = rootDirectoryNames(scope, input.dir);
  const varFileKeys = applyRootVariables(scope, input, diagnostics, listed);
  followModuleCalls(scope, diagnostics);
  const scopes = [scope, ...instancesUnder(scope)];
  const built = scopes.flatMap((s) =>
    [...s.resources.values(), ...s.duplicates].map(
      (decl): Built => {
        const instances = bothMake(s.instance.made, instancesOf(decl.block.body, { scope: s, file: decl.file, env: NO_BINDINGS, depth: 0 }));
        return { resource: toResource(decl, s, instances), scope: s, key: decl.key, decl, created: instances !== 'none' };
      },
    ),
  );
  // Only for their broken references, which an instance shares with its module's own build: the root's.
  walkOtherBlocks(scope);
  evaluateAllLocals(scope);
  const resources = built.map((b) => b.resource);
  const created = built.filter((b) => b.created).map((b) => b.resource);
  const inputPaths = new Set(input.files.map((f) => f.path));
  const sources = new Map([...scope.sources].filter(([file]) => !inputPaths.has(file)));
  let unresolved = [...attachResources(scopes, built, resources), ...instancesNotCreated(built)];
  if (isTerragruntUnit(listed)) unresolved = withoutTerragruntGenerated(input.dir, unresolved, terragruntGenerated(env, input.dir, input.dir, listed));
  if (input.runByTerragrunt?.length) unresolved = withoutTerragruntGenerated(input.dir, unresolved, terragruntSourcedGenerated(env, input.dir, input.runByTerragrunt));
  return {
    resources: created,
    unresolved: withoutCopiedByTerragrunt(unresolved, input.copiedByTerragrunt),
    parseDiagnostics: dedupe(diagnostics),
    sources,
    rendered: scope.rendered,
    notices: scope.notices,
    declaredVariables: [...scope.variables.keys()],
    varFileKeys,
  };
}

/** Outputs, module calls and providers: evaluated only so that their broken references are reported. */
function walkOtherBlocks(scope: ModuleScope): void {
  const blocks = [...scope.outputs.values(), ...scope.modules.values(), ...scope.otherBlocks];
  for (const { block, file } of blocks) {
    evaluateBody(block.body, { scope, file, env: new Map<string, Value>(), depth: 0 }, { file, range: block.range }, metaArguments);
  }
}

/** A resource with the module (instance) and declaration key it comes from. */
interface Built {
  resource: Resource;
  scope: ModuleScope;
  key: string;
  decl: DeclaredResource;
  /** False when its `count`/`for_each` is known to make no instance. */
  created: boolean;
}

/** How deep a resource's values are searched for references to instances that are not created. */
const MAX_VALUE_DEPTH = 64;

/**
 * `aws_iam_instance_profile.x[0]`, in a resource that is created, where `x`
 * is known to make no instance (`count = 0`, a `--var` or tfvars that turns
 * it off): `terraform plan` fails with "Invalid index". `try()`, `one()` and
 * splats tolerate it (`RefValue.oneInstance`).
 */
function instancesNotCreated(built: Built[]): UnresolvedRef[] {
  const absent = new Map(built.flatMap((b) => (!b.created && b.resource.repeated && b.scope.indexed.has(b.resource.id) ? [[b.resource.id, b] as const] : [])));
  if (absent.size === 0) return [];
  const found: UnresolvedRef[] = [];
  const byFile = new Map<string, DeclaredResource[]>();
  for (const { decl } of built) {
    const same = byFile.get(decl.file);
    if (same) same.push(decl);
    else byFile.set(decl.file, [decl]);
  }
  for (const { resource, created, decl, scope } of built) {
    if (!created) continue;
    for (const v of instanceRefs(resource.props)) {
      const target = absent.get(v.target);
      if (!target || !ownReference(v, decl, byFile) || countedFrom(decl, scope, target.decl.address)) continue;
      const why = target.resource.repeated === 'count' ? 'its count is 0' : 'its for_each is empty';
      found.push({ name: v.text.replace(/\]\..*$/, ']'), loc: v.loc, resource, expected: 'resource instance', notCreated: why });
    }
  }
  return found;
}

/**
 * The references to one instance (`x[0]`) in a value, where Terraform
 * evaluates them whatever the deploy-time inputs: not in the branches of a
 * conditional it cannot decide, whose errors Terraform drops where the branch
 * is not taken (every instance's option of a repeated block is taken). A loop
 * over a stack, not a generator: every value of every resource built is walked.
 */
function instanceRefs(root: Value): RefValue[] {
  const found: RefValue[] = [];
  // Values are shared (a local used twice in a list): each is walked once, or nesting would multiply the walk.
  const seen = new Set<Value>();
  const stack: Array<[Value, number]> = [[root, 0]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [v, depth] = top;
    if (seen.has(v)) continue;
    seen.add(v);
    if (v.kind === 'ref') {
      if (v.oneInstance) found.push(v);
    } else if (depth < MAX_VALUE_DEPTH && (v.kind !== 'choice' || v.perInstance)) {
      for (const child of childValues(v)) stack.push([child, depth + 1]);
    }
  }
  return found;
}

/**
 * Whether a resource's `count` or `for_each` is read from `address`
 * (`count = length(aws_network_interface.nat)`): it has no instance where
 * that has none, however little of it the build can count.
 */
function countedFrom(decl: DeclaredResource, scope: ModuleScope, address: string): boolean {
  const expr = attribute(decl.block.body, 'for_each') ?? attribute(decl.block.body, 'count');
  if (expr === undefined) return false;
  const text = sourceText({ scope, file: decl.file, env: NO_BINDINGS, depth: 0 }, expr.range);
  // The whole address: `aws_x.nat` is not read in `aws_x.nat_gw` or `data.aws_x.nat`.
  return new RegExp(`(?<![\\w.-])${escapeRegExp(address)}(?![\\w-])`).test(text);
}

/**
 * Written in the resource, or brought there through locals, variables and
 * outputs (an element of a local list keeps the local's place); not read
 * from another resource's attribute (whose own reference
 * Terraform reports there, or a `try()` around that attribute falls through)
 * nor from a document the resource embeds.
 */
function ownReference(v: Value, decl: DeclaredResource, byFile: ReadonlyMap<string, readonly DeclaredResource[]>): boolean {
  const elsewhere = (at: Loc): boolean => byFile.get(at.file)?.some((other) => other !== decl && writtenIn(other, at)) ?? false;
  return !elsewhere(v.loc) && !(v.via ?? []).some(elsewhere);
}

function writtenIn(decl: DeclaredResource, loc: Loc): boolean {
  const at = startOffset(loc.range);
  return loc.file === decl.file && at >= startOffset(decl.block.range) && at <= endOffset(decl.block.range);
}

/** Each unresolved reference with the resource it was found in (`owner` is a declaration key of its module). */
function attachResources(scopes: ModuleScope[], built: Built[], resources: Resource[]): UnresolvedRef[] {
  const byKey = new Map<ModuleScope, Map<string, Resource>>();
  built.forEach((b, i) => {
    const own = byKey.get(b.scope) ?? new Map<string, Resource>();
    own.set(b.key, resources[i]);
    byKey.set(b.scope, own);
  });
  return scopes.flatMap((scope) =>
    scope.unresolved.map((u) => {
      const { owner, ...ref } = u as UnresolvedRef & { owner?: string };
      const resource = owner ? byKey.get(scope)?.get(owner) : undefined;
      return resource ? { ...ref, resource } : ref;
    }),
  );
}

/** A file read by several instances of a module reports its problems once. */
function dedupe(diagnostics: ParseDiagnostic[]): ParseDiagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.loc.file}\0${startOffset(d.loc.range)}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
