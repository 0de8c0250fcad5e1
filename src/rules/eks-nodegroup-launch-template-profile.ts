import { slotLabel } from '../graph/queries/describe.js';
import { resourcesOfKind, slotsOf } from '../graph/queries/memo.js';
import { literalName } from '../graph/queries/denote.js';
import { knownString } from '../graph/queries/strings.js';
import type { Graph, Resource, SlotUse } from '../graph/types.js';
import { alternatives, type Value } from '../graph/value.js';
import { isSet } from '../graph/queries/slot-forms.js';
import { possibleTogether } from '../graph/queries/guards.js';
import type { Rule } from './rule.js';

export const eksNodegroupLaunchTemplateProfile: Rule<'templateSetsProfile' | 'templateMaySetProfile'> = {
  id: 'eks-nodegroup-launch-template-profile',
  severity: 'error',
  summary: 'An EKS managed node group uses a launch template that sets an instance profile',
  docs: {
    what: "Flags an EKS managed node group (`AWS::EKS::Nodegroup`, `aws_eks_node_group`) whose launch template, referenced by id or name, sets an instance profile (`IamInstanceProfile`, `iam_instance_profile`). When the profile's value is computed (a parameter or variable without a value), the template may still be left without one, and the finding is a warning.",
    why: 'EKS makes the instance profile for a managed node group from its node role. The EKS API says the launch template must not contain `IamInstanceProfile`, "or the node group deployment will fail".',
    fix: "Remove the instance profile from the launch template and give the node group its role through `NodeRole` (`node_role_arn`). Use a separate launch template for self-managed groups that need a profile.",
  },
  messages: {
    templateSetsProfile: 'Node group {{group}} uses launch template {{template}}, which sets an instance profile',
    templateMaySetProfile: 'Node group {{group}} uses launch template {{template}}, which sets an instance profile unless its computed value is empty',
  },
  check(graph, report) {
    for (const group of graph.resources) {
      if (group.kind !== 'eks.nodegroup' || group.external) continue;
      const seen = new Set<Resource>();
      for (const ref of [group.canonical.launchTemplateId, group.canonical.launchTemplateName]) {
        if (!ref) continue;
        for (const value of alternatives(ref)) {
          for (const template of launchTemplatesOf(value, graph)) {
            if (seen.has(template)) continue;
            seen.add(template);
            // Only a profile that can be there when the group is: a template's conditional profile may be for other groups.
            const together = profileUses(template, graph).filter((p) => possibleTogether(group.when, value.when, template.when, p.value.when));
            const certain = together.filter((p) => isSet(p.value));
            // A computed profile is still there unless someone passes an empty value: a warning, never an error.
            const profiles = certain.length > 0 ? certain : together.filter((p) => maySet(p.value));
            if (profiles.length === 0) continue;
            report({
              at: value,
              resource: group,
              messageId: certain.length > 0 ? 'templateSetsProfile' : 'templateMaySetProfile',
              ...(certain.length > 0 ? {} : { severity: 'warning' as const }),
              data: { group: group.address, template: template.address },
              help: `EKS rejects an instance profile in a managed node group's launch template: remove ${slotLabel(profiles[0].slot)} from ${template.address} and let the node group's node role give the nodes their role`,
              related: profiles.map((p) => ({ loc: p.value.loc, message: `${template.address} sets ${slotLabel(p.slot)} here` })),
            });
          }
        }
      }
    }
  },
};

/** The launch templates a node group's `Id`/`Name` value points at: by reference or by literal name. */
function launchTemplatesOf(value: Value, graph: Graph): Resource[] {
  if (value.kind === 'ref') {
    const target = graph.resource(value.target);
    return target?.kind === 'ec2.launch-template' && !target.external ? [target] : [];
  }
  const name = knownString(value, graph);
  if (name === undefined) return [];
  return resourcesOfKind(graph, 'ec2.launch-template').filter((r) => !r.external && literalName(r, graph) === name);
}

function profileUses(template: Resource, graph: Graph): SlotUse[] {
  return slotsOf(graph, template).filter((u) => u.slot.expects === 'instance-profile');
}

/** Set in some case we cannot rule out: an alternative is computed, none is known to be empty. */
function maySet(value: Value): boolean {
  const options = alternatives(value);
  return options.some((v) => v.kind === 'unknown') && options.every((v) => !(v.kind === 'literal' && (v.value === null || v.value === '')));
}
