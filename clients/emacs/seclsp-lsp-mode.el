;;; seclsp-lsp-mode.el --- seclsp security diagnostics for Python through lsp-mode  -*- lexical-binding: t; -*-

;; Keywords: languages, tools, python, security
;; Package-Requires: ((emacs "27.1") (lsp-mode "8.0.0"))

;;; Commentary:

;; Usage:
;;
;;   (add-to-list 'load-path "/path/to/seclsp/clients/emacs")
;;   (require 'seclsp-lsp-mode)
;;   (seclsp-lsp-mode-setup)
;;   (add-hook 'python-mode-hook #'lsp-deferred)      ; and/or python-ts-mode-hook
;;
;; seclsp is registered as an add-on server: it runs beside pyright/pylsp/ruff in the same
;; buffer, and its diagnostics show next to theirs (source "seclsp").

;;; Code:

(require 'cl-lib)
(require 'lsp-mode)
(require 'seclsp)

(defcustom seclsp-lsp-mode-priority -1
  "The lsp-mode priority of seclsp (add-on servers start at any priority)."
  :type 'integer
  :group 'seclsp)

(defun seclsp-lsp-mode--custom-settings ()
  "`seclsp-settings' as `lsp-register-custom-settings' entries (read live)."
  (mapcar (lambda (leaf)
            (let ((path (nth 0 leaf)) (boolean (nth 2 leaf)))
              (list path
                    ;; A function, so later changes to `seclsp-settings' are picked up.
                    (lambda () (seclsp-lsp-mode--lookup path))
                    (and boolean t))))
          (seclsp-settings-leaves)))

(defvar seclsp-lsp-mode--previous-filter nil
  "The `lsp-diagnostic-filter' found by `seclsp-lsp-mode-setup' (called first).")

(defvar lsp-diagnostics-provider) ; lsp-diagnostics.el, loaded by lsp-mode at run time

(defun seclsp-lsp-mode--flycheck-p ()
  "Non-nil when lsp-mode shows diagnostics with Flycheck.
The same choice `lsp-diagnostics-mode' makes."
  (or (eq lsp-diagnostics-provider :flycheck)
      (and (eq lsp-diagnostics-provider :auto) (functionp 'flycheck-mode))))

(defun seclsp-lsp-mode--diagnostic-filter (params workspace)
  "Show each seclsp rule id once: Flycheck prints \"MESSAGE [CODE]\", and the
message already starts with CODE.  Flymake and lsp-ui print the message alone."
  (when seclsp-lsp-mode--previous-filter
    (setq params (funcall seclsp-lsp-mode--previous-filter params workspace)))
  (when (and (eq (lsp--workspace-server-id workspace) 'seclsp) (seclsp-lsp-mode--flycheck-p))
    (seq-doseq (diagnostic (lsp:publish-diagnostics-params-diagnostics params))
      (lsp:set-diagnostic-message
       diagnostic (seclsp-message-without-rule-id (lsp:diagnostic-code? diagnostic)
                                                  (lsp:diagnostic-message diagnostic)))))
  params)

(defun seclsp-lsp-mode--lookup (path)
  "The value at dotted PATH (\"seclsp.a.b\") in `seclsp-settings'.
:json-false becomes nil, which lsp-mode sends as false for boolean settings."
  (let ((value seclsp-settings))
    (dolist (key (cdr (split-string path "\\.")))
      (setq value (plist-get value (intern (concat ":" key)))))
    (if (eq value :json-false) nil value)))

;;;###autoload
(defun seclsp-lsp-mode-setup ()
  "Register the seclsp client with lsp-mode."
  (lsp-register-custom-settings (seclsp-lsp-mode--custom-settings))
  (unless (eq lsp-diagnostic-filter #'seclsp-lsp-mode--diagnostic-filter)
    (setq seclsp-lsp-mode--previous-filter lsp-diagnostic-filter
          lsp-diagnostic-filter #'seclsp-lsp-mode--diagnostic-filter))
  (lsp-register-client
   (make-lsp-client
    :new-connection (lsp-stdio-connection (lambda () seclsp-command))
    :major-modes '(python-mode python-ts-mode)
    :language-id "python"
    :server-id 'seclsp
    :add-on? t
    :priority seclsp-lsp-mode-priority
    :initialization-options (lambda () seclsp-settings)
    :initialized-fn (lambda (workspace)
                      (with-lsp-workspace workspace
                        (lsp--set-configuration (lsp-configuration-section "seclsp")))))))

;;; Backend for the commands in seclsp.el

(defun seclsp-lsp-mode--workspace ()
  (and (bound-and-true-p lsp-mode)
       (cl-find-if (lambda (ws) (eq (lsp--workspace-server-id ws) 'seclsp)) (lsp-workspaces))))

(defun seclsp-lsp-mode--run-action (regexp)
  "Apply the matching action's edit now; send its command asynchronously."
  (let* ((workspace (seclsp-lsp-mode--workspace))
         (actions (with-lsp-workspace workspace (lsp-code-actions-at-point)))
         (action (seq-find (lambda (a) (string-match-p regexp (lsp:code-action-title a))) actions)))
    (unless action (user-error "No seclsp action matching %s on this line" regexp))
    (when-let ((edit (lsp:code-action-edit? action))) (lsp--apply-workspace-edit edit))
    (let ((command (lsp:code-action-command? action)))
      (cond ((stringp command) ; a bare Command
             (seclsp-lsp-mode--execute-async command (lsp:command-arguments? action)))
            (command
             (seclsp-lsp-mode--execute-async (lsp:command-command command)
                                             (lsp:command-arguments? command)))))))

(defun seclsp-lsp-mode--execute (command arguments)
  (with-lsp-workspace (seclsp-lsp-mode--workspace)
    (lsp-send-execute-command command arguments)))

(defun seclsp-lsp-mode--execute-async (command arguments)
  "Send COMMAND without waiting (model calls outlast `lsp-response-timeout').
The server reports the outcome itself; only an error answer is shown here, once."
  (with-lsp-workspace (seclsp-lsp-mode--workspace)
    (lsp-request-async "workspace/executeCommand"
                       (list :command command :arguments (or arguments []))
                       #'ignore
                       :mode 'detached
                       :error-handler (lambda (error)
                                        (seclsp-report-error (lsp:json-error-message error))))))

(defun seclsp-lsp-mode--line-diagnostic ()
  (seq-find (lambda (diagnostic) (equal (lsp:diagnostic-source? diagnostic) "seclsp"))
            (lsp-cur-line-diagnostics)))

(add-to-list 'seclsp-backends
             (list :active-p #'seclsp-lsp-mode--workspace
                   :run-action #'seclsp-lsp-mode--run-action
                   :execute #'seclsp-lsp-mode--execute
                   :execute-async #'seclsp-lsp-mode--execute-async
                   :uri #'lsp--buffer-uri
                   :position #'lsp--cur-position
                   :line-diagnostic #'seclsp-lsp-mode--line-diagnostic))

(provide 'seclsp-lsp-mode)
;;; seclsp-lsp-mode.el ends here
