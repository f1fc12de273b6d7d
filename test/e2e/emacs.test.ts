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
  expectSuppressSession,
  FIX_ACTION,
  FIX_CODE,
  fixedFixture,
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

/** Fix (direct feedback) through the editor's code-action path, the model being the fake server. */
async function runFixSession(harness: string, command?: string): Promise<void> {
  expect(BUILT, "dist/cli.js missing: run `npm run build` (npm test does)").toBe(true);
  const fake = await startFakeOpenAI({
    script: () => ({ content: `\`\`\`python\n${fixedFixture()}\`\`\`` }),
  });
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
    expectFixSession(run, file, fake.requests, command ? `M-x ${command}` : undefined);
  } finally {
    await fake.close();
  }
}

describe.skipIf(!EMACS)(`Emacs batch${EMACS ? "" : " (editor not installed: emacs)"}`, () => {
  it(
    "eglot + clients/emacs/seclsp-eglot.el: Flymake diagnostics, code actions, Suppress applied",
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
      // How eglot 1.9 renders it in Flymake: "source [code]: message".
      const shown = result?.diagnostics?.find((d) => d.line === lineOf(file, "hashlib.md5"));
      expect(shown?.text).toMatch(
        /^seclsp \[py\/weak-sensitive-data-hashing\]: py\/weak-sensitive-data-hashing: .* \[CWE-327, CWE-328\]$/,
      );
      // The saved file holds the suppression too.
      expect(result?.savedText).toBe(result?.text);
    },
    EDITOR_TEST_TIMEOUT_MS,
  );

  it(
    "lsp-mode + clients/emacs/seclsp-lsp-mode.el: add-on client, code actions, Suppress applied",
    async () => {
      const { run, file } = await runSession("lsp-mode-harness.el");
      expectSuppressSession(run, file);
      expect(run.result?.serverId).toBe("seclsp");
      expect(run.result?.addOn).toBe(true);
    },
    EDITOR_TEST_TIMEOUT_MS,
  );

  it(
    "eglot: Fix (direct feedback) against the fake model server ends with the fixed text in the buffer",
    () => runFixSession("eglot-harness.el"),
    EDITOR_TEST_TIMEOUT_MS,
  );

  it(
    "eglot: the shipped M-x seclsp-fix-direct applies the fix from the fake model server",
    () => runFixSession("eglot-harness.el", "seclsp-fix-direct"),
    EDITOR_TEST_TIMEOUT_MS,
  );

  it(
    "lsp-mode: Fix (direct feedback) against the fake model server ends with the fixed text in the buffer",
    () => runFixSession("lsp-mode-harness.el"),
    EDITOR_TEST_TIMEOUT_MS,
  );

  it(
    "seclsp-settings equals the other editors' section, also as lsp-mode's flattened custom settings",
    async () => {
      const run = await runEditor(emacsArgv("settings-probe.el"), { file: VULNERABLE_PY }, REPO);
      expect(run.result?.ok, describeRun(run)).toBe(true);
      expect(run.result?.settings).toEqual(shippedSettings());
      expect(run.result?.lspModeSection).toEqual(shippedSettings());
    },
    EDITOR_TEST_TIMEOUT_MS,
  );
});
