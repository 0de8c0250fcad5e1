import type { Rule } from './rule.js';

export const skippedFile: Rule<'notLinted'> = {
  id: 'skipped-file',
  severity: 'warning',
  summary: 'A file with a template or module name was not linted',
  docs: {
    what: 'Reports a file that discovery found but did not lint: a binary file (it holds a NUL byte), a file larger than `--max-file-size` (10 MiB by default), or a symbolic link to a file outside the linted directories (links are followed only inside them; reported at `info` level). YAML and JSON files that are not CloudFormation templates are skipped silently, as always; a file that is not valid UTF-8 is a `parse-error`.',
    why: 'A file that is not linted is not checked: the run must say so rather than pass it as clean.',
    fix: 'Save the file as UTF-8 text, split or raise `--max-file-size` for a generated template that large, or lint the target of the link where it lives. Or ignore the file in the config when it is not infrastructure code.',
  },
  // Discovery says why a file was not linted (size, NUL byte, link); the message carries its text.
  messages: { notLinted: '{{message}}' },
  check(graph, report) {
    for (const n of graph.notices ?? []) {
      if (n.rule === 'skipped-file') report({ at: n.loc, messageId: 'notLinted', data: { message: n.message }, severity: n.severity });
    }
  },
};
