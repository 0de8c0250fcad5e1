// Linting units as the editor types: debounced, stale runs dropped, diagnostics published for every file of a unit.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lint, type LintOptions } from '../index.js';
import type { Finding } from '../shared/finding.js';
import { serverDiagnostic, toDiagnostic, uriOf } from './diagnostics.js';
import { errorText } from './params.js';
import { ConfigCache, type ServerSettings } from './settings.js';
import { documentKind, readDisk, rootFor, TemplateIndex, unitKey, unitOf, type DocumentKind, type LintUnit } from './units.js';
import { placingServiceFile } from '../discover/serverless.js';

/** One unit's last lint: what it covered and found, and the document versions it saw. */
interface UnitState {
  /** The open document the unit is computed from (again on every run: a new module call changes it). */
  primary: string;
  generation: number;
  timer?: NodeJS.Timeout;
  covered: Set<string>;
  findings: Map<string, Finding[]>;
  versions: Map<string, number>;
  /** What `lint()` was given, for fix-all. */
  options?: LintOptions;
}

export interface FileFindings {
  findings: readonly Finding[];
  options: LintOptions;
}

export class UnitLinter {
  private readonly units = new Map<string, UnitState>();
  /** Which unit's diagnostics a file shows: the last one that linted it. */
  private readonly owner = new Map<string, string>();
  private readonly configProblems = new Map<string, string>();
  readonly configs = new ConfigCache();
  readonly templates = new TemplateIndex();
  folders: string[] = [];
  settings: ServerSettings;
  /** Internal errors logged with their stack (`--lsp --debug`), else in one line. */
  debug = false;
  /** A `shutdown` was read: nothing more is linted or published. */
  private stopped = false;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    settings: ServerSettings,
  ) {
    this.settings = settings;
  }

  /** Lints the document's unit after the debounce, and every other unit that read the document. */
  changed(doc: TextDocument, delay = this.settings.debounceMs): void {
    const abs = fsPath(doc.uri);
    if (abs === undefined) return;
    const kind = this.kindOf(abs, doc.getText());
    this.templates.edited(abs, doc.getText());
    if (kind === undefined) {
      // A file that stopped being a template (or never was) shows nothing of ours.
      this.drop(abs);
      return;
    }
    this.schedule(unitKey(abs, kind), abs, delay);
    for (const [key, state] of this.units) if (state.covered.has(abs)) this.schedule(key, state.primary, delay);
  }

  /** A file changed on disk or a config changed: re-lint every unit (those that read it, or all). */
  diskChanged(files: readonly string[] | 'all'): void {
    for (const [key, state] of this.units) {
      if (files === 'all' || files.some((f) => state.covered.has(f) || path.dirname(f) === path.dirname(state.primary))) {
        this.schedule(key, state.primary, 0);
      }
    }
  }

  /**
   * The document closed: a unit it was part of is linted again from the disk while a document
   * of its own is open, and forgotten (its diagnostics cleared) when none is.
   */
  closed(uri: string): void {
    const abs = fsPath(uri);
    if (abs === undefined) return;
    // The closed buffer's unsaved text no longer counts: the disk's does.
    this.templates.forget([abs]);
    for (const [key, state] of [...this.units]) {
      if (!state.covered.has(abs) && state.primary !== abs) continue;
      const members = this.openFiles().filter((f) => f !== abs && this.keyOf(f) === key);
      if (members.length > 0) {
        state.primary = members[0];
        this.schedule(key, state.primary, 0);
      } else {
        this.forget(key, state);
      }
    }
  }

  /** The findings shown for a file, if they were computed from the document version the editor has now. */
  current(abs: string): FileFindings | undefined {
    const key = this.owner.get(abs);
    const state = key === undefined ? undefined : this.units.get(key);
    if (!state?.options) return undefined;
    const doc = this.documents.get(uriOf(abs));
    if (doc && state.versions.get(abs) !== doc.version) return undefined;
    return { findings: state.findings.get(abs) ?? [], options: state.options };
  }

  /** The text the linter sees for a file: the editor's buffer when open, else the disk's. */
  overlay(): Map<string, string> {
    const out = new Map<string, string>();
    for (const doc of this.documents.all()) {
      const abs = fsPath(doc.uri);
      if (abs !== undefined) out.set(abs, doc.getText());
    }
    return out;
  }

  private unitFor(abs: string): LintUnit {
    const open = this.overlay();
    const text = open.get(abs) ?? '';
    const root = rootFor(abs, this.folders);
    const loaded = this.configs.forDocument(abs, root);
    return unitOf(abs, this.kindOf(abs, text) ?? 'terraform', open, root, loaded.config?.ignore ?? [], this.templates);
  }

  private schedule(key: string, primary: string, delay: number): void {
    if (this.stopped) return;
    let state = this.units.get(key);
    if (!state) {
      state = { primary, generation: 0, covered: new Set(), findings: new Map(), versions: new Map() };
      this.units.set(key, state);
    }
    clearTimeout(state.timer);
    const generation = ++state.generation;
    const run = (): void => {
      state.timer = undefined;
      this.run(key, state, generation).catch((error: unknown) => this.internalError(state, error));
    };
    state.timer = setTimeout(run, delay);
  }

  private async run(key: string, state: UnitState, generation: number): Promise<void> {
    // A shutdown read but not yet handled (messages wait their turn behind a due timer) stops it too.
    if (this.stopped) return;
    const unit = this.unitFor(state.primary);
    const root = rootFor(state.primary, this.folders);
    const loaded = this.configs.forDocument(state.primary, root);
    this.reportConfig(loaded.file, loaded.error);
    const overlay = this.overlay();
    const versions = new Map<string, number>();
    for (const file of unit.paths) {
      const doc = this.documents.get(uriOf(file));
      if (doc) versions.set(file, doc.version);
    }
    const options: LintOptions = {
      paths: unit.paths,
      cwd: loaded.cwd,
      ...(loaded.config && { config: loaded.config }),
      parameters: this.settings.parameters,
      variables: this.settings.variables,
      varFiles: this.settings.varFiles,
      overlay,
      // The quick fixes offered on these findings need their edits.
      fixes: true,
      onInternalError: (error, file) => this.log(`internal error on ${file}: ${errorText(error, this.debug)}`),
    };
    const result = await lint(options);
    // A newer change was scheduled meanwhile: its run publishes, this one's text is already stale. After shutdown, nothing is.
    if (this.stopped || state.generation !== generation || this.units.get(key) !== state) return;
    const absOf = (file: string): string => path.resolve(loaded.cwd, file);
    const findings = new Map<string, Finding[]>();
    for (const f of result.findings) {
      const abs = absOf(f.file);
      findings.set(abs, [...(findings.get(abs) ?? []), f]);
    }
    const covered = new Set([...unit.paths, ...result.files.map(absOf), ...findings.keys()]);
    for (const file of state.covered) if (!covered.has(file) && this.owner.get(file) === key) this.clear(file);
    Object.assign(state, { covered, findings, versions, options });
    for (const file of covered) {
      this.owner.set(file, key);
      const diagnostics = (findings.get(file) ?? []).map((f) => toDiagnostic(f, absOf));
      this.publish(file, diagnostics, versions.get(file));
    }
  }

  /** An exception of ours: a diagnostic on the unit's document and a log line, and the server goes on. */
  private internalError(state: UnitState, error: unknown): void {
    this.log(`internal error linting ${state.primary}: ${errorText(error, this.debug)}`);
    const message = `iam-profile-lint failed on this file (${describe(error)}); the language server log has the details`;
    this.publish(state.primary, [serverDiagnostic('internal-error', message)]);
  }

  /** A config that cannot be read is a diagnostic on the config file; the lint goes on with the defaults. */
  private reportConfig(file: string | undefined, error: string | undefined): void {
    if (file === undefined) return;
    const before = this.configProblems.get(file);
    if (before === error) return;
    if (error === undefined) this.configProblems.delete(file);
    else this.configProblems.set(file, error);
    this.publish(file, error === undefined ? [] : [serverDiagnostic('config-error', error)]);
    if (error !== undefined) this.log(error);
  }

  /** Forgets every config problem shown, so that a re-read config reports afresh. */
  configChanged(): void {
    this.configs.forget();
    for (const file of this.configProblems.keys()) this.publish(file, []);
    this.configProblems.clear();
  }

  private drop(abs: string): void {
    for (const [key, state] of [...this.units]) if (state.primary === abs) this.forget(key, state);
    if (this.owner.has(abs)) this.clear(abs);
  }

  /** Forgets a unit; an open file whose diagnostics it showed gets its own unit's again. */
  private forget(key: string, state: UnitState): void {
    clearTimeout(state.timer);
    this.units.delete(key);
    for (const file of state.covered) {
      if (this.owner.get(file) !== key) continue;
      this.clear(file);
      const doc = this.documents.get(uriOf(file));
      if (doc) this.changed(doc, 0);
    }
  }

  private openFiles(): string[] {
    return this.documents.all().flatMap((d) => fsPath(d.uri) ?? []);
  }

  private keyOf(abs: string): string | undefined {
    const kind = this.kindOf(abs, this.documents.get(uriOf(abs))?.getText() ?? '');
    return kind && unitKey(abs, kind);
  }

  /** A document's kind; a YAML/JSON file a `serverless.yml` places as resources is a template. */
  private kindOf(abs: string, text: string): DocumentKind | undefined {
    // Asked only of YAML/JSON that is not a template by its text: the open documents are gathered then.
    return documentKind(abs, text, (file) => {
      const open = this.overlay();
      return placingServiceFile(file, rootFor(file, this.folders), (f) => open.get(f) ?? readDisk(f))?.service;
    });
  }

  private clear(file: string): void {
    this.owner.delete(file);
    this.publish(file, []);
  }

  private publish(file: string, diagnostics: Diagnostic[], version?: number): void {
    void this.connection.sendDiagnostics({ uri: uriOf(file), diagnostics, ...(version !== undefined && { version }) });
  }

  /** Shutting down (from the moment a `shutdown` is read): nothing more is scheduled, a lint not yet started never starts, none publishes. */
  stop(): void {
    this.stopped = true;
    for (const state of this.units.values()) clearTimeout(state.timer);
    this.units.clear();
  }

  log(message: string): void {
    this.connection.console.error(message);
  }
}

/** The file a `file:` URI names; undefined for any other scheme, a malformed URI, or a value that is not a string. */
export function fsPath(uri: unknown): string | undefined {
  if (typeof uri !== 'string' || !uri.startsWith('file:')) return undefined;
  try {
    return path.resolve(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

