import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startFakeOpenAI } from "../fakes/openai-server.js";
import {
  describeRun,
  E2E_DIR,
  EDITOR_TEST_TIMEOUT_MS,
  type EditorRun,
  findExecutable,
  lineOf,
  makeWorkspace,
  REPO,
  runEditor,
  shippedSettings,
  VULNERABLE_PY,
} from "./editor-run.js";
import {
  expectFixSession,
  expectRuleIdShownOnce,
  expectSuppressSession,
  expectVisibleCommandAnswers,
  FIX_ACTION,
  FIX_CODE,
  fixedByFunctionReply,
  fixedFixture,
  fixedFunctionReply,
  TARGET_CODE,
} from "./session-expectations.js";

const EMACS = findExecutable("emacs");
const BUILT = existsSync(join(REPO, "dist", "cli.js"));

/** -Q: no user init; the harness loads our client files from clients/emacs. */
function emacsArgv(harness: string): string[] {
  return [
    EMACS ?? "emacs",
    "--batch",
    "-Q",
    "-L",
    join(E2E_DIR, "emacs"),
    "-l",
    join(E2E_DIR, "emacs", harness),
  ];
}

async function runSession(harness: string): Promise<{ run: EditorRun; file: string }> {
  expect(BUILT, "dist/cli.js missing: run `npm run build` (npm test does)").toBe(true);
  const root = makeWorkspace({ "app.py": VULNERABLE_PY });
  const file = join(root, "app.py");
  return { run: await runEditor(emacsArgv(harness), { file, code: TARGET_CODE }, root), file };
}

/**
 * Fix (direct feedback), the model being the fake server. Through the menu the model answers the
 * whole fixed file; through the shipped M-x command it answers only the fixed function, and the
 * rest of the file must stay byte-for-byte.
 */
async function runFixSession(harness: string, command?: string): Promise<void> {
  expect(BUILT, "dist/cli.js missing: run `npm run build` (npm test does)").toBe(true);
  const reply = command ? fixedFunctionReply() : `\`\`\`python\n${fixedFixture()}\`\`\``;
  const fake = await startFakeOpenAI({ script: () => ({ content: reply }) });
  try {
    const root = makeWorkspace({ "app.py": VULNERABLE_PY });
    const file = join(root, "app.py");
    const inputs = {
      file,
      code: FIX_CODE,
      action: FIX_ACTION,
      expect: "json.loads(blob)",
      modelUrl: fake.baseURL,
    };
    const run = await runEditor(emacsArgv(harness), command ? { ...inputs, command } : inputs, root);
    if (command) expectFixSession(run, file, fake.requests, `M-x ${command}`, fixedByFunctionReply());
    else expectFixSession(run, file, fake.requests);
  } finally {
    await fake.close();
  }
}

/** M-x seclsp-explain on the pickle finding (eglot-explain-harness.el). */
async function runExplain(modelUrl: string, markdown: boolean): Promise<EditorRun> {
  expect(BUILT, "dist/cli.js missing: run `npm run build` (npm test does)").toBe(true);
  const root = makeWorkspace({ "app.py": VULNERABLE_PY });
  const inputs = { file: join(root, "app.py"), code: FIX_CODE, modelUrl };
  const argv = emacsArgv("eglot-explain-harness.el");
  if (markdown) return runEditor(argv, inputs, root);
  return runEditor(["env", "SECLSP_E2E_NO_MARKDOWN=1", ...argv], inputs, root);
}

// In CI (.ci/run installs the editors) a missing editor fails the run instead of skipping it.
describe.skipIf(!EMACS && !process.env.CI)(
  `Emacs batch${EMACS ? "" : " (editor not installed: emacs)"}`,
  () => {
    it(
      "eglot + clients/emacs/seclsp-eglot.el: rule id once in Flymake, code actions, Suppress applied, scan/debug-info answer visibly",
      async () => {
        const { run, file } = await runSession("eglot-harness.el");
        expectSuppressSession(run, file);
        const result = run.result;
        // Started from our eglot-server-programs entry, with our server class.
        expect(result?.serverClass).toBe("seclsp-eglot-server");
        // eglot 1.9 has no window/showDocument; seclsp-eglot-server adds it (explanations open in a buffer).
        expect(result?.showDocumentSupport).toBe(true);
        // python-ts-mode buffers announce languageId "python", not "python-ts".
        expect(result?.tsModeLanguageId).toBe("python");
        // How eglot 1.9 renders it in Flymake: "source [code]: message", the message's own leading
        // rule id dropped by seclsp-eglot.el so the id shows once.
        const shown = result?.diagnostics?.find((d) => d.line === lineOf(file, "hashlib.md5"));
        expect(shown?.text).toMatch(
          /^seclsp \[py\/weak-sensitive-data-hashing\]: .* \[CWE-327, CWE-328, CWE-916\]$/,
        );
        expectRuleIdShownOnce(shown?.text);
        expectVisibleCommandAnswers(run);
        // The saved file holds the suppression too.
        expect(result?.savedText).toBe(result?.text);
      },
      EDITOR_TEST_TIMEOUT_MS,
    );

    it(
      "lsp-mode + clients/emacs/seclsp-lsp-mode.el: add-on client, rule id in Flymake's text, Suppress applied, scan/debug-info answer visibly",
      async () => {
        const { run, file } = await runSession("lsp-mode-harness.el");
        expectSuppressSession(run, file);
        expect(run.result?.serverId).toBe("seclsp");
        expect(run.result?.addOn).toBe(true);
        // lsp-mode's Flymake backend shows the message alone: the rule id must be in it, once.
        expectRuleIdShownOnce(run.result?.shown);
        expectVisibleCommandAnswers(run);
      },
      EDITOR_TEST_TIMEOUT_MS,
    );

    it(
      "eglot: Fix (direct feedback) against the fake model server ends with the fixed text in the buffer",
      () => runFixSession("eglot-harness.el"),
      EDITOR_TEST_TIMEOUT_MS,
    );

    it(
      "eglot: the shipped M-x seclsp-fix-direct, the model answering only the function, keeps the rest of the file",
      () => runFixSession("eglot-harness.el", "seclsp-fix-direct"),
      EDITOR_TEST_TIMEOUT_MS,
    );

    it(
      "lsp-mode: Fix (direct feedback) against the fake model server ends with the fixed text in the buffer",
      () => runFixSession("lsp-mode-harness.el"),
      EDITOR_TEST_TIMEOUT_MS,
    );

    it(
      "lsp-mode: the shipped M-x seclsp-fix-direct, the model answering only the function, keeps the rest of the file",
      () => runFixSession("lsp-mode-harness.el", "seclsp-fix-direct"),
      EDITOR_TEST_TIMEOUT_MS,
    );

    for (const markdown of [true, false]) {
      it(
        `eglot: M-x seclsp-explain opens the explanation in ${markdown ? "markdown-mode" : "text-mode (markdown-mode not installed)"}; M-x seclsp-show-data-flow calls seclsp.showDataFlow`,
        async () => {
          const fake = await startFakeOpenAI({
            script: () => ({
              content: "## Why\n\n`pickle.loads` runs code from the data.\n\n## Fix\n\nUse `json`.\n",
            }),
          });
          try {
            const run = await runExplain(fake.baseURL, markdown);
            expect(run.result?.ok, describeRun(run)).toBe(true);
            expect(run.result?.markdownModeAvailable).toBe(markdown);
            const buffers = (run.result?.buffers ?? []) as Array<{
              name: string;
              mode: string;
              text: string;
            }>;
            expect(buffers).toHaveLength(1);
            expect(buffers[0]?.mode).toBe(markdown ? "markdown-mode" : "text-mode");
            expect(buffers[0]?.text).toContain("runs code from the data");
            expect(run.result?.failureLines).toEqual([]);
            // M-x seclsp-show-data-flow asks the server's seclsp.showDataFlow about this line's finding.
            const sent = run.result?.dataFlowRequest as
              | { command?: string; arguments?: unknown[] }
              | undefined;
            expect(sent?.command).toBe("seclsp.showDataFlow");
            expect(sent?.arguments?.[0]).toMatch(/^file:\/\/.*\/app\.py$/);
            expect(sent?.arguments?.[1]).toMatchObject({ code: FIX_CODE, source: "seclsp" });
          } finally {
            await fake.close();
          }
        },
        EDITOR_TEST_TIMEOUT_MS,
      );
    }

    it(
      "eglot: when a slow model fails, M-x seclsp-explain reports the failure once (no client timeout on top)",
      async () => {
        // Slower than the 3 s request timeout the harness sets: a synchronous executeCommand would
        // fail with "Timed out" and then get the server's report as well.
        const fake = await startFakeOpenAI({
          script: () => ({ delayMs: 5000, reply: { status: 400, message: "bad request" } }),
        });
        try {
          const run = await runExplain(fake.baseURL, true);
          expect(run.result?.ok, describeRun(run)).toBe(true);
          expect(String(run.result?.emacsMessages)).not.toMatch(/timed out/i);
          expect(run.result?.buffers).toEqual([]);
          const failures = (run.result?.failureLines ?? []) as string[];
          expect(failures, failures.join("\n")).toHaveLength(1);
          expect(failures[0]).toContain(FIX_CODE);
        } finally {
          await fake.close();
        }
      },
      EDITOR_TEST_TIMEOUT_MS,
    );

    it(
      "seclsp-settings equals the other editors' section (also lsp-mode's flattened form); the Flycheck message filter",
      async () => {
        const run = await runEditor(emacsArgv("settings-probe.el"), { file: VULNERABLE_PY }, REPO);
        expect(run.result?.ok, describeRun(run)).toBe(true);
        expect(run.result?.settings).toEqual(shippedSettings());
        expect(run.result?.lspModeSection).toEqual(shippedSettings());
        // Flycheck appends " [code]" to the message: seclsp-lsp-mode.el drops the message's own
        // leading id for it (and only for seclsp, and only under Flycheck).
        const message = "py/sql-injection: [CWE-89] This SQL query depends on a user-provided value.";
        expect(run.result?.filtered).toEqual({
          flycheck: "[CWE-89] This SQL query depends on a user-provided value.",
          flymake: message,
          otherServer: message,
          noPrefix: "[CWE-89] This SQL query …",
        });
      },
      EDITOR_TEST_TIMEOUT_MS,
    );
  },
);
