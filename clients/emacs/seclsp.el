;;; seclsp.el --- seclsp settings and commands shared by the eglot and lsp-mode clients  -*- lexical-binding: t; -*-

;; Keywords: languages, tools, python, security
;; Package-Requires: ((emacs "27.1"))

;;; Commentary:

;; Load seclsp-eglot.el or seclsp-lsp-mode.el (they require this file).  The commands here
;; (`seclsp-explain', `seclsp-fix', `seclsp-fix-direct', `seclsp-suppress',
;; `seclsp-show-data-flow', `seclsp-generate', `seclsp-scan-workspace', `seclsp-debug-info')
;; work with whichever client manages the current buffer.  Commands that may take long (a model
;; call, a workspace scan) are sent asynchronously: Emacs stays usable, no client timeout cuts
;; them off, and the server's own message (`window/showMessage') is the one answer you see.
;;
;; `seclsp-settings' is the `seclsp' settings section, sent both as `initializationOptions' and
;; as the answer to `workspace/configuration'.  It is a plist in the JSON shape eglot and
;; jsonrpc serialize: t is true, :json-false is false, [] is an empty array.
;; Keep it in sync with clients/neovim/seclsp.lua and clients/jetbrains/settings.json
;; (test/e2e/emacs.test.ts checks that they are equal).

;;; Code:

(require 'cl-lib)
(require 'json)

(defgroup seclsp nil
  "Security diagnostics and LLM fixes for Python (seclsp language server)."
  :group 'tools
  :prefix "seclsp-")

(defcustom seclsp-command '("npx" "seclsp" "--stdio")
  "Command line that starts the seclsp language server on stdio."
  :type '(repeat string))

(defcustom seclsp-settings
  '(:threatModel "library"              ; remote | local | library
    :debounceMs 150
    :exclude []                          ; globs, e.g. ["tests/**"]
    :logLevel "info"
    :embedded (:enabled t :ignoreRules [])
    :codeql (:mode "auto" :scope "file") ; runs on save when `codeql' is on PATH
    :bandit (:mode "auto")
    :llm (:allowRemote :json-false       ; code goes only to loopback endpoints unless t
          :generator (:baseURL "http://127.0.0.1:11434/v1"
                      :model "qwen2.5-coder:7b"
                      ;; The NAME of the variable that holds the key, never the key.
                      :apiKeyEnv "OPENAI_API_KEY"))
    :repair (:feedback "explained" :maxRounds 3))
  "The `seclsp' settings section as a JSON-shaped plist.
Booleans are t and :json-false, arrays are vectors."
  :type 'plist)

(defconst seclsp-command-ids
  '((explain . "seclsp.explain")
    (repair . "seclsp.repair")
    (generate . "seclsp.generate")
    (scan-workspace . "seclsp.scanWorkspace")
    (run-codeql . "seclsp.runCodeql")
    (export-sarif . "seclsp.exportSarif")
    (show-data-flow . "seclsp.showDataFlow")
    (debug-info . "seclsp.debugInfo"))
  "The `workspace/executeCommand' ids seclsp offers.")

(defconst seclsp-action-titles
  '((explain . "^Explain")
    (fix-explained . "^Fix .*(explained")
    (fix-direct . "^Fix .*(direct")
    (suppress . "^Suppress"))
  "Regexps matching the titles of seclsp's code actions.")

(defun seclsp-settings-leaves (&optional plist prefix)
  "Flatten PLIST (default `seclsp-settings') into (PATH VALUE BOOLEAN-P) triples.
PATH is dotted (\"seclsp.a.b\"); PREFIX is the path so far.  This is the
shape `lsp-register-custom-settings' takes."
  (let ((plist (or plist seclsp-settings))
        (prefix (or prefix "seclsp"))
        (leaves '()))
    (cl-loop for (key value) on plist by #'cddr
             for path = (concat prefix "." (substring (symbol-name key) 1))
             do (if (and (consp value) (keywordp (car value)))
                    (setq leaves (append leaves (seclsp-settings-leaves value path)))
                  (setq leaves
                        (append leaves
                                (list (list path value
                                            (memq value '(t :json-false))))))))
    leaves))

;;; What the diagnostics show

(defun seclsp-message-without-rule-id (code message)
  "MESSAGE without its leading \"CODE: \".
seclsp starts every diagnostic message with its rule id, so that clients
showing only the message still show the id.  Clients that print the code
themselves (eglot's Flymake text \"seclsp [CODE]: ...\", Flycheck's
\"... [CODE]\") use this to show it once."
  (let ((prefix (and (stringp code) (not (string-empty-p code)) (concat code ": "))))
    (if (and prefix (stringp message) (string-prefix-p prefix message))
        (substring message (length prefix))
      message)))

(defun seclsp-report-error (text)
  "Show the server's error TEXT once, prefixed with \"seclsp: \" unless it is."
  (let ((text (format "%s" text)))
    (message "%s" (if (string-prefix-p "seclsp" text) text (concat "seclsp: " text)))))

;;; Documents the server opens (window/showDocument)

(declare-function markdown-mode "ext:markdown-mode")

(defun seclsp-visit-document (path)
  "A buffer visiting PATH, re-read without a prompt when seclsp rewrote the file.
Explanations (.md) open in `markdown-mode', or `text-mode' without it: never
in the mode of the code they explain."
  (let ((existing (find-buffer-visiting path)))
    (when (and existing (not (buffer-modified-p existing))
               (not (verify-visited-file-modtime existing)))
      (with-current-buffer existing (revert-buffer t t t))))
  (let ((buffer (find-file-noselect path)))
    (when (string-suffix-p ".md" path)
      (with-current-buffer buffer
        (unless (derived-mode-p 'markdown-mode 'text-mode)
          (if (or (fboundp 'markdown-mode) (require 'markdown-mode nil t))
              (markdown-mode)
            (text-mode)))))
    buffer))

;;; Commands, dispatched to the LSP client that manages the buffer

(defvar seclsp-backends nil
  "Client backends: plists of functions.
:active-p () -> non-nil when this client runs seclsp for the buffer.
:run-action (REGEXP) runs the seclsp code action on the current line
whose title matches (its command asynchronously).
:execute (COMMAND-ID ARGUMENTS) runs workspace/executeCommand and
returns the result.
:execute-async (COMMAND-ID ARGUMENTS) sends it without waiting; an
error answer is shown once, a result is left to the server's messages.
:uri () and :position () -> the document URI and LSP position at point.
:line-diagnostic () -> the seclsp diagnostic (as received) on this line.")

(defun seclsp--backend ()
  (or (cl-find-if (lambda (backend) (funcall (plist-get backend :active-p))) seclsp-backends)
      (user-error "seclsp is not running for this buffer (M-x eglot or M-x lsp)")))

(defun seclsp--call (key &rest args)
  (apply (plist-get (seclsp--backend) key) args))

(defun seclsp--run-action (which)
  (seclsp--call :run-action (alist-get which seclsp-action-titles)))

(defun seclsp--at-point ()
  "The [document-uri position] arguments of commands about point."
  (vector (seclsp--call :uri) (seclsp--call :position)))

(defun seclsp--execute (which arguments)
  (seclsp--call :execute (alist-get which seclsp-command-ids) arguments))

(defun seclsp--execute-async (which arguments)
  (seclsp--call :execute-async (alist-get which seclsp-command-ids) arguments))

;;;###autoload
(defun seclsp-explain ()
  "Explain the seclsp finding on this line (the explanation opens in a buffer)."
  (interactive)
  (seclsp--run-action 'explain))

;;;###autoload
(defun seclsp-fix ()
  "Ask the model to fix the finding on this line, with explained feedback."
  (interactive)
  (seclsp--run-action 'fix-explained))

;;;###autoload
(defun seclsp-fix-direct ()
  "Ask the model to fix the finding on this line (raw finding as feedback)."
  (interactive)
  (seclsp--run-action 'fix-direct))

;;;###autoload
(defun seclsp-suppress ()
  "Suppress the finding on this line with `# seclsp: ignore[rule]'."
  (interactive)
  (seclsp--run-action 'suppress))

;;;###autoload
(defun seclsp-show-data-flow ()
  "Show the source-to-sink steps of the finding on this line.
The server's `seclsp.showDataFlow' opens or lists them."
  (interactive)
  (let ((diagnostic (seclsp--call :line-diagnostic)))
    (unless diagnostic (user-error "No seclsp finding on this line"))
    (seclsp--execute-async 'show-data-flow (vector (seclsp--call :uri) diagnostic))))

;;;###autoload
(defun seclsp-generate ()
  "Generate code at point from the surrounding function stub and docstring."
  (interactive)
  (seclsp--execute-async 'generate (seclsp--at-point)))

;;;###autoload
(defun seclsp-scan-workspace ()
  "Analyze every Python file of the project.
The server reports the result in a message."
  (interactive)
  (seclsp--execute-async 'scan-workspace []))

;;;###autoload
(defun seclsp-debug-info ()
  "Show seclsp's version, analyzers and effective settings (for bug reports)."
  (interactive)
  (let ((info (seclsp--execute 'debug-info [])))
    (with-current-buffer (get-buffer-create "*seclsp debug info*")
      (let ((inhibit-read-only t))
        (erase-buffer)
        (insert (json-encode info))
        (json-pretty-print-buffer))
      (display-buffer (current-buffer)))))

(provide 'seclsp)
;;; seclsp.el ends here
