// First: V8 wasm settings as in the server (see server/src/analysis/embedded/wasm-tuning.ts), before ruff loads.
import "../../server/src/analysis/embedded/wasm-tuning.js";
import { existsSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type {
  CodeAction,
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  TextDocumentEdit,
} from "vscode-languageserver/node.js";
import { StdioLspClient } from "../../perf/lib/lsp-stdio-client.js";
import { EmbeddedAnalyzer } from "../../server/src/analysis/embedded/embedded-analyzer.js";
import { visibleFindings } from "../../server/src/analysis/visible-findings.js";
import { findingToDiagnostic } from "../../server/src/lsp/finding-diagnostic.js";
import { isWithin, positionOf, rangeOf } from "../helpers/lsp-positions.js";

// npm test builds first; bin/seclsp.js loads dist/cli.js.
const BUILT = existsSync(new URL("../../dist/cli.js", import.meta.url));
const PATH = "/tmp/seclsp-stdio/app.py";
const URI = `file://${PATH}`;
const SOURCE = [
  "import pickle",
  "import hashlib",
  "",
  "",
  "def load(data):",
  "    # 😀 astral characters count as two UTF-16 units",
  "    x = '😀'; return pickle.loads(data)",
  "",
].join("\n");

let client: StdioLspClient | undefined;

beforeEach(() => {
  // Fail loudly (never skip) when the server was not built.
  expect(BUILT, "dist/cli.js missing: run `npm run build` (npm test does)").toBe(true);
});

afterEach(() => {
  client?.kill();
  client = undefined;
});

/** The diagnostics the core pipeline produces for `text`: the server must publish exactly these. */
async function expectedDiagnostics(text: string, version: number): Promise<Diagnostic[]> {
  await EmbeddedAnalyzer.ready();
  const findings = new EmbeddedAnalyzer().analyzeText({ path: PATH, text });
  // visibleFindings: merge, suppressions, stable fingerprints — what the server publishes.
  return visibleFindings(text, findings).map((finding) =>
    findingToDiagnostic(finding, { documentUri: URI, version, relatedInformation: true }),
  );
}

function cwe502(params: PublishDiagnosticsParams): Diagnostic | undefined {
  return params.diagnostics.find((d) => d.message.includes("[CWE-502]"));
}

describe("seclsp --stdio (built server over JSON-RPC)", () => {
  it("initialize → didOpen → diagnostics → codeAction → didChange → shutdown → exit 0", async () => {
    client = new StdioLspClient();
    const { connection } = client;
    const init = (await connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        general: { positionEncodings: ["utf-16"] },
        workspace: { workspaceEdit: { documentChanges: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
      },
      initializationOptions: { seclsp: { debounceMs: 0 } },
    })) as InitializeResult;
    expect(init.capabilities.positionEncoding).toBe("utf-16");
    expect(init.serverInfo?.name).toBe("seclsp");
    await connection.sendNotification("initialized", {});

    await connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri: URI, languageId: "python", version: 1, text: SOURCE },
    });
    const first = await client.completeDiagnostics(URI, 1);
    expect(first.diagnostics).toEqual(await expectedDiagnostics(SOURCE, 1));
    const pickle = cwe502(first);
    // The sink lies inside the call; its UTF-16 column counts the emoji as two units.
    const call = rangeOf(SOURCE, "pickle.loads(data)");
    expect(call.start.character).toBe("    x = '😀'; return ".length);
    expect(pickle && isWithin(pickle.range, call)).toBe(true);
    expect(pickle?.source).toBe("seclsp");
    expect(typeof pickle?.code).toBe("string");
    expect(pickle?.codeDescription?.href).toMatch(/^https:\/\//);
    expect(pickle?.data).toMatchObject({ ruleId: pickle?.code, source: "embedded" });

    const actions = (await connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri: URI },
      range: pickle?.range,
      context: { diagnostics: [pickle] },
    })) as CodeAction[];
    const suppress = actions.find((a) => a.title === `Suppress ${pickle?.code} on this line`);
    const edit = suppress?.edit?.documentChanges?.[0] as TextDocumentEdit | undefined;
    expect(edit?.textDocument).toEqual({ uri: URI, version: 1 });

    // Insert a line above (incremental change): the finding moves down one line.
    const insertAt = positionOf(SOURCE, "def load");
    await connection.sendNotification("textDocument/didChange", {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ range: { start: insertAt, end: insertAt }, text: "# a new comment line\n" }],
    });
    const second = await client.completeDiagnostics(URI, 2);
    const edited = `${SOURCE.slice(0, SOURCE.indexOf("def load"))}# a new comment line\n${SOURCE.slice(SOURCE.indexOf("def load"))}`;
    expect(second.diagnostics).toEqual(await expectedDiagnostics(edited, 2));
    const moved = cwe502(second);
    expect(moved?.range.start.line).toBe((pickle?.range.start.line ?? -1) + 1);
    expect(moved?.range.start.character).toBe(pickle?.range.start.character);

    await connection.sendNotification("textDocument/didClose", { textDocument: { uri: URI } });
    const cleared = await client.diagnostics(URI, (p) => p.diagnostics.length === 0);
    expect(cleared.diagnostics).toEqual([]);

    await connection.sendRequest("shutdown");
    await connection.sendNotification("exit");
    expect(await client.exited).toBe(0);
    expect(client.protocolErrors).toEqual([]);
  }, 60_000);

  it("answers an unknown command with an error and keeps serving; exit without shutdown is code 1", async () => {
    client = new StdioLspClient();
    const { connection } = client;
    await connection.sendRequest("initialize", { processId: null, rootUri: null, capabilities: {} });
    await connection.sendNotification("initialized", {});
    const failure = await connection
      .sendRequest("workspace/executeCommand", { command: "seclsp.nope", arguments: [] })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(String((failure as Error).message)).toContain("seclsp.nope");
    const info = (await connection.sendRequest("workspace/executeCommand", {
      command: "seclsp.debugInfo",
      arguments: [],
    })) as { seclsp: string };
    expect(info.seclsp).toMatch(/^\d+\.\d+/);
    await connection.sendNotification("exit");
    expect(await client.exited).toBe(1);
  }, 60_000);
});
