-- Runs clients/neovim/seclsp.lua's setup() against stand-ins for the APIs of newer Neovims
-- (0.11: vim.lsp.config + vim.lsp.enable; 0.8-0.10: vim.lsp.start) and records what it passes,
-- so those branches are checked on the Neovim 0.7 that Debian ships. Writes JSON to SECLSP_E2E_OUT.
local env = vim.env
local result = {}

local function fresh_module()
  return dofile(env.SECLSP_REPO .. '/clients/neovim/seclsp.lua')
end

local function run()
  -- Neovim 0.11+: vim.lsp.config('seclsp', {...}) then vim.lsp.enable('seclsp').
  local calls = {}
  vim.lsp.config = function(name, cfg) table.insert(calls, { fn = 'config', name = name, cfg = cfg }) end
  vim.lsp.enable = function(name) table.insert(calls, { fn = 'enable', name = name }) end
  fresh_module().setup({ keymaps = false })
  result.v011 = calls
  vim.lsp.config = nil
  vim.lsp.enable = nil

  -- Neovim 0.8-0.10: a FileType autocmd that calls vim.lsp.start(config, { bufnr = ... }).
  local started = {}
  vim.lsp.start = function(cfg, opts)
    table.insert(started, { cfg = cfg, bufnr = opts and opts.bufnr })
    return 1
  end
  local root = vim.fn.tempname()
  vim.fn.mkdir(root .. '/pkg', 'p')
  vim.fn.writefile({ '[project]' }, root .. '/pyproject.toml')
  fresh_module().setup({ keymaps = false, cmd = { 'seclsp', '--stdio' } })
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/pkg/mod.py'))
  vim.bo.filetype = 'python'
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.start = nil
  result.v08 = {}
  for _, call in ipairs(started) do
    table.insert(result.v08, {
      name = call.cfg.name,
      cmd = call.cfg.cmd,
      rootIsProject = call.cfg.root_dir == root,
      settings = call.cfg.settings,
      init_options = call.cfg.init_options,
      sameBuffer = call.bufnr == buf,
    })
  end
end

local ok, err = pcall(run)
result.ok = ok
if not ok then result.error = tostring(err) end
local file = assert(io.open(env.SECLSP_E2E_OUT, 'w'))
file:write(vim.json.encode(result))
file:close()
vim.cmd(ok and 'qall!' or 'cquit 1')
