import type { Loc } from '../../shared/source.js';
import type { CfnMapEntry, CfnNode, CfnScalar } from '../cloudformation-tree.js';
import type { JsonBuilder } from '../json-tree.js';
import { PENDING_VALUE } from './nodes.js';

/** What differs between a JSON template and JSON inside one of its strings. */
export interface CfnJsonStyle {
  file: string;
  /** Offsets in the parsed text → the place in the file a node covers (lazy for files, remapped for embedded JSON). */
  loc: (start: number, end: number) => Loc;
  stringStyle: CfnScalar['style'];
  otherStyle: CfnScalar['style'];
  /** Builds an object node; lets the caller add intrinsic functions and duplicate-key reports. */
  makeMap: (entries: CfnMapEntry[], loc: Loc) => CfnNode;
}

/** The JSON reader's nodes as CloudFormation tree nodes. */
export class CfnJsonNodes implements JsonBuilder<CfnNode, CfnMapEntry, CfnMapEntry> {
  constructor(private readonly s: CfnJsonStyle) {}

  string(value: string, start: number, end: number): CfnNode {
    return { kind: 'scalar', value, style: this.s.stringStyle, loc: this.loc(start, end) };
  }

  /** The member's entry, its value filled in by `member` (the reader asks for one member per key read). */
  key(value: string, start: number, end: number): CfnMapEntry {
    return { key: value, keyLoc: this.loc(start, end), value: PENDING_VALUE };
  }

  number(value: number, _raw: string, start: number, end: number): CfnNode {
    return { kind: 'scalar', value, style: this.s.otherStyle, loc: this.loc(start, end) };
  }

  word(value: boolean | null, start: number, end: number): CfnNode {
    return { kind: 'scalar', value, style: this.s.otherStyle, loc: this.loc(start, end) };
  }

  member(key: CfnMapEntry, value: CfnNode): CfnMapEntry {
    key.value = value;
    return key;
  }

  object(members: CfnMapEntry[], start: number, end: number): CfnNode {
    return this.s.makeMap(members, this.loc(start, end));
  }

  array(items: CfnNode[], start: number, end: number): CfnNode {
    return { kind: 'seq', items, loc: this.loc(start, end) };
  }

  private loc(start: number, end: number): Loc {
    return this.s.loc(start, end);
  }
}

