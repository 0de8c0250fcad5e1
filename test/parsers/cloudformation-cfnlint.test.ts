import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCloudFormation } from '../../src/parsers/cloudformation.js';

/** cfn-lint, when installed, is an oracle for "does this template parse at all" (its E0000). */
const cfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;
if (!cfnLint) console.warn('cfn-lint is not on the PATH: the parse-or-not comparison with it is skipped');

const TOPIC = 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n';

const CASES: Record<string, string> = {
  'unclosed-double.yaml': `${TOPIC}      TopicName: "abc\n`,
  'unclosed-single.yaml': `${TOPIC}      TopicName: 'abc\n`,
  'tab-indent.yaml': `${TOPIC}\t  TopicName: abc\n`,
  'missing-colon.yaml': `${TOPIC}      TopicName abc\n      DisplayName: x\n`,
  'two-colons.yaml': `${TOPIC}      TopicName: a: b\n`,
  'unclosed-flow.yaml': `${TOPIC}      Tags: [a, b\n`,
  'bad-escape.yaml': `${TOPIC}      TopicName: "a\\qb"\n`,
  'missing-comma.json': '{\n "Resources": {\n  "A": {"Type": "AWS::SNS::Topic"}\n  "B": {"Type": "AWS::SNS::Topic"}\n }\n}\n',
  'unclosed-object.json': '{\n "Resources": {\n  "A": {"Type": "AWS::SNS::Topic"}\n',
  'valid-tab-in-string.yaml': `${TOPIC}      TopicName: "a\tb"\n`,
  'valid-quoted-continuation.yaml': `${TOPIC}      DisplayName: "first line,\n      second line"\n`,
  'valid-flow-close-at-key.yaml': `${TOPIC}      Tags: [\n        a\n      ]\n`,
  'valid-flow-pair.yaml': `${TOPIC}      TopicName: !Select [0, Fn::GetAZs: !Ref "AWS::Region"]\n`,
  'valid-plain-continuation.yaml': `${TOPIC}      DisplayName: first\n        - second [third] "fourth"\n`,
  'valid-json-as-yaml.json': '{"Resources": {"A": {"Type": "AWS::SNS::Topic",},},}',
};

describe.runIf(cfnLint)('agreement with cfn-lint on whether a template parses', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cfn-parse-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(CASES)) writeFileSync(join(dir, name), text);

  const unparsable = new Set<string>();
  const run = spawnSync('cfn-lint', ['--format', 'parseable', ...Object.keys(CASES).map((n) => join(dir, n))], { encoding: 'utf8' });
  for (const line of run.stdout.split('\n')) {
    const m = /([^/]+):\d+:\d+:\d+:\d+:E0000:/.exec(line);
    if (m) unparsable.add(m[1]);
  }

  it.each(Object.keys(CASES))('%s', (name) => {
    const ours = parseCloudFormation(CASES[name], name).diagnostics.some((d) => d.severity === 'error');
    expect({ name, error: ours }).toEqual({ name, error: unparsable.has(name) });
  });
});

