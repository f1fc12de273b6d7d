;;; lsp-mode-harness.el --- Headless lsp-mode e2e run of the shipped seclsp-lsp-mode.el  -*- lexical-binding: t; -*-

;;; Commentary:

;; emacs --batch -Q -l harness-common.el -l lsp-mode-harness.el
;; Loads clients/emacs/seclsp-lsp-mode.el, overrides only `seclsp-command', opens the Python
;; file, starts lsp-mode (which picks the registered add-on client), waits for the seclsp
;; diagnostics, lists the code actions and applies one with `lsp-execute-code-action' called
;; interactively (we only answer its prompt).

;;; Code:

(require 'harness-common)

;; Batch-friendly lsp-mode: no session file in $HOME, no UI extras, no prompts for the root,
;; no server packages other than ours.
(setq lsp-session-file (expand-file-name "lsp-session" (make-temp-file "seclsp-e2e-lsp" t))
      lsp-auto-guess-root t
      lsp-client-packages nil
      lsp-enable-file-watchers nil
      lsp-keep-workspace-alive nil
      lsp-restart 'ignore
      lsp-log-io nil
      lsp-headerline-breadcrumb-enable nil
      lsp-modeline-code-actions-enable nil
      lsp-modeline-diagnostics-enable nil
      lsp-lens-enable nil
      lsp-enable-snippet nil
      ;; What Debian's lsp-mode uses without Flycheck installed; the harness reads its text.
      lsp-diagnostics-provider :flymake
      lsp-auto-execute-action nil)

(require 'seclsp-lsp-mode)
(require 'python)

(defun lsp-mode-harness--seclsp-diagnostics ()
  (let (out)
    (dolist (diag (lsp--get-buffer-diagnostics))
      (when (equal (lsp:diagnostic-source? diag) "seclsp")
        (push `((line . ,(lsp:position-line (lsp:range-start (lsp:diagnostic-range diag))))
                (code . ,(lsp:diagnostic-code? diag))
                (source . ,(lsp:diagnostic-source? diag))
                (severity . ,(lsp:diagnostic-severity? diag))
                (message . ,(lsp:diagnostic-message diag)))
              out)))
    (vconcat (sort out (lambda (a b) (< (alist-get 'line a) (alist-get 'line b)))))))

(defun lsp-mode-harness--main ()
  (setq seclsp-command (harness-command))
  (harness-apply-model-url)
  (seclsp-lsp-mode-setup)
  (advice-add 'lsp--build-workspace-configuration-response :around
              (lambda (orig params)
                (let ((answer (funcall orig params)))
                  (harness-push 'configurationAnswers
                                `((items . ,(harness-to-json (lsp:configuration-params-items params)))
                                  (answer . ,(harness-to-json answer))))
                  answer)))
  ;; The server's showMessage texts, as lsp-mode shows them (lsp--info/--warn/--error).
  (advice-add 'lsp--window-show-message :before
              (lambda (_workspace params) (harness-push 'messages (lsp:message-params-message params))))

  (find-file (getenv "SECLSP_E2E_FILE"))
  (python-mode)
  (harness-step "starting lsp-mode")
  (lsp)
  (harness-wait "the seclsp workspace" #'seclsp-lsp-mode--workspace)
  (harness-put 'serverId (symbol-name (lsp--workspace-server-id (seclsp-lsp-mode--workspace))))
  (harness-put 'addOn (if (lsp--client-add-on? (lsp--workspace-client (seclsp-lsp-mode--workspace)))
                          t :json-false))
  (harness-step "waiting for diagnostics")
;; Diagnostics come in two phases (ruff first, data flow after): wait for the targeted finding.
  (harness-wait "seclsp diagnostics"
                (lambda ()
                  (let ((code (harness-env "SECLSP_E2E_CODE")))
                    (cl-find-if (lambda (d) (or (null code) (equal (alist-get 'code d) code)))
                                (lsp-mode-harness--seclsp-diagnostics)))))
  (let* ((diagnostics (lsp-mode-harness--seclsp-diagnostics))
         (wanted-code (harness-env "SECLSP_E2E_CODE"))
         (target (cl-find-if (lambda (d) (or (null wanted-code)
                                             (equal (alist-get 'code d) wanted-code)))
                             diagnostics))
         (wanted-title (harness-env "SECLSP_E2E_ACTION" "Suppress"))
         (expect (harness-env "SECLSP_E2E_EXPECT" "seclsp: ignore"))
         before)
    (harness-put 'diagnostics diagnostics)
    (harness-put 'advertisesConfiguration
                 (if (alist-get 'configuration (alist-get 'workspace (lsp--client-capabilities)))
                     t :json-false))
    ;; What the server ended up using (initializationOptions + settings, merged and validated).
    ;; lsp-mode decodes JSON false as nil, which the command prints as null.
    (harness-put 'effectiveConfig (harness-debug-info-config 'nil-is-false))
    (unless target (error "No diagnostic with code %s" wanted-code))
    (harness-put 'targetLine (alist-get 'line target))
    (goto-char (point-min))
    (forward-line (alist-get 'line target))
    ;; The text Flymake shows for the finding (echo area, *Flymake diagnostics*).
    (harness-step "waiting for Flymake")
    (harness-settle (lambda () (flymake-diagnostics (line-beginning-position) (line-end-position))))
    (harness-put 'shown (mapconcat #'flymake-diagnostic-text
                                   (flymake-diagnostics (line-beginning-position) (line-end-position))
                                   "\n"))
    (harness-step "listing code actions")
    (harness-put 'actions
                 (vconcat (seq-map (lambda (a)
                                     (let ((command (lsp:code-action-command? a)))
                                       `((title . ,(lsp:code-action-title a))
                                         (kind . ,(lsp:code-action-kind? a))
                                         (hasEdit . ,(if (lsp:code-action-edit? a) t :json-false))
                                         (command . ,(if (stringp command) command
                                                       (and command (lsp:command-command command)))))))
                                   (lsp-code-actions-at-point))))
    (setq before (harness-buffer-text))
    (cl-letf (((symbol-function 'completing-read)
               (lambda (_prompt collection &rest _)
                 (let ((title (cl-find-if (lambda (title) (string-search wanted-title title))
                                          (mapcar (lambda (c) (if (consp c) (car c) c)) collection))))
                   (harness-put 'chosenAction title)
                   title)))
              ((symbol-function 'y-or-n-p)
               (lambda (prompt) (harness-push 'confirmations prompt) t)))
      (harness-step "applying the code action")
      (let ((command (harness-env "SECLSP_E2E_COMMAND")))
        (if command
            ;; The shipped interactive command (e.g. seclsp-fix-direct) instead of the menu.
            (progn (harness-put 'chosenAction (concat "M-x " command))
                   (call-interactively (intern command)))
          (call-interactively #'lsp-execute-code-action)))
      (harness-wait (format "the buffer to contain %S" expect)
                    (lambda ()
                      (let ((text (harness-buffer-text)))
                        (and (not (equal text before)) (string-search expect text))))))
    (harness-put 'text (harness-buffer-text))
    ;; Like eglot, lsp-mode may delay didChange to an idle timer (full sync) that batch Emacs
    ;; never reaches; saving (what the user does next) sends didSave.
    (harness-step "saving")
    (save-buffer)
    (harness-settle (lambda ()
                      (not (cl-find-if (lambda (d) (and (equal (alist-get 'line d) (alist-get 'line target))
                                                        (equal (alist-get 'code d) (alist-get 'code target))))
                                       (lsp-mode-harness--seclsp-diagnostics)))))
    (harness-put 'diagnosticsAfter (lsp-mode-harness--seclsp-diagnostics))
    ;; The shipped command (M-x seclsp-suppress) on another finding: same edit, our code path.
    (harness-step "seclsp-suppress")
    (let* ((other (cl-find-if (lambda (d) (not (equal (alist-get 'line d) (alist-get 'line target))))
                              (lsp-mode-harness--seclsp-diagnostics)))
           (marker (format "seclsp: ignore[%s]" (alist-get 'code other))))
      (unless other (error "No second finding for the seclsp-suppress check"))
      (goto-char (point-min))
      (forward-line (alist-get 'line other))
      (seclsp-suppress)
      (harness-wait (format "seclsp-suppress to add %S" marker)
                    (lambda () (save-excursion
                                 (goto-char (point-min))
                                 (forward-line (alist-get 'line other))
                                 (string-search marker (buffer-substring-no-properties
                                                        (line-beginning-position) (line-end-position))))))
      (harness-put 'wrapper `((line . ,(alist-get 'line other)) (code . ,(alist-get 'code other))
                              (text . ,(harness-buffer-text)))))
    (harness-check-command-answers)
    (let ((workspace (seclsp-lsp-mode--workspace)))
      ;; Graceful stop through the editor: shutdown, exit, the process ends.
      (lsp-workspace-shutdown workspace)
      (let ((harness-timeout 10))
        (harness-settle (lambda () (not (process-live-p (lsp--workspace-proc workspace))))))
      (harness-put 'stopped (if (process-live-p (lsp--workspace-proc workspace)) :json-false t)))))

(harness-run #'lsp-mode-harness--main)
;;; lsp-mode-harness.el ends here
