// The same input gives byte-identical output in every format, whatever order the file system lists it in.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/report/formats.js';
import { BAD_TF, BAD_YAML, cleanup, run, tree, write } from './helpers.js';

afterEach(cleanup);

const FILES: Record<string, string | Uint8Array> = {
  'b/stack.yaml': BAD_YAML,
  'a/stack.yaml': BAD_YAML.replace('AppRole', 'OtherRole').replace('!Ref AppRole', '!Ref OtherRole'),
  'a/broken.yaml': 'Resources:\n  A: "unterminated\n',
  'mod/z.tf': BAD_TF,
  'mod/a.tf': 'resource "aws_iam_role" "other" {\n  name = "other"\n}\n',
  'mod/vars.tf.json': '{"variable": {"x": {"default": "y"}}}',
  'mod2/main.tf': BAD_TF.replace(/app/g, 'two'),
  'bin/main.tf': Buffer.from('# \0 binary\n', 'latin1'),
  'c.json': JSON.stringify({ Resources: { R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }] } } } } }),
};

/** Creates the files at `root` in the given order (directories too), so that directory entry order differs. */
function create(root: string, order: string[]): void {
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root);
  for (const rel of order) write(root, rel, FILES[rel]);
}

function outputs(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const format of FORMATS) {
    const r = run(root, ['--format', format, '--no-color', '.']);
    expect(r.status, `${format}: ${r.stderr}`).toBe(1);
    out[format] = r.stdout;
  }
  return out;
}

describe('determinism', () => {
  it('every format is byte-identical for the same tree created in two orders', () => {
    const root = path.join(tree({}), 'project');
    const names = Object.keys(FILES);
    create(root, [...names].sort());
    const first = outputs(root);
    create(root, [...names].sort().reverse());
    const second = outputs(root);
    // Odd entries first, then even ones.
    create(root, names.filter((_, i) => i % 2 === 1).concat(names.filter((_, i) => i % 2 === 0)));
    const third = outputs(root);
    for (const format of FORMATS) {
      expect(second[format], format).toBe(first[format]);
      expect(third[format], format).toBe(first[format]);
    }
    expect(first.compact.split('\n').filter(Boolean).length).toBeGreaterThan(4);
  });
});
