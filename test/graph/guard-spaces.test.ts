import { describe, expect, it } from 'vitest';
import { buildCloudFormation } from '../../src/graph/cloudformation/index.js';
import { possibleTogether, surelyPossibleTogether } from '../../src/graph/queries/guards.js';
import type { Guard } from '../../src/graph/value.js';
import { parseCloudFormation } from '../../src/parsers/cloudformation.js';

/** A template whose conditions test `n` two-valued parameters: 2^n cases to try. */
function flagged(n: number): string {
  const names = Array.from({ length: n }, (_, i) => `Flag${i}`);
  return [
    'Parameters:',
    ...names.flatMap((p) => [`  ${p}:`, '    Type: String', '    AllowedValues: ["on", "off"]']),
    'Conditions:',
    ...names.map((p) => `  ${p}On: !Equals [!Ref ${p}, "on"]`),
    `  Left: !Or [${names.slice(0, n / 2).map((p) => `!Condition ${p}On`).join(', ')}]`,
    `  Right: !Or [${names.slice(n / 2).map((p) => `!Condition ${p}On`).join(', ')}]`,
    '  Both: !And [!Condition Left, !Condition Right]',
    'Resources:',
    '  Queue:',
    '    Type: AWS::SQS::Queue',
    '    Condition: Both',
  ].join('\n');
}

function guardOf(text: string): Guard {
  const built = buildCloudFormation('t.yaml', parseCloudFormation(text, 't.yaml').root!, text, {});
  return built.resources[0].when![0];
}

const not = (g: Guard): Guard => ({ space: g.space, test: g.test, holds: !g.holds });

describe('guard spaces', () => {
  it('decide a condition and its negation apart when the cases can be tried', () => {
    const g = guardOf(flagged(4));
    expect(possibleTogether([g], [not(g)])).toBe(false);
    expect(surelyPossibleTogether([g])).toBe(true);
    expect(surelyPossibleTogether([not(g)])).toBe(true);
  });

  it('past the cases they try, answer as asked, but never that a condition holds and fails at once', () => {
    const g = guardOf(flagged(12));
    // 4,096 combinations: more than are tried.
    expect(possibleTogether([g])).toBe(true);
    expect(surelyPossibleTogether([g])).toBe(false);
    expect(possibleTogether([g], [not(g)])).toBe(false);
  });
});
