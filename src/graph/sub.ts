/** A `${Name}` or `${Name.Attr}` variable inside an `Fn::Sub` string. */
export interface SubVariable {
  name: string;
  attribute?: string;
}

/**
 * Splits an `Fn::Sub` string into literal text and variables. `${!Literal}`
 * is the escape for a literal `${Literal}`.
 */
export function parseSubString(text: string): Array<string | SubVariable> {
  const parts: Array<string | SubVariable> = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('${', i);
    if (open < 0) break;
    const close = text.indexOf('}', open + 2);
    if (close < 0) break;
    literal += text.slice(i, open);
    const inner = text.slice(open + 2, close);
    if (inner.startsWith('!')) {
      literal += '${' + inner.slice(1) + '}';
    } else {
      if (literal) parts.push(literal);
      literal = '';
      parts.push(subVariable(inner.trim()));
    }
    i = close + 1;
  }
  literal += text.slice(i);
  if (literal) parts.push(literal);
  return parts;
}

function subVariable(inner: string): SubVariable {
  // Pseudo parameters contain '::' but no attribute dot.
  const dot = inner.startsWith('AWS::') ? -1 : inner.indexOf('.');
  return dot > 0 ? { name: inner.slice(0, dot), attribute: inner.slice(dot + 1) } : { name: inner };
}
