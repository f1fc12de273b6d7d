;;; seclsp-eglot.el --- seclsp security diagnostics for Python through eglot  -*- lexical-binding: t; -*-

;; Keywords: languages, tools, python, security
;; Package-Requires: ((emacs "27.1") (eglot "1.9"))

;;; Commentary:

;; Usage (eglot is built in from Emacs 29; on Emacs 28 install `elpa-eglot' or eglot from GNU ELPA):
;;
;;   (add-to-list 'load-path "/path/to/seclsp/clients/emacs")
;;   (require 'seclsp-eglot)
;;   (seclsp-eglot-setup)
;;   (add-hook 'python-mode-hook #'eglot-ensure)      ; and/or python-ts-mode-hook
;;
;; eglot runs ONE server per buffer: seclsp replaces pylsp/pyright in Python buffers.  To keep
;; both, use lsp-mode (seclsp-lsp-mode.el registers seclsp as an add-on server).

;;; Code:

(require 'cl-lib)
(require 'eglot)
(require 'seclsp)

(defclass seclsp-eglot-server (eglot-lsp-server) ()
  :documentation "The seclsp server (keeps seclsp-only behaviour scoped to it).")

(cl-defmethod eglot-initialization-options ((_server seclsp-eglot-server))
  "Send `seclsp-settings' as initializationOptions."
  seclsp-settings)

(cl-defmethod eglot-client-capabilities :around ((_server seclsp-eglot-server))
  "Advertise window/showDocument (explanations) when eglot does not."
  (let* ((capabilities (cl-call-next-method))
         (window (plist-get capabilities :window)))
    (if (plist-get window :showDocument)
        capabilities
      (plist-put capabilities :window (plist-put window :showDocument '(:support t))))))

(cl-defmethod eglot-handle-request
  ((_server seclsp-eglot-server) (_method (eql window/showDocument))
   &key uri external takeFocus selection &allow-other-keys)
  "Open the document seclsp asks for (an explanation, a data-flow step)."
  (if (eq external t)
      (browse-url uri)
    (let* ((path (eglot--uri-to-path uri))
           (buffer (seclsp-visit-document path)))
      (if (eq takeFocus t) (pop-to-buffer buffer) (display-buffer buffer))
      (when selection
        (with-current-buffer buffer
          (goto-char (eglot--lsp-position-to-point (plist-get selection :start)))))))
  '(:success t))

(cl-defmethod eglot-handle-notification :around
  ((server seclsp-eglot-server) (method (eql textDocument/publishDiagnostics))
   &rest params &key diagnostics &allow-other-keys)
  "Show each rule id once: eglot prints \"seclsp [CODE]: MESSAGE\" and the
message already starts with CODE."
  (let ((shown (vconcat
                (mapcar (lambda (diagnostic)
                          (let ((copy (copy-sequence diagnostic)))
                            (plist-put copy :message
                                       (seclsp-message-without-rule-id
                                        (plist-get copy :code) (plist-get copy :message)))))
                        diagnostics))))
    (apply #'cl-call-next-method server method (plist-put (copy-sequence params) :diagnostics shown))))

(defvar seclsp-eglot--previous-configuration nil
  "The default `eglot-workspace-configuration' found by `seclsp-eglot-setup'.")

(defun seclsp-eglot--workspace-configuration (server)
  "The user's workspace configuration for SERVER plus a :seclsp section."
  (let ((base (if (functionp seclsp-eglot--previous-configuration)
                  (funcall seclsp-eglot--previous-configuration server)
                seclsp-eglot--previous-configuration)))
    (cond ((and (consp (car base)) (assq :seclsp base)) base)        ; alist form
          ((consp (car base)) (append base (list (cons :seclsp seclsp-settings))))
          ((plist-member base :seclsp) base)
          (t (append base (list :seclsp seclsp-settings))))))

(defconst seclsp-eglot-modes
  '((python-mode :language-id "python") (python-ts-mode :language-id "python"))
  "Major modes seclsp manages.
Without :language-id, python-ts-mode buffers would say \"python-ts\".")

(defun seclsp-eglot--contact (&optional _interactive)
  "How eglot starts seclsp: our class and `seclsp-command' (read at start)."
  (cons 'seclsp-eglot-server seclsp-command))

;;;###autoload
(defun seclsp-eglot-setup ()
  "Register seclsp with eglot for Python buffers and answer its `seclsp' settings."
  (setq eglot-server-programs
        (cons (cons seclsp-eglot-modes #'seclsp-eglot--contact)
              (cl-remove-if (lambda (entry) (equal (car entry) seclsp-eglot-modes))
                            eglot-server-programs)))
  (let ((current (default-value 'eglot-workspace-configuration)))
    (unless (eq current #'seclsp-eglot--workspace-configuration)
      (setq seclsp-eglot--previous-configuration current)
      (setq-default eglot-workspace-configuration #'seclsp-eglot--workspace-configuration))))

;;; Backend for the commands in seclsp.el

(defun seclsp-eglot--active-p ()
  (and (bound-and-true-p eglot--managed-mode)
       (cl-typep (eglot-current-server) 'seclsp-eglot-server)))

(defun seclsp-eglot--execute-action (server action)
  "Run ACTION (a CodeAction or a bare Command) the way eglot does.
Its command is sent asynchronously.  An action without edit and command
is resolved first (eglot 1.9 cannot)."
  (unless (or (plist-get action :edit) (plist-get action :command))
    (setq action (jsonrpc-request server :codeAction/resolve action)))
  (if (stringp (plist-get action :command)) ; a bare Command
      (seclsp-eglot--send-command server (plist-get action :command) (plist-get action :arguments))
    (when-let ((edit (plist-get action :edit))) (eglot--apply-workspace-edit edit))
    (when-let ((command (plist-get action :command)))
      (seclsp-eglot--send-command server (plist-get command :command)
                                  (plist-get command :arguments)))))

(defun seclsp-eglot--send-command (server command arguments)
  "Send COMMAND without waiting: model calls outlast jsonrpc's 10 s timeout.
The server reports the outcome itself (showMessage/showDocument/applyEdit);
only a protocol error is shown here, once."
  (jsonrpc-async-request
   server :workspace/executeCommand
   `(:command ,(format "%s" command) :arguments ,(or arguments []))
   :success-fn #'ignore
   :error-fn (lambda (error) (seclsp-report-error (or (plist-get error :message) error)))
   :timeout nil))

(defun seclsp-eglot--run-action (regexp)
  (let* ((actions (eglot-code-actions (line-beginning-position) (line-end-position)))
         (action (cl-find-if (lambda (a) (string-match-p regexp (plist-get a :title))) actions)))
    (unless action (user-error "No seclsp action matching %s on this line" regexp))
    (seclsp-eglot--execute-action (eglot-current-server) action)))

(defun seclsp-eglot--execute (command arguments)
  (eglot-execute-command (eglot-current-server) (intern command) arguments))

(defun seclsp-eglot--execute-async (command arguments)
  (seclsp-eglot--send-command (eglot-current-server) command arguments))

(defun seclsp-eglot--line-diagnostic ()
  "The seclsp diagnostic on this line, as the server sent it.
eglot keeps it in the Flymake diagnostic's data."
  (cl-some (lambda (diagnostic)
             (let ((spec (alist-get 'eglot-lsp-diag (flymake-diagnostic-data diagnostic))))
               (and (equal (plist-get spec :source) "seclsp") spec)))
           (flymake-diagnostics (line-beginning-position) (line-end-position))))

(add-to-list 'seclsp-backends
             (list :active-p #'seclsp-eglot--active-p
                   :run-action #'seclsp-eglot--run-action
                   :execute #'seclsp-eglot--execute
                   :execute-async #'seclsp-eglot--execute-async
                   :uri (lambda () (eglot--path-to-uri (buffer-file-name)))
                   :position #'eglot--pos-to-lsp-position
                   :line-diagnostic #'seclsp-eglot--line-diagnostic))

(provide 'seclsp-eglot)
;;; seclsp-eglot.el ends here
