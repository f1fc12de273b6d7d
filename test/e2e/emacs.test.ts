import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  describeRun,
  E2E_DIR,
  type EditorRun,
  findExecutable,
  lineOf,
  makeWorkspace,
  REPO,
  runEditor,
  shippedSettings,
  VULNERABLE_PY,
} from "./editor-run.js";

const EMACS = findExecutable("emacs");
const BUILT = existsSync(join(REPO, "dist", "cli.js"));
const SUPPRESS_TITLE = "Suppress py/unsafe-deserialization on this line";

function emacsArgv(harness: string): string[] {
  // -Q: no user init; the harness loads our client file from clients/emacs.
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

async function runSuppress(harness: string): Promise<{ run: EditorRun; file: string; pickleLine: number }> {
  expect(BUILT, "dist/cli.js missing: run `npm run build` (npm test does)").toBe(true);
  const root = makeWorkspace({ "app.py": VULNERABLE_PY });
  const file = join(root, "app.py");
  const run = await runEditor(emacsArgv(harness), { file, code: "py/unsafe-deserialization" }, root);
  return { run, file, pickleLine: lineOf(file, "pickle.loads") };
}

/** Assertions every Emacs client shares: diagnostics, settings, actions, the applied edit. */
function expectSuppressed(run: EditorRun, file: string, pickleLine: number): void {
  const result = run.result;
  expect(result?.ok, describeRun(run)).toBe(true);
  if (!result) return;
  expect(result.diagnostics).toContainEqual(
    expect.objectContaining({ line: pickleLine, code: "py/unsafe-deserialization", source: "seclsp" }),
  );
  expect(result.diagnostics).toContainEqual(
    expect.objectContaining({ line: lineOf(file, "hashlib.md5"), source: "seclsp" }),
  );
  expect(result.targetLine).toBe(pickleLine);

  const seclspAnswers = (result.configurationAnswers ?? []).filter((a) => a.items[0]?.section === "seclsp");
  expect(seclspAnswers.length).toBeGreaterThan(0);
  expect(seclspAnswers[0]?.answer[0]).toEqual(shippedSettings());

  expect((result.actions ?? []).map((a) => a.title)).toContain(SUPPRESS_TITLE);
  expect(result.chosenAction).toBe(SUPPRESS_TITLE);
  const lines = (result.text ?? "").split("\n");
  expect(lines[pickleLine]).toMatch(
    /pickle\.loads\(blob\)\s+# seclsp: ignore\[py\/unsafe-deserialization\]$/,
  );
  const original = readFileSync(VULNERABLE_PY, "utf8").split("\n");
  expect(lines.filter((line, i) => line !== original[i])).toHaveLength(1);
  // After the edit was sent (the harness saves, as the user would), the finding is gone.
  expect(result.diagnosticsAfter).not.toContainEqual(
    expect.objectContaining({ line: pickleLine, code: "py/unsafe-deserialization" }),
  );
  expect(result.diagnosticsAfter).toContainEqual(
    expect.objectContaining({ line: lineOf(file, "hashlib.md5"), source: "seclsp" }),
  );
  // The file on disk holds the suppression too (saved from the editor buffer).
  expect(readFileSync(file, "utf8").split("\n")[pickleLine]).toContain(
    "# seclsp: ignore[py/unsafe-deserialization]",
  );
  expect(result.stopped).toBe(true);
}

describe.skipIf(!EMACS)(`Emacs batch${EMACS ? "" : " (editor not installed: emacs)"}`, () => {
  it("eglot with clients/emacs/seclsp-eglot.el: diagnostics in Flymake, code actions, Suppress applied", async () => {
    const { run, file, pickleLine } = await runSuppress("eglot-harness.el");
    expectSuppressed(run, file, pickleLine);
    const result = run.result;
    // Started from our eglot-server-programs entry, with our server class.
    expect(result?.serverClass).toBe("seclsp-eglot-server");
    // python-ts-mode buffers announce languageId "python", not "python-ts".
    expect(result?.tsModeLanguageId).toBe("python");
    // How eglot shows it in Flymake: "source [code]: message".
    const shown = result?.diagnostics?.find((d) => d.line === pickleLine);
    expect(shown?.text).toMatch(/^seclsp \[py\/unsafe-deserialization\]: \[CWE-502\] /);
  });

  it("lsp-mode with clients/emacs/seclsp-lsp-mode.el: add-on client, code actions, Suppress applied", async () => {
    const { run, file, pickleLine } = await runSuppress("lsp-mode-harness.el");
    expectSuppressed(run, file, pickleLine);
    expect(run.result?.serverId).toBe("seclsp");
    expect(run.result?.addOn).toBe(true);
  });

  it("seclsp-settings is the same section as the other editors' (and lsp-mode's flattened form)", async () => {
    const run = await runEditor(emacsArgv("settings-probe.el"), { file: VULNERABLE_PY }, REPO);
    expect(run.result?.ok, describeRun(run)).toBe(true);
    expect(run.result?.settings).toEqual(shippedSettings());
    expect(run.result?.lspModeSection).toEqual(shippedSettings());
  });
});
