import type { CfnMap, CfnNode } from '../../parsers/cloudformation-tree.js';
import type { Loc } from '../../shared/source.js';
import type { Declared } from './index.js';
import { mapGet } from './intrinsics.js';
import { table } from '../../shared/own.js';

/**
 * The role SAM creates for a serverless resource that names none: `<Id>Role`,
 * trusted by the resource's service (SAM docs, "Generated AWS CloudFormation
 * resources"). Modelled so references to it are a role, not an unknown.
 */
const generatedRoleService: Record<string, string> = table({
  'AWS::Serverless::Function': 'lambda.amazonaws.com',
  'AWS::Serverless::StateMachine': 'states.amazonaws.com',
});

/** `Globals` sections by serverless type (`Globals.Function` applies to `AWS::Serverless::Function`). */
function globalsFor(root: CfnMap, type: string): CfnMap | undefined {
  const globals = mapGet(root, 'Globals');
  const section = globals?.kind === 'map' ? mapGet(globals, type.slice('AWS::Serverless::'.length)) : undefined;
  return section?.kind === 'map' ? section : undefined;
}

/**
 * A serverless resource with `Globals` applied: properties the resource sets
 * itself win (SAM merges maps and appends lists; for the slots we read, the
 * resource's own value is what counts).
 */
export function withGlobals(root: CfnMap, d: Declared): Declared {
  if (!d.type.startsWith('AWS::Serverless::')) return d;
  const globals = globalsFor(root, d.type);
  if (!globals) return d;
  const props = mapGet(d.body, 'Properties');
  const own = props?.kind === 'map' ? props.entries : [];
  const inherited = globals.entries.filter((g) => !own.some((e) => e.key === g.key));
  if (inherited.length === 0) return d;
  const merged: CfnMap = { kind: 'map', entries: [...own, ...inherited], loc: props?.loc ?? d.keyLoc };
  return { ...d, body: { ...d.body, entries: [...d.body.entries.filter((e) => e.key !== 'Properties'), { key: 'Properties', keyLoc: d.keyLoc, value: merged }] } };
}

/** The roles SAM generates for the serverless resources of a template that name no `Role`. */
export function samGeneratedRoles(declared: readonly Declared[]): Declared[] {
  const taken = new Set(declared.map((d) => d.logicalId));
  const out: Declared[] = [];
  for (const d of declared) {
    const service = generatedRoleService[d.type];
    const props = mapGet(d.body, 'Properties');
    if (!service || (props?.kind === 'map' && mapGet(props, 'Role') !== undefined)) continue;
    const logicalId = `${d.logicalId}Role`;
    if (taken.has(logicalId)) continue;
    out.push({ logicalId, keyLoc: d.keyLoc, type: 'AWS::IAM::Role', body: generatedRoleBody(service, d.keyLoc) });
  }
  return out;
}

/** `{Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: ...}}`, placed at the serverless resource's key. */
function generatedRoleBody(service: string, loc: Loc): CfnMap {
  const scalar = (value: string): CfnNode => ({ kind: 'scalar', value, loc, style: 'plain' });
  const map = (entries: Array<[string, CfnNode]>): CfnMap => ({ kind: 'map', entries: entries.map(([key, value]) => ({ key, keyLoc: loc, value })), loc });
  const statement = map([
    ['Effect', scalar('Allow')],
    ['Principal', map([['Service', { kind: 'seq', items: [scalar(service)], loc }]])],
    ['Action', { kind: 'seq', items: [scalar('sts:AssumeRole')], loc }],
  ]);
  const policy = map([
    ['Version', scalar('2012-10-17')],
    ['Statement', { kind: 'seq', items: [statement], loc }],
  ]);
  return map([
    ['Type', scalar('AWS::IAM::Role')],
    ['Properties', map([['AssumeRolePolicyDocument', policy]])],
  ]);
}
