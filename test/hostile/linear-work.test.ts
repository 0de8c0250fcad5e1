// The linear-work invariant, by counting (src/graph/build/work.ts), never by a clock: for every family of
// inputs that can double (Fn::Sub variables used twice, Join, locals used twice, templates, functions,
// a long default in many Subs, many unresolved names), doubling the input at most about doubles the work.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_COMPUTED_ITEMS } from '../../src/graph/build/sub.js';
import { work } from '../../src/graph/build/work.js';
import { lint } from '../../src/index.js';
import { cleanup, tree } from './helpers.js';

afterEach(cleanup);

interface Family {
  name: string;
  file: string;
  /** The input at size n; `fan` is how often each level uses the one below (2 doubles the text per level). */
  make: (n: number, fan: number) => string;
}

const role = (name: string): string =>
  `"${name}":{"Type":"AWS::IAM::Role","Properties":{"AssumeRolePolicyDocument":{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}}}`;

const FAMILIES: Family[] = [
  {
    name: 'Fn::Sub nested, each variable used `fan` times',
    file: 't.json',
    make: (n, fan) => {
      let v = '"x"';
      for (let i = 0; i < n; i++) v = `{"Fn::Sub":["${'${Y}'.repeat(fan)}",{"Y":${v}}]}`;
      return `{"Resources":{${role('R')},"P":{"Type":"AWS::IAM::InstanceProfile","Properties":{"InstanceProfileName":${v},"Roles":[{"Ref":"R"}]}},"I":{"Type":"AWS::EC2::Instance","Properties":{"IamInstanceProfile":{"Ref":"P"}}}}}`;
    },
  },
  {
    name: 'Fn::Join inside a Sub variable used `fan` times',
    file: 't.json',
    make: (n, fan) => {
      let v = '"x"';
      for (let i = 0; i < n; i++) v = `{"Fn::Sub":["${'${Y}-'.repeat(fan)}",{"Y":{"Fn::Join":["",["a",${v}]]}}]}`;
      return `{"Resources":{${role('R')},"P":{"Type":"AWS::IAM::InstanceProfile","Properties":{"InstanceProfileName":${v},"Roles":[{"Ref":"R"}]}}}}`;
    },
  },
  {
    name: 'a long parameter default in many Fn::Sub values',
    file: 't.yaml',
    make: (n) => {
      let t = `Parameters:\n  P:\n    Type: String\n    Default: "${'a'.repeat(200 * n)}"\nResources:\n`;
      for (let i = 0; i < n; i++) t += `  I${i}:\n    Type: AWS::EC2::Instance\n    Properties:\n      IamInstanceProfile: !Sub "\${P}-\${Missing${i}}"\n`;
      return t;
    },
  },
  {
    name: 'many unresolved Refs among many resources (did you mean)',
    file: 't.yaml',
    make: (n) => {
      let t = 'Resources:\n';
      for (let i = 0; i < n; i++) t += `  Profile${i}:\n    Type: AWS::IAM::InstanceProfile\n    Properties:\n      Roles: [!Ref Rol${i}]\n`;
      return t;
    },
  },
  {
    name: 'Terraform locals, each used `fan` times in a template',
    file: 'main.tf',
    make: (n, fan) => {
      let t = 'locals {\n  l0 = "x"\n';
      for (let i = 1; i <= n; i++) t += `  l${i} = "${`\${local.l${i - 1}}`.repeat(fan)}"\n`;
      return `${t}}\nresource "aws_iam_instance_profile" "p" {\n  name = local.l${n}\n  role = "r"\n}\n`;
    },
  },
  {
    name: 'Terraform locals through join() and format()',
    file: 'main.tf',
    make: (n, fan) => {
      let t = 'locals {\n  l0 = "x"\n';
      for (let i = 1; i <= n; i++) {
        const uses = Array(fan).fill(`local.l${i - 1}`).join(', ');
        t += i % 2 ? `  l${i} = join("", [${uses}])\n` : `  l${i} = format("${'%s'.repeat(fan)}", ${uses})\n`;
      }
      return `${t}}\nresource "aws_iam_instance_profile" "p" {\n  name = local.l${n}\n  role = "r"\n}\n`;
    },
  },
  {
    name: 'Terraform unresolved references among many resources',
    file: 'main.tf',
    make: (n) => {
      let t = '';
      for (let i = 0; i < n; i++) t += `resource "aws_iam_instance_profile" "p${i}" {\n  role = aws_iam_role.r${i}x.name\n}\nresource "aws_iam_role" "r${i}" {\n  name = "r${i}"\n}\n`;
      return t;
    },
  },
];

/** Evaluations, suggestion comparisons and characters of messages for one lint of the input. */
async function cost(family: Family, n: number, fan: number): Promise<number> {
  const root = tree({ [family.file]: family.make(n, fan) });
  const before = work.evaluations + work.comparisons;
  const { findings } = await lint({ paths: ['.'], cwd: root });
  cleanup();
  const messages = findings.reduce((sum, f) => sum + f.message.length, 0);
  return work.evaluations + work.comparisons - before + messages;
}

describe('input doubled, work at most about doubled (counted)', () => {
  it.each(FAMILIES.map((f) => [f.name, f] as const))('%s', { timeout: 120_000 }, async (_name, family) => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 8, max: 24 }), fc.integer({ min: 2, max: 3 }), async (n, fan) => {
        const once = await cost(family, n, fan);
        const twice = await cost(family, 2 * n, fan);
        expect(twice, `n=${n} fan=${fan}: ${once} -> ${twice}`).toBeLessThanOrEqual(2.5 * once + 200);
      }),
      { seed: 15, numRuns: 6 },
    );
  });
});

describe('collections built by functions are bounded, as strings are', () => {
  it('concat() doubling a list at every local stops at MAX_COMPUTED_ITEMS: the list becomes unknown, the work stays bounded', async () => {
    let t = 'locals {\n  l0 = ["a", "b"]\n';
    for (let i = 1; i <= 24; i++) t += `  l${i} = concat(local.l${i - 1}, local.l${i - 1})\n`;
    // A role in a profile slot behind the blown-up local: the rest of the module is still linted.
    t += '}\nresource "aws_instance" "x" {\n  user_data = join(",", local.l24)\n  iam_instance_profile = aws_iam_role.r.name\n}\nresource "aws_iam_role" "r" {}\n';
    const root = tree({ 'main.tf': t });
    const before = work.elements;
    const { findings } = await lint({ paths: ['.'], cwd: root });
    // Every list up to the cap is built once (2 + 4 + ... + 2^17 elements), then each level is unknown.
    expect(work.elements - before).toBeLessThanOrEqual(4 * MAX_COMPUTED_ITEMS);
    expect(findings.map((f) => f.rule)).toEqual(['role-as-instance-profile']);
  });
});
