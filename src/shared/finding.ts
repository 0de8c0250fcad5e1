
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
  /**
   * The fix the rule asks for: a request (plain data), so present means fixable. Its
   * `description` and `edits` are built by `src/fix/` only when a run asks for edits
   * (`LintOptions.fixes`: `--fix`, JSON and SARIF output, the editor's quick fixes).
   */
  fix?: FindingFix;
}

/** Replace `[start, end)` of a file's text (offsets after BOM removal) with `text`. */
export interface TextEdit {
  file: string;
  start: number;
  end: number;
  text: string;
}

/** A fix: all of its edits are applied together, or none. */
export interface FixEdits {
  description: string;
  edits: TextEdit[];
}

/** The form of reference a fix writes into a slot: a slot that takes either gets the name. */
export type RefForm = 'name' | 'arn';

/** Where a slot's value is written: offsets into the file's text without its byte-order mark. */
export interface WrittenAt {
  file: string;
  start: number;
  end: number;
}

/**
 * What a rule asks `src/fix/` to do, as plain data (it crosses `--cache` as
 * JSON and the roomy-heap worker as a structured clone). Resources are named
 * by `Resource.id`; `src/fix/` turns a request into edits from the graph only
 * when edits are asked for.
 */
export type FixRequest =
  /** Rewrite the value at `at` to reference instance profile `profile`; `holdsRole`: it is the profile holding the role given. */
  | { kind: 'reference-profile'; at: WrittenAt; profile: string; form: RefForm; holdsRole?: true }
  /** Add an instance profile holding `role` beside it, and rewrite the value at `at` to reference it. */
  | { kind: 'new-profile'; at: WrittenAt; role: string; form: RefForm }
  /** Rewrite the value at `at` to reference the same `resource` in the form the slot takes. */
  | { kind: 'swap-form'; at: WrittenAt; resource: string; form: RefForm };

/** A finding's fix: the request, and once expanded its description and edits. */
export type FindingFix = FixRequest & Partial<FixEdits>;

/** An expanded fix: what `--fix` applies. */
export type Fix = FixRequest & FixEdits;

/** Values for a message template's `{{name}}` placeholders. */
export type MessageData = Readonly<Record<string, string | number>>;

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

/** Whether the finding's fix has its edits built (`LintOptions.fixes`), not only requested. */
export function isBuilt(fix: FindingFix | undefined): fix is Fix {
  return fix !== undefined && fix.description !== undefined && fix.edits !== undefined;
}
