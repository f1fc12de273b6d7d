import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CancellationTokenSource, type Diagnostic } from "vscode-languageserver/node.js";
import { CommandIds } from "../../server/src/lsp/command-ids.js";
import { createBanditOnSaveFeature } from "../../server/src/lsp/features/bandit-on-save.js";
import { createCodeqlOnSaveFeature } from "../../server/src/lsp/features/codeql-on-save.js";
import type { DebugInfo } from "../../server/src/lsp/features/debug-info.js";
import { FAKE_CODEQL, removeTempDirs, tempDir } from "../fakes/fake-codeql-helpers.js";
import { IN_PROCESS_FEATURES, LspHarness } from "../helpers/lsp-harness.js";
import { rangeOf } from "../helpers/lsp-positions.js";
import { waitFor } from "./workspace-setup.js";

afterAll(removeTempDirs);

const URI = "file:///project/app.py";
const TEXT = [
  "import sqlite3",
  "",
  "def find(cursor, q):",
  "    cursor.execute(q)  # fake-codeql: py/sql-injection",
  "",
].join("\n");

const fromCodeql = (diagnostics: Diagnostic[]) =>
  diagnostics.filter((d) => (d.data as { source?: string } | undefined)?.source === "codeql");

async function startWithFakeCodeql(): Promise<LspHarness> {
  const dir = await tempDir("seclsp-ws-codeql-");
  const env = { ...process.env, FAKE_CODEQL_LOG: path.join(dir, "log") };
  return LspHarness.start({
    features: [...IN_PROCESS_FEATURES, createCodeqlOnSaveFeature({ env, workDir: dir })],
    initializationOptions: {
      debounceMs: 0,
      codeql: { path: FAKE_CODEQL, cacheDir: path.join(dir, "cache") },
    },
  });
}

describe("CodeQL results across keystrokes", () => {
  it("stay on their moved line when the user types above, and go when the sink line is edited", async () => {
    const lsp = await startWithFakeCodeql();
    lsp.open(URI, TEXT);
    await lsp.save(URI);
    const shown = await waitFor(() => fromCodeql(lsp.client.publishesFor(URI).at(-1)?.diagnostics ?? [])[0]);
    expect(shown.range.start.line).toBe(3);

    // Typing on an unrelated line above: the next (embedded) publish still carries CodeQL's finding, moved down.
    const typed = `# a comment typed above\n${TEXT}`;
    lsp.change(URI, typed);
    await waitFor(() => lsp.client.publishesFor(URI).at(-1)?.version === 2);
    const moved = fromCodeql(lsp.client.lastDiagnostics(URI));
    expect(moved).toHaveLength(1);
    expect(moved[0]!.range.start).toEqual(rangeOf(typed, "cursor.execute(q)").start);

    // More typing elsewhere keeps it.
    lsp.change(URI, `${typed}\n# more`);
    await waitFor(() => lsp.client.publishesFor(URI).at(-1)?.version === 3);
    expect(fromCodeql(lsp.client.lastDiagnostics(URI))).toHaveLength(1);

    // Editing the sink line: CodeQL's result no longer describes the text and is dropped.
    lsp.change(URI, `${typed.replace("cursor.execute(q)", "cursor.execute(q, ())")}\n# more`);
    await waitFor(() => lsp.client.publishesFor(URI).at(-1)?.version === 4);
    expect(fromCodeql(lsp.client.lastDiagnostics(URI))).toEqual([]);
    await lsp.server.shutdown();
  });
});

describe("seclsp.debugInfo", () => {
  it("lists the CodeQL and Bandit analyzers with their availability", async () => {
    const missing = path.join(await tempDir("seclsp-ws-missing-"), "no-such-codeql");
    const env = { ...process.env, PATH: "/nonexistent" };
    const lsp = await LspHarness.start({
      features: [
        ...IN_PROCESS_FEATURES,
        createCodeqlOnSaveFeature({ env }),
        createBanditOnSaveFeature({ env }),
      ],
      initializationOptions: { codeql: { path: missing } },
    });
    const info = (await lsp.server.executeCommand(
      { command: CommandIds.debugInfo, arguments: [] },
      { token: new CancellationTokenSource().token },
    )) as DebugInfo;
    const byName = new Map(info.analyzers.map((analyzer) => [analyzer.name, analyzer.available]));
    expect(byName.get("embedded")).toBe(true);
    expect(typeof byName.get("codeql")).toBe("string");
    expect(byName.get("codeql")).toMatch(/codeql/i);
    expect(typeof byName.get("bandit")).toBe("string");
    await lsp.server.shutdown();
  });
});
