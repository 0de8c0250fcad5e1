// The contract every rule implements: it reads the graph and reports; the engine (engine/run-rules.ts) does the rest.
import type { Graph, Resource } from '../graph/types.js';
import type { Value } from '../graph/value.js';
import type { FixRequest, MessageData, RuleDocs, RuleOptions, Severity } from '../shared/finding.js';
import type { Loc } from '../shared/source.js';

export interface Report<M extends string = string> {
  /** The offending value (its `loc` is used) or a location. */
  at: Value | Loc;
  /** Which of the rule's `messages` says what is wrong. */
  messageId: M;
  /** The values for the message's placeholders. */
  data?: MessageData;
  /** How to fix it: the change to make, and why where it is not obvious. Text the rule composes (it names references in the file's own syntax), not a template. */
  help?: string;
  resource?: Resource;
  related?: Array<{ loc: Loc; message: string }>;
  /**
   * The values that make it a finding, where `at` is not one of them (a
   * trust statement reported at its principal, open because of a
   * condition's value). A finding in a module `terraform init` installed is
   * not the user's to fix, unless a cause came from the user's code: then it
   * is reported there (engine/user-cause.ts).
   */
  causes?: readonly Value[];
  /** Overrides the rule's default severity for this finding (e.g. escalated with a "did you mean"). Config still wins. */
  severity?: Severity;
  /** The fix to ask `src/fix/` for (never edits: rules do not build them); absent when the fix needs a human. */
  fix?: FixRequest;
}

/**
 * A rule judges and reports; what it says is data. `messages` holds each
 * finding's one-sentence statement as a template (`{{name}}` is replaced by
 * `data.name`, inserted as given: a template quotes a literal itself,
 * `"{{name}}"`); the engine fills it (engine/messages.ts). `M` lists the ids,
 * so a report can only name a declared message.
 */
export interface Rule<M extends string = string> {
  id: string;
  severity: Severity;
  summary: string;
  docs: RuleDocs;
  messages: Readonly<Record<M, string>>;
  check(graph: Graph, report: (r: Report<M>) => void, options: RuleOptions): void;
}
