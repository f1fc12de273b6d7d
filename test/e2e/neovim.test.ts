import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startFakeOpenAI } from "../fakes/openai-server.js";
import {
  describeRun,
  E2E_DIR,
  EDITOR_TEST_TIMEOUT_MS,
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

const NVIM = findExecutable("nvim");
const BUILT = existsSync(join(REPO, "dist", "cli.js"));

/** -u NONE: no user config (the script loads ours); if the script dies, `cquit 1` still runs. */
function nvimArgv(script: string): string[] {
  return [
    NVIM ?? "nvim",
    "--headless",
    "-u",
    "NONE",
    "-i",
    "NONE",
    "-c",
    `luafile ${script}`,
    "-c",
    "cquit 1",
  ];
}

// In CI (.ci/run installs the editors) a missing editor fails the run instead of skipping it.
describe.skipIf(!NVIM && !process.env.CI)(
  `Neovim headless${NVIM ? "" : " (editor not installed: nvim)"}`,
  () => {
    it(
      "clients/neovim/seclsp.lua: rule id in virtual text and float, code actions, Suppress applied, scan/debug-info answer visibly",
      async () => {
        expect(BUILT, "dist/cli.js missing: run `npm run build` (npm test does)").toBe(true);
        const root = makeWorkspace({ "app.py": VULNERABLE_PY });
        const file = join(root, "app.py");
        const run = await runEditor(
          nvimArgv(join(E2E_DIR, "neovim", "harness.lua")),
          { file, code: TARGET_CODE },
          root,
        );
        expectSuppressSession(run, file);
        // Our position encoding, as negotiated by the client.
        expect(run.result?.offsetEncoding).toBe("utf-16");
        // Explanations open through window/showDocument: announced and handled on every version.
        expect(run.result?.showDocumentSupport).toBe(true);
        expect(run.result?.hasShowDocumentHandler).toBe(true);
        // What Neovim 0.7 draws (virtual text, <leader>sd float) names the rule once: the id users
        // type in `# seclsp: ignore[…]` and tell seclsp from other servers by.
        const shown = run.result?.shown as { virtualText?: string; float?: string } | undefined;
        expectRuleIdShownOnce(shown?.virtualText);
        expectRuleIdShownOnce(shown?.float);
        // <leader>sw and <leader>si: a message each, and the debug info in a window.
        expectVisibleCommandAnswers(run);
        // <leader>sp asks seclsp.showDataFlow about the finding under the cursor.
        const flow = run.result?.dataFlowRequest as
          | { command: string; uri: string; line: number; diagnostic: { code?: string; range?: unknown } }
          | undefined;
        expect(flow?.command).toBe("seclsp.showDataFlow");
        expect(flow?.uri).toBe(`file://${file}`);
        expect(flow?.diagnostic).toMatchObject({
          source: "seclsp",
          range: { start: { line: flow?.line } },
          code: expect.any(String),
        });
      },
      EDITOR_TEST_TIMEOUT_MS,
    );

    // The menu run gets the whole fixed file back; the keymap run gets only the fixed function, as
    // models often answer: the rest of the file must stay byte-for-byte.
    for (const keymap of [undefined, "<leader>sF"]) {
      it(
        keymap
          ? `Fix via the shipped ${keymap} keymap, the fake model answering only the function: the rest of the file is kept byte-for-byte`
          : "Fix (direct feedback) against the fake model server via vim.lsp.buf.code_action: the fixed file ends up in the buffer",
        async () => {
          expect(BUILT, "dist/cli.js missing: run `npm run build` (npm test does)").toBe(true);
          const reply = keymap ? fixedFunctionReply() : `\`\`\`python\n${fixedFixture()}\`\`\``;
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
            const run = await runEditor(
              nvimArgv(join(E2E_DIR, "neovim", "harness.lua")),
              keymap ? { ...inputs, keymap } : inputs,
              root,
            );
            if (keymap)
              expectFixSession(run, file, fake.requests, `keymap ${keymap}`, fixedByFunctionReply());
            else expectFixSession(run, file, fake.requests, FIX_ACTION);
          } finally {
            await fake.close();
          }
        },
        EDITOR_TEST_TIMEOUT_MS,
      );
    }

    it(
      "README.md's hand-written Neovim 0.7 snippet, pasted as is: seclsp diagnostics with their rule ids",
      async () => {
        expect(BUILT, "dist/cli.js missing: run `npm run build` (npm test does)").toBe(true);
        const root = makeWorkspace({ "app.py": VULNERABLE_PY });
        const file = join(root, "app.py");
        const run = await runEditor(nvimArgv(join(E2E_DIR, "neovim", "readme-snippet.lua")), { file }, root);
        expect(run.result?.ok, describeRun(run)).toBe(true);
        const diagnostics = (run.result?.diagnostics ?? []) as Array<{ line: number; code: string }>;
        expect(diagnostics).toContainEqual(
          expect.objectContaining({ line: lineOf(file, "hashlib.md5"), code: TARGET_CODE }),
        );
        // Two Python buffers would still share one server: the snippet starts one client.
        expect(run.result?.clients).toBe(1);
        expectRuleIdShownOnce(run.result?.float);
      },
      EDITOR_TEST_TIMEOUT_MS,
    );

    it(
      "clients/neovim/lspconfig.lua registers the same command, settings and keymaps",
      async () => {
        // A stand-in nvim-lspconfig (the plugin is not packaged for Debian) records what the variant
        // registers, so this checks our file, not lspconfig.
        const run = await runEditor(
          nvimArgv(join(E2E_DIR, "neovim", "lspconfig-probe.lua")),
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
          expect.arrayContaining([
            "<leader>sa",
            "<leader>se",
            "<leader>sf",
            "<leader>sF",
            "<leader>ss",
            "<leader>sw",
          ]),
        );
      },
      EDITOR_TEST_TIMEOUT_MS,
    );
    it(
      "seclsp.lua's 0.11 (vim.lsp.config/enable) and 0.8-0.10 (vim.lsp.start) branches pass the same config",
      async () => {
        // Debian ships Neovim 0.7, so the newer APIs are stand-ins that record their arguments.
        const run = await runEditor(
          nvimArgv(join(E2E_DIR, "neovim", "api-probe.lua")),
          { file: VULNERABLE_PY },
          REPO,
        );
        const result = run.result;
        expect(result?.ok, describeRun(run)).toBe(true);
        expect(result?.v011).toEqual([
          {
            fn: "config",
            name: "seclsp",
            cfg: {
              cmd: ["npx", "seclsp", "--stdio"],
              filetypes: ["python"],
              root_markers: ["pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", ".git"],
              settings: { seclsp: shippedSettings() },
              init_options: shippedSettings(),
            },
          },
          { fn: "enable", name: "seclsp" },
        ]);
        // One start for the python buffer, rooted at the folder with pyproject.toml, cmd overridden.
        expect(result?.v08).toEqual([
          {
            name: "seclsp",
            cmd: ["seclsp", "--stdio"],
            rootIsProject: true,
            settings: { seclsp: shippedSettings() },
            init_options: shippedSettings(),
            sameBuffer: true,
          },
        ]);
      },
      EDITOR_TEST_TIMEOUT_MS,
    );
  },
);
