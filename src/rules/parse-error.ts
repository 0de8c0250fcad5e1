import type { Rule } from './rule.js';

export const parseError: Rule<'unreadable'> = {
  id: 'parse-error',
  severity: 'error',
  summary: 'A file could not be parsed',
  docs: {
    what: 'Reports a CloudFormation or Terraform file that is not valid YAML, JSON or HCL, at the line and column of the fault. A duplicate key in a CloudFormation template is an error (CloudFormation rejects the template; cfn-lint E0000), yet the template is still read, the last value winning and a repeated top-level section (two `Resources:`) read as one, so nothing in it goes unchecked. Every other file is still linted.',
    why: 'A file that does not parse cannot be deployed, and none of its resources can be checked.',
    fix: 'Correct the syntax at the reported position.',
  },
  // The parsers word their diagnostics (the fault and where it is); the message carries the parser's text.
  messages: { unreadable: '{{message}}' },
  check(graph, report) {
    for (const d of graph.parseDiagnostics) {
      report({ at: d.loc, messageId: 'unreadable', data: { message: d.message }, ...(d.help && { help: d.help }), severity: d.severity });
    }
  },
};
