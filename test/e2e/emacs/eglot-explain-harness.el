;;; eglot-explain-harness.el --- Headless eglot run of M-x seclsp-explain  -*- lexical-binding: t; -*-

;;; Commentary:

;; emacs --batch -Q -l eglot-explain-harness.el (inputs: see harness-common.el)
;; Runs the shipped `seclsp-explain' on the line of the first diagnostic with SECLSP_E2E_CODE and
;; records what the user ends up with: the buffers and their major modes (the explanation the
;; server opens with window/showDocument), and every *Messages* line naming the failure when the
;; model fails; then the request `seclsp-show-data-flow' sends.  SECLSP_E2E_NO_MARKDOWN=1 hides the markdown-mode package (the text-mode fallback).

;;; Code:

(when (getenv "SECLSP_E2E_NO_MARKDOWN")
  (setq package-load-list '((markdown-mode nil) all)))
(require 'harness-common)
(require 'seclsp-eglot)
(require 'python)

(defun eglot-explain-harness--main ()
  (setq seclsp-command (harness-command))
  (harness-apply-model-url)
  (seclsp-eglot-setup)
  (find-file (getenv "SECLSP_E2E_FILE"))
  (python-mode)
  (harness-step "starting eglot")
  (apply #'eglot (eglot--guess-contact))
  (harness-wait "eglot to connect" #'eglot-current-server)
  (harness-step "waiting for diagnostics")
  (let* ((code (harness-env "SECLSP_E2E_CODE"))
         (target (harness-wait
                  (format "a %s diagnostic" code)
                  (lambda ()
                    (cl-find-if (lambda (d)
                                  (equal (plist-get (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d))
                                                    :code)
                                         code))
                                (flymake-diagnostics))))))
    (goto-char (flymake-diagnostic-beg target)))
  (harness-put 'markdownModeAvailable (if (fboundp 'markdown-mode) t :json-false))
  (harness-step "seclsp-explain")
  (let ((messages-before (with-current-buffer "*Messages*" (buffer-size))))
    ;; A model slower than the client's request timeout (the test delays its reply past 3 s)
    ;; must not produce a client-side "Timed out" on top of the server's own report.
    (let ((jsonrpc-default-request-timeout 3))
      (seclsp-explain))
    ;; Either the explanation opens or the failure is reported; then give a second report
    ;; (the one this test forbids) time to arrive.
    (harness-wait "the explanation or its failure"
                  (lambda ()
                    (or (cl-find-if (lambda (b) (string-suffix-p ".md" (buffer-name b))) (buffer-list))
                        (with-current-buffer "*Messages*"
                          (string-search "failed" (buffer-substring (1+ messages-before) (point-max)))))))
    (let ((deadline (+ (float-time) 2)))
      (while (< (float-time) deadline) (accept-process-output nil 0.05)))
    (harness-put 'failureLines
                 (vconcat (seq-filter (lambda (line) (string-search "failed" line))
                                      (split-string (with-current-buffer "*Messages*"
                                                      (buffer-substring (1+ messages-before) (point-max)))
                                                    "\n")))))
  (harness-put 'buffers
               (vconcat (mapcar (lambda (b) `((name . ,(buffer-name b))
                                              (mode . ,(symbol-name (buffer-local-value 'major-mode b)))
                                              (text . ,(with-current-buffer b (harness-buffer-text)))))
                                (seq-filter (lambda (b) (string-suffix-p ".md" (buffer-name b)))
                                            (buffer-list)))))
  ;; M-x seclsp-show-data-flow on the same line: the request it sends (whatever the server answers).
  (harness-step "seclsp-show-data-flow")
  (let ((sent nil))
    (advice-add 'jsonrpc-async-request :before
                (lambda (_connection method params &rest _)
                  (when (eq method :workspace/executeCommand) (setq sent params))))
    (seclsp-show-data-flow)
    (harness-put 'dataFlowRequest (harness-to-json sent)))
  (eglot-shutdown (eglot-current-server)))

(harness-run #'eglot-explain-harness--main)
;;; eglot-explain-harness.el ends here
