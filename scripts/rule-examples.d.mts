import type { RuleExamples } from '../src/shared/finding.js';

export function ruleExamples(fixturesRoot: string, id: string): RuleExamples;
export function withoutExpectations(text: string): string;
