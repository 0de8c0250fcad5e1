import type { Loc } from '../../shared/source.js';
import type { Value } from '../value.js';
import { SERVERLESS_VARIABLE } from '../../discover/serverless.js';
import { stringOfParts } from '../build/sub.js';

const variableStart = new RegExp(SERVERLESS_VARIABLE.source, 'g');

/**
 * A string of a Serverless fragment: the Framework replaces each of its
 * variables (`${self:service}-${sls:stage}-worker`) before CloudFormation sees
 * it, so each is unknown here and the text around them is kept. Undefined for
 * a string with no Serverless variable (the literal as written).
 */
export function serverlessString(text: string, loc: Loc): Value | undefined {
  const parts: Array<string | Value> = [];
  let from = 0;
  variableStart.lastIndex = 0;
  for (let m = variableStart.exec(text); m; m = variableStart.exec(text)) {
    const end = closingBrace(text, m.index + 2);
    if (end < 0) break;
    if (m.index > from) parts.push(text.slice(from, m.index));
    parts.push({ kind: 'unknown', reason: `Serverless variable ${text.slice(m.index, end + 1)}, resolved by the Serverless Framework`, loc });
    from = end + 1;
    variableStart.lastIndex = from;
  }
  if (parts.length === 0) return undefined;
  if (from < text.length) parts.push(text.slice(from));
  return stringOfParts(parts, loc);
}

/** The `}` closing the variable whose body starts at `at`; variables nest (`${self:custom.${sls:stage}}`). -1 when unclosed. */
function closingBrace(text: string, at: number): number {
  let depth = 1;
  for (let i = at; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}
