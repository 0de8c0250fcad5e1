import type { Position, Range } from '../shared/source.js';

/** What the CloudFormation parsers need from a line index (`LineIndex` fits; remapping wrappers too). */
export interface Positions {
  readonly text: string;
  position(offset: number): Position;
  range(start: number, end: number): Range;
}
