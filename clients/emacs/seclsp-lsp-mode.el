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
  (let* ((workspace (seclsp-lsp-mode--workspace))
         (actions (with-lsp-workspace workspace (lsp-code-actions-at-point)))
         (action (seq-find (lambda (a) (string-match-p regexp (lsp:code-action-title a))) actions)))
    (unless action (user-error "No seclsp action matching %s on this line" regexp))
    (with-lsp-workspace workspace (lsp-execute-code-action action))))

(defun seclsp-lsp-mode--execute (command at-point)
  (with-lsp-workspace (seclsp-lsp-mode--workspace)
    (lsp-send-execute-command command
                              (if at-point (vector (lsp--buffer-uri) (lsp--cur-position)) []))))

(add-to-list 'seclsp-backends
             (list :active-p #'seclsp-lsp-mode--workspace
                   :run-action #'seclsp-lsp-mode--run-action
                   :execute #'seclsp-lsp-mode--execute))

(provide 'seclsp-lsp-mode)
;;; seclsp-lsp-mode.el ends here
