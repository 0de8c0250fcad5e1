// What the client sends, checked where it arrives: a message of the wrong shape is named in one log line and ignored.
import type { Disposable, NotificationHandler, Position, Range, RequestHandler, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import type {
  DidChangeTextDocumentParams,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
  DidSaveTextDocumentParams,
  TextEdit,
  WillSaveTextDocumentParams,
} from 'vscode-languageserver/node';
import { isRecord } from '../shared/own.js';

/** What `TextDocuments.listen` registers on; the connection's own methods, validated. */
export interface DocumentSyncConnection {
  onDidOpenTextDocument(handler: NotificationHandler<DidOpenTextDocumentParams>): Disposable;
  onDidChangeTextDocument(handler: NotificationHandler<DidChangeTextDocumentParams>): Disposable;
  onDidCloseTextDocument(handler: NotificationHandler<DidCloseTextDocumentParams>): Disposable;
  onWillSaveTextDocument(handler: NotificationHandler<WillSaveTextDocumentParams>): Disposable;
  onWillSaveTextDocumentWaitUntil(handler: RequestHandler<WillSaveTextDocumentParams, TextEdit[] | undefined | null, void>): Disposable;
  onDidSaveTextDocument(handler: NotificationHandler<DidSaveTextDocumentParams>): Disposable;
}

/** A zero-based line or character: LSP's uinteger. */
function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

export function isPosition(value: unknown): value is Position {
  return isRecord(value) && isIndex(value.line) && isIndex(value.character);
}

export function isRange(value: unknown): value is Range {
  return isRecord(value) && isPosition(value.start) && isPosition(value.end);
}

/** The `textDocument.uri` of a request's params, when it is a string. */
export function documentUri(params: unknown): string | undefined {
  const doc = isRecord(params) ? params.textDocument : undefined;
  return isRecord(doc) && typeof doc.uri === 'string' ? doc.uri : undefined;
}

function isContentChange(value: unknown): value is TextDocumentContentChangeEvent {
  return isRecord(value) && typeof value.text === 'string' && (value.range === undefined || isRange(value.range));
}

/** Why a didOpen cannot be taken, or undefined when it can. */
function openProblem(params: unknown): string | undefined {
  const doc = isRecord(params) ? params.textDocument : undefined;
  if (!isRecord(doc)) return 'no textDocument';
  if (typeof doc.uri !== 'string') return 'textDocument.uri is not a string';
  if (typeof doc.text !== 'string') return 'textDocument.text is not a string';
  if (typeof doc.version !== 'number' || !Number.isInteger(doc.version)) return 'textDocument.version is not an integer';
  if (typeof doc.languageId !== 'string') return 'textDocument.languageId is not a string';
  return undefined;
}

function changeProblem(params: unknown): string | undefined {
  if (documentUri(params) === undefined) return 'textDocument.uri is not a string';
  const { textDocument, contentChanges } = params as Record<string, unknown>;
  const version = (textDocument as Record<string, unknown>).version;
  if (typeof version !== 'number' || !Number.isInteger(version)) return 'textDocument.version is not an integer';
  if (!Array.isArray(contentChanges) || !contentChanges.every(isContentChange)) return 'contentChanges are not a list of { text, range? } with zero-based integer positions';
  return undefined;
}

function identifierProblem(params: unknown): string | undefined {
  return documentUri(params) === undefined ? 'textDocument.uri is not a string' : undefined;
}

/**
 * The document notifications, checked before `TextDocuments` sees them: a message of the wrong shape is
 * named in one log line and dropped, so that neither the document store nor our handlers meet it.
 */
export function checkedDocumentSync(connection: DocumentSyncConnection, log: (message: string) => void): DocumentSyncConnection {
  const checked =
    <P>(method: string, problemOf: (params: unknown) => string | undefined, handler: NotificationHandler<P>): NotificationHandler<P> =>
    (params: P) => {
      const problem = problemOf(params);
      if (problem !== undefined) log(`ignored ${method}: ${problem}`);
      else handler(params);
    };
  return {
    onDidOpenTextDocument: (handler) => connection.onDidOpenTextDocument(checked('textDocument/didOpen', openProblem, handler)),
    onDidChangeTextDocument: (handler) => connection.onDidChangeTextDocument(checked('textDocument/didChange', changeProblem, handler)),
    onDidCloseTextDocument: (handler) => connection.onDidCloseTextDocument(checked('textDocument/didClose', identifierProblem, handler)),
    onWillSaveTextDocument: (handler) => connection.onWillSaveTextDocument(checked('textDocument/willSave', identifierProblem, handler)),
    onWillSaveTextDocumentWaitUntil: (handler) =>
      connection.onWillSaveTextDocumentWaitUntil((params, token) => {
        const problem = identifierProblem(params);
        if (problem === undefined) return handler(params, token);
        log(`ignored textDocument/willSaveWaitUntil: ${problem}`);
        return [];
      }),
    onDidSaveTextDocument: (handler) => connection.onDidSaveTextDocument(checked('textDocument/didSave', identifierProblem, handler)),
  };
}

/** The uris of a list of `{ uri }` (workspace folders, watched file events); anything else in it is left out. */
export function urisOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown) => (isRecord(item) && typeof item.uri === 'string' ? [item.uri] : []));
}

/** One line for an error: its name and message; the stack only when debugging was asked for. */
export function errorText(error: unknown, debug: boolean): string {
  if (!(error instanceof Error)) return String(error).replace(/\s*\n\s*/g, ' ');
  if (debug && error.stack) return error.stack;
  return `${error.name}: ${error.message}`.replace(/\s*\n\s*/g, ' ');
}
