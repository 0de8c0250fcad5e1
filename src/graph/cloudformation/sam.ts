import type { CfnMap, CfnNode } from '../../parsers/cloudformation-tree.js';
import type { Loc } from '../../shared/source.js';
import type { Declared } from './index.js';
import { mapGet } from './intrinsics.js';
import { table } from '../../shared/own.js';
import type { SamReference } from './generated.js';

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

/** Whether SAM creates a generated resource, from its serverless resource's properties; undefined when they are computed. */
type Creates = (props: CfnMap) => boolean | undefined;

interface ReferenceRow {
  creates: Creates;
  /** What the serverless resource must set for SAM to create it, for the message when it does not. */
  needs: string;
}

/** The node at `path` under `props`; 'computed' when an intrinsic stands in the way. */
function at(props: CfnMap, path: readonly string[]): CfnNode | 'computed' | undefined {
  let node: CfnNode | undefined = props;
  for (const key of path) {
    if (node?.kind === 'fn') return 'computed';
    node = node?.kind === 'map' ? mapGet(node, key) : undefined;
  }
  return node?.kind === 'fn' ? 'computed' : node;
}

/** SAM tests these properties for truth: absent, empty, null and false create nothing. */
function isSet(node: CfnNode | 'computed' | undefined): boolean | undefined {
  if (node === 'computed') return undefined;
  return node !== undefined && !(node.kind === 'scalar' && (node.value === '' || node.value === null || node.value === false));
}

/** The scalar text at `path`, undefined when absent, 'computed' when not written. */
function textAt(props: CfnMap, path: readonly string[]): string | 'computed' | undefined {
  const node = at(props, path);
  if (node === undefined || node === 'computed') return node;
  return node.kind === 'scalar' ? String(node.value) : 'computed';
}

const always: ReferenceRow = { creates: () => true, needs: '' };
const autoPublished: ReferenceRow = { creates: (p) => isSet(at(p, ['AutoPublishAlias'])), needs: 'sets AutoPublishAlias' };

/** An event-invoke destination of `type` with no `Destination` (or a conditional one): SAM creates the topic or queue. */
function createdDestination(type: 'SNS' | 'SQS'): ReferenceRow {
  const creates: Creates = (p) => {
    const config = at(p, ['EventInvokeConfig', 'DestinationConfig']);
    if (config === 'computed') return undefined;
    if (config?.kind !== 'map') return false;
    let open = false;
    for (const event of ['OnSuccess', 'OnFailure']) {
      const kind = textAt(config, [event, 'Type']);
      const destination = at(config, [event, 'Destination']);
      // `at` calls any intrinsic computed; an `Fn::If` (one branch `AWS::NoValue`) is SAM's conditional creation, so the node itself is asked.
      const target = mapGet(config, event);
      const written = target?.kind === 'map' ? mapGet(target, 'Destination') : undefined;
      const conditional = written?.kind === 'fn' && written.name === 'Fn::If';
      if (kind === undefined || (destination !== undefined && !conditional)) continue;
      if (kind === type) return true;
      if (kind === 'computed') open = true;
    }
    return open ? undefined : false;
  };
  return { creates, needs: `sets EventInvokeConfig.DestinationConfig with Type ${type} and no Destination` };
}

const hasDomain: ReferenceRow = { creates: (p) => isSet(at(p, ['Domain'])), needs: 'sets Domain' };

/** A REST API's custom domain is `DomainNameV2` when private, `DomainName` otherwise. */
function restDomain(isPrivate: boolean): ReferenceRow {
  const creates: Creates = (p) => {
    const domain = isSet(at(p, ['Domain']));
    if (domain !== true) return domain;
    const endpoint = textAt(p, ['Domain', 'EndpointConfiguration']);
    return endpoint === 'computed' ? undefined : (endpoint === 'PRIVATE') === isPrivate;
  };
  return { creates, needs: isPrivate ? 'sets Domain with EndpointConfiguration PRIVATE' : 'sets Domain (not PRIVATE)' };
}

const usagePlan: ReferenceRow = {
  creates: (p) => {
    const mode = textAt(p, ['Auth', 'UsagePlan', 'CreateUsagePlan']);
    return mode === 'computed' ? undefined : mode === 'PER_API' || mode === 'SHARED';
  },
  needs: 'sets Auth.UsagePlan.CreateUsagePlan to PER_API or SHARED',
};

/**
 * The generated resources SAM lets a template name as `<LogicalId>.<Property>`
 * (`!Ref MyFunction.Version`), by serverless type (SAM docs, "Referencing
 * generated CloudFormation resources"; samtranslator `referable_properties`).
 */
const referenceable: Readonly<Record<string, Readonly<Record<string, ReferenceRow>>>> = table({
  'AWS::Serverless::Function': table({
    Alias: autoPublished,
    Version: autoPublished,
    DestinationTopic: createdDestination('SNS'),
    DestinationQueue: createdDestination('SQS'),
  }),
  'AWS::Serverless::Api': table({
    Stage: always,
    Deployment: always,
    DomainName: restDomain(false),
    DomainNameV2: restDomain(true),
    UsagePlan: usagePlan,
    UsagePlanKey: usagePlan,
    ApiKey: usagePlan,
  }),
  'AWS::Serverless::HttpApi': table({ Stage: always, DomainName: hasDomain }),
  'AWS::Serverless::WebSocketApi': table({ Stage: always, DomainName: hasDomain }),
});

/**
 * Every `<LogicalId>.<Property>` of the template's serverless resources (with
 * `Globals` applied): created, or what the resource must set for SAM to create it.
 * A property that is computed counts as created: nothing is reported on an unknown.
 */
export function samReferences(declared: readonly Declared[]): Map<string, SamReference> {
  const out = new Map<string, SamReference>();
  for (const d of declared) {
    const rows = referenceable[d.type];
    if (!rows) continue;
    const props = mapGet(d.body, 'Properties');
    const map: CfnMap = props?.kind === 'map' ? props : { kind: 'map', entries: [], loc: d.keyLoc };
    for (const property of Object.keys(rows)) {
      const row = rows[property];
      const creates = props?.kind === 'fn' ? undefined : row.creates(map);
      out.set(`${d.logicalId}.${property}`, creates === false ? { created: false, needs: `${d.logicalId} ${row.needs}` } : { created: true, needs: '' });
    }
  }
  return out;
}

/**
 * The names SAM gives what an event source or an embedded connector creates
 * (SAM docs, "Generated AWS CloudFormation resources", "Embedded
 * connectors"): `<Id><EventId>` (a rule for a `Schedule`, `CloudWatchEvent`,
 * `EventBridgeRule`) and `<Id><ConnectorId>` (a connector on any resource),
 * each also with a suffix (`Permission`, `Role`, `Queue`, `Policy`, ...);
 * and a dead-letter queue an event names with `DeadLetterConfig.QueueLogicalId`.
 */
export function samEventNames(declared: readonly Declared[]): { prefixes: string[]; exact: string[] } {
  const prefixes: string[] = [];
  const exact: string[] = [];
  for (const d of declared) {
    const connectors = mapGet(d.body, 'Connectors');
    if (connectors?.kind === 'map') prefixes.push(...connectors.entries.map((c) => `${d.logicalId}${c.key}`));
    if (!d.type.startsWith('AWS::Serverless::')) continue;
    const props = mapGet(d.body, 'Properties');
    const events = props?.kind === 'map' ? mapGet(props, 'Events') : undefined;
    if (events?.kind !== 'map') continue;
    for (const event of events.entries) {
      prefixes.push(`${d.logicalId}${event.key}`);
      const queue = event.value.kind === 'map' ? at(event.value, ['Properties', 'DeadLetterConfig', 'QueueLogicalId']) : undefined;
      if (queue !== undefined && queue !== 'computed' && queue.kind === 'scalar') exact.push(String(queue.value));
    }
  }
  return { prefixes, exact };
}
