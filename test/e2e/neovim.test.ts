import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  describeRun,
  E2E_DIR,
  findExecutable,
  lineOf,
  makeWorkspace,
  REPO,
  runEditor,
  shippedSettings,
  VULNERABLE_PY,
} from "./editor-run.js";

const NVIM = findExecutable("nvim");
const BUILT = existsSync(join(REPO, "dist", "cli.js"));
const HARNESS = join(E2E_DIR, "neovim", "harness.lua");

function nvimArgv(): string[] {
  // -u NONE: no user config (the harness loads ours); an error leaves `cquit 1` to run.
  return [
    NVIM ?? "nvim",
    "--headless",
    "-u",
    "NONE",
    "-i",
    "NONE",
    "-c",
    `luafile ${HARNESS}`,
    "-c",
    "cquit 1",
  ];
}

describe.skipIf(!NVIM)(
  `Neovim headless with clients/neovim/seclsp.lua${NVIM ? "" : " (editor not installed: nvim)"}`,
  () => {
    it("shows seclsp diagnostics, lists the code actions and applies Suppress through vim.lsp.buf.code_action", async () => {
      expect(BUILT, "dist/cli.js missing: run `npm run build` (npm test does)").toBe(true);
      const root = makeWorkspace({ "app.py": VULNERABLE_PY });
      const file = join(root, "app.py");
      const pickleLine = lineOf(file, "pickle.loads");

      const run = await runEditor(nvimArgv(), { file, code: "py/unsafe-deserialization" }, root);
      const result = run.result;
      expect(result?.ok, describeRun(run)).toBe(true);
      if (!result) return;

      // Diagnostics: right line, right code, from seclsp, over UTF-16 (our position encoding).
      expect(result.offsetEncoding).toBe("utf-16");
      expect(result.diagnostics).toContainEqual(
        expect.objectContaining({ line: pickleLine, code: "py/unsafe-deserialization", source: "seclsp" }),
      );
      expect(result.diagnostics).toContainEqual(
        expect.objectContaining({ line: lineOf(file, "hashlib.md5"), source: "seclsp" }),
      );
      expect(result.targetLine).toBe(pickleLine);

      // The editor answered workspace/configuration with the shipped settings.
      const seclspAnswers = (result.configurationAnswers ?? []).filter(
        (a) => a.items[0]?.section === "seclsp",
      );
      expect(seclspAnswers.length).toBeGreaterThan(0);
      expect(seclspAnswers[0]?.answer[0]).toEqual(shippedSettings());

      // Code actions on that line, then the Suppress edit applied by Neovim itself.
      const titles = (result.actions ?? []).map((a) => a.title);
      expect(titles).toContain("Suppress py/unsafe-deserialization on this line");
      expect(result.chosenAction).toBe("Suppress py/unsafe-deserialization on this line");
      const lines = (result.text ?? "").split("\n");
      expect(lines[pickleLine]).toMatch(
        /pickle\.loads\(blob\)\s+# seclsp: ignore\[py\/unsafe-deserialization\]$/,
      );
      // Only that line changed.
      const original = readFileSync(VULNERABLE_PY, "utf8").split("\n");
      expect(lines.filter((line, i) => line !== original[i])).toHaveLength(1);
      // The server re-analyzed the edited buffer: the finding is gone, the others stay.
      expect(result.diagnosticsAfter).not.toContainEqual(
        expect.objectContaining({ line: pickleLine, code: "py/unsafe-deserialization" }),
      );
      expect(result.diagnosticsAfter).toContainEqual(
        expect.objectContaining({ line: lineOf(file, "hashlib.md5"), source: "seclsp" }),
      );
      expect(result.stopped).toBe(true);
    });

    it("loads the nvim-lspconfig variant with the same settings, command and keymaps", async () => {
      // A stand-in lspconfig (the real plugin is not packaged for Debian): records what the
      // variant registers, so the test checks our file, not lspconfig.
      const probe = join(E2E_DIR, "neovim", "lspconfig-probe.lua");
      const run = await runEditor(
        [NVIM ?? "nvim", "--headless", "-u", "NONE", "-i", "NONE", "-c", `luafile ${probe}`, "-c", "cquit 1"],
        { file: VULNERABLE_PY },
        REPO,
      );
      const result = run.result;
      expect(result?.ok, describeRun(run)).toBe(true);
      expect(result?.defaultConfig).toMatchObject({
        cmd: ["npx", "seclsp", "--stdio"],
        filetypes: ["python"],
        settings: { seclsp: shippedSettings() },
        init_options: shippedSettings(),
        single_file_support: true,
      });
      expect(result?.rootPatterns).toEqual([
        "pyproject.toml",
        "setup.py",
        "setup.cfg",
        "requirements.txt",
        ".git",
      ]);
      expect(result?.setupCalled).toBe(true);
      expect(result?.keymapsFromOnAttach).toEqual(
        expect.arrayContaining(["<leader>sa", "<leader>se", "<leader>sf", "<leader>ss", "<leader>sw"]),
      );
    });
  },
);
