import type { Rule } from './rule.js';

export const skippedFile: Rule<'notLinted'> = {
  id: 'skipped-file',
  severity: 'warning',
  summary: 'A file with a template or module name was not linted',
  docs: {
    what: 'Reports a file that discovery found but did not lint: a binary file (it holds a NUL byte), a file larger than `--max-file-size` (10 MiB by default), a symbolic link to a file outside the linted directories (links are followed only inside them), or a local Terraform module called from outside the project root, the nearest directory with `.git`, else the working directory (`examples/complete` linted from inside a checkout without `.git`); the last two at `info` level; also at `info`, a file written for a tool to fill in before CloudFormation reads it (AWS Proton Jinja templates, `{% for %}` around resources; the `%BUCKET_NAME%` placeholders an AWS Solutions build script replaces) that does not parse as written, at the first such tag where the parse fails, instead of its parse errors. YAML and JSON files that are not CloudFormation templates are skipped silently, as always; a file that is not valid UTF-8 is a `parse-error`.',
    why: 'A file that is not linted is not checked: the run must say so rather than pass it as clean.',
    fix: 'Save the file as UTF-8 text, split or raise `--max-file-size` for a generated template that large, lint the target of the link where it lives, or lint from a directory that holds both the caller and the module. Or ignore the file in the config when it is not infrastructure code.',
  },
  // Discovery says why a file was not linted (size, NUL byte, link); the message carries its text.
  messages: { notLinted: '{{message}}' },
  check(graph, report) {
    for (const n of graph.notices ?? []) {
      if (n.rule === 'skipped-file') report({ at: n.loc, messageId: 'notLinted', data: { message: n.message }, severity: n.severity });
    }
  },
};
