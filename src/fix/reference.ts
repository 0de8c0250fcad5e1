import type { Iac } from '../graph/types.js';
import type { Value } from '../graph/value.js';
import type { TextEdit } from '../shared/rule.js';
import { fileSyntax, type FileSyntax } from './syntax.js';

/** What a reference points at: a resource already in the graph, or one a fix is adding. */
export interface Target {
  iac: Iac;
  /** Logical id, or Terraform address in the module (`aws_iam_instance_profile.app`). */
  address: string;
}

export type RefForm = 'name' | 'arn';

/**
 * Replaces a value, exactly where it is written, with a reference to the
 * target's name or ARN in the syntax of the file the value is in. The whole
 * value is replaced (a literal, a `!Sub`, a `Fn::Join`, a reference): what
 * stays is one reference, the form the slot wants. Undefined when the value
 * came from elsewhere (a parameter, a variable): rewriting the place of use
 * would cut the value off from where it is set.
 */
export function referenceEdit(sources: ReadonlyMap<string, string>, value: Value, target: Target, form: RefForm): TextEdit | undefined {
  if (value.via && value.via.length > 0) return undefined;
  const { file, range } = value.loc;
  const text = sources.get(file);
  const start = range.start.offset;
  const end = range.end.offset;
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
