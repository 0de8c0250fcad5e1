// A real LSP client (vscode-jsonrpc over the server's stdio) for the language server's tests and bench.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { TextDocument, type TextEdit } from 'vscode-languageserver-textdocument';

export const BIN = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface Diagnostic {
  range: Range;
  severity?: number;
  code?: string | number;
  codeDescription?: { href: string };
  source?: string;
  message: string;
  relatedInformation?: Array<{ location: { uri: string; range: Range }; message: string }>;
  data?: unknown;
}
export interface WorkspaceEdit {
  changes?: Record<string, TextEdit[]>;
}
export interface CodeAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  diagnostics?: Diagnostic[];
  edit?: WorkspaceEdit;
  data?: unknown;
}

interface Published {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

export const uri = (file: string): string => pathToFileURL(file).href;

export class LspClient {
  readonly logs: string[] = [];
  readonly published: Published[] = [];
  private readonly waiters: Array<() => void> = [];
  private readonly docs = new Map<string, TextDocument>();
  readonly exited: Promise<number | null>;

  private constructor(
    readonly proc: ChildProcess,
    readonly connection: MessageConnection,
  ) {
    this.exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
    connection.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      this.published.push(p);
      for (const wake of this.waiters.splice(0)) wake();
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/configuration', () => []);
    connection.listen();
  }

  /** Spawns `iam-profile-lint --lsp` and initializes it for one workspace folder. */
  static async start(
    root: string,
    initializationOptions?: unknown,
    capabilities: Record<string, unknown> = defaultCapabilities,
    processId = process.pid,
    nodeArgs: string[] = [],
    serverArgs: string[] = [],
  ): Promise<LspClient> {
    const proc = spawn(process.execPath, [...nodeArgs, BIN, '--lsp', ...serverArgs], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const client = new LspClient(proc, connection);
    proc.stderr!.on('data', (chunk: Buffer) => client.logs.push(chunk.toString()));
    await connection.sendRequest('initialize', {
      processId,
      rootUri: uri(root),
      workspaceFolders: [{ uri: uri(root), name: 'test' }],
      capabilities,
      initializationOptions,
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  async open(file: string, text = fs.readFileSync(file, 'utf8'), languageId = languageOf(file)): Promise<void> {
    this.docs.set(uri(file), TextDocument.create(uri(file), languageId, 1, text));
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(file), languageId, version: 1, text } });
  }

  /** Replaces the whole buffer (unsaved); returns the new version. */
  async change(file: string, text: string): Promise<number> {
    const doc = this.doc(file);
    const next = TextDocument.create(doc.uri, doc.languageId, doc.version + 1, text);
    this.docs.set(doc.uri, next);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: doc.uri, version: next.version }, contentChanges: [{ text }] });
    return next.version;
  }

  /** One keystroke: an incremental change inserting `text` at `offset`. */
  async type(file: string, offset: number, text: string): Promise<number> {
    const doc = this.doc(file);
    const at = doc.positionAt(offset);
    const next = TextDocument.create(doc.uri, doc.languageId, doc.version + 1, TextDocument.applyEdits(doc, [{ range: { start: at, end: at }, newText: text }]));
    this.docs.set(doc.uri, next);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: doc.uri, version: next.version },
      contentChanges: [{ range: { start: at, end: at }, text }],
    });
    return next.version;
  }

  async close(file: string): Promise<void> {
    this.docs.delete(uri(file));
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri(file) } });
  }

  text(file: string): string {
    return this.doc(file).getText();
  }

  /** Applies a workspace edit: open documents through didChange (unsaved), others on disk, as editors do. */
  async apply(edit: WorkspaceEdit | undefined): Promise<void> {
    for (const [target, edits] of Object.entries(edit?.changes ?? {})) {
      const doc = this.docs.get(target);
      if (doc) {
        await this.change(fileURLToPath(target), TextDocument.applyEdits(doc, edits));
      } else {
        const file = fileURLToPath(target);
        const disk = TextDocument.create(target, 'plaintext', 0, fs.readFileSync(file, 'utf8'));
        fs.writeFileSync(file, TextDocument.applyEdits(disk, edits));
      }
    }
  }

  /** Resolves with the first diagnostics published for the file (after `since` publications) that satisfy `test`. */
  async diagnostics(file: string, test: (d: Diagnostic[], p: Published) => boolean = () => true, since = 0): Promise<Diagnostic[]> {
    for (;;) {
      const hit = this.published.slice(since).reverse().find((p) => p.uri === uri(file));
      if (hit && test(hit.diagnostics, hit)) return hit.diagnostics;
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
  }

  /** The latest diagnostics published for the file, if any. */
  latest(file: string): Diagnostic[] | undefined {
    return this.published.filter((p) => p.uri === uri(file)).at(-1)?.diagnostics;
  }

  codeActions(file: string, range: Range, only?: string[], diagnostics: Diagnostic[] = []): Promise<CodeAction[]> {
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: uri(file) }, range, context: { diagnostics, ...(only && { only }) } });
  }

  resolve(action: CodeAction): Promise<CodeAction> {
    return this.connection.sendRequest('codeAction/resolve', action);
  }

  hover(file: string, position: Position): Promise<{ contents: { kind: string; value: string } } | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri(file) }, position });
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /** `shutdown` then `exit`; resolves with the exit code. */
  async shutdown(): Promise<number | null> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  kill(): void {
    this.connection.dispose();
    this.proc.kill();
  }

  private doc(file: string): TextDocument {
    const doc = this.docs.get(uri(file));
    if (!doc) throw new Error(`not open: ${file}`);
    return doc;
  }
}

export const defaultCapabilities = {
  textDocument: {
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
    codeAction: { resolveSupport: { properties: ['edit'] }, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } },
    hover: { contentFormat: ['markdown'] },
  },
  workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
};

function languageOf(file: string): string {
  if (/\.(tf|tofu|tfvars)(\.json)?$/.test(file)) return 'terraform';
  return file.endsWith('.json') ? 'json' : 'yaml';
}
