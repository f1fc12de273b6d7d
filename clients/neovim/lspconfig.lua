-- seclsp through nvim-lspconfig (for setups that manage every server with lspconfig).
--
-- Needs seclsp.lua from this folder on the runtimepath as lua/seclsp.lua (the settings, command
-- and keymaps live there, once). Then, in init.lua:
--     dofile('/path/to/seclsp/clients/neovim/lspconfig.lua')
-- or copy this file's body into your config.
--
-- On Neovim 0.11+ prefer seclsp.lua's own setup() (vim.lsp.config); lspconfig 2.x deprecates
-- the `require('lspconfig').x.setup{}` framework in favour of it.
local seclsp = require('seclsp')
local configs = require('lspconfig.configs')
local util = require('lspconfig.util')

if not configs.seclsp then
  configs.seclsp = {
    default_config = {
      cmd = seclsp.config.cmd,
      filetypes = seclsp.config.filetypes,
      root_dir = util.root_pattern(unpack(seclsp.config.root_markers)),
      single_file_support = true,
      settings = seclsp.settings,
      init_options = seclsp.settings.seclsp,
    },
    docs = {
      description = 'seclsp: security diagnostics for Python (embedded analyzer, CodeQL, Bandit) and LLM fixes.',
    },
  }
end

require('lspconfig').seclsp.setup({
  on_attach = function(_, bufnr) seclsp.keymaps(bufnr) end,
})

return configs.seclsp
