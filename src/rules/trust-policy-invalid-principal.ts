import type { Principal } from '../graph/policy.js';
import { HOLE, stringShape } from '../graph/queries/strings.js';
import type { Graph } from '../graph/types.js';
import { table } from '../shared/own.js';
import type { Rule } from './rule.js';
import { trustPrincipals } from '../graph/queries/trusted-roles.js';

/**
 * The shapes IAM accepts for an `AWS` principal (IAM User Guide, "AWS JSON
 * policy elements: Principal"): `*`, a 12-digit account id, or an IAM/STS
 * ARN of the account root, a role, a user, an assumed-role session or a
 * federated user. A hole (a value known only at deploy time) may stand for
 * any segment; wildcards inside a name are not allowed.
 */
const accountId = /^(\d{12}|\0+)$/;
const arnShape = /^arn:([^:]*):(iam|sts)::([^:]*):(.*)$/s;
const resourceShapes: Readonly<Record<string, RegExp>> = table({
  iam: /^(root|\0.*|(role|user)\/[^*?]*[^*?/])$/s,
  sts: /^(\0.*|assumed-role\/[^*?/]+\/[^*?]+|federated-user\/[^*?]+)$/s,
});
/** A unique id (`AROA...`, `AIDA...`) is what IAM stores and shows for a deleted principal. */
const uniqueId = /^A[A-Z0-9]{15,}$/;

/** Why IAM rejects this AWS principal, or undefined when it may be accepted. */
export function invalidAwsPrincipal(p: Principal, graph: Graph): string | undefined {
  if (p.type !== 'AWS') return undefined;
  const shape = stringShape(p.value, graph);
  if (!shape || shape.text === '*' || shape.text.startsWith(HOLE) || uniqueId.test(shape.text)) return undefined;
  if (/^\d+$/.test(shape.text)) return accountId.test(shape.text) ? undefined : 'an account id has 12 digits';
  const arn = arnShape.exec(shape.text);
  if (!arn) {
    if (shape.text.includes(HOLE)) return undefined;
    if (/^arn:[^:]*:(iam|sts)::[^:]*$/.test(shape.text)) return 'the ARN has no account id';
    return shape.text.startsWith('arn:') ? 'it is not an IAM or STS principal ARN' : 'it is neither "*", an account id nor a principal ARN';
  }
  const [, partition, service, account, resource] = arn;
  if (partition === '') return 'the ARN has no partition (arn:aws:...)';
  if (!accountId.test(account)) return account === '' ? 'the ARN has no account id' : `"${account}" is not a 12-digit account id`;
  if (!resourceShapes[service].test(resource)) {
    return /[*?]/.test(resource) ? 'a principal ARN cannot contain wildcards' : `"${resource}" is not a principal IAM accepts after the account id`;
  }
  return undefined;
}

/** The fix; for a value a parameter or variable default gives, where to make it. */
function helpFor(p: Principal): string {
  const input = p.value.commandLine === undefined ? p.value.fromInput : undefined;
  if (input !== undefined) return `the value is ${input}'s default: give ${input} a principal ARN or account id when deploying, or fix the default`;
  return 'write arn:<partition>:iam::<12-digit account>:root (or :role/<name>, :user/<name>) or a 12-digit account id; a service goes under Service';
}

/** `arn:aws:iam::root` as written, with holes shown as `${...}`. */
function shown(p: Principal, graph: Graph): string {
  return (stringShape(p.value, graph)?.text ?? '').split(HOLE).join('${...}');
}

export const trustPolicyInvalidPrincipal: Rule<'rejected'> = {
  id: 'trust-policy-invalid-principal',
  severity: 'error',
  summary: 'A role trust policy names an AWS principal that IAM rejects',
  docs: {
    what: 'Flags an `AWS` principal in a role\'s trust policy that is not a form IAM accepts: an ARN with no account id (`arn:aws:iam::root`), an account id that is not 12 digits, an ARN of something that cannot be a principal (a policy, a group, a bucket), a wildcard inside a principal ARN (`role/*`), or a service name written as an `AWS` principal. Parts known only at deploy time (`${AWS::AccountId}`, a variable) are accepted.',
    why: 'IAM refuses the trust policy: the deploy fails with "MalformedPolicyDocument: Invalid principal in policy" and the role, and everything that needs it, is not created.',
    fix: 'Write the principal as `arn:<partition>:iam::<12-digit account>:root`, `...:role/<name>` or `...:user/<name>` (or a 12-digit account id); a service goes under `Service`, not `AWS`.',
  },
  messages: { rejected: 'Role {{role}} trusts AWS principal "{{principal}}", which IAM rejects ("Invalid principal in policy"): {{why}}' },
  check(graph, report) {
    for (const { role, principal: p } of trustPrincipals(graph)) {
      const why = invalidAwsPrincipal(p, graph);
      if (why === undefined) continue;
      report({ at: p.value, resource: role, messageId: 'rejected', data: { role: role.address, principal: shown(p, graph), why }, help: helpFor(p) });
    }
  },
};
