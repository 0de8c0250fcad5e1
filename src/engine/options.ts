import type { Config } from '../config/config.js';
import type { Graph } from '../graph/types.js';
import type { Finding } from '../shared/finding.js';
import type { InternalErrorHook } from './guard.js';

/** 'auto': a worker when the input needs more heap than this thread has; 'always'/'never' for tests and measurement. */
export type HeapMode = 'auto' | 'always' | 'never';

export interface LintOptions {
  /** Files and directories to lint; relative to `cwd`. */
  paths: string[];
  cwd?: string;
  config?: Config;
  /** CloudFormation parameter values for the deploy (`--parameters KEY=VALUE`), overriding defaults. */
  parameters?: Record<string, string>;
  /** Terraform variable values (`--var name=value`) for the root modules linted; they win over every file. */
  variables?: Record<string, string>;
  /** Terraform variable files (`--var-file`), relative to `cwd`, in order, after the tfvars files of each root module. */
  varFiles?: string[];
  /** Each finding lists every place its value came through (variables, locals, module calls) as related locations. */
  explain?: boolean;
  /** File contents to lint instead of the disk's, by absolute path: `--fix` lints its edits before writing them. */
  overlay?: ReadonlyMap<string, string>;
  /**
   * Build the edits of each finding's fix (`Finding.fix.edits`, `.description`):
   * `--fix`, JSON and SARIF output, the editor's quick fixes. Without it a
   * finding's fix is the rule's request alone (enough to say "fixable"), and no
   * edit is built.
   */
  fixes?: boolean;
  /** Return the resource graph too (`--format mermaid`, `dot`, `html` draw it). */
  withGraph?: boolean;
  /** @internal Return the text of every file read (`LintResult.sources`): `--cache` hashes them. */
  withSources?: boolean;
  /** Files larger than this many bytes are reported (`skipped-file`), not read; 0 for no limit. Default 10 MiB. */
  maxFileSize?: number;
  /** Called with each exception contained as an `internal-error` finding (the CLI prints its stack with --debug). */
  onInternalError?: InternalErrorHook;
  /** Filled with milliseconds per stage when given (for `bench/`); costs two clock reads per stage and unit. */
  timings?: Record<string, number>;
  /**
   * Run on a worker thread whose heap is sized to the input: 'auto' (default)
   * when the input is too big for the default heap (roomy-heap.ts). Ignored
   * with `withGraph`, whose graph stays in this thread.
   */
  heap?: HeapMode;
  /**
   * The process ends after this run (the CLI): a big run tunes V8 for it
   * (`short-run.ts`), a setting of the whole process. Never set by the
   * library or the language server.
   */
  shortLived?: boolean;
}

export interface LintResult {
  /** Sorted by file, line, column, rule. */
  findings: Finding[];
  /** How many IaC files were linted. */
  fileCount: number;
  /** Every file read in the run (templates, module files, tfvars, policy files), as given. */
  files: string[];
  /** Given paths that do not exist. */
  missing: string[];
  /** Directories of generated templates (`cdk.out`) a walk passed over: linted only when given. */
  skippedTemplateDirs?: string[];
  /** The resource graph, when `withGraph` asked for it. */
  graph?: Graph;
  /** @internal Every file read and its text, when `withSources` asked for it. */
  sources?: ReadonlyMap<string, string>;
  /**
   * `parameters` keys no linted template declares, `variables` names and
   * `varFiles` keys no linted root module declares (a name any of them
   * declares is not here). The CLI warns about each, with the closest declared
   * name. Absent when none.
   */
  undeclaredInputs?: UndeclaredInput[];
}

/** A name given for the run (`--parameters`, `--var`, a `--var-file` key) that no linted template or root module declares. */
export interface UndeclaredInput {
  /** The option that gave it: `parameters`, `variables`, or one of the `varFiles`. */
  option: 'parameters' | 'variables' | 'varFiles';
  name: string;
  /** A declared name close to it, for a "did you mean". */
  suggestion?: string;
  /** Where a `varFiles` key is written: the file as given, the 1-based line and UTF-16 column of the key. */
  file?: string;
  line?: number;
  column?: number;
}
