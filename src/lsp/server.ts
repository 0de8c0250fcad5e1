// `iam-profile-lint --lsp`: the Language Server Protocol face of lint(), on stdio, built on vscode-languageserver.
import path from 'node:path';
import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  Message,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type DataCallback,
  type Disposable,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FIX_ALL_KIND, findingActions, fixAllAction } from './actions.js';
import { findingHover } from './hover.js';
import { fsPath, UnitLinter } from './linter.js';
import { checkedDocumentSync, documentUri, errorText, isPosition, isRange, urisOf } from './params.js';
import { isConfigFile, readSettings } from './settings.js';
import { readDisk } from './units.js';
import { lint } from '../index.js';
import type { Finding } from '../shared/finding.js';
import { isRecord } from '../shared/own.js';
import { packageVersion } from '../shared/version.js';

/** Watched so that a config edit or a module file changed outside the editor re-lints what depends on it. */
const WATCHED = ['**/.iam-profile-lint.{yaml,yml,json}', '**/*.{tf,tf.json,tofu,tofu.json,tfvars,tfvars.json,yaml,yml,json,template}'];

export interface ServerOptions {
  /** `--debug` (or DEBUG=iam-profile-lint): internal errors are logged with their stack. */
  debug?: boolean;
}

/** Starts the server on stdin/stdout; the process then lives until the client says `exit` or goes away. */
export function startLanguageServer(options: ServerOptions = {}): void {
  const debug = options.debug === true;
  let shutdownRead = false;
  let linter: UnitLinter | undefined;
  const reader = new ShutdownAwareReader(process.stdin, () => {
    shutdownRead = true;
    linter?.stop();
  });
  const connection = createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout));
  // The client closed its end: exit, 0 only after a shutdown (what the library does for the streams it is given).
  for (const event of ['end', 'close'] as const) process.stdin.on(event, () => process.exit(shutdownRead ? 0 : 1));
  // An exception nobody caught is logged, never the end of the server: the editor keeps its linter.
  process.on('uncaughtException', (error) => connection.console.error(`internal error: ${errorText(error, debug)}`));
  process.on('unhandledRejection', (reason) => connection.console.error(`internal error: ${errorText(reason, debug)}`));
  linter = serve(connection, debug);
  connection.listen();
}

/**
 * Tells of a `shutdown` request as soon as it is read. Messages are handled one
 * at a time and a lint holds the thread until it returns, so a lint whose timer
 * comes due while the shutdown waits its turn would otherwise run (and publish) first.
 */
class ShutdownAwareReader extends StreamMessageReader {
  constructor(
    readable: NodeJS.ReadableStream,
    private readonly onShutdownRead: () => void,
  ) {
    super(readable);
  }

  override listen(callback: DataCallback): Disposable {
    return super.listen((message) => {
      if (Message.isRequest(message) && message.method === 'shutdown') this.onShutdownRead();
      callback(message);
    });
  }
}

// Every handler reads its params as unknown client input: checked here (params.ts), at the boundary.
function serve(connection: Connection, debug: boolean): UnitLinter {
  const documents = new TextDocuments(TextDocument);
  const linter = new UnitLinter(connection, documents, readSettings(undefined).settings);
  linter.debug = debug;
  const justOpened = new Set<string>();
  const verified = new Map<string, Finding[]>();
  let resolveEdits = false;
  let watchDynamically = false;
  let foldersChange = false;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const { settings, problems } = readSettings(params.initializationOptions);
    linter.settings = settings;
    for (const problem of problems) linter.log(`initializationOptions: ${problem}`);
    linter.folders = foldersOf(params);
    const caps: Partial<InitializeParams['capabilities']> = isRecord(params.capabilities) ? params.capabilities : {};
    const resolvable: unknown = caps.textDocument?.codeAction?.resolveSupport?.properties;
    resolveEdits = Array.isArray(resolvable) && resolvable.includes('edit');
    watchDynamically = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    foldersChange = caps.workspace?.workspaceFolders === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'iam-profile-lint', version: packageVersion() },
    };
  });

  connection.onInitialized(() => {
    if (watchDynamically) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED.map((globPattern) => ({ globPattern })) });
    }
    if (foldersChange) {
      connection.workspace.onDidChangeWorkspaceFolders((event: unknown) => {
        const removed = new Set(urisOf(isRecord(event) ? event.removed : undefined).map(fsPath));
        const added = urisOf(isRecord(event) ? event.added : undefined).map(fsPath).filter((f): f is string => f !== undefined);
        linter.folders = [...linter.folders.filter((f) => !removed.has(f)), ...added];
        linter.templates.forget();
        linter.diskChanged('all');
      });
    }
  });

  documents.onDidOpen((event) => justOpened.add(event.document.uri));
  documents.onDidChangeContent((event) =>
    guard(linter, 'change', undefined, () => {
      // Opening is linted at once; typing waits for a pause.
      const opened = justOpened.delete(event.document.uri);
      linter.changed(event.document, opened ? 0 : undefined);
    }),
  );
  documents.onDidClose((event) => guard(linter, 'close', undefined, () => linter.closed(event.document.uri)));

  connection.onDidChangeWatchedFiles((params: unknown) =>
    guard(linter, 'watched files', undefined, () => {
      const changes: unknown = isRecord(params) ? params.changes : undefined;
      const events = Array.isArray(changes) ? changes.filter((c: unknown) => isRecord(c) && typeof c.uri === 'string') : [];
      const files = urisOf(events).map(fsPath).filter((f): f is string => f !== undefined);
      if (files.some(isConfigFile)) {
        linter.configChanged();
        linter.diskChanged('all');
        return;
      }
      // A created or deleted file may be a new exporter or module member: walk again.
      if (events.some((c: unknown) => !isRecord(c) || c.type !== 2)) linter.templates.forget();
      else linter.templates.forget(files);
      linter.diskChanged(files);
    }),
  );

  connection.onDidChangeConfiguration((params: unknown) =>
    guard(linter, 'configuration', undefined, () => {
      const all: unknown = isRecord(params) ? params.settings : undefined;
      const section: unknown = isRecord(all) ? all['iam-profile-lint'] : undefined;
      if (section === undefined) return;
      const { settings, problems } = readSettings(section);
      for (const problem of problems) linter.log(`settings: ${problem}`);
      linter.settings = settings;
      linter.diskChanged('all');
    }),
  );

  connection.onHover((params: unknown) =>
    guard(linter, 'hover', null, () => {
      const abs = fsPath(documentUri(params));
      const position: unknown = isRecord(params) ? params.position : undefined;
      const current = abs === undefined || !isPosition(position) ? undefined : linter.current(abs);
      return (current && isPosition(position) && findingHover(current.findings, position)) || null;
    }),
  );

  connection.onCodeAction((params: unknown) => guardAsync(linter, 'code actions', [], () => codeActions(params)));
  connection.onCodeActionResolve((action: unknown) => guardAsync(linter, 'fix-all', action as CodeAction, () => resolveFixAll(action)));

  async function codeActions(params: unknown): Promise<CodeAction[]> {
    const docUri = documentUri(params);
    const abs = fsPath(docUri);
    const doc = docUri === undefined ? undefined : documents.get(docUri);
    const current = abs === undefined ? undefined : linter.current(abs);
    if (abs === undefined || docUri === undefined || !doc || !current || !isRecord(params)) return [];
    const context: unknown = params.context;
    const asked: unknown = isRecord(context) ? context.only : undefined;
    // A client that sends no usable list of kinds asks for every kind.
    const only = Array.isArray(asked) && asked.every((k) => typeof k === 'string') ? (asked as string[]) : undefined;
    const wants = (kind: string): boolean => only === undefined || only.some((k) => kind === k || kind.startsWith(`${k}.`));
    const read = (file: string): string | undefined => (file === abs ? doc.getText() : linter.overlay().get(file) ?? readDisk(file));
    // A client that sends no usable range asks about the whole document.
    const range = isRange(params.range) ? params.range : { start: { line: 0, character: 0 }, end: { line: doc.lineCount, character: 0 } };
    const cwd = current.options.cwd ?? process.cwd();
    const lintEdited = async (file: string, text: string): Promise<Finding[]> => {
      const key = `${docUri}@${doc.version}:${text.length}:${hashOf(text)}`;
      const cached = verified.get(key);
      if (cached) return cached;
      const overlay = linter.overlay().set(file, text);
      // Only counted (does a suppression hold?): no edits built.
      const found = (await lint({ ...current.options, overlay, fixes: false })).findings.filter((f) => path.resolve(cwd, f.file) === file);
      // A small memo: code actions are asked again as the cursor moves over the same finding.
      if (verified.size >= 64) verified.clear();
      verified.set(key, found);
      return found;
    };
    const out = wants(CodeActionKind.QuickFix) ? await findingActions(abs, current.findings, range, cwd, read, lintEdited) : [];
    if (!wants(FIX_ALL_KIND) || !current.findings.some((f) => f.fix)) return out;
    // Asked for by kind (on save), or resolved when chosen: the fix-all lints several times, not on every cursor move.
    if (only !== undefined || !resolveEdits) {
      if (only === undefined) return out;
      const all = await fixAllAction(abs, { ...current.options, overlay: linter.overlay() });
      return all ? [...out, all] : out;
    }
    const count = current.findings.filter((f) => f.fix).length;
    return [...out, { title: `Fix all iam-profile-lint problems (${count})`, kind: FIX_ALL_KIND, data: { uri: docUri, version: doc.version } }];
  }

  async function resolveFixAll(given: unknown): Promise<CodeAction> {
    if (!isRecord(given) || typeof given.title !== 'string') return { title: 'Fix all iam-profile-lint problems' };
    const action = given as unknown as CodeAction;
    const data: unknown = action.data;
    const uri = typeof data === 'object' && data !== null && 'uri' in data && typeof data.uri === 'string' ? data.uri : undefined;
    const abs = uri === undefined ? undefined : fsPath(uri);
    const doc = uri === undefined ? undefined : documents.get(uri);
    const current = abs === undefined ? undefined : linter.current(abs);
    if (abs === undefined || !doc || !current) return action;
    const all = await fixAllAction(abs, { ...current.options, overlay: linter.overlay() });
    return all ? { ...action, edit: all.edit } : action;
  }

  connection.onShutdown(() => linter.stop());
  documents.listen(checkedDocumentSync(connection, (message) => linter.log(message)));
  return linter;
}

/** FNV-1a of a text: the memo's key need not hold the text. */
function hashOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function foldersOf(params: InitializeParams): string[] {
  const given: unknown = params.workspaceFolders;
  const uris = Array.isArray(given) ? urisOf(given) : typeof params.rootUri === 'string' ? [params.rootUri] : [];
  return uris.map(fsPath).filter((f): f is string => f !== undefined);
}

/** A handler's exception is logged and answered with the fallback: one bad request never takes the server down. */
function guard<T>(linter: UnitLinter, what: string, fallback: T, run: () => T): T {
  try {
    return run();
  } catch (error) {
    linter.log(`internal error in ${what}: ${errorText(error, linter.debug)}`);
    return fallback;
  }
}

async function guardAsync<T>(linter: UnitLinter, what: string, fallback: T, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    linter.log(`internal error in ${what}: ${errorText(error, linter.debug)}`);
    return fallback;
  }
}
