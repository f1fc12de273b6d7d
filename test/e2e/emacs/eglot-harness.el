;;; eglot-harness.el --- Headless eglot e2e run of the shipped seclsp-eglot.el  -*- lexical-binding: t; -*-

;;; Commentary:

;; emacs --batch -Q -l harness-common.el -l eglot-harness.el
;; Loads clients/emacs/seclsp-eglot.el, overrides only `seclsp-command', opens the Python file,
;; starts eglot from `eglot-server-programs' (the shipped registration), waits for the seclsp
;; diagnostics in Flymake, lists the code actions and applies one through eglot's own
;; interactive code-action path (we only answer its prompts).

;;; Code:

(require 'harness-common)
(require 'seclsp-eglot)
(require 'python)

(defun eglot-harness--seclsp-diagnostics ()
  "Flymake diagnostics of the current buffer that came from seclsp, as JSON-ready alists."
  (let (out)
    (dolist (diag (flymake-diagnostics))
      (let ((spec (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data diag)))))
        (when (equal (plist-get spec :source) "seclsp")
          (push `((line . ,(plist-get (plist-get (plist-get spec :range) :start) :line))
                  (code . ,(plist-get spec :code))
                  (source . ,(plist-get spec :source))
                  (severity . ,(plist-get spec :severity))
                  (message . ,(plist-get spec :message))
                  (text . ,(flymake-diagnostic-text diag)))
                out))))
    (vconcat (sort out (lambda (a b) (< (alist-get 'line a) (alist-get 'line b)))))))

(defvar eglot-harness--server nil "The eglot server the harness started.")

(defun eglot-harness--main ()
  (setq seclsp-command (harness-command))
  (harness-apply-model-url)
  (seclsp-eglot-setup)
  ;; Record what eglot answers to workspace/configuration, unchanged.
  (advice-add 'eglot-handle-request :around
              (lambda (orig server method &rest params)
                (let ((answer (apply orig server method params)))
                  (when (eq method 'workspace/configuration)
                    (harness-push 'configurationAnswers
                                  `((items . ,(harness-to-json (plist-get params :items)))
                                    (answer . ,(harness-to-json answer)))))
                  answer)))
  (advice-add 'eglot-handle-notification :before
              (lambda (_server method &rest params)
                (when (memq method '(window/logMessage window/showMessage))
                  (harness-push (if (eq method 'window/logMessage) 'log 'messages)
                                (plist-get params :message)))))
  (harness-put 'tsModeLanguageId (nth 1 (eglot--lookup-mode 'python-ts-mode)))

  (find-file (getenv "SECLSP_E2E_FILE"))
  (python-mode)
  ;; `eglot-ensure' waits for a command loop that batch mode never runs: start it directly,
  ;; from the contact that eglot guesses out of `eglot-server-programs'.
  (harness-step "starting eglot")
  ;; eglot waits `eglot-sync-connect' seconds for initialize, then goes on connecting in the
  ;; background (returning nil): wait for the buffer to be managed either way.
  (apply #'eglot (eglot--guess-contact))
  (setq eglot-harness--server (harness-wait "eglot to connect" #'eglot-current-server))
  (harness-put 'serverClass (symbol-name (eieio-object-class eglot-harness--server)))
  (harness-step "waiting for diagnostics")
;; Diagnostics come in two phases (ruff first, data flow after): wait for the targeted finding.
  (harness-wait "seclsp diagnostics"
                (lambda ()
                  (let ((code (harness-env "SECLSP_E2E_CODE")))
                    (cl-find-if (lambda (d) (or (null code) (equal (alist-get 'code d) code)))
                                (eglot-harness--seclsp-diagnostics)))))
  (let* ((diagnostics (eglot-harness--seclsp-diagnostics))
         (wanted-code (harness-env "SECLSP_E2E_CODE"))
         (target (cl-find-if (lambda (d) (or (null wanted-code)
                                             (equal (alist-get 'code d) wanted-code)))
                             diagnostics))
         (wanted-title (harness-env "SECLSP_E2E_ACTION" "Suppress"))
         (expect (harness-env "SECLSP_E2E_EXPECT" "seclsp: ignore"))
         before)
    (harness-put 'diagnostics diagnostics)
    (harness-put 'advertisesConfiguration
                 (if (plist-get (plist-get (eglot-client-capabilities eglot-harness--server) :workspace)
                                :configuration)
                     t :json-false))
    (harness-put 'showDocumentSupport
                 (if (plist-get (plist-get (plist-get (eglot-client-capabilities eglot-harness--server)
                                                      :window)
                                           :showDocument)
                                :support)
                     t :json-false))
    ;; What the server ended up using (initializationOptions + settings, merged and validated).
    (harness-step "seclsp.debugInfo")
    (harness-put 'effectiveConfig (harness-debug-info-config))
    (unless target (error "No diagnostic with code %s" wanted-code))
    (harness-put 'targetLine (alist-get 'line target))
    (goto-char (point-min))
    (forward-line (alist-get 'line target))
    (let ((beg (line-beginning-position)) (end (line-end-position)))
      (harness-step "listing code actions")
      (harness-put 'actions
                   (vconcat (mapcar (lambda (a)
                                      `((title . ,(plist-get a :title))
                                        (kind . ,(plist-get a :kind))
                                        (hasEdit . ,(if (plist-get a :edit) t :json-false))
                                        (command . ,(let ((c (plist-get a :command)))
                                                      (if (stringp c) c (plist-get c :command))))))
                                    (eglot-code-actions beg end))))
      (setq before (harness-buffer-text))
      ;; eglot's interactive path: menu via completing-read (a keyboard event, not a mouse
      ;; one), then eglot asks to confirm server-initiated edits; answer both like a user.
      (cl-letf (((symbol-function 'completing-read)
                 (lambda (_prompt collection &rest _)
                   (let ((title (cl-find-if (lambda (title) (string-search wanted-title title))
                                            (mapcar #'car collection))))
                     (harness-put 'chosenAction title)
                     title)))
                ((symbol-function 'y-or-n-p)
                 (lambda (prompt) (harness-push 'confirmations prompt) t)))
        (harness-step "applying the code action")
        (let ((last-nonmenu-event ?\r)
              (command (harness-env "SECLSP_E2E_COMMAND")))
          (if command
              ;; The shipped interactive command (e.g. seclsp-fix-direct) instead of the menu.
              (progn (harness-put 'chosenAction (concat "M-x " command))
                     (call-interactively (intern command)))
            (eglot-code-actions beg end nil t)))
        (harness-wait (format "the buffer to contain %S" expect)
                      (lambda ()
                        (let ((text (harness-buffer-text)))
                          (and (not (equal text before)) (string-search expect text)))))))
    (harness-put 'text (harness-buffer-text))
    ;; eglot sends didChange from an idle timer, and batch Emacs is never idle; saving (what
    ;; the user does next) flushes the change and sends didSave.
    (harness-step "saving")
    (save-buffer)
    (harness-put 'savedText (with-temp-buffer
                              (insert-file-contents (getenv "SECLSP_E2E_FILE"))
                              (buffer-string)))
    (harness-settle (lambda ()
                      (not (cl-find-if (lambda (d) (and (equal (alist-get 'line d) (alist-get 'line target))
                                                        (equal (alist-get 'code d) (alist-get 'code target))))
                                       (eglot-harness--seclsp-diagnostics)))))
    (harness-put 'diagnosticsAfter (eglot-harness--seclsp-diagnostics))
    ;; The shipped command (M-x seclsp-suppress) on another finding: same edit, our code path.
    (harness-step "seclsp-suppress")
    (let* ((other (cl-find-if (lambda (d) (not (equal (alist-get 'line d) (alist-get 'line target))))
                              (eglot-harness--seclsp-diagnostics)))
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
    (harness-step "shutting down")
    (eglot-shutdown eglot-harness--server)
    (harness-put 'stopped (if (jsonrpc-running-p eglot-harness--server) :json-false t))))

(harness-run #'eglot-harness--main)
;;; eglot-harness.el ends here
