// The thin VS Code client: it starts `iam-profile-lint --lsp` and lets vscode-languageclient do the rest.
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

/** Settings as the server's initializationOptions (parameters, variables, varFiles). */
function serverSettings() {
  const config = vscode.workspace.getConfiguration('iam-profile-lint');
  return { parameters: config.get('parameters'), variables: config.get('variables'), varFiles: config.get('varFiles') };
}

async function activate(context) {
  const command = vscode.workspace.getConfiguration('iam-profile-lint').get('path') || 'iam-profile-lint';
  // TransportKind.stdio adds --stdio, which the server accepts.
  const run = { command, args: ['--lsp'], transport: TransportKind.stdio };
  client = new LanguageClient('iam-profile-lint', 'iam-profile-lint', { run, debug: run }, {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json' },
      { scheme: 'file', pattern: '**/*.{tf,tofu,tfvars,tf.json,tofu.json,tfvars.json,template}' },
    ],
    initializationOptions: serverSettings(),
    synchronize: { configurationSection: 'iam-profile-lint' },
  });
  context.subscriptions.push(client);
  await client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
