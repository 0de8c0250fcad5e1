import { roleOf } from '../graph/queries/denote.js';
import { HOLE, knownString, stringShape } from '../graph/queries/strings.js';
import type { Graph, Resource } from '../graph/types.js';
import { alternatives, asList, type Value } from '../graph/value.js';
import { type Loc, startOffset } from '../shared/source.js';
import type { Rule } from './rule.js';

/** IAM's default quota of managed policies attached to one role (semantics.md §E; adjustable up to 20). */
const defaultQuota = 10;
const maximumQuota = 20;

/**
 * A key equal for two values only when they certainly name the same policy,
 * and, so that nothing is counted twice, shared by values that might: the
 * policy's name (the ARN's last segment), whoever's account it is in. Values
 * whose policy cannot be told (computed) get no key and are not counted.
 */
function policyKey(value: Value, graph: Graph): string | undefined {
  if (value.kind === 'ref') {
    const target = graph.resource(value.target);
    if (!target || target.kind !== 'iam.policy') return undefined;
    return resourceKey(target, graph);
  }
  const shape = stringShape(value, graph);
  if (!shape) return undefined;
  const name = shape.text.slice(shape.text.lastIndexOf('/') + 1);
  if (!shape.text.includes(':policy/') || name === '' || name.includes(HOLE)) return undefined;
  return `name:${name}`;
}

/** A managed policy resource: by its name when written, else the resource itself (a generated name is its own). */
function resourceKey(policy: Resource, graph: Graph): string {
  const name = policy.canonical.name ? knownString(policy.canonical.name, graph) : undefined;
  return name !== undefined ? `name:${name}` : `res:${policy.id}`;
}

interface Attached {
  key: string;
  loc: Loc;
}

/** The policies a role's own list names; of the branches of a computed list, the shortest. */
function ownPolicies(role: Resource, graph: Graph): Attached[] {
  const list = role.canonical.managedPolicies;
  if (!list) return [];
  let fewest: Attached[] | undefined;
  for (const option of alternatives(list)) {
    const found: Attached[] = [];
    // A choice inside the list may be either policy or none: not counted.
    for (const item of asList(option)) {
      if (item.kind === 'choice') continue;
      const key = policyKey(item, graph);
      if (key) found.push({ key, loc: item.loc });
    }
    if (!fewest || found.length < fewest.length) fewest = found;
  }
  return fewest ?? [];
}

/**
 * The policy ARNs an attachment attaches: one, or one per instance of a
 * `for_each`/`count` attachment (`policy_arn = each.value` over a known set).
 * A conditional choice attaches one of its options, which cannot be told: none.
 */
function attachedArns(attachment: Resource): Value[] {
  const arn = attachment.canonical.policyArn;
  if (!arn) return [];
  return arn.kind === 'choice' && arn.perInstance ? arn.options : [arn];
}

/** Policies attached from elsewhere: ManagedPolicy.Roles, aws_iam_role_policy_attachment, aws_iam_policy_attachment. */
function attachedFromOutside(graph: Graph): Map<string, Attached[]> {
  const byRole = new Map<string, Attached[]>();
  const add = (roleItem: Value, key: string | undefined, loc: Loc): void => {
    if (!key || roleItem.kind === 'choice') return;
    const role = roleOf(roleItem, graph);
    if (!role) return;
    const list = byRole.get(role.id) ?? [];
    list.push({ key, loc });
    byRole.set(role.id, list);
  };
  for (const r of graph.resources) {
    // Only what surely deploys counts: an attachment behind `count = var.attach ? 1 : 0` may never exist.
    if (r.external || r.mayBeAbsent) continue;
    if (r.kind === 'iam.policy') {
      for (const item of asList(r.canonical.roles)) add(item, resourceKey(r, graph), item.loc);
    } else if (r.kind === 'iam.role-policy-attachment' || r.kind === 'iam.policy-attachment') {
      for (const arn of attachedArns(r)) {
        const key = arn.kind !== 'choice' ? policyKey(arn, graph) : undefined;
        for (const item of asList(r.canonical.roles)) add(item, key, arn.loc);
      }
    }
  }
  return byRole;
}

export const roleManagedPolicyLimit: Rule<'overQuota' | 'overQuotaWithOthers'> = {
  id: 'role-managed-policy-limit',
  severity: 'warning',
  summary: 'A role has more managed policies attached than the default IAM quota of 10',
  docs: {
    what: "Counts the distinct managed policies attached to each role: its own `ManagedPolicyArns` / `managed_policy_arns`, `AWS::IAM::ManagedPolicy` resources that list the role in `Roles`, and `aws_iam_role_policy_attachment` / `aws_iam_policy_attachment` resources whose role is this role. Flags a role with more than 10. Policies the code does not let us tell apart (computed ARNs, conditional entries) are not counted, nor attachments that may not be deployed (an open `Condition`, `count = var.attach ? 1 : 0` on a default), so the count is a lower bound.",
    why: 'IAM allows 10 managed policies per role by default (adjustable to 20). The 11th attachment fails at deploy time with "LimitExceeded: Cannot exceed quota for PoliciesPerRole: 10", often halfway through a stack or apply.',
    fix: 'Merge related permissions into fewer customer managed policies (or an inline policy), or request an increase of the "Managed policies per role" quota and keep the count within it.',
  },
  messages: {
    overQuota: "Role {{role}} has {{count}} managed policies attached, over IAM's default quota of {{quota}}",
    overQuotaWithOthers: "Role {{role}} has {{count}} managed policies attached ({{elsewhere}} of them attached by other resources), over IAM's default quota of {{quota}}",
  },
  check(graph, report) {
    const outside = attachedFromOutside(graph);
    for (const role of graph.resources) {
      if (role.kind !== 'iam.role' || role.external) continue;
      const own = ownPolicies(role, graph);
      const all = [...own, ...(outside.get(role.id) ?? [])];
      const distinct = new Map<string, Loc>();
      for (const a of all) if (!distinct.has(a.key)) distinct.set(a.key, a.loc);
      if (distinct.size <= defaultQuota) continue;
      const elsewhere = distinct.size - new Set(own.map((a) => a.key)).size;
      report({
        at: role.canonical.managedPolicies ?? role.loc,
        resource: role,
        messageId: elsewhere > 0 ? 'overQuotaWithOthers' : 'overQuota',
        data: { role: role.address, count: distinct.size, quota: defaultQuota, ...(elsewhere > 0 ? { elsewhere } : {}) },
        help: `merge them into fewer customer managed policies, or raise the quota (at most ${maximumQuota}) before deploying`,
        // Where written, whatever order the attachments' set is in.
        related: [...distinct.values()]
          .filter((loc) => !own.some((a) => a.loc === loc))
          .sort((a, b) => (a.file === b.file ? startOffset(a.range) - startOffset(b.range) : a.file < b.file ? -1 : 1))
          .map((loc) => ({ loc, message: 'policy attached to the role here' })),
      });
    }
  },
};
