// First: V8 wasm settings as in the server (see server/src/analysis/embedded/wasm-tuning.ts), before ruff loads.
import "../../server/src/analysis/embedded/wasm-tuning.js";
import path, { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MessageType } from "vscode-languageserver/node.js";
import { CommandIds } from "../../server/src/lsp/command-ids.js";
import type { LspFeature } from "../../server/src/lsp/feature.js";
import { createCodeqlOnSaveFeature } from "../../server/src/lsp/features/codeql-on-save.js";
import { FAKE_CODEQL, removeTempDirs, tempDir } from "../fakes/fake-codeql-helpers.js";
import { FULL_CAPABILITIES, IN_PROCESS_FEATURES, LspHarness } from "../helpers/lsp-harness.js";
import { folderOf, makeWorkspace, removeWorkspaces, uriOf, VULNERABLE } from "./workspace-setup.js";

/**
 * Neovim 0.7 and eglot display nothing of a command's result: every seclsp command must end with
 * something the user sees (window/showMessage, or a document shown with window/showDocument).
 */
afterAll(() => Promise.all([removeWorkspaces(), removeTempDirs()]));
const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };

async function start(features: readonly LspFeature[], options: { codeqlPath: string; cacheDir?: string }) {
  const root = makeWorkspace({ "app.py": VULNERABLE, "lib/other.py": "x = 1\n" });
  const lsp = await LspHarness.start({
    features,
    workspaceFolders: [folderOf(root)],
    initializationOptions: {
      debounceMs: 0,
      codeql: {
        mode: "on",
        path: options.codeqlPath,
        ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
      },
    },
  });
  const uri = uriOf(root, "app.py");
  lsp.open(uri, VULNERABLE);
  return { root, uri, lsp };
}

/** Run a command and return what the user was shown because of it. */
async function shownBy(lsp: LspHarness, command: string, args: unknown[] = []) {
  const messages = lsp.client.messages.length;
  const documents = lsp.client.shownDocuments.length;
  const result = await lsp.server.executeCommand({ command, arguments: args }, { token });
  return {
    result,
    messages: lsp.client.messages.slice(messages),
    documents: lsp.client.shownDocuments.slice(documents),
  };
}

describe("every command ends with a visible answer", () => {
  it("scanWorkspace, debugInfo (both forms), exportSarif, loadSarif, showDataFlow, runCodeql", async () => {
    const dir = await tempDir("seclsp-answers-");
    const codeql = createCodeqlOnSaveFeature({
      env: { ...process.env, FAKE_CODEQL_LOG: path.join(dir, "log") },
      workDir: dir,
    });
    const { root, uri, lsp } = await start([...IN_PROCESS_FEATURES, codeql], {
      codeqlPath: FAKE_CODEQL,
      cacheDir: join(dir, "cache"),
    });
    const output = join(root, "out.sarif");
    const flow = lsp.client.lastDiagnostics(uri).find((d) => d.code === "py/command-line-injection");
    expect(flow).toBeDefined();
    const expectations: Array<[string, unknown[], RegExp]> = [
      [CommandIds.scanWorkspace, [], /^seclsp: scanned 2 Python files: \d+ findings?/],
      [CommandIds.debugInfo, [], /^seclsp \d+\.\d+\.\d+ .*\nanalyzers: embedded: ready/],
      [CommandIds.debugInfo, [{ uri }], /version 1: \d+ UTF-16 units, sha256 [0-9a-f]{64}/],
      [CommandIds.exportSarif, [output], /wrote \d+ finding\(s\) of 1 open document\(s\) to .*out\.sarif/],
      [CommandIds.loadSarif, [output, root], /loaded \d+ result\(s\) for 1 file\(s\) from .*out\.sarif/],
      [
        CommandIds.showDataFlow,
        [uri, flow],
        /data flow of py\/command-line-injection \(2 steps\):\n1\. app\.py:4:/,
      ],
      [CommandIds.runCodeql, [], /^seclsp: CodeQL: [^:]+: \d+ finding\(s\) in \d+ file\(s\)/],
    ];
    for (const [command, args, expected] of expectations) {
      const { messages } = await shownBy(lsp, command, args);
      expect(messages.map((m) => m.message).join("\n---\n"), command).toMatch(expected);
    }
  }, 60_000);

  it("runCodeql without CodeQL says why (a warning), not silence", async () => {
    const { lsp } = await start([...IN_PROCESS_FEATURES, createCodeqlOnSaveFeature()], {
      codeqlPath: "/nonexistent/seclsp-test/codeql",
    });
    const { messages, result } = await shownBy(lsp, CommandIds.runCodeql);
    expect(result).toEqual([expect.objectContaining({ status: "unavailable" })]);
    expect(messages.at(-1)?.type).toBe(MessageType.Warning);
    expect(messages.at(-1)?.message).toMatch(/codeql/i);
  });

  it("a command that shows nothing itself gets a 'done' message from the server", async () => {
    const quiet: LspFeature = {
      name: "quiet",
      commands: { [CommandIds.runCodeql]: async () => ({ ok: true }) },
    };
    const { lsp } = await start([quiet], { codeqlPath: "/nonexistent" });
    const { messages, result } = await shownBy(lsp, CommandIds.runCodeql);
    expect(result).toEqual({ ok: true });
    expect(messages).toEqual([{ type: MessageType.Info, message: `seclsp: ${CommandIds.runCodeql} done` }]);
  });
});

describe("Show data flow", () => {
  it("is offered on flow findings only, and its command answers the steps as Locations", async () => {
    const { uri, lsp } = await start(IN_PROCESS_FEATURES, { codeqlPath: "/nonexistent" });
    const actionsOn = (line: number) =>
      lsp.server.codeActions({
        textDocument: { uri },
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        context: { diagnostics: [] },
      });
    const [action] = (await actionsOn(4)).filter((a) => a.title.startsWith("Show data flow"));
    expect(action?.title).toBe("Show data flow of py/command-line-injection (2 steps)");
    expect(action?.command?.command).toBe(CommandIds.showDataFlow);
    const { result, messages, documents } = await shownBy(
      lsp,
      CommandIds.showDataFlow,
      action?.command?.arguments,
    );
    expect(result).toMatchObject({
      ok: true,
      ruleId: "py/command-line-injection",
      shownWith: "showMessage",
      steps: [
        { uri, range: { start: { line: 3 } }, message: expect.stringMatching(/^source: .*cmd/) },
        { uri, range: { start: { line: 4 } }, message: expect.stringMatching(/^sink: /) },
      ],
    });
    expect(messages).toHaveLength(1);
    expect(messages[0]?.message).toMatch(/\n1\. app\.py:4:\d+ source: .*\n2\. app\.py:5:\d+ sink: /);
    expect(documents).toEqual([]); // this client has no window.showDocument
  });

  it("opens the source step with window/showDocument when the client supports it", async () => {
    const root = makeWorkspace({ "app.py": VULNERABLE });
    const lsp = await LspHarness.start({
      workspaceFolders: [folderOf(root)],
      capabilities: {
        ...FULL_CAPABILITIES,
        window: { ...FULL_CAPABILITIES.window, showDocument: { support: true } },
      },
    });
    const uri = uriOf(root, "app.py");
    lsp.open(uri, VULNERABLE);
    const { result, documents } = await shownBy(lsp, CommandIds.showDataFlow, [
      { uri, ruleId: "py/command-line-injection", line: 4 },
    ]);
    expect(result).toMatchObject({ shownWith: "showDocument+showMessage" });
    expect(documents).toEqual([
      {
        uri,
        selection: expect.objectContaining({ start: expect.objectContaining({ line: 3 }) }),
        takeFocus: true,
      },
    ]);
  });

  it("a pattern finding has no flow: a message says so; a finding no longer shown is an error", async () => {
    const text = "import subprocess\n\n\ndef run():\n    subprocess.call('ls', shell=True)\n";
    const { uri, lsp } = await start(IN_PROCESS_FEATURES, { codeqlPath: "/nonexistent" });
    lsp.change(uri, text);
    await lsp.save(uri);
    const pattern = lsp.client.lastDiagnostics(uri).find((d) => !d.relatedInformation?.length);
    expect(pattern).toBeDefined();
    const { result, messages } = await shownBy(lsp, CommandIds.showDataFlow, [uri, pattern]);
    expect(result).toMatchObject({ ok: true, steps: [] });
    expect(messages.at(-1)?.message).toMatch(/no data flow to show/);
    const gone = await lsp.server
      .executeCommand(
        { command: CommandIds.showDataFlow, arguments: [uri, { ruleId: "py/x", line: 0 }] },
        { token },
      )
      .catch((e: unknown) => e as Error);
    expect((gone as Error).message).toMatch(/no py\/x finding is shown/);
  });
});
