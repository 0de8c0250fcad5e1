import { conditionalTarget, stackPassing, type ConditionalTarget } from '../graph/queries/conditional-target.js';
import type { Graph, NestedIn, Resource } from '../graph/types.js';
import { slotLabel } from '../graph/queries/describe.js';
import type { Report, Rule } from './rule.js';
import { startOffset, type Loc } from '../shared/source.js';

/** What the condition is called, and what the deployer sets, in each language. */
const dialect = {
  cloudformation: { test: (t: string) => `condition ${t}`, inputs: 'parameter defaults' },
  terraform: { test: (t: string) => t, inputs: 'variable defaults' },
} as const;

/** How to make the reference safe, and what the deploy says when it is not. */
const advice = {
  cloudformation: (f: ConditionalTarget, stack?: Resource, creator?: Creator) =>
    stack
      ? `CloudFormation rejects the template as an unresolved dependency where ${f.target.address} is not created: give nested stack ${stack.address}, which passes it to ${f.use.resource.address}, the same Condition`
      : creator && !creator.local
        ? `the deploy fails where nested stack ${creator.path} is not created, and with it ${f.target.address}: its template creates it only where its condition ${f.missing.test} is ${f.missing.holds}; read the output only under a Condition that implies that`
        : `CloudFormation rejects the template as an unresolved dependency where ${creator ? `nested stack ${creator.path}` : f.target.address} is not created: give ${f.use.resource.address} the same Condition, or choose the value with Fn::If on ${f.missing.test} and AWS::NoValue`,
  terraform: (f: ConditionalTarget) =>
    `terraform plan fails with "Invalid index" where ${f.target.address} has no instance: give ${f.use.resource.address} the same count, or write one(${f.ref.text.replace(/\[[^\]]*\]/, '[*]')}), which is null where there is none`,
} as const;

export const conditionalReference: Rule<'absentByDefault' | 'mayBeAbsent'> = {
  id: 'conditional-reference',
  severity: 'error',
  summary: 'A role or instance profile is referenced where its resource may not be created',
  docs: {
    what: "Flags a property that expects a role or an instance profile and refers to one whose resource is created only under a condition that the referring resource does not share: a CloudFormation `Condition` (outside an `Fn::If` on it), the `Condition` of a nested stack whose output it reads (`!GetAtt Stack.Outputs.X`, at every level), or Terraform `count`/`for_each` read with an index (`aws_iam_instance_profile.this[0].name`). It is an error when the parameter or variable defaults leave the target out while the referrer stays; otherwise, in CloudFormation, a warning (as cfn-lint's W1001). `try()`, `one()` and splat expressions, which tolerate a missing instance, are not reported, nor are Terraform cases the defaults do not decide.",
    why: 'Where the condition is false the reference has nothing to point at: CloudFormation rejects the template (an unresolved resource dependency) and `terraform plan` fails with "Invalid index". The template deploys in one environment and breaks in the next, when someone flips a parameter.',
    fix: 'Put the referrer under the same condition (the same `Condition`, the same `count`), or choose the value only where the target exists: `!If [Cond, !Ref Profile, !Ref AWS::NoValue]`, `one(aws_iam_instance_profile.this[*].name)`.',
  },
  messages: {
    absentByDefault: '{{slot}} refers to {{target}}, which is not created with the {{inputs}} ({{test}} is {{outcome}})',
    mayBeAbsent: '{{slot}} refers to {{target}}, which is created only where {{test}} is {{needed}}; {{referrer}} is not under that condition',
  },
  check(graph, report) {
    const found = graph.slots.flatMap((use) => {
      const f = use.value.kind === 'ref' ? conditionalTarget(use, graph.resource(use.value.target)) : undefined;
      return f ? [f] : [];
    });
    // One reference is one fault: where a nested template is built once on its own and once per instance
    // (nestedIn), the instance that may leave the target out adds no warning to the error the defaults make.
    const erring = new Set(found.filter((f) => f.byDefault).map((f) => placeKey(f.ref.loc)));
    for (const f of found) {
      if (!f.byDefault && erring.has(placeKey(f.ref.loc))) continue;
      reportOne(f, graph, report);
    }
  },
};

function placeKey(loc: Loc): string {
  return `${loc.file}\0${startOffset(loc.range)}`;
}

function reportOne(found: ConditionalTarget, graph: Graph, report: (r: Report<'absentByDefault' | 'mayBeAbsent'>) => void): void {
  const use = found.use;
  const { test, inputs } = dialect[found.target.iac];
  // A value given to a nested stack: the stack is what is created without the target.
  const stack = found.target.iac === 'cloudformation' ? stackPassing(found, graph) : undefined;
  // A resource of a nested stack read through its outputs: the stack whose Condition fails is what is not created.
  const creator = creatorOf(found);
  const target = creator ? `${found.target.address} of nested stack ${creator.path}` : found.target.address;
  report({
    at: use.value,
    resource: use.resource,
    ...(found.byDefault
      ? { messageId: 'absentByDefault' as const, data: { slot: slotLabel(use.slot), target, inputs, test: test(found.missing.test), outcome: String(!found.missing.holds) } }
      : {
          messageId: 'mayBeAbsent' as const,
          severity: 'warning' as const,
          data: { slot: slotLabel(use.slot), target, test: test(found.missing.test), needed: String(found.missing.holds), referrer: stack ? `nested stack ${stack.address}` : use.resource.address },
        }),
    help: advice[found.target.iac](found, stack, creator),
    related: [{ loc: found.target.loc, message: `${found.target.address} is declared here` }],
  });
}

/** The nested stack whose Condition is the failing guard, named from the referrer's template (`Tier.Profiles`). */
interface Creator {
  path: string;
  /** Declared in the referrer's template: its Condition is one the referrer can share. */
  local: boolean;
}

function creatorOf(f: ConditionalTarget): Creator | undefined {
  const chain: readonly NestedIn[] = f.target.nestedIn ?? [];
  const at = chain.findIndex((n) => n.guard === f.missing);
  if (at < 0) return undefined;
  let from = at;
  while (from > 0 && chain[from].unit !== f.use.resource.unit) from--;
  return { path: chain.slice(from, at + 1).map((n) => n.stack).join('.'), local: chain[at].unit === f.use.resource.unit };
}
