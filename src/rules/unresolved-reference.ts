import { closest } from '../graph/queries/describe.js';
import type { Rule } from './rule.js';

/** What the deploy says with the values given, and how to refer only to what is there. */
const notCreatedHelp = {
  cloudformation: 'with the values given, CloudFormation rejects the template ("Unresolved resource dependencies"): put the referring resource under the same Condition, or choose the value with Fn::If on it and AWS::NoValue',
  terraform: 'with the values given, terraform plan fails with "Invalid index": give the referring resource the same count or for_each, or read the attribute with try(..., null)',
} as const;

export const unresolvedReference: Rule<'undeclared' | 'missingPath' | 'ignoredValue' | 'notCreated'> = {
  id: 'unresolved-reference',
  severity: 'error',
  summary: 'A reference names a resource, parameter or variable that does not exist',
  docs: {
    what: 'Flags `Ref`, `Fn::GetAtt` and `Fn::Sub` variables naming a logical id or parameter that the template does not declare, `DependsOn` naming a resource it does not declare, `Fn::If` and `Condition` (of a resource, an output, or within `Conditions`) naming a condition it does not declare (unless an `AWS::Include` completes `Conditions`), and Terraform references to resources, data sources or variables that the module does not declare, and a local module `source` (`./modules/web`) with nothing at that path. A reference, from a resource that is created, to one that is not with the values given (a literal condition, `--parameters`, `--var`, tfvars) is reported too: a CloudFormation resource whose `Condition` is false, a Terraform instance (`aws_iam_instance_profile.x[0]`) of a resource whose `count` is 0 or whose `for_each` is empty. That is a warning where the referring resource may itself not be created. A key of a root module\'s own `terraform.tfvars` or `*.auto.tfvars` that it declares no variable for is a warning, as Terraform gives.',
    why: 'The template or configuration is rejected before anything is deployed ("Template format error: Unresolved resource dependencies", "Reference to undeclared resource", "Unreadable module directory" at `terraform init`). A typo in a role or profile reference is the usual cause. A mistyped tfvars key leaves the variable at its default.',
    fix: 'Correct the name or the path, or declare the missing resource or parameter.',
  },
  messages: {
    undeclared: '{{name}} is not a declared {{expected}}',
    missingPath: '{{name}} is not a {{expected}}: nothing is at that path',
    ignoredValue: '{{name}} is not a declared {{expected}} of this module: its value is ignored',
    notCreated: '{{name}} is not created: {{why}}',
  },
  check(graph, report) {
    for (const u of graph.unresolved) {
      if (u.notCreated !== undefined) {
        report({
          at: u.loc,
          ...(u.resource ? { resource: u.resource } : {}),
          messageId: 'notCreated',
          data: { name: u.name, why: u.notCreated },
          help: notCreatedHelp[u.resource?.iac ?? 'cloudformation'],
          // Where the referring resource is itself not sure to be created, neither is the failure.
          ...(u.conditional || u.resource?.mayBeAbsent ? { severity: 'warning' as const } : {}),
        });
        continue;
      }
      const suggestion = u.candidates ? closest(u.name, u.candidates) : undefined;
      report({
        at: u.loc,
        ...(u.resource ? { resource: u.resource } : {}),
        messageId: u.missingPath ? 'missingPath' : u.ignoredValue ? 'ignoredValue' : 'undeclared',
        data: { name: u.name, expected: u.expected },
        // Terraform warns about a value for an undeclared variable, and plans on.
        ...(u.ignoredValue ? { severity: 'warning' as const } : {}),
        ...(u.hint ? { help: u.hint } : suggestion ? { help: `did you mean ${suggestion}?` } : u.ignoredValue ? { help: `declare a variable ${u.name}, or remove the value` } : {}),
      });
    }
  },
};
