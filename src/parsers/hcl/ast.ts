import type { Range } from '../../shared/source.js';

/**
 * HCL native-syntax tree (hashicorp/hcl `hclsyntax/spec.md`). Every node
 * carries its source range. `.tf.json` files are read into the same tree.
 */

export interface HclFile {
  body: Body;
  diagnostics: HclDiagnostic[];
}

export interface HclDiagnostic {
  message: string;
  range: Range;
  severity: 'error' | 'warning';
}

export interface Body {
  type: 'Body';
  /** Attributes and blocks in source order. */
  items: Array<Attribute | Block>;
  range: Range;
}

export interface Attribute {
  type: 'Attribute';
  name: string;
  nameRange: Range;
  expr: Expression;
  range: Range;
}

export interface Block {
  type: 'Block';
  blockType: string;
  typeRange: Range;
  labels: Array<{ value: string; range: Range }>;
  body: Body;
  /** From the block type to the closing brace. */
  range: Range;
}

export type Expression =
  | LiteralExpr
  | TemplateExpr
  | TupleExpr
  | ObjectExpr
  | VariableExpr
  | GetAttrExpr
  | IndexExpr
  | SplatExpr
  | SplatItemExpr
  | FunctionCallExpr
  | ConditionalExpr
  | UnaryExpr
  | BinaryExpr
  | ForExpr
  | ParensExpr;

export interface LiteralExpr {
  type: 'Literal';
  value: string | number | boolean | null;
  /** Source text of a number literal (HCL numbers are arbitrary precision). */
  raw?: string;
  range: Range;
}

export type TemplatePart = TemplateLiteral | TemplateInterpolation | TemplateIf | TemplateFor;

export interface TemplateLiteral {
  type: 'TemplateLiteral';
  /** Decoded text (escapes applied, `$${` -> `${`). */
  value: string;
  range: Range;
}

export interface TemplateInterpolation {
  type: 'TemplateInterpolation';
  expr: Expression;
  stripLeft: boolean;
  stripRight: boolean;
  range: Range;
}

export interface TemplateIf {
  type: 'TemplateIf';
  condition: Expression;
  then: TemplatePart[];
  else?: TemplatePart[];
  range: Range;
}

export interface TemplateFor {
  type: 'TemplateFor';
  keyVar?: string;
  valueVar: string;
  collection: Expression;
  body: TemplatePart[];
  range: Range;
}

/** A quoted string or heredoc. A string with no interpolation is still a Template with one TemplateLiteral part. */
export interface TemplateExpr {
  type: 'Template';
  parts: TemplatePart[];
  heredoc?: { marker: string; indented: boolean };
  range: Range;
}

export interface TupleExpr {
  type: 'Tuple';
  items: Expression[];
  range: Range;
}

export interface ObjectItem {
  /** A bare identifier key is a Literal string with `bareKey` set; `(expr)` keys are expressions. */
  key: Expression & { bareKey?: boolean };
  value: Expression;
  range: Range;
}

export interface ObjectExpr {
  type: 'Object';
  items: ObjectItem[];
  range: Range;
}

/** A root name: `var`, `aws_iam_role`, `each`, `count`, a for-variable. */
export interface VariableExpr {
  type: 'Variable';
  name: string;
  range: Range;
}

export interface GetAttrExpr {
  type: 'GetAttr';
  object: Expression;
  name: string;
  nameRange: Range;
  range: Range;
}

/** `x[key]`, and the legacy `x.0` (key is a number Literal, `legacy` set). */
export interface IndexExpr {
  type: 'Index';
  collection: Expression;
  key: Expression;
  legacy?: boolean;
  range: Range;
}

/** `source.*.a.b` (attribute-only) or `source[*].a[0]` (full). `each` is applied to every element via SplatItem. */
export interface SplatExpr {
  type: 'Splat';
  source: Expression;
  each: Expression;
  full: boolean;
  range: Range;
}

/** The element placeholder inside a SplatExpr's `each`. */
export interface SplatItemExpr {
  type: 'SplatItem';
  range: Range;
}

export interface FunctionCallExpr {
  type: 'FunctionCall';
  /** Full name, including any `provider::ns::` prefix. */
  name: string;
  nameRange: Range;
  args: Expression[];
  /** The last argument was followed by `...`. */
  expandFinal: boolean;
  range: Range;
}

export interface ConditionalExpr {
  type: 'Conditional';
  condition: Expression;
  then: Expression;
  else: Expression;
  range: Range;
}

export interface UnaryExpr {
  type: 'Unary';
  op: '!' | '-';
  operand: Expression;
  range: Range;
}

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/' | '%';

export interface BinaryExpr {
  type: 'Binary';
  op: BinaryOp;
  left: Expression;
  right: Expression;
  range: Range;
}

export interface ForExpr {
  type: 'For';
  keyVar?: string;
  valueVar: string;
  collection: Expression;
  /** Present for object `{ for ... : k => v }`. */
  keyExpr?: Expression;
  valueExpr: Expression;
  condition?: Expression;
  /** `...` after the value in an object for. */
  grouping: boolean;
  range: Range;
}

export interface ParensExpr {
  type: 'Parens';
  expr: Expression;
  range: Range;
}
