import { closest } from '../graph/queries/describe.js';
import type { Rule } from './rule.js';

export const unresolvedReference: Rule<'undeclared'> = {
  id: 'unresolved-reference',
  severity: 'error',
  summary: 'A reference names a resource, parameter or variable that does not exist',
  docs: {
    what: 'Flags `Ref`, `Fn::GetAtt` and `Fn::Sub` variables naming a logical id or parameter that the template does not declare, and Terraform references to resources, data sources or variables that the module does not declare.',
    why: 'The template or configuration is rejected before anything is deployed ("Template format error: Unresolved resource dependencies", "Reference to undeclared resource"). A typo in a role or profile reference is the usual cause.',
    fix: 'Correct the name, or declare the missing resource or parameter.',
  },
  messages: { undeclared: '{{name}} is not a declared {{expected}}' },
  check(graph, report) {
    for (const u of graph.unresolved) {
      const suggestion = u.candidates ? closest(u.name, u.candidates) : undefined;
      report({
        at: u.loc,
        ...(u.resource ? { resource: u.resource } : {}),
        messageId: 'undeclared',
        data: { name: u.name, expected: u.expected },
        ...(suggestion ? { help: `did you mean ${suggestion}?` } : {}),
      });
    }
  },
};
