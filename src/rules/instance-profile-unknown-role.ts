import { closest } from '../graph/queries/describe.js';
import { perGraph, resourcesOfKind } from '../graph/queries/memo.js';
import { denote, hasNameKeys, roleOf, statedNames } from '../graph/queries/denote.js';
import type { Graph, Resource } from '../graph/types.js';
import { alternatives, asList } from '../graph/value.js';
import { builtinKnownRoles } from '../graph/queries/known-roles.js';
import { writeAsFunctionHelp } from '../graph/queries/intrinsic-text.js';
import type { Rule } from './rule.js';
import type { RuleOptions } from '../shared/finding.js';

export const instanceProfileUnknownRole: Rule<'undefinedRole'> = {
  id: 'instance-profile-unknown-role',
  severity: 'warning',
  summary: 'An instance profile names a role that nothing analysed defines',
  docs: {
    what: "Flags an instance profile whose role is a literal name that no role in the analysed files has, that is not a Terraform `data \"aws_iam_role\"`, and that is not listed in `knownRoles`. AWS's own default roles (`EMR_EC2_DefaultRole`, `ecsInstanceRole`, ...) are known by default. When a defined role's name is a small edit away, the finding is an error and suggests it. Nothing is reported while a role in the same template or module has a name that cannot be known statically: the literal might be its name.",
    why: 'A role that does not exist fails the deploy ("The role with name ... cannot be found"). A literal name also hides the dependency: nothing creates the role before the profile, and nothing guarantees it exists in every account the code is deployed to. A near miss is almost always a typo.',
    fix: 'Reference the role resource (`!Ref AppRole`, `aws_iam_role.app.name`) so the name is right by construction; if the role is made elsewhere on purpose, read it with `data "aws_iam_role"` or add its name to `knownRoles` in `.iam-profile-lint.yaml`.',
  },
  messages: { undefinedRole: 'Instance profile {{profile}} holds role "{{role}}", which no analysed file defines' },
  check(graph, report, options) {
    for (const profile of graph.resources) {
      if (profile.kind !== 'iam.instance-profile' || profile.external) continue;
      for (const value of asList(profile.canonical.roles).flatMap(alternatives)) {
        const d = denote(value, graph);
        if (d.entity !== 'name' || d.name === '' || roleOf(value, graph) || isKnown(d.name, options) || mayBeComputedRole(profile, graph)) continue;
        const names = definedRoleNames(graph);
        // IAM names are case-insensitive: "App-Role" finds "app-role".
        if (names.some((n) => n.toLowerCase() === d.name.toLowerCase())) continue;
        const suggestion = closest(d.name, names);
        const role = suggestion !== undefined ? definedRole(graph, suggestion) : undefined;
        report({
          at: value,
          resource: profile,
          messageId: 'undefinedRole',
          data: { profile: profile.address, role: d.name },
          help:
            writeAsFunctionHelp(value, profile) ??
            (suggestion ? `did you mean "${suggestion}"${role ? ` (${role.address})` : ''}?` : `reference the role resource, or add "${d.name}" to knownRoles if it is made elsewhere`),
          ...(suggestion ? { severity: 'error' as const } : {}),
          ...(role ? { related: [{ loc: role.canonical.name?.loc ?? role.loc, message: `role ${role.address} is named "${suggestion}" here` }] } : {}),
        });
      }
    }
  },
};

function isKnown(name: string, options: RuleOptions): boolean {
  return options.knownRoles.has(name) || builtinKnownRoles.includes(name);
}

/** A role in the same unit whose name we cannot know might be the one meant. */
function mayBeComputedRole(profile: Resource, graph: Graph): boolean {
  const units = perGraph(graph, 'units-with-computed-role-name', (g) => {
    return new Set(resourcesOfKind(g, 'iam.role').flatMap((r) => (hasNameKeys(r, g) ? [] : [r.unit])));
  });
  return units.has(profile.unit);
}

function definedRoleNames(graph: Graph): string[] {
  return perGraph(graph, 'defined-role-names', (g) =>
    resourcesOfKind(g, 'iam.role').flatMap((r) => statedNames(r, g)),
  );
}

function definedRole(graph: Graph, name: string): Resource | undefined {
  return resourcesOfKind(graph, 'iam.role').find((r) => statedNames(r, graph).includes(name));
}
