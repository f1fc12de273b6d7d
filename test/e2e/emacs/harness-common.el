;;; harness-common.el --- Shared parts of the headless Emacs e2e harnesses  -*- lexical-binding: t; -*-

;;; Commentary:

;; Inputs come from the environment (same names as the Neovim harness): SECLSP_REPO,
;; SECLSP_E2E_CMD (JSON list), SECLSP_E2E_FILE, SECLSP_E2E_OUT, SECLSP_E2E_ACTION (substring of
;; the action title), SECLSP_E2E_EXPECT, SECLSP_E2E_CODE, SECLSP_E2E_MODEL_URL, SECLSP_E2E_TIMEOUT_MS.
;; The result is written as JSON to SECLSP_E2E_OUT; the exit code is 0 only on success.

;;; Code:

(require 'cl-lib)
(require 'json)
(require 'package)
(require 'seq)

;; Debian installs elpa-* packages here; `emacs -Q' does not look there by itself.
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(setq package-user-dir (make-temp-file "seclsp-e2e-elpa" t))
(package-initialize)

(add-to-list 'load-path (expand-file-name "clients/emacs" (getenv "SECLSP_REPO")))
(require 'seclsp)

(defvar harness-timeout
  (/ (string-to-number (or (getenv "SECLSP_E2E_TIMEOUT_MS") "15000")) 1000.0))

(defvar harness-result nil "Alist written as the JSON result.")

(defun harness-put (key value)
  (setf (alist-get key harness-result) value))

(defun harness-push (key value)
  "Append VALUE to the JSON array under KEY."
  (harness-put key (vconcat (alist-get key harness-result) (list value))))

(defun harness-env (name &optional default)
  (let ((value (getenv name)))
    (if (or (null value) (string-empty-p value)) default value)))

(defun harness-command ()
  (append (json-parse-string (getenv "SECLSP_E2E_CMD") :array-type 'array) nil))

(defun harness-apply-model-url ()
  "Point the LLM roles at the fake model server when SECLSP_E2E_MODEL_URL is set."
  (when-let ((url (harness-env "SECLSP_E2E_MODEL_URL")))
    (let ((role (list :baseURL url :apiKeyEnv "SECLSP_E2E_API_KEY"))
          (llm (copy-tree (plist-get seclsp-settings :llm))))
      (setq llm (plist-put llm :generator (append role (plist-get llm :generator))))
      (setq llm (plist-put llm :explainer role))
      (setq seclsp-settings (plist-put (copy-tree seclsp-settings) :llm llm)))))

(defun harness-wait (what predicate)
  "Process events until PREDICATE is non-nil; signal an error naming WHAT after the timeout."
  (let ((deadline (+ (float-time) harness-timeout)) value)
    (while (and (not (setq value (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (or value (error "Timed out waiting for %s" what))))

(defun harness-settle (predicate)
  "Like `harness-wait' but without failing: the caller records the final state."
  (ignore-errors (harness-wait "settle" predicate)))

(defun harness-buffer-text ()
  (save-restriction (widen) (buffer-substring-no-properties (point-min) (point-max))))

(defun harness-to-json (value &optional nil-is-false)
  "Turn plists/hash tables from the LSP layer into json.el friendly data.
With NIL-IS-FALSE, object members that are nil become false: lsp-mode decodes both JSON false
and null as nil, and the objects read back here have no null members."
  (cl-flet ((member-value (v) (if (and nil-is-false (null v)) :json-false
                                (harness-to-json v nil-is-false))))
    (cond ((hash-table-p value)
           (let (alist)
             (maphash (lambda (k v) (push (cons (format "%s" k) (member-value v)) alist)) value)
             (nreverse alist)))
          ((and (consp value) (keywordp (car value)))
           (cl-loop for (k v) on value by #'cddr
                    collect (cons (substring (symbol-name k) 1) (member-value v))))
          ((vectorp value) (vconcat (mapcar (lambda (v) (harness-to-json v nil-is-false)) value)))
          (t value))))

(defun harness-debug-info-config (&optional nil-is-false)
  "Run the shipped `seclsp-debug-info' command and read the settings back from its buffer."
  (seclsp-debug-info)
  (let ((info (json-parse-string (with-current-buffer "*seclsp debug info*" (buffer-string))
                                 :object-type 'plist :null-object nil :false-object :json-false)))
    (harness-to-json (plist-get info :config) nil-is-false)))

(defun harness-check-command-answers ()
  "Run the shipped scan and debug-info commands; record the server messages each one brought.
Each harness pushes the server's window/showMessage texts (as its client shows them) to `messages'."
  (let ((before (length (alist-get 'messages harness-result))))
    (harness-step "seclsp-scan-workspace")
    (seclsp-scan-workspace)
    (harness-settle (lambda () (> (length (alist-get 'messages harness-result)) before)))
    (harness-put 'scanMessages (seq-drop (alist-get 'messages harness-result) before)))
  (let ((before (length (alist-get 'messages harness-result))))
    (harness-step "seclsp-debug-info")
    (when (get-buffer "*seclsp debug info*") (kill-buffer "*seclsp debug info*"))
    (seclsp-debug-info)
    (harness-settle (lambda () (> (length (alist-get 'messages harness-result)) before)))
    (harness-put 'debugInfoMessages (seq-drop (alist-get 'messages harness-result) before))
    (harness-put 'debugInfoWindow
                 (vconcat (split-string (with-current-buffer "*seclsp debug info*" (buffer-string)) "\n")))))

(defvar harness-start (float-time))

(defun harness-step (name)
  "Record the phase the harness is in (a failure says where it happened) and when it began."
  (harness-put 'step name)
  (harness-push 'timeline `((step . ,name) (ms . ,(round (* 1000 (- (float-time) harness-start)))))))

(defun harness-finish (ok &optional err)
  (harness-put 'ok (if ok t :json-false))
  (when err
    (harness-put 'error (format "%s (during: %s)" (error-message-string err)
                                (alist-get 'step harness-result))))
  (harness-put 'emacsMessages
               (with-current-buffer (get-buffer-create "*Messages*") (harness-buffer-text)))
  (with-temp-file (getenv "SECLSP_E2E_OUT")
    (insert (json-encode harness-result)))
  (kill-emacs (if ok 0 1)))

(defun harness-run (body)
  "Run BODY (a function), write the result, exit."
  (condition-case err
      (progn (funcall body) (harness-finish t))
    (error (harness-finish nil err))))

(provide 'harness-common)
;;; harness-common.el ends here
