import type { CfnMap } from '../../parsers/cloudformation-tree.js';
import { parseEmbeddedJson, stringIndexMapper } from '../../parsers/embedded-json.js';

/** Canonical props that hold a policy document, which CloudFormation also accepts as a JSON string. */
const documentProps = ['trustPolicy', 'policyDocument'] as const;

/**
 * Policy documents written as a JSON string are parsed in place, with every
 * node's position mapped back into the template, so rules see one shape.
 */
export function withDocumentsParsed(props: CfnMap, paths: Partial<Record<string, string>>, source: string): CfnMap {
  const keys = new Set(documentProps.map((p) => paths[p]).filter((k): k is string => k !== undefined && !k.includes('.')));
  if (keys.size === 0) return props;
  return {
    ...props,
    entries: props.entries.map((e) => {
      if (!keys.has(e.key) || e.value.kind !== 'scalar' || typeof e.value.value !== 'string') return e;
      const parsed = parseEmbeddedJson(e.value.value, stringIndexMapper(source, e.value.loc, e.value.style), e.value.loc.file);
      return parsed ? { ...e, value: parsed } : e;
    }),
  };
}

