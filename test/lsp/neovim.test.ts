// End-to-end in a real editor: headless Neovim starts `iam-profile-lint --lsp`, opens a template,
// reads the diagnostics with vim.diagnostic.get and applies the preferred quick fix. Skipped,
// saying why, when nvim is missing (.ci/run installs Debian's neovim when it can).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from './client.js';

const available = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;
if (!available) console.log('nvim is not installed: the Neovim end-to-end test is skipped (apt-get install neovim, or run .ci/run)');

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
  Instance:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      MetadataOptions: { HttpTokens: required }
      IamInstanceProfile: !Ref Role
`;

// vim.lsp.start is Neovim 0.8+; Debian bookworm ships 0.7, where start_client + buf_attach_client do the same.
const SCRIPT = `
local root, file, out = vim.env.LSP_ROOT, vim.env.LSP_FILE, vim.env.LSP_OUT
local config = { name = 'iam-profile-lint', cmd = { vim.env.LSP_NODE, vim.env.LSP_BIN, '--lsp' }, root_dir = root }
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
local client_id
if vim.lsp.start then
  client_id = vim.lsp.start(config)
else
  client_id = vim.lsp.start_client(config)
  vim.lsp.buf_attach_client(bufnr, client_id)
end
local result = {}
vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
result.before = {}
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  table.insert(result.before, { lnum = d.lnum, col = d.col, severity = d.severity, source = d.source, message = d.message, code = code })
end
local client = vim.lsp.get_client_by_id(client_id)
local d = vim.diagnostic.get(bufnr)[1]
if d then
  -- 0.7 keeps only part of the LSP diagnostic in user_data: rebuild the range from the buffer diagnostic.
  local range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } }
  local lsp_diag = { range = range, message = d.message, code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) }
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, range = lsp_diag.range, context = { diagnostics = { lsp_diag } } }
  local response = client.request_sync('textDocument/codeAction', params, 20000, bufnr)
  result.titles = {}
  for _, action in ipairs(response and response.result or {}) do
    table.insert(result.titles, action.title)
    if action.isPreferred and not result.applied then
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or 'utf-16')
      result.applied = action.title
    end
  end
  vim.wait(20000, function() return #vim.diagnostic.get(bufnr) == 0 end, 50)
end
result.after = #vim.diagnostic.get(bufnr)
result.text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\\n')
local f = io.open(out, 'w')
f:write(vim.fn.json_encode(result))
f:close()
vim.lsp.stop_client(client_id)
vim.cmd('qa!')
`;

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-nvim-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.runIf(available)('Neovim', { timeout: 120_000 }, () => {
  it('shows the finding from the language server and applies its quick fix', () => {
    const file = path.join(dir, 'stack.yaml');
    const out = path.join(dir, 'result.json');
    const script = path.join(dir, 'test.lua');
    fs.writeFileSync(file, TEMPLATE);
    fs.writeFileSync(script, SCRIPT);
    const env = { ...process.env, LSP_ROOT: dir, LSP_FILE: file, LSP_OUT: out, LSP_BIN: BIN, LSP_NODE: process.execPath, HOME: dir, XDG_STATE_HOME: dir, XDG_DATA_HOME: dir };
    const run = spawnSync('nvim', ['--headless', '--clean', '-n', '-c', `luafile ${script}`], { env, encoding: 'utf8', timeout: 100_000 });
    expect(fs.existsSync(out), `nvim wrote no result: ${run.stderr}${run.stdout}`).toBe(true);
    const result = JSON.parse(fs.readFileSync(out, 'utf8')) as {
      before: Array<{ lnum: number; col: number; severity: number; source: string; message: string; code: string }>;
      titles: string[];
      applied?: string;
      after: number;
      text: string;
    };
    expect(result.before).toEqual([
      { lnum: 15, col: 26, severity: 1, source: 'iam-profile-lint', code: 'role-as-instance-profile', message: expect.stringContaining('EC2 needs an instance profile') },
    ]);
    expect(result.titles).toContain('Suppress role-as-instance-profile on this line (with a reason)');
    expect(result.applied).toBeDefined();
    expect(result.text).toContain('IamInstanceProfile: !Ref RoleInstanceProfile');
    expect(result.after).toBe(0);
  });
});
