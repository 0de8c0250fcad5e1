import type { Iac, Resource } from '../graph/types.js';
import type { TextEdit } from '../shared/finding.js';

/** The four ways a file writes IaC; each has its own reference syntax and its own way to add a resource. */
export type FileSyntax = 'cloudformation-yaml' | 'cloudformation-json' | 'terraform' | 'terraform-json';

/**
 * A CloudFormation file whose text starts with `{` was written as JSON (the
 * parser reads it so too); anything else is YAML. Terraform's JSON syntax is
 * known by its extension, as Terraform knows it.
 */
export function fileSyntax(iac: Iac, file: string, text: string): FileSyntax {
  if (iac === 'terraform') return file.toLowerCase().endsWith('.json') ? 'terraform-json' : 'terraform';
  return /^\s*\{/.test(text) ? 'cloudformation-json' : 'cloudformation-yaml';
}

/** The file's own line break, so that inserted lines do not mix `\n` into a CRLF file. */
export function lineBreakOf(text: string): string {
  const m = /\r\n|\n|\r/.exec(text);
  return m ? m[0] : '\n';
}

/** The leading spaces and tabs of the line that holds `offset`. */
export function indentAt(text: string, offset: number): string {
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))?.[0] ?? '';
}

/** Whether only spaces and tabs come before `offset` on its line. */
export function startsLine(text: string, offset: number): boolean {
  return indentAt(text, offset).length === offset - (Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1);
}

/** What a writer needs to add a profile after a role. */
export interface ProfileWriting {
  text: string;
  role: Resource;
  /** The new profile's logical id or Terraform label. */
  name: string;
}

/** What a writer returns: the text to insert, in the file the role is in. */
export type Insertion = Omit<TextEdit, 'file'>;
