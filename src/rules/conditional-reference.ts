import { conditionalTarget, stackPassing, type ConditionalTarget } from '../graph/queries/conditional-target.js';
import type { Resource } from '../graph/types.js';
import { slotLabel } from '../graph/queries/describe.js';
import type { Rule } from './rule.js';

/** What the condition is called, and what the deployer sets, in each language. */
const dialect = {
  cloudformation: { test: (t: string) => `condition ${t}`, inputs: 'parameter defaults' },
  terraform: { test: (t: string) => t, inputs: 'variable defaults' },
} as const;

/** How to make the reference safe, and what the deploy says when it is not. */
const advice = {
  cloudformation: (f: ConditionalTarget, stack?: Resource) =>
    stack
      ? `CloudFormation rejects the template as an unresolved dependency where ${f.target.address} is not created: give nested stack ${stack.address}, which passes it to ${f.use.resource.address}, the same Condition`
      : `CloudFormation rejects the template as an unresolved dependency where ${f.target.address} is not created: give ${f.use.resource.address} the same Condition, or choose the value with Fn::If on ${f.missing.test} and AWS::NoValue`,
  terraform: (f: ConditionalTarget) =>
    `terraform plan fails with "Invalid index" where ${f.target.address} has no instance: give ${f.use.resource.address} the same count, or write one(${f.ref.text.replace(/\[[^\]]*\]/, '[*]')}), which is null where there is none`,
} as const;

export const conditionalReference: Rule<'absentByDefault' | 'mayBeAbsent'> = {
  id: 'conditional-reference',
  severity: 'error',
  summary: 'A role or instance profile is referenced where its resource may not be created',
  docs: {
    what: "Flags a property that expects a role or an instance profile and refers to one whose resource is created only under a condition that the referring resource does not share: a CloudFormation `Condition` (outside an `Fn::If` on it), or Terraform `count`/`for_each` read with an index (`aws_iam_instance_profile.this[0].name`). It is an error when the parameter or variable defaults leave the target out while the referrer stays; otherwise, in CloudFormation, a warning (as cfn-lint's W1001). `try()`, `one()` and splat expressions, which tolerate a missing instance, are not reported, nor are Terraform cases the defaults do not decide.",
    why: 'Where the condition is false the reference has nothing to point at: CloudFormation rejects the template (an unresolved resource dependency) and `terraform plan` fails with "Invalid index". The template deploys in one environment and breaks in the next, when someone flips a parameter.',
    fix: 'Put the referrer under the same condition (the same `Condition`, the same `count`), or choose the value only where the target exists: `!If [Cond, !Ref Profile, !Ref AWS::NoValue]`, `one(aws_iam_instance_profile.this[*].name)`.',
  },
  messages: {
    absentByDefault: '{{slot}} refers to {{target}}, which is not created with the {{inputs}} ({{test}} is {{outcome}})',
    mayBeAbsent: '{{slot}} refers to {{target}}, which is created only where {{test}} is {{needed}}; {{referrer}} is not under that condition',
  },
  check(graph, report) {
    for (const use of graph.slots) {
      const found = use.value.kind === 'ref' ? conditionalTarget(use, graph.resource(use.value.target)) : undefined;
      if (!found) continue;
      const { test, inputs } = dialect[found.target.iac];
      // A value given to a nested stack: the stack is what is created without the target.
      const stack = found.target.iac === 'cloudformation' ? stackPassing(found, graph) : undefined;
      report({
        at: use.value,
        resource: use.resource,
        ...(found.byDefault
          ? { messageId: 'absentByDefault' as const, data: { slot: slotLabel(use.slot), target: found.target.address, inputs, test: test(found.missing.test), outcome: String(!found.missing.holds) } }
          : {
              messageId: 'mayBeAbsent' as const,
              severity: 'warning' as const,
              data: { slot: slotLabel(use.slot), target: found.target.address, test: test(found.missing.test), needed: String(found.missing.holds), referrer: stack ? `nested stack ${stack.address}` : use.resource.address },
            }),
        help: advice[found.target.iac](found, stack),
        related: [{ loc: found.target.loc, message: `${found.target.address} is declared here` }],
      });
    }
  },
};
