-- Headless Neovim run of README.md's hand-written Neovim 0.7 – 0.10 snippet, as a newcomer pastes
-- it: the first ```lua block after "Or by hand on 0.7", only the server command replaced by the
-- built CLI. Opens SECLSP_E2E_FILE, waits for seclsp diagnostics, writes them (and the float
-- text of the first one) as JSON to SECLSP_E2E_OUT.
local env = vim.env
local timeout = tonumber(env.SECLSP_E2E_TIMEOUT_MS or '15000')
local result = {}

local function run()
  local readme = table.concat(vim.fn.readfile(env.SECLSP_REPO .. '/README.md'), '\n')
  local from = readme:find('Or by hand on 0.7', 1, true)
  if not from then error('README.md has no "Or by hand on 0.7" snippet') end
  local snippet = readme:match('```lua\n(.-)\n```', from)
  if not snippet then error('no ```lua block after "Or by hand on 0.7"') end
  local shipped_cmd = '{ "npx", "seclsp", "--stdio" }'
  local at = snippet:find(shipped_cmd, 1, true)
  if not at then error('the snippet does not start `npx seclsp --stdio`') end
  local cmd = vim.json.decode(env.SECLSP_E2E_CMD)
  local cmd_lua = '{ ' .. table.concat(vim.tbl_map(function(a) return string.format('%q', a) end, cmd), ', ') .. ' }'
  snippet = snippet:sub(1, at - 1) .. cmd_lua .. snippet:sub(at + #shipped_cmd)
  result.snippet = snippet
  assert(loadstring(snippet, 'README snippet'))()

  vim.cmd('cd ' .. vim.fn.fnameescape(vim.fn.fnamemodify(env.SECLSP_E2E_FILE, ':h')))
  vim.cmd('edit ' .. vim.fn.fnameescape(env.SECLSP_E2E_FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'python' -- -u NONE disables filetype detection; this fires FileType
  local function seclsp_diagnostics()
    return vim.tbl_filter(function(d) return d.source == 'seclsp' end, vim.diagnostic.get(bufnr))
  end
  if not vim.wait(timeout, function() return #seclsp_diagnostics() > 0 end, 20) then
    error('timed out waiting for seclsp diagnostics')
  end
  result.diagnostics = {}
  for _, d in ipairs(seclsp_diagnostics()) do
    table.insert(result.diagnostics, { line = d.lnum, code = d.code, message = d.message })
  end
  local float_buf, float_win = vim.diagnostic.open_float(bufnr, { scope = 'buffer', focus = false })
  result.float = table.concat(vim.api.nvim_buf_get_lines(float_buf, 0, -1, false), '\n')
  vim.api.nvim_win_close(float_win, true)
  result.clients = #vim.lsp.get_active_clients()
end

local ok, err = pcall(run)
result.ok = ok
if not ok then result.error = tostring(err) end
local file = assert(io.open(env.SECLSP_E2E_OUT, 'w'))
file:write(vim.json.encode(result))
file:close()
for _, client in ipairs(vim.lsp.get_active_clients()) do client.stop() end
vim.wait(5000, function() return #vim.lsp.get_active_clients() == 0 end, 20)
vim.cmd(ok and 'qall!' or 'cquit 1')
