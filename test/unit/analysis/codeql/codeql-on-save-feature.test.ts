import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type Diagnostic, MessageType } from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import { CommandIds } from "../../../../server/src/lsp/command-ids.js";
import type { LspFeature } from "../../../../server/src/lsp/feature.js";
import { createBanditOnSaveFeature } from "../../../../server/src/lsp/features/bandit-on-save.js";
import { createCodeqlOnSaveFeature } from "../../../../server/src/lsp/features/codeql-on-save.js";
import { FEATURES as ALL_FEATURES } from "../../../../server/src/lsp/features/index.js";
import { SeclspServer } from "../../../../server/src/lsp/seclsp-server.js";
import {
  databaseInvocations,
  FAKE_CODEQL,
  removeTempDirs,
  tempDir,
} from "../../../fakes/fake-codeql-helpers.js";
import { FULL_CAPABILITIES, InMemoryDocuments } from "../../../helpers/lsp-harness.js";
import { RecordingLspClient } from "../../../helpers/lsp-recording-client.js";

afterAll(removeTempDirs);

/** The server's other features; ours are added per test with test settings (once registered, not twice). */
const FEATURES = ALL_FEATURES.filter(
  (f) => !["codeql-on-save", "bandit-on-save", "sarif-commands"].includes(f.name),
);
const URI = "file:///project/app.py";
const TEXT = [
  "import sqlite3",
  "",
  "def find(cursor, q):",
  "    cursor.execute(q)  # fake-codeql: py/sql-injection",
  "",
].join("\n");

async function start(
  options: { codeql?: Record<string, unknown>; env?: NodeJS.ProcessEnv; features?: LspFeature[] } = {},
) {
  const dir = await tempDir("seclsp-lsp-codeql-");
  const logFile = path.join(dir, "log");
  const client = new RecordingLspClient();
  const documents = new InMemoryDocuments();
  const env = { ...process.env, FAKE_CODEQL_LOG: logFile, ...options.env };
  const features = options.features ?? [...FEATURES, createCodeqlOnSaveFeature({ env, workDir: dir })];
  const server = new SeclspServer({ client, documents, features });
  server.initialize({
    processId: null,
    rootUri: null,
    capabilities: FULL_CAPABILITIES,
    initializationOptions: {
      codeql: { path: FAKE_CODEQL, cacheDir: path.join(dir, "cache"), ...options.codeql },
    },
  });
  await server.initialized();
  const open = (text: string) => {
    const document = TextDocument.create(URI, "python", 1, text);
    documents.set(document);
    server.didOpen(document);
    return document;
  };
  const change = (text: string) => {
    const current = documents.get(URI)!;
    const document = TextDocument.update(current, [{ text }], current.version + 1);
    documents.set(document);
    server.didChangeContent(document);
    return document;
  };
  return { client, documents, server, logFile, open, change, dir };
}

function codeqlDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => (d.data as { source?: string } | undefined)?.source === "codeql");
}

/** Wait for the background run: poll the recorded publishes (no timing assertion). */
async function waitFor<T>(probe: () => T | undefined): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("condition not reached");
}

describe("CodeQL on save (LSP feature)", () => {
  it("publishes CodeQL diagnostics for the saved version next to the embedded ones", async () => {
    const lsp = await start();
    const document = lsp.open(TEXT);
    await lsp.server.didSave(document);
    const publish = await waitFor(() =>
      lsp.client.publishesFor(URI).find((p) => codeqlDiagnostics(p.diagnostics).length > 0),
    );
    expect(publish.version).toBe(1);
    const [diagnostic] = codeqlDiagnostics(publish.diagnostics);
    expect(diagnostic!.code).toBe("py/sql-injection");
    expect(diagnostic!.range).toEqual({ start: { line: 3, character: 4 }, end: { line: 3, character: 21 } });
    expect(lsp.client.progress.some((p) => p.title === "CodeQL: app.py")).toBe(true);
  });

  it("moves results to their new lines when the user typed above while CodeQL ran", async () => {
    const lsp = await start({ env: { FAKE_CODEQL_DELAY_MS: "300" } });
    const document = lsp.open(TEXT);
    await lsp.server.didSave(document);
    lsp.change(`# a new comment\n# and another\n${TEXT}`);
    const publish = await waitFor(() =>
      lsp.client.publishesFor(URI).find((p) => codeqlDiagnostics(p.diagnostics).length > 0),
    );
    expect(publish.version).toBe(2);
    expect(codeqlDiagnostics(publish.diagnostics)[0]!.range.start).toEqual({ line: 5, character: 4 });
  });

  it("drops results whose line was edited while CodeQL ran", async () => {
    const lsp = await start({ env: { FAKE_CODEQL_DELAY_MS: "300" } });
    const document = lsp.open(TEXT);
    await lsp.server.didSave(document);
    lsp.change(TEXT.replace("cursor.execute(q)", "cursor.execute(q, ())"));
    // The run stores its SARIF in the cache right before its result is reconciled and published.
    await waitFor(() =>
      existsSync(path.join(lsp.dir, "cache")) &&
      readdirSync(path.join(lsp.dir, "cache")).some((f) => f.endsWith(".sarif"))
        ? true
        : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(databaseInvocations(lsp.logFile).map((argv) => argv[1])).toEqual(["create", "analyze"]);
    for (const publish of lsp.client.publishesFor(URI))
      expect(codeqlDiagnostics(publish.diagnostics)).toEqual([]);
  });

  it("a CodeQL result replaces the embedded report of the same problem", async () => {
    const lsp = await start();
    const text =
      "import pickle\n\ndef load(data):\n    return pickle.loads(data)  # fake-codeql: py/unsafe-deserialization\n";
    const document = lsp.open(text);
    const embedded = lsp.client.lastDiagnostics(URI).filter((d) => d.range.start.line === 3);
    expect(embedded.length).toBeGreaterThan(0);
    await lsp.server.didSave(document);
    const publish = await waitFor(() =>
      lsp.client.publishesFor(URI).find((p) => codeqlDiagnostics(p.diagnostics).length > 0),
    );
    const onLine = publish.diagnostics.filter(
      (d) => d.range.start.line === 3 && d.message.includes("CWE-502"),
    );
    expect(onLine).toHaveLength(1);
    expect((onLine[0]!.data as { source: string }).source).toBe("codeql");
  });

  it("re-saving unchanged text starts no process; changed settings do", async () => {
    const lsp = await start();
    const document = lsp.open(TEXT);
    const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
    const run = () =>
      lsp.server.executeCommand({ command: CommandIds.runCodeql, arguments: [URI] }, { token });
    expect(await run()).toEqual([{ uri: URI, status: "done", findings: 1 }]);
    await run();
    expect(databaseInvocations(lsp.logFile)).toHaveLength(2);
    lsp.client.configuration = {
      codeql: { suite: "codeql/python-queries:codeql-suites/python-code-scanning.qls" },
    };
    await lsp.server.didChangeConfiguration({ settings: {} });
    await run();
    const calls = databaseInvocations(lsp.logFile);
    expect(calls).toHaveLength(4);
    expect(calls[3]).toContain("codeql/python-queries:codeql-suites/python-code-scanning.qls");
    expect(document.version).toBe(1);
  });

  it("seclsp.runCodeql runs on demand and reports per document", async () => {
    const lsp = await start();
    lsp.open(TEXT);
    const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
    const result = await lsp.server.executeCommand(
      { command: CommandIds.runCodeql, arguments: [URI] },
      { token },
    );
    expect(result).toEqual([{ uri: URI, status: "done", findings: 1 }]);
    expect(codeqlDiagnostics(lsp.client.lastDiagnostics(URI))).toHaveLength(1);
  });

  it("a missing CLI with mode on is reported once with the install link; mode auto only logs", async () => {
    const on = await start({ codeql: { mode: "on", path: "/nonexistent/codeql" } });
    const document = on.open(TEXT);
    await on.server.didSave(document);
    await on.server.didSave(document);
    const warnings = await waitFor(() => {
      const found = on.client.messages.filter(
        (m) => m.type === MessageType.Warning && m.message.includes("codeql-action/releases"),
      );
      return found.length > 0 ? found : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(on.client.messages.filter((m) => m.message.includes("codeql-action/releases"))).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/not an executable file/);

    const auto = await start({ codeql: { path: "/nonexistent/codeql" } });
    const doc2 = auto.open(TEXT);
    await auto.server.didSave(doc2);
    await waitFor(() =>
      auto.client.logs.some((l) => l.message.includes("codeql-action/releases")) ? true : undefined,
    );
    expect(auto.client.messages.filter((m) => m.message.includes("codeql"))).toEqual([]);
  });

  it("a failing CLI shows one warning and keeps the embedded diagnostics", async () => {
    const lsp = await start({ env: { FAKE_CODEQL_FAIL: "32" } });
    const document = lsp.open("import pickle\npickle.loads(data)\n");
    const before = lsp.client.lastDiagnostics(URI);
    await lsp.server.didSave(document);
    const warning = await waitFor(() => lsp.client.messages.find((m) => m.message.includes("CodeQL failed")));
    expect(warning.message).toMatch(/exit 32/);
    expect(lsp.client.lastDiagnostics(URI)).toEqual(before);
  });
});

describe("Bandit on save (LSP feature)", () => {
  it("publishes Bandit diagnostics on save", async () => {
    const dir = await tempDir("seclsp-lsp-bandit-");
    const lsp = await start({
      codeql: { mode: "off" },
      features: [...FEATURES, createBanditOnSaveFeature({ workDir: dir })],
    });
    const document = lsp.open("import subprocess\nsubprocess.call(cmd, shell=True)\n");
    await lsp.server.didSave(document);
    const publish = await waitFor(() =>
      lsp.client
        .publishesFor(URI)
        .find((p) => p.diagnostics.some((d) => (d.data as { source?: string }).source === "bandit")),
    );
    const bandit = publish.diagnostics.filter((d) => (d.data as { source?: string }).source === "bandit");
    expect(bandit.map((d) => d.range.start.line)).toContain(1);
  });
});
