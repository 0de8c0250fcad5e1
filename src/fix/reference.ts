import type { Iac } from '../graph/types.js';
import type { RefForm, TextEdit, WrittenAt } from '../shared/finding.js';
import { fileSyntax, type FileSyntax } from './syntax.js';

/** What a reference points at: a resource already in the graph, or one a fix is adding. */
export interface Target {
  iac: Iac;
  /** Logical id, or Terraform address in the module (`aws_iam_instance_profile.app`). */
  address: string;
}

/**
 * Replaces a value, exactly where it is written, with a reference to the
 * target's name or ARN in the syntax of the file the value is in. The whole
 * value is replaced (a literal, a `!Sub`, a `Fn::Join`, a reference): what
 * stays is one reference, the form the slot wants. The request said where
 * (`graph/queries/fix-requests.ts` checked that it may be rewritten there).
 */
export function referenceEdit(sources: ReadonlyMap<string, string>, { file, start, end }: WrittenAt, target: Target, form: RefForm): TextEdit | undefined {
  const text = sources.get(file);
  if (text === undefined || end <= start || end > text.length) return undefined;
  const written = text.slice(start, end);
  return { file, start, end, text: referenceText(fileSyntax(target.iac, file, text), target.address, form, written) };
}

const cloudFormationAttribute: Record<RefForm, string> = { name: 'Ref', arn: 'Arn' };

/** `!Ref P`, `{ "Fn::GetAtt": ["P", "Arn"] }`, `aws_iam_instance_profile.p.arn`, `"${aws_iam_instance_profile.p.name}"`. */
export function referenceText(syntax: FileSyntax, address: string, form: RefForm, written: string): string {
  switch (syntax) {
    case 'cloudformation-yaml':
      return form === 'arn' ? `!GetAtt ${address}.${cloudFormationAttribute.arn}` : `!Ref ${address}`;
    case 'cloudformation-json': {
      // Keep the file's spacing inside braces: `{ "Ref": "X" }` or `{"Ref": "X"}`.
      const [open, close] = written.startsWith('{"') ? ['{', '}'] : ['{ ', ' }'];
      return form === 'arn' ? `${open}"Fn::GetAtt": ["${address}", "Arn"]${close}` : `${open}"Ref": "${address}"${close}`;
    }
    case 'terraform':
      // A quoted string or an interpolated reference: a bare expression fits either place.
      return `${address}.${form}`;
    case 'terraform-json':
      // A whole JSON string needs its quotes and `${}`; a reference inside one is already interpolated.
      return written.startsWith('"') ? `"\${${address}.${form}}"` : `${address}.${form}`;
  }
}
