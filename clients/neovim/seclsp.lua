-- seclsp for Neovim: security diagnostics for Python, explanations and LLM fixes.
--
-- Install: copy this file to ~/.config/nvim/lua/seclsp.lua and put in your init.lua
--     require('seclsp').setup()
-- or, without copying:  dofile('/path/to/seclsp/clients/neovim/seclsp.lua').setup()
--
-- Neovim 0.11+ uses vim.lsp.config + vim.lsp.enable; 0.8-0.10 use vim.lsp.start on the python
-- FileType; 0.7 uses vim.lsp.start_client + vim.lsp.buf_attach_client. Same settings everywhere.
local M = {}

-- The `seclsp` settings section. Keep in sync with clients/emacs/seclsp.el and
-- clients/jetbrains/settings.json (test/e2e/neovim.test.ts and emacs.test.ts check it).
M.settings = {
  seclsp = {
    threatModel = 'library', -- remote | local | library (function parameters are untrusted)
    debounceMs = 150,
    exclude = {}, -- globs relative to the workspace folder, e.g. { 'tests/**' }
    logLevel = 'info',
    embedded = { enabled = true, ignoreRules = {} },
    codeql = { mode = 'auto', scope = 'file' }, -- runs on save when `codeql` is on PATH
    bandit = { mode = 'auto' },
    llm = {
      allowRemote = false, -- code is sent only to loopback endpoints unless this is true
      generator = {
        baseURL = 'http://127.0.0.1:11434/v1', -- any OpenAI-compatible endpoint (Ollama here)
        model = 'qwen2.5-coder:7b',
        apiKeyEnv = 'OPENAI_API_KEY', -- the NAME of the variable holding the key, never the key
      },
    },
    repair = { feedback = 'explained', maxRounds = 3 },
  },
}

M.config = {
  name = 'seclsp',
  cmd = { 'npx', 'seclsp', '--stdio' },
  filetypes = { 'python' },
  root_markers = { 'pyproject.toml', 'setup.py', 'setup.cfg', 'requirements.txt', '.git' },
  settings = M.settings,
  init_options = M.settings.seclsp,
}

M.commands = {
  explain = 'seclsp.explain',
  repair = 'seclsp.repair',
  generate = 'seclsp.generate',
  scanWorkspace = 'seclsp.scanWorkspace',
  runCodeql = 'seclsp.runCodeql',
  exportSarif = 'seclsp.exportSarif',
  showDataFlow = 'seclsp.showDataFlow',
  debugInfo = 'seclsp.debugInfo',
}

-- client:request (0.11+) vs client.request (older): the dot form is deprecated from 0.11 on.
local function request(client, method, params, handler, bufnr)
  if vim.fn.has('nvim-0.11') == 1 then return client:request(method, params, handler, bufnr) end
  return client.request(method, params, handler, bufnr)
end

local function find_client(bufnr)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  for _, client in ipairs(get({ bufnr = bufnr })) do
    if client.name == 'seclsp' then return client end
  end
  return nil
end

-- Walk up from the file's folder to the first folder holding a root marker (works on 0.7+,
-- which has no vim.fs).
local function root_dir(bufnr)
  local dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':p:h')
  local current = dir
  while current and current ~= '' do
    for _, marker in ipairs(M.config.root_markers) do
      if vim.loop.fs_stat(current .. '/' .. marker) then return current end
    end
    local parent = vim.fn.fnamemodify(current, ':h')
    if parent == current then break end
    current = parent
  end
  return dir
end

-- The LSP form of a vim.diagnostic entry. 0.10+ keep the original in user_data.lsp; older
-- versions keep only some fields there, so rebuild the rest (columns are bytes: ASCII-exact).
local function to_lsp_diagnostic(d)
  local lsp = (d.user_data and d.user_data.lsp) or {}
  if lsp.range then return lsp end
  return {
    range = {
      start = { line = d.lnum, character = d.col },
      ['end'] = { line = d.end_lnum or d.lnum, character = d.end_col or d.col },
    },
    severity = d.severity,
    message = d.message,
    source = d.source,
    code = d.code or lsp.code,
    data = lsp.data,
  }
end

-- Ask seclsp for the code actions on the cursor line and apply the first whose title matches
-- `pattern` (a Lua pattern): "^Explain", "^Fix", "^Suppress". Works the same on every version.
function M.code_action(pattern, bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local client = find_client(bufnr)
  if not client then
    vim.notify('seclsp is not attached to this buffer', vim.log.levels.WARN)
    return
  end
  local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  local line = vim.api.nvim_win_get_cursor(0)[1] - 1
  local diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr, { lnum = line })) do
    if d.source == 'seclsp' then table.insert(diagnostics, to_lsp_diagnostic(d)) end
  end
  params.context = { diagnostics = diagnostics }
  request(client, 'textDocument/codeAction', params, function(err, actions)
    if err then
      vim.notify('seclsp: ' .. err.message, vim.log.levels.ERROR)
      return
    end
    for _, action in ipairs(actions or {}) do
      if action.title:match(pattern) then
        if action.edit then vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding) end
        local command = type(action.command) == 'table' and action.command or nil
        if type(action.command) == 'string' then command = action end
        if command then
          local exec = { command = command.command, arguments = command.arguments }
          request(client, 'workspace/executeCommand', exec, nil, bufnr)
        end
        return
      end
    end
    vim.notify('seclsp: no "' .. pattern .. '" action on this line', vim.log.levels.INFO)
  end, bufnr)
end

-- Run a seclsp command that is not tied to a diagnostic (scan the workspace, generate code).
function M.exec(command, arguments, bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local client = find_client(bufnr)
  if not client then
    vim.notify('seclsp is not attached to this buffer', vim.log.levels.WARN)
    return
  end
  local exec = { command = command, arguments = arguments }
  request(client, 'workspace/executeCommand', exec, function(err, result)
    if err then vim.notify('seclsp: ' .. err.message, vim.log.levels.ERROR) end
    if type(result) == 'string' and result ~= '' then vim.notify(result, vim.log.levels.INFO) end
  end, bufnr)
end

-- The seclsp diagnostic under the cursor's line, in its LSP form (nil when there is none).
local function line_diagnostic(bufnr)
  local line = vim.api.nvim_win_get_cursor(0)[1] - 1
  for _, d in ipairs(vim.diagnostic.get(bufnr, { lnum = line })) do
    if d.source == 'seclsp' then return to_lsp_diagnostic(d) end
  end
  return nil
end

-- Source → sink steps of the finding on this line (seclsp.showDataFlow; the server shows them).
function M.show_data_flow(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local diagnostic = line_diagnostic(bufnr)
  if not diagnostic then
    vim.notify('seclsp: no finding on this line', vim.log.levels.INFO)
    return
  end
  M.exec(M.commands.showDataFlow, { vim.uri_from_bufnr(bufnr), diagnostic }, bufnr)
end

-- Version, analyzers and settings in effect, in a scratch window (for bug reports).
function M.debug_info(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local client = find_client(bufnr)
  if not client then
    vim.notify('seclsp is not attached to this buffer', vim.log.levels.WARN)
    return
  end
  local exec = { command = M.commands.debugInfo, arguments = {} }
  request(client, 'workspace/executeCommand', exec, function(err, result)
    if err then
      vim.notify('seclsp: ' .. err.message, vim.log.levels.ERROR)
      return
    end
    vim.cmd('botright new')
    local info = vim.api.nvim_get_current_buf()
    vim.bo[info].buftype = 'nofile'
    vim.bo[info].bufhidden = 'wipe'
    vim.bo[info].swapfile = false
    vim.api.nvim_buf_set_lines(info, 0, -1, false, vim.split(vim.inspect(result), '\n'))
    pcall(vim.api.nvim_buf_set_name, info, 'seclsp://debug-info')
  end, bufnr)
end

local function position_args(bufnr)
  local cursor = vim.api.nvim_win_get_cursor(0)
  return { vim.uri_from_bufnr(bufnr), { line = cursor[1] - 1, character = cursor[2] } }
end

-- Buffer-local keymaps; <leader>s… ("security"). Pass `keymaps = false` to setup() to skip.
function M.keymaps(bufnr)
  local function map(lhs, fn, desc)
    vim.keymap.set('n', lhs, fn, { buffer = bufnr, desc = desc })
  end
  map('<leader>sa', vim.lsp.buf.code_action, 'seclsp: code actions')
  map('<leader>se', function() M.code_action('^Explain', bufnr) end, 'seclsp: explain finding')
  map('<leader>sf', function() M.code_action('^Fix .*%(explained', bufnr) end, 'seclsp: fix (explained feedback)')
  map('<leader>sF', function() M.code_action('^Fix .*%(direct', bufnr) end, 'seclsp: fix (direct feedback)')
  map('<leader>ss', function() M.code_action('^Suppress', bufnr) end, 'seclsp: suppress on this line')
  map('<leader>sg', function() M.exec(M.commands.generate, position_args(bufnr), bufnr) end, 'seclsp: generate code here')
  map('<leader>sw', function() M.exec(M.commands.scanWorkspace, {}, bufnr) end, 'seclsp: scan workspace')
  map('<leader>sp', function() M.show_data_flow(bufnr) end, 'seclsp: show the data flow (source → sink)')
  map('<leader>si', function() M.debug_info(bufnr) end, 'seclsp: debug information')
  map('<leader>sd', vim.diagnostic.open_float, 'seclsp: show diagnostic (rule id, CWE, message)')
end

-- Neovim < 0.8 has no window/showDocument handler (and says so in its capabilities); seclsp
-- uses it to open explanations. Returns the capabilities to announce, nil when built in.
local function ensure_show_document_handler()
  if vim.lsp.handlers['window/showDocument'] then return nil end
  vim.lsp.handlers['window/showDocument'] = function(_, params)
    if params.external then
      vim.notify('seclsp: open ' .. params.uri, vim.log.levels.INFO)
      return { success = false }
    end
    vim.cmd('split ' .. vim.fn.fnameescape(vim.uri_to_fname(params.uri)))
    if params.selection then
      local start = params.selection.start
      pcall(vim.api.nvim_win_set_cursor, 0, { start.line + 1, start.character })
    end
    return { success = true }
  end
  return vim.tbl_deep_extend('force', vim.lsp.protocol.make_client_capabilities(), {
    window = { showDocument = { support = true } },
  })
end

local function merge(user)
  return vim.tbl_deep_extend('force', {}, M.settings, user or {})
end

--- opts: cmd (list), settings ({ seclsp = {...} } merged over the defaults), keymaps (bool).
function M.setup(opts)
  opts = opts or {}
  if opts.cmd then M.config.cmd = opts.cmd end
  if opts.settings then
    M.config.settings = merge(opts.settings)
    M.config.init_options = M.config.settings.seclsp
  end
  local want_keymaps = opts.keymaps ~= false
  local capabilities = ensure_show_document_handler()

  if vim.lsp.config and vim.lsp.enable then -- Neovim 0.11+
    vim.lsp.config('seclsp', {
      cmd = M.config.cmd,
      filetypes = M.config.filetypes,
      root_markers = M.config.root_markers,
      settings = M.config.settings,
      init_options = M.config.init_options,
    })
    vim.lsp.enable('seclsp')
    if want_keymaps then
      vim.api.nvim_create_autocmd('LspAttach', {
        callback = function(args)
          local client = vim.lsp.get_client_by_id(args.data.client_id)
          if client and client.name == 'seclsp' then M.keymaps(args.buf) end
        end,
      })
    end
    return M
  end

  local group = vim.api.nvim_create_augroup('seclsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args)
      local bufnr = args.buf
      local config = {
        name = 'seclsp',
        cmd = M.config.cmd,
        root_dir = root_dir(bufnr),
        settings = M.config.settings,
        init_options = M.config.init_options,
        capabilities = capabilities,
        on_attach = function(_, attached)
          if want_keymaps then M.keymaps(attached) end
        end,
      }
      if vim.lsp.start then -- Neovim 0.8-0.10: reuses a running client with the same name+root
        vim.lsp.start(config, { bufnr = bufnr })
      else -- Neovim 0.7
        M._client_ids = M._client_ids or {}
        local id = M._client_ids[config.root_dir]
        if not id or not vim.lsp.get_client_by_id(id) then
          id = vim.lsp.start_client(config)
          M._client_ids[config.root_dir] = id
        end
        if id then vim.lsp.buf_attach_client(bufnr, id) end
      end
    end,
  })
  return M
end

return M
