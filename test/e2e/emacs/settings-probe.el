;;; settings-probe.el --- Dump the shipped Emacs settings as JSON  -*- lexical-binding: t; -*-

;;; Commentary:

;; emacs --batch -Q -l harness-common.el -l settings-probe.el
;; Writes `seclsp-settings' (what eglot sends) and lsp-mode's `seclsp' configuration section
;; (what lsp-mode builds from the flattened custom settings) to SECLSP_E2E_OUT, and what the
;; shipped `lsp-diagnostic-filter' makes of a seclsp message under Flycheck and under Flymake.

;;; Code:

(require 'harness-common)

(defun settings-probe--filtered-message (server-id provider message)
  "MESSAGE (code py/sql-injection) after `lsp-diagnostic-filter' for SERVER-ID under PROVIDER."
  (let* ((lsp-diagnostics-provider provider)
         (workspace (make-lsp--workspace :client (make-lsp--client :server-id server-id)))
         (params (lsp-make-publish-diagnostics-params
                  :uri "file:///probe.py"
                  :diagnostics (vector (lsp-make-diagnostic
                                        :range (lsp-make-range
                                                :start (lsp-make-position :line 0 :character 0)
                                                :end (lsp-make-position :line 0 :character 1))
                                        :code "py/sql-injection" :source "seclsp"
                                        :message message)))))
    (lsp:diagnostic-message
     (aref (lsp:publish-diagnostics-params-diagnostics (funcall lsp-diagnostic-filter params workspace))
           0))))

(harness-run
 (lambda ()
   (harness-put 'settings (harness-to-json seclsp-settings))
   (require 'seclsp-lsp-mode)
   (seclsp-lsp-mode-setup)
   (harness-put 'lspModeSection
                (harness-to-json (gethash "seclsp" (lsp-configuration-section "seclsp"))))
   (let ((message "py/sql-injection: [CWE-89] This SQL query depends on a user-provided value."))
     (harness-put 'filtered
                  `((flycheck . ,(settings-probe--filtered-message 'seclsp :flycheck message))
                    (flymake . ,(settings-probe--filtered-message 'seclsp :flymake message))
                    (otherServer . ,(settings-probe--filtered-message 'pyright :flycheck message))
                    (noPrefix . ,(settings-probe--filtered-message
                                  'seclsp :flycheck "[CWE-89] This SQL query …")))))))
;;; settings-probe.el ends here
