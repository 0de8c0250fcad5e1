import { LineIndex, type Position, type Range } from '../../shared/source.js';

/** Turns offsets into the token stream's text into positions in the file being reported on. */
export interface PositionSource {
  at(offset: number): Position;
  range(start: number, end: number): Range;
}

/** The file's own `LineIndex`, under the name `PositionSource` gives the lookup. */
export class PositionMap extends LineIndex implements PositionSource {
  at(offset: number): Position {
    return this.position(offset);
  }
}
