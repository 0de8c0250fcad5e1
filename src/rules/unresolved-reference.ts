import { closest } from '../graph/queries/describe.js';
import type { Rule } from './rule.js';

export const unresolvedReference: Rule<'undeclared' | 'missingPath'> = {
  id: 'unresolved-reference',
  severity: 'error',
  summary: 'A reference names a resource, parameter or variable that does not exist',
  docs: {
    what: 'Flags `Ref`, `Fn::GetAtt` and `Fn::Sub` variables naming a logical id or parameter that the template does not declare, `DependsOn` naming a resource it does not declare, and Terraform references to resources, data sources or variables that the module does not declare, and a local module `source` (`./modules/web`) with nothing at that path.',
    why: 'The template or configuration is rejected before anything is deployed ("Template format error: Unresolved resource dependencies", "Reference to undeclared resource", "Unreadable module directory" at `terraform init`). A typo in a role or profile reference is the usual cause.',
    fix: 'Correct the name or the path, or declare the missing resource or parameter.',
  },
  messages: {
    undeclared: '{{name}} is not a declared {{expected}}',
    missingPath: '{{name}} is not a {{expected}}: nothing is at that path',
  },
  check(graph, report) {
    for (const u of graph.unresolved) {
      const suggestion = u.candidates ? closest(u.name, u.candidates) : undefined;
      report({
        at: u.loc,
        ...(u.resource ? { resource: u.resource } : {}),
        messageId: u.missingPath ? 'missingPath' : 'undeclared',
        data: { name: u.name, expected: u.expected },
        ...(u.hint ? { help: u.hint } : suggestion ? { help: `did you mean ${suggestion}?` } : {}),
      });
    }
  },
};
