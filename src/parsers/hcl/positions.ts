import { LineIndex, SourceLoc, type Position, type Range } from '../../shared/source.js';

/** Turns offsets into the token stream's text into positions in the file being reported on. */
export interface PositionSource {
  at(offset: number): Position;
  range(start: number, end: number): Range;
}

/**
 * The file's own `LineIndex`, under the names `PositionSource` gives the lookups.
 * Given the file's name, its ranges are places of that file (`SourceLoc`): the
 * graph then uses a node's range as the loc of every value evaluated from it,
 * one object per place for all module instances, not one per evaluation.
 */
export class PositionMap implements PositionSource {
  readonly lines: LineIndex;

  constructor(
    text: string,
    private readonly file?: string,
  ) {
    this.lines = new LineIndex(text);
  }

  at(offset: number): Position {
    return this.lines.position(offset);
  }

  range(start: number, end: number): Range {
    return this.file === undefined ? this.lines.range(start, end) : new SourceLoc(this.file, this.lines, start, end);
  }
}
