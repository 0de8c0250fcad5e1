/**
 * Which OIDC issuer a `Federated` principal names, for `trust-policy-oidc-unscoped`:
 * an `oidc-provider/` ARN, a reference to an OIDC provider resource (its URL),
 * or a bare host, matched against the table in `data/oidc-issuers.ts`.
 */
import { HOLE, stringShape } from './strings.js';
import type { Graph } from '../types.js';
import type { Value } from '../value.js';
import { issuerAttributes, oidcIssuers, unrecognisedIssuer, type IssuerRow } from '../../aws/oidc-issuers.js';

export interface FederatedIssuer {
  /** The issuer (host and path, no scheme); U+0000 for parts we cannot read. */
  issuer: string;
  row: Omit<IssuerRow, 'issuer'>;
}

const oidcProviderArn = /^arn:[^:]*:iam::[^:]*:oidc-provider\/(.+)$/s;

/**
 * The OIDC issuer a `Federated` principal value names: an `oidc-provider/` ARN
 * (literal, `Fn::Sub`, interpolated), a reference to an OIDC provider resource
 * (its `Url`), or a bare host (`cognito-identity.amazonaws.com`). Undefined
 * for SAML providers and for issuers we cannot read enough of to recognise.
 */
export function federatedIssuer(value: Value, graph: Graph): FederatedIssuer | undefined {
  const text = federatedText(value, graph);
  if (text === undefined) return undefined;
  const arn = oidcProviderArn.exec(text);
  let issuer: string;
  if (arn) issuer = arn[1];
  else if (!text.startsWith('arn:') && !text.includes(HOLE) && /^[a-z0-9.-]+\.[a-z]+(\/\S*)?$/i.test(text)) issuer = text;
  else return undefined;
  issuer = normaliseIssuer(issuer);
  const row = knownIssuer(issuer);
  if (row) return { issuer, row };
  // A partly computed issuer may be any of the rows: unknown, not unrecognised.
  return issuer.includes(HOLE) ? undefined : { issuer, row: unrecognisedIssuer };
}

/** The principal's text with references to OIDC providers replaced by their issuer URL. */
export function federatedText(value: Value, graph: Graph): string | undefined {
  const shape = stringShape(value, graph);
  if (!shape) return undefined;
  let hole = 0;
  let out = '';
  for (const ch of shape.text) {
    if (ch !== HOLE) {
      out += ch;
      continue;
    }
    const part = shape.holes[hole++];
    const provided = part ? providerIssuer(part, graph, shape.text === HOLE) : undefined;
    out += provided ?? HOLE;
  }
  return out;
}

/** `aws_iam_openid_connect_provider.x.arn`, `!Ref Provider` (an ARN) or `.url`: the provider's issuer. */
function providerIssuer(v: Value, graph: Graph, whole: boolean): string | undefined {
  if (v.kind !== 'ref') return undefined;
  const target = graph.resource(v.target);
  if (target?.kind !== 'iam.oidc-provider') return undefined;
  const isArn = v.attribute === 'arn' || v.attribute === 'id';
  if (!(isArn && whole) && v.attribute !== 'other:url' && v.attribute !== 'other:Url') return undefined;
  const url = target.canonical.oidcUrl;
  const shape = url ? stringShape(url, graph) : undefined;
  if (!shape) return undefined;
  const issuer = shape.text === HOLE ? (attributeIssuer(shape.holes[0], graph) ?? HOLE) : normaliseIssuer(shape.text);
  return isArn ? `arn:aws:iam::${HOLE}:oidc-provider/${issuer}` : issuer;
}

/**
 * An issuer URL that is a resource's attribute of a known kind (an EKS
 * cluster's, as a reference or a nested attribute known once the cluster
 * exists): its pattern, `*` as unknown parts. Known by construction, it is as
 * good as its text for which kind of issuer it is.
 */
function attributeIssuer(v: Value | undefined, graph: Graph): string | undefined {
  const of = v?.kind === 'ref' ? { target: v.target, path: v.attribute.replace(/^other:/, '') } : v?.kind === 'unknown' ? v.attributeOf : undefined;
  if (!of) return undefined;
  const type = graph.resource(of.target)?.type;
  const row = issuerAttributes.find((a) => a.type === type && a.attribute === of.path);
  return row?.issuer.split('*').join(HOLE);
}

export function normaliseIssuer(text: string): string {
  return text.replace(/^https:\/\//i, '').replace(/\/+$/, '');
}

/**
 * Does an issuer match a row's pattern (`*` = one segment without `/`)? A
 * computed part may only stand where the pattern has a `*`: a hole never
 * makes a literal match.
 */
function issuerMatches(pattern: string, issuer: string): boolean {
  if (!pattern.includes('*')) return pattern.toLowerCase() === issuer.toLowerCase();
  const source = pattern
    .split('*')
    .map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('[^/]+');
  // A hole is read as one plain label: it can fill a `*`, not a literal part.
  return new RegExp(`^${source}$`, 'i').test(issuer.split(HOLE).join('x'));
}


/** The table's row for an issuer, if it is one the table knows. */
export function knownIssuer(issuer: string): IssuerRow | undefined {
  return oidcIssuers.find((r) => issuerMatches(r.issuer, issuer));
}
