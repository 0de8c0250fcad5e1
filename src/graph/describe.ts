import type { Resource, SlotDef } from './types.js';

/** `IamInstanceProfile`, `IamInstanceProfile.Arn`, `iam_instance_profile.name`: the slot as a user reads it. */
export function slotLabel(slot: SlotDef): string {
  const segments = slot.path.replace(/\[\]/g, '').split('.');
  const last = segments[segments.length - 1];
  const tail = /^(name|arn|value|stringvalue)$/i.test(last) && segments.length > 1 ? segments.slice(-2) : [last];
  return tail.join('.');
}

/** How to write a reference to a resource's name or ARN in its own language. */
export function referenceSyntax(resource: Resource, form: 'name' | 'arn'): string {
  if (resource.iac === 'cloudformation') return form === 'arn' ? `!GetAtt ${resource.address}.Arn` : `!Ref ${resource.address}`;
  return `${resource.address}.${form}`;
}

/** What a new instance profile for a role would be, in the role's language. */
export function newProfileHint(role: Resource): string {
  if (role.iac === 'cloudformation') return `add an AWS::IAM::InstanceProfile with Roles: [!Ref ${role.address}] and reference it`;
  return `add an aws_iam_instance_profile with role = ${role.address}.name and reference it`;
}

/** `AppRole` or `"app-role" (AppRole)`. */
export function resourceLabel(resource: Resource, literalName?: string): string {
  return literalName !== undefined ? `"${literalName}" (${resource.address})` : resource.address;
}

/** Edit distance, for "did you mean". Small inputs only. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The closest candidate within a small distance, if any. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 4)) + 1;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
