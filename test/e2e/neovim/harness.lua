-- Headless Neovim end-to-end harness: loads the SHIPPED clients/neovim/seclsp.lua, overrides
-- only `cmd`, opens a Python file, waits for seclsp diagnostics, lists the code actions, applies
-- one through Neovim's own code-action UI path (vim.ui.select is answered by us) and writes what
-- happened as JSON. Run: nvim --headless -u NONE -c 'luafile harness.lua' -c 'cquit 1'
-- Inputs (environment): SECLSP_REPO, SECLSP_E2E_CMD (JSON list), SECLSP_E2E_FILE, SECLSP_E2E_OUT,
-- SECLSP_E2E_ACTION (plain substring of the action title), SECLSP_E2E_EXPECT (text the buffer
-- must contain afterwards), SECLSP_E2E_CODE (diagnostic code whose line gets the action),
-- SECLSP_E2E_MODEL_URL (optional: fake model server for the LLM actions), SECLSP_E2E_TIMEOUT_MS,
-- SECLSP_E2E_KEYMAP (optional: run this shipped buffer keymap, e.g. <leader>sF, instead of the menu).

local env = vim.env
local timeout = tonumber(env.SECLSP_E2E_TIMEOUT_MS or '15000')
local result = { log = {}, messages = {}, configurationAnswers = {} }

local function seclsp_diagnostics(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'seclsp' then
      table.insert(out, {
        line = d.lnum,
        col = d.col,
        code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code),
        source = d.source,
        severity = d.severity,
        message = d.message,
      })
    end
  end
  table.sort(out, function(a, b) return a.line < b.line end)
  return out
end

-- Methods are called with ':' from 0.11 on; older clients take no self.
local function method(client, name, ...)
  if vim.fn.has('nvim-0.11') == 1 then return client[name](client, ...) end
  return client[name](...)
end

-- What Neovim draws for a line: the virtual text chunks (any namespace) and the diagnostic float.
local function shown_on_line(bufnr, line)
  local virtual = {}
  -- Diagnostic virtual text lives in per-namespace (unnamed) extmark namespaces.
  local namespaces = {}
  for _, ns in pairs(vim.diagnostic.get_namespaces()) do
    if ns.user_data and ns.user_data.virt_text_ns then table.insert(namespaces, ns.user_data.virt_text_ns) end
  end
  for _, ns in ipairs(namespaces) do
    for _, mark in ipairs(vim.api.nvim_buf_get_extmarks(bufnr, ns, { line, 0 }, { line, -1 }, { details = true })) do
      for _, chunk in ipairs(mark[4].virt_text or {}) do table.insert(virtual, chunk[1]) end
    end
  end
  local float_buf, float_win = vim.diagnostic.open_float(bufnr, { scope = 'line', pos = line, focus = false })
  local float = float_buf and vim.api.nvim_buf_get_lines(float_buf, 0, -1, false) or {}
  if float_win then vim.api.nvim_win_close(float_win, true) end
  return { virtualText = table.concat(virtual, ''), float = table.concat(float, '\n') }
end

local function buffer_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
end

local function wait_for(what, condition)
  if not vim.wait(timeout, condition, 20) then error('timed out waiting for ' .. what) end
end

local function run()
  local seclsp = dofile(env.SECLSP_REPO .. '/clients/neovim/seclsp.lua')
  local opts = { cmd = vim.json.decode(env.SECLSP_E2E_CMD) }
  if env.SECLSP_E2E_MODEL_URL and env.SECLSP_E2E_MODEL_URL ~= '' then
    local role = { baseURL = env.SECLSP_E2E_MODEL_URL, apiKeyEnv = 'SECLSP_E2E_API_KEY' }
    opts.settings = { seclsp = { llm = { generator = role, explainer = role } } }
  end
  seclsp.setup(opts)
  result.settings = seclsp.config.settings

  -- Record what the editor answers and what the server says, without changing the behaviour.
  local answer_configuration = vim.lsp.handlers['workspace/configuration']
  vim.lsp.handlers['workspace/configuration'] = function(err, params, ctx, config)
    local answer = answer_configuration(err, params, ctx, config)
    table.insert(result.configurationAnswers, { items = params.items, answer = answer })
    return answer
  end
  vim.lsp.handlers['window/logMessage'] = function(_, params) table.insert(result.log, params.message) end
  -- showMessage: recorded, then shown by Neovim's own handler (what the user sees).
  local show_message = vim.lsp.handlers['window/showMessage']
  vim.lsp.handlers['window/showMessage'] = function(err, params, ctx, config)
    table.insert(result.messages, params.message)
    return show_message(err, params, ctx, config)
  end

  vim.cmd('edit ' .. vim.fn.fnameescape(env.SECLSP_E2E_FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'python' -- -u NONE disables filetype detection; this fires FileType

  -- Diagnostics come in two phases (ruff first, data flow after): wait for the finding the session
  -- targets, not just the first publication.
  wait_for('seclsp diagnostics', function()
    local shown = seclsp_diagnostics(bufnr)
    if env.SECLSP_E2E_CODE == nil then return #shown > 0 end
    for _, d in ipairs(shown) do
      if d.code == env.SECLSP_E2E_CODE then return true end
    end
    return false
  end)
  local client
  for _, c in ipairs((vim.lsp.get_clients or vim.lsp.get_active_clients)()) do
    if c.name == 'seclsp' then client = c end
  end
  result.clientName = client.name
  result.offsetEncoding = client.offset_encoding
  result.diagnostics = seclsp_diagnostics(bufnr)
  local workspace_caps = client.config.capabilities and client.config.capabilities.workspace or {}
  result.advertisesConfiguration = workspace_caps.configuration == true
  local window_caps = client.config.capabilities and client.config.capabilities.window or {}
  result.showDocumentSupport = window_caps.showDocument and window_caps.showDocument.support == true
  result.hasShowDocumentHandler = vim.lsp.handlers['window/showDocument'] ~= nil
  -- What the server ended up using (initializationOptions + settings, merged and validated).
  local info = vim.lsp.buf_request_sync(bufnr, 'workspace/executeCommand', { command = 'seclsp.debugInfo' }, timeout)
  for _, response in pairs(info or {}) do
    if response.result then result.effectiveConfig = response.result.config end
  end

  local target
  for _, d in ipairs(result.diagnostics) do
    if target == nil and (env.SECLSP_E2E_CODE == nil or d.code == env.SECLSP_E2E_CODE) then target = d end
  end
  if not target then error('no diagnostic with code ' .. tostring(env.SECLSP_E2E_CODE)) end
  vim.api.nvim_win_set_cursor(0, { target.line + 1, target.col })
  result.targetLine = target.line
  result.shown = shown_on_line(bufnr, target.line)

  -- The list the user would see: the same request vim.lsp.buf.code_action makes.
  local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  local get_line_diagnostics = vim.lsp.diagnostic.get_line_diagnostics
  params.context = { diagnostics = get_line_diagnostics and get_line_diagnostics(bufnr) or {} }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, timeout) or {}
  result.actions = {}
  for _, response in pairs(responses) do
    for _, action in ipairs(response.result or {}) do
      table.insert(result.actions, {
        title = action.title,
        kind = action.kind,
        hasEdit = action.edit ~= nil,
        command = type(action.command) == 'table' and action.command.command or action.command,
      })
    end
  end

  -- Apply through Neovim's own code-action path; we only answer the selection prompt.
  local wanted = env.SECLSP_E2E_ACTION or 'Suppress'
  local before = buffer_text(bufnr)
  vim.ui.select = function(items, select_opts, on_choice)
    for _, item in ipairs(items) do
      local title = select_opts.format_item and select_opts.format_item(item) or item[2].title
      if title:find(wanted, 1, true) then
        result.chosenAction = title
        return on_choice(item)
      end
    end
    result.chosenAction = vim.NIL
    on_choice(nil)
  end
  if env.SECLSP_E2E_KEYMAP and env.SECLSP_E2E_KEYMAP ~= '' then
    -- The shipped buffer keymap itself (e.g. <leader>sF), typed as keys (remapping on).
    local map = vim.fn.maparg(env.SECLSP_E2E_KEYMAP, 'n', false, true)
    if map.lhs == nil then error('no keymap ' .. env.SECLSP_E2E_KEYMAP) end
    result.chosenAction = 'keymap ' .. env.SECLSP_E2E_KEYMAP
    vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(env.SECLSP_E2E_KEYMAP, true, false, true), 'mx', false)
  else
    vim.lsp.buf.code_action()
  end
  local expect = env.SECLSP_E2E_EXPECT or 'seclsp: ignore'
  wait_for('the buffer to contain "' .. expect .. '"', function()
    local text = buffer_text(bufnr)
    return text ~= before and text:find(expect, 1, true) ~= nil
  end)
  result.text = buffer_text(bufnr)

  -- The edited line must stop being reported once the server re-analyzes the change.
  vim.wait(timeout, function()
    for _, d in ipairs(seclsp_diagnostics(bufnr)) do
      if d.line == target.line and d.code == target.code then return false end
    end
    return true
  end, 20)
  result.diagnosticsAfter = seclsp_diagnostics(bufnr)

  -- The shipped helper (what <leader>ss runs) on another finding: same edit, our code path.
  local other
  for _, d in ipairs(result.diagnosticsAfter) do
    if other == nil and d.line ~= target.line then other = d end
  end
  if not other then error('no second finding for the <leader>ss check') end
  vim.api.nvim_win_set_cursor(0, { other.line + 1, other.col })
  seclsp.code_action('^Suppress', bufnr)
  local marker = 'seclsp: ignore[' .. other.code .. ']'
  wait_for('the keymap helper to add ' .. marker, function()
    return (vim.api.nvim_buf_get_lines(bufnr, other.line, other.line + 1, false)[1] or ''):find(marker, 1, true) ~= nil
  end)
  result.wrapper = { line = other.line, code = other.code, text = buffer_text(bufnr) }

  -- Commands without a diagnostic must answer visibly: the shipped helpers behind <leader>sw and
  -- <leader>si, then whatever showMessage arrives (bounded wait, recorded, asserted by the test).
  local before = #result.messages
  seclsp.exec(seclsp.commands.scanWorkspace, {}, bufnr)
  vim.wait(timeout, function() return #result.messages > before end, 20)
  result.scanMessages = vim.list_slice(result.messages, before + 1)
  before = #result.messages
  local windows = #vim.api.nvim_list_wins()
  seclsp.debug_info(bufnr)
  vim.wait(timeout, function() return #vim.api.nvim_list_wins() > windows and #result.messages > before end, 20)
  result.debugInfoMessages = vim.list_slice(result.messages, before + 1)
  if #vim.api.nvim_list_wins() > windows then
    result.debugInfoWindow = vim.api.nvim_buf_get_lines(vim.api.nvim_get_current_buf(), 0, -1, false)
    vim.cmd('close')
  end

  -- <leader>sp on a remaining finding: the request it sends (whatever the server answers).
  if vim.fn.has('nvim-0.11') == 0 then
    local remaining = seclsp_diagnostics(bufnr)[1]
    if remaining then
      vim.api.nvim_win_set_cursor(0, { remaining.line + 1, remaining.col })
      local client_request = client.request
      client.request = function(name, params, ...)
        if name == 'workspace/executeCommand' and params.command == seclsp.commands.showDataFlow then
          local args = params.arguments or {}
          result.dataFlowRequest = { command = params.command, uri = args[1], diagnostic = args[2], line = remaining.line }
        end
        return client_request(name, params, ...)
      end
      vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('<leader>sp', true, false, true), 'mx', false)
      client.request = client_request
    end
  end

  -- Graceful stop through the editor: shutdown, exit, the process ends.
  method(client, 'stop')
  vim.wait(10000, function() return method(client, 'is_stopped') end, 20)
  result.stopped = method(client, 'is_stopped')
end

local ok, err = pcall(run)
result.ok = ok
if not ok then result.error = tostring(err) end
local file = assert(io.open(env.SECLSP_E2E_OUT, 'w'))
file:write(vim.json.encode(result))
file:close()
vim.cmd(ok and 'qall!' or 'cquit 1')
