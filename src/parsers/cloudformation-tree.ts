import type { Loc } from '../shared/source.js';

/**
 * The CloudFormation syntax tree: YAML and JSON templates parse to the same
 * shape. Intrinsic functions in every spelling (`!Ref X`, `{"Ref": "X"}`,
 * `!GetAtt A.B`, `Fn::GetAtt: [A, B]`) become `fn` nodes with the long name
 * (`Ref`, `Fn::GetAtt`, `Fn::Sub`, `Condition`, ...).
 */
export type CfnNode = CfnScalar | CfnMap | CfnSeq | CfnFn;

export interface CfnScalar {
  kind: 'scalar';
  value: string | number | boolean | null;
  loc: Loc;
  /** How the scalar was written; lets positions inside a string (a JSON policy) be mapped back to the file. */
  style: 'plain' | 'single' | 'double' | 'block-literal' | 'block-folded' | 'json';
}

export interface CfnMapEntry {
  key: string;
  keyLoc: Loc;
  value: CfnNode;
}

export interface CfnMap {
  kind: 'map';
  entries: CfnMapEntry[];
  loc: Loc;
}

export interface CfnSeq {
  kind: 'seq';
  items: CfnNode[];
  loc: Loc;
}

export interface CfnFn {
  kind: 'fn';
  /** Long name: `Ref`, `Condition`, `Fn::GetAtt`, `Fn::Sub`, ... (an unknown `!Foo` tag becomes `Fn::Foo`). */
  name: string;
  arg: CfnNode;
  loc: Loc;
}

export interface CfnParseResult {
  /** Null when the file does not parse at all. */
  root: CfnNode | null;
  diagnostics: Array<{ message: string; loc: Loc; severity: 'error' | 'warning' }>;
}
