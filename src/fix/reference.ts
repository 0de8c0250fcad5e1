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
  const syntax = fileSyntax(target.iac, file, text);
  const [from, to] = syntax === 'cloudformation-json' ? withBraces(text, start, end) : [start, end];
  const written = text.slice(from, to);
  return { file, start: from, end: to, text: referenceText(syntax, target.address, form, written) };
}

/**
 * A long-form intrinsic is placed at its key and argument, inside its braces
 * (`parsers/cloudformation/nodes.ts`): replacing the value replaces the braces
 * too. Only a key can follow `{` in JSON, so a value there is such a function.
 */
function withBraces(text: string, start: number, end: number): [number, number] {
  const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  let open = start - 1;
  while (open >= 0 && isSpace(text[open])) open--;
  let close = end;
  while (close < text.length && isSpace(text[close])) close++;
  return text[open] === '{' && text[close] === '}' ? [open, close + 1] : [start, end];
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
