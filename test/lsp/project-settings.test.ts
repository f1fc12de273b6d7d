// First: V8 wasm settings as in the server (see server/src/analysis/embedded/wasm-tuning.ts), before ruff loads.
import "../../server/src/analysis/embedded/wasm-tuning.js";
import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DiagnosticSeverity, DiagnosticTag } from "vscode-languageserver/node.js";
import { CommandIds } from "../../server/src/lsp/command-ids.js";
import type { DebugInfo } from "../../server/src/lsp/features/debug-info.js";
import { LspHarness } from "../helpers/lsp-harness.js";
import { check, git, MD5, PICKLE, writeFiles } from "../unit/check/check-project.js";

let dir = "";
beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "seclsp-lsp-project-")));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const TOKEN = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };

async function startIn(root: string, configuration?: unknown) {
  return LspHarness.start({
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: "w" }],
    configuration,
  });
}

describe("language server with a project config file", { timeout: 180_000 }, () => {
  it("layers the workspace's pyproject.toml under the editor settings and names it in debug info", async () => {
    const root = await writeFiles(join(dir, "layers"), {
      "pyproject.toml": '[tool.seclsp]\ndebounce-ms = 7\nthreat-model = "remote"\nignore = ["CWE-502"]\n',
    });
    const lsp = await startIn(root, { threatModel: "local" });
    const uri = pathToFileURL(join(root, "m.py")).href;
    lsp.open(uri, `${MD5}\n\n${PICKLE}`);
    const info = (await lsp.server.executeCommand(
      { command: CommandIds.debugInfo },
      { token: TOKEN },
    )) as DebugInfo;
    const config = info.config as { debounceMs: number; threatModel: string };
    expect(config.debounceMs).toBe(7);
    expect(config.threatModel).toBe("local"); // the editor wins over the project file
    expect(info.projectConfigFile).toBe(join(root, "pyproject.toml"));
    // The project's `ignore` applies in the editor too.
    const messages = lsp.client.lastDiagnostics(uri).map((d) => d.message);
    expect(messages.some((m) => m.includes("CWE-327"))).toBe(true);
    expect(messages.some((m) => m.includes("CWE-502"))).toBe(false);
  });

  it("a bad project file: one message naming the file and key, defaults kept", async () => {
    const root = await writeFiles(join(dir, "bad"), {
      ".seclsp.toml": 'debounce-ms = "soon"\nthreat-model = "remote"\n',
    });
    const lsp = await startIn(root);
    const shown = lsp.client.messages.map((m) => m.message).join("\n");
    expect(shown).toMatch(/\.seclsp\.toml: debounceMs: /);
    const info = (await lsp.server.executeCommand(
      { command: CommandIds.debugInfo },
      { token: TOKEN },
    )) as DebugInfo;
    expect((info.config as { debounceMs: number }).debounceMs).toBe(150);
    expect((info.config as { threatModel: string }).threatModel).toBe("remote");
  });

  it('onlyNew = "baseline": known findings fade to Unnecessary hints (or hide), new ones stay, after code moved', async () => {
    const root = await writeFiles(join(dir, "baseline"), {
      ".seclsp.toml": 'only-new = "baseline"\nbaseline = "ci/seclsp-baseline.sarif"\n',
      "app.py": `${MD5}\n\n${PICKLE}`,
    });
    await writeFiles(root, { "ci/.keep": "" });
    await check(root, { format: "sarif", output: "ci/seclsp-baseline.sarif" });

    const lsp = await startIn(root);
    const uri = pathToFileURL(join(root, "app.py")).href;
    // The load functions swapped, lines inserted above, and one new flaw.
    const edited = `"""Edited."""\n${PICKLE}\n\n${MD5}\n\ndef again(x):\n    return hashlib.md5(x).digest()\n`;
    lsp.open(uri, edited);
    await vi.waitFor(() => {
      expect(lsp.client.lastDiagnostics(uri).some((d) => d.severity === DiagnosticSeverity.Hint)).toBe(true);
    });
    const diagnostics = lsp.client.lastDiagnostics(uri);
    const hints = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Hint);
    const fresh = diagnostics.filter((d) => d.severity !== DiagnosticSeverity.Hint);
    for (const hint of hints) {
      expect(hint.tags).toEqual([DiagnosticTag.Unnecessary]);
      expect(hint.message).toMatch(/^\(known\) /);
    }
    expect(fresh.length).toBeGreaterThan(0);
    expect(
      fresh.every(
        (d) => d.range.start.line === edited.split("\n").indexOf("    return hashlib.md5(x).digest()"),
      ),
    ).toBe(true);

    // The editor's choice: hide known findings altogether.
    lsp.client.configuration = { knownFindings: "hide" };
    await lsp.server.didChangeConfiguration({ settings: null });
    await vi.waitFor(() => {
      expect(lsp.client.lastDiagnostics(uri).length).toBe(fresh.length);
    });
  });

  it("a baseline that is not seclsp's SARIF: a clear message, every finding shown", async () => {
    const root = await writeFiles(join(dir, "bad-baseline"), {
      ".seclsp.toml": 'onlyNew = "baseline"\nbaseline = "b.sarif"\n',
      "b.sarif": "{}",
    });
    const lsp = await startIn(root);
    const uri = pathToFileURL(join(root, "m.py")).href;
    lsp.open(uri, MD5);
    await vi.waitFor(() => {
      expect(lsp.client.messages.map((m) => m.message).join("\n")).toMatch(/b\.sarif is not a SARIF log/);
    });
    expect(lsp.client.lastDiagnostics(uri).every((d) => d.severity !== DiagnosticSeverity.Hint)).toBe(true);
    expect(lsp.client.lastDiagnostics(uri).length).toBeGreaterThan(0);
  });

  it('onlyNew = "git": only findings on lines changed in the buffer since the ref are new', async () => {
    const root = await writeFiles(join(dir, "git"), { "m.py": MD5, ".seclsp.toml": 'onlyNew = "git"\n' });
    git(root, "init", "-q");
    git(root, "add", "-A");
    git(root, "commit", "-qm", "initial");
    const lsp = await startIn(root, { knownFindings: "hide" });
    const uri = pathToFileURL(join(root, "m.py")).href;
    // Unsaved edit: a new flaw below the committed one.
    const edited = `${MD5}\n\ndef again(x):\n    return hashlib.md5(x).digest()\n`;
    lsp.open(uri, edited);
    await vi.waitFor(() => {
      const lines = lsp.client.lastDiagnostics(uri).map((d) => d.range.start.line);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.every((line) => line === 8)).toBe(true);
    });
    // Saved and committed: HEAD moved, so after the next save nothing is new any more.
    await writeFiles(root, { "m.py": edited });
    git(root, "commit", "-qam", "second");
    await lsp.save(uri);
    await vi.waitFor(() => {
      expect(lsp.client.lastDiagnostics(uri)).toEqual([]);
    });
  });
});
