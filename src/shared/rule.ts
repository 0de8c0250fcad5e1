import type { Graph, Resource } from '../graph/types.js';
import type { Value } from '../graph/value.js';
import type { Loc } from './source.js';

export type Severity = 'error' | 'warning' | 'info';
export type RuleSetting = Severity | 'off';

export interface RelatedLocation {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** What every reporter receives. `file` is as given to the linter; reporters make it relative. */
export interface Finding {
  rule: string;
  severity: Severity;
  /** What is wrong, in one short sentence: the rule's message template `messageId` filled with `data`. */
  message: string;
  /** Which of the rule's `messages` this is (absent only on the fix stage's own findings, `src/fix/`). */
  messageId?: string;
  /** The values filled into the template; each shortened and masked as the message is. */
  data?: MessageData;
  /** How to fix it, when the rule can say (shown as `help:` under the finding). */
  help?: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Logical id or Terraform address of the resource the finding is in. */
  resource?: string;
  related?: RelatedLocation[];
  /** Text edits that fix the finding, when the linter knows them (`--fix`). */
  fix?: Fix;
}

/** Replace `[start, end)` of a file's text (offsets after BOM removal) with `text`. */
export interface TextEdit {
  file: string;
  start: number;
  end: number;
  text: string;
}

/** A fix: all of its edits are applied together, or none. */
export interface Fix {
  description: string;
  edits: TextEdit[];
}

/** Values for a message template's `{{name}}` placeholders. */
export type MessageData = Readonly<Record<string, string | number>>;

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
  /** Overrides the rule's default severity for this finding (e.g. escalated with a "did you mean"). Config still wins. */
  severity?: Severity;
  /** Edits that fix it (`src/fix/`); absent when the fix needs a human. */
  fix?: Fix;
}

/** Settings that rules read; built from the config file. */
export interface RuleOptions {
  knownInstanceProfiles: ReadonlySet<string>;
  knownRoles: ReadonlySet<string>;
  trustedAccounts: ReadonlySet<string>;
}

export interface RuleDocs {
  what: string;
  why: string;
  fix: string;
}

/**
 * A rule page's "Example" and "Use instead": whole files kept as fixtures
 * (`fixtures/<id>/example-bad.yaml`, `example-good.tf`...), linted like every
 * fixture, and read by `npm run docs` (scripts/rule-examples.mjs).
 */
export interface RuleExamples {
  bad?: RuleExample;
  good?: RuleExample;
}

export interface RuleExample {
  cloudformation: string;
  terraform: string;
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
