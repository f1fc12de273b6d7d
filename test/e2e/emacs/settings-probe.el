;;; settings-probe.el --- Dump the shipped Emacs settings as JSON  -*- lexical-binding: t; -*-

;;; Commentary:

;; emacs --batch -Q -l harness-common.el -l settings-probe.el
;; Writes `seclsp-settings' (what eglot sends) and lsp-mode's `seclsp' configuration section
;; (what lsp-mode builds from the flattened custom settings) to SECLSP_E2E_OUT.

;;; Code:

(require 'harness-common)

(harness-run
 (lambda ()
   (harness-put 'settings (harness-to-json seclsp-settings))
   (require 'seclsp-lsp-mode)
   (seclsp-lsp-mode-setup)
   (harness-put 'lspModeSection
                (harness-to-json (gethash "seclsp" (lsp-configuration-section "seclsp"))))))
;;; settings-probe.el ends here
