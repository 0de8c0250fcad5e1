// Stylish's colours must stay byte for byte what chalk (level 1, which stylish used) writes:
// the same codes, a close code inside the text followed by a re-open, styles closed and
// re-opened around each line break.
import { Chalk, type ChalkInstance } from 'chalk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { painter, type Style } from '../../src/report/paint.js';

const chalk = new Chalk({ level: 1 });
// Every style and chain stylish paints with.
const CHAINS: Style[][] = [['bold'], ['dim'], ['underline'], ['red'], ['yellow'], ['blue'], ['cyan'], ['red', 'bold'], ['yellow', 'bold'], ['blue', 'bold']];
const viaChalk = (text: string, styles: Style[]): string => styles.reduce<ChalkInstance>((c, s) => c[s], chalk)(text);

// Text made of pieces of escape codes and line breaks, so that close codes, \r\n and bare \r turn up often.
const text = fc.array(fc.constantFrom('a', ' ', '\u001B', '[', '1', '2', '3', '4', '9', ';', 'm', '\n', '\r', '\u001B[22m', '\u001B[39m', '\u001B[24m', 'é'), { maxLength: 30 }).map((parts) => parts.join(''));

describe('paint', () => {
  it('writes what chalk writes at level 1, for every style stylish uses', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(...CHAINS), (t, styles) => {
        expect(painter(true)(t, ...styles)).toBe(viaChalk(t, styles));
      }),
      { numRuns: 2000 },
    );
  });

  it('known cases: a chain, a close code inside, a CRLF', () => {
    const paint = painter(true);
    expect(paint('x', 'red', 'bold')).toBe('\u001B[31m\u001B[1mx\u001B[22m\u001B[39m');
    expect(paint('a\u001B[22mb', 'dim')).toBe('\u001B[2ma\u001B[22m\u001B[2mb\u001B[22m');
    expect(paint('a\r\nb', 'cyan')).toBe('\u001B[36ma\u001B[39m\r\n\u001B[36mb\u001B[39m');
    expect(paint('', 'red')).toBe('');
  });

  it('leaves text as it is with colour off', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(...CHAINS), (t, styles) => {
        expect(painter(false)(t, ...styles)).toBe(t);
      }),
    );
  });
});
