import type { CfnMap, CfnNode, CfnScalar } from '../../parsers/cloudformation-tree.js';
import { parseEmbeddedJson, stringIndexMapper } from '../../parsers/embedded-json.js';

/** Canonical props that hold a policy document, which CloudFormation also accepts as a JSON string. */
const documentProps = ['trustPolicy', 'policyDocument'] as const;

/**
 * Policy documents written as a JSON string are parsed in place, with every
 * node's position mapped back into the template, so rules see one shape.
 * A `Fn::Sub` of a JSON string is parsed too, each string in it that
 * substitutes something becoming a `Fn::Sub` of its own (with the same
 * variable map), so `"arn:aws:iam::${AWS::AccountId}:oidc-provider/..."`
 * resolves like any other `Fn::Sub`.
 */
export function withDocumentsParsed(props: CfnMap, paths: Partial<Record<string, string>>, source: string): CfnMap {
  const keys = new Set(documentProps.map((p) => paths[p]).filter((k): k is string => k !== undefined && !k.includes('.')));
  if (keys.size === 0) return props;
  return {
    ...props,
    entries: props.entries.map((e) => {
      if (!keys.has(e.key)) return e;
      if (e.value.kind === 'fn' && e.value.name === 'Fn::Sub') {
        const parsed = subDocument(e.value.arg, source);
        return parsed ? { ...e, value: parsed } : e;
      }
      if (e.value.kind !== 'scalar' || typeof e.value.value !== 'string') return e;
      const parsed = parseJsonScalar(e.value, source);
      return parsed ? { ...e, value: parsed } : e;
    }),
  };
}

function parseJsonScalar(scalar: CfnScalar, source: string): CfnNode | null {
  if (typeof scalar.value !== 'string') return null;
  return parseEmbeddedJson(scalar.value, stringIndexMapper(source, scalar.loc, scalar.style), scalar.loc.file);
}

/** `!Sub '{"Statement": ...}'` or `Fn::Sub: ['{...}', {vars}]` as the parsed document, or null. */
function subDocument(arg: CfnNode, source: string): CfnNode | null {
  const text = arg.kind === 'seq' ? arg.items[0] : arg;
  const vars = arg.kind === 'seq' && arg.items[1]?.kind === 'map' ? arg.items[1] : undefined;
  if (text?.kind !== 'scalar' || typeof text.value !== 'string') return null;
  const parsed = parseJsonScalar(text, source);
  return parsed ? resubstituted(parsed, vars) : null;
}

/** Every string that holds a `${...}` becomes a `Fn::Sub` again (map keys stay text: IAM keys take no substitution). */
function resubstituted(node: CfnNode, vars: CfnMap | undefined): CfnNode {
  switch (node.kind) {
    case 'scalar':
      if (typeof node.value !== 'string' || !node.value.includes('${')) return node;
      return { kind: 'fn', name: 'Fn::Sub', arg: vars ? { kind: 'seq', items: [node, vars], loc: node.loc } : node, loc: node.loc };
    case 'map':
      return { ...node, entries: node.entries.map((e) => ({ ...e, value: resubstituted(e.value, vars) })) };
    case 'seq':
      return { ...node, items: node.items.map((i) => resubstituted(i, vars)) };
    default:
      return node;
  }
}
