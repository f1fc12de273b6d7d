-- Loads clients/neovim/lspconfig.lua against a stand-in nvim-lspconfig that records what the
-- variant registers; writes it as JSON to SECLSP_E2E_OUT. Run like harness.lua.
local env = vim.env
local result = {}

local function run()
  local configs = {}
  local patterns
  package.preload['seclsp'] = function() return dofile(env.SECLSP_REPO .. '/clients/neovim/seclsp.lua') end
  package.preload['lspconfig.configs'] = function() return configs end
  package.preload['lspconfig.util'] = function()
    return {
      root_pattern = function(...)
        patterns = { ... }
        return function() return nil end
      end,
    }
  end
  package.preload['lspconfig'] = function()
    return setmetatable({}, {
      __index = function(_, name)
        return {
          setup = function(opts)
            result.setupCalled = name == 'seclsp'
            result.setupOpts = opts
          end,
        }
      end,
    })
  end

  dofile(env.SECLSP_REPO .. '/clients/neovim/lspconfig.lua')
  local default_config = vim.deepcopy(configs.seclsp.default_config)
  default_config.root_dir = nil -- a function
  result.defaultConfig = default_config
  result.rootPatterns = patterns

  -- The keymaps the variant's on_attach installs on a buffer.
  local bufnr = vim.api.nvim_create_buf(true, false)
  result.setupOpts.on_attach({}, bufnr)
  result.setupOpts = nil
  result.keymapsFromOnAttach = {}
  local leader = vim.g.mapleader or '\\'
  for _, map in ipairs(vim.api.nvim_buf_get_keymap(bufnr, 'n')) do
    local lhs = map.lhs
    if lhs:sub(1, #leader) == leader then lhs = '<leader>' .. lhs:sub(#leader + 1) end
    table.insert(result.keymapsFromOnAttach, lhs)
  end
end

local ok, err = pcall(run)
result.ok = ok
if not ok then result.error = tostring(err) end
local file = assert(io.open(env.SECLSP_E2E_OUT, 'w'))
file:write(vim.json.encode(result))
file:close()
vim.cmd(ok and 'qall!' or 'cquit 1')
