import { judgeServicePrincipal, servicePrincipalText, suggestionAsWritten } from '../graph/queries/service-principal.js';
import type { Rule } from './rule.js';
import { trustPrincipals } from '../graph/queries/trusted-roles.js';

export const trustPolicyUnknownService: Rule<'typo' | 'notService'> = {
  id: 'trust-policy-unknown-service',
  severity: 'error',
  summary: 'A role trust policy names a service principal that does not exist',
  docs: {
    what: 'Flags a `Service` principal in a role\'s trust policy that is not an AWS service principal: a near-miss of a known one (`lamda.amazonaws.com`, `ecs-task.amazonaws.com`), a wrong domain (`ec2.amazon.com`, `ec2.amazonaws.comm`) or no domain at all (`ec2`). Regional (`logs.us-east-1.amazonaws.com`), China (`*.amazonaws.com.cn`), ISO (`*.c2s.ic.gov`, `*.sc2s.sgov.gov`) and AWS-internal (`api-service.dnssec.route53.aws.internal`) forms are accepted, and so are `!Sub ec2.${AWS::URLSuffix}` and the Terraform `dns_suffix` equivalent. To stay quiet on services newer than its list, the rule reports a well-formed name only when it is one or two typos away from a known service.',
    why: 'IAM rejects the role ("MalformedPolicyDocument: Invalid principal in policy") or, for a principal that happens to be well-formed, the intended service can never assume the role: EC2 instances get no credentials, Lambda fails with "The role defined for the function cannot be assumed by Lambda". Existing linters pass such names (cfn-lint\'s trust-policy check accepts `ec2.amazonaws.comm`).',
    fix: 'Write the service principal exactly: `<service>.amazonaws.com` (for example `ec2.amazonaws.com`, `lambda.amazonaws.com`, `ecs-tasks.amazonaws.com`).',
  },
  messages: {
    typo: 'Role {{role}} trusts service "{{service}}", which is not a known AWS service principal',
    notService: 'Role {{role}} trusts service "{{service}}", which is not a service principal',
  },
  check(graph, report) {
    for (const { role, principal: p } of trustPrincipals(graph)) {
      if (p.type !== 'Service') continue;
      const text = servicePrincipalText(p.value, graph);
      // A wildcard is another rule's business. Case is IAM's: `EC2.amazonaws.com` is judged as `ec2.amazonaws.com`,
      // so only a name that is wrong in any case (`AWS.Lambda`) is reported.
      if (!text || text.judge === '' || text.judge.includes('*')) continue;
      const v = judgeServicePrincipal(text.judge.toLowerCase());
      if (v.verdict === 'known') continue;
      const suggestion = suggestionAsWritten(v, text.shown);
      const fix = suggestion ? `did you mean "${suggestion}"?` : 'write the service principal as <service>.amazonaws.com, for example "ec2.amazonaws.com"';
      report({
        at: p.value,
        resource: role,
        messageId: v.verdict === 'typo' ? 'typo' : 'notService',
        data: { role: role.address, service: text.shown },
        help: `${fix} (as written, no AWS service can assume the role)`,
      });
    }
  },
};
