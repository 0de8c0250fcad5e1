import { shownLiteral } from '../graph/queries/describe.js';
import { alternatives, type Value } from '../graph/value.js';
import type { Rule } from './rule.js';

/** IAM's bounds for a role's MaxSessionDuration, in seconds (semantics.md §E; BOTO roleMaxSessionDurationType). */
const minSeconds = 3600;
const maxSeconds = 43200;

/** A known literal duration: a number, or a string of digits (CloudFormation and Terraform accept both). */
function literalSeconds(v: Value): number | string | undefined {
  if (v.kind !== 'literal') return undefined;
  if (typeof v.value === 'number') return v.value;
  if (typeof v.value !== 'string') return undefined;
  const text = v.value.trim();
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : v.value;
}

/** The likely intended value: small numbers are usually hours, and a value past the cap is capped. */
function suggestion(seconds: number): string {
  if (seconds >= 1 && seconds <= 12 && Number.isInteger(seconds)) return `${seconds * 3600} (${seconds} h, the value is in seconds)`;
  if (seconds > maxSeconds) return `${maxSeconds} (12 h, the maximum)`;
  return `a whole number of seconds from ${minSeconds} to ${maxSeconds}`;
}

export const roleMaxSessionDuration: Rule<'outOfRange'> = {
  id: 'role-max-session-duration',
  severity: 'error',
  summary: "A role's maximum session duration is outside IAM's 3600–43200 seconds",
  docs: {
    what: 'Flags `MaxSessionDuration` (CloudFormation) or `max_session_duration` (Terraform) when its value is known and is not a whole number of seconds from 3600 (1 hour) to 43200 (12 hours). Values that are computed (parameters without a default, variables without a value) are not judged.',
    why: 'IAM rejects the role at deploy time ("ValidationError: 1 validation error detected: Value … at \'maxSessionDuration\' failed to satisfy constraint"). A value such as `12` is usually meant as hours.',
    fix: 'Give the duration in seconds, between 3600 and 43200 (for example `43200` for 12 hours), or leave it out for the default of one hour.',
  },
  messages: { outOfRange: 'Role {{role}} has a maximum session duration of {{duration}}, outside {{min}}–{{max}} seconds' },
  check(graph, report) {
    for (const role of graph.resources) {
      if (role.kind !== 'iam.role' || role.external || !role.canonical.maxSessionDuration) continue;
      for (const v of alternatives(role.canonical.maxSessionDuration)) {
        const seconds = literalSeconds(v);
        if (seconds === undefined) continue;
        if (typeof seconds === 'number' && Number.isInteger(seconds) && seconds >= minSeconds && seconds <= maxSeconds) continue;
        const fix = typeof seconds === 'number' ? suggestion(seconds) : `a whole number of seconds from ${minSeconds} to ${maxSeconds}`;
        report({
          at: v,
          resource: role,
          messageId: 'outOfRange',
          data: { role: role.address, duration: shownLiteral(seconds), min: minSeconds, max: maxSeconds },
          help: `use ${fix}: IAM accepts ${minSeconds} to ${maxSeconds} seconds`,
        });
      }
    }
  },
};
