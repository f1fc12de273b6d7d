// First: V8 wasm settings as in the server (see server/src/analysis/embedded/wasm-tuning.ts), before ruff loads.
import "../../server/src/analysis/embedded/wasm-tuning.js";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type CodeAction,
  CodeActionKind,
  type Diagnostic,
  ErrorCodes,
  ResponseError,
  type TextDocumentEdit,
} from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import { CommandIds } from "../../server/src/lsp/command-ids.js";
import type { DebugInfo } from "../../server/src/lsp/features/debug-info.js";
import { LspHarness } from "../helpers/lsp-harness.js";

const URI = "file:///project/app.py";
const UNSAFE = "import pickle\n\n\ndef load(data):\n    return pickle.loads(data)  # keep me\n";

function request(lsp: LspHarness, diagnostics: Diagnostic[], only?: string[]) {
  const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return lsp.server.codeActions({
    textDocument: { uri: URI },
    range,
    context: only ? { diagnostics, only } : { diagnostics },
  });
}

function pickleDiagnostic(lsp: LspHarness): Diagnostic {
  const diagnostic = lsp.client.lastDiagnostics(URI).find((d) => d.message.includes("[CWE-502]"));
  if (!diagnostic) throw new Error("expected a CWE-502 diagnostic");
  return diagnostic;
}

describe("suppress code action", () => {
  it("offers a versioned edit that adds the suppression comment and silences the finding", async () => {
    const lsp = await LspHarness.start();
    lsp.open(URI, UNSAFE);
    lsp.change(URI, `${UNSAFE}\n`); // version 2
    await lsp.save(URI);
    const diagnostic = pickleDiagnostic(lsp);
    const actions = await request(lsp, [diagnostic]);
    const suppress = actions.find((a) => a.title === `Suppress ${diagnostic.code} on this line`);
    expect(suppress?.kind).toBe(CodeActionKind.QuickFix);
    expect(suppress?.diagnostics).toEqual([diagnostic]);
    const change = suppress?.edit?.documentChanges?.[0] as TextDocumentEdit;
    expect(change.textDocument).toEqual({ uri: URI, version: 2 });
    expect(change.edits).toHaveLength(1);
    const edit = change.edits[0];
    if (!edit || !("range" in edit)) throw new Error("expected one text edit");
    expect(edit.range.start).toEqual({ line: 4, character: 0 });
    expect(edit.range.end).toEqual({ line: 4, character: "    return pickle.loads(data)  # keep me".length });
    expect(edit.newText).toContain(`seclsp: ignore[${diagnostic.code}]`);
    expect(edit.newText).toContain("# keep me");
    expect(edit.newText).toMatch(/^ {4}return pickle\.loads\(data\)/);

    // Apply the edit like an editor would: the finding is gone, the rest of the file untouched.
    const current = lsp.documents.get(URI);
    if (!current) throw new Error("document not open");
    const applied = TextDocument.applyEdits(current, change.edits);
    expect(applied.split("\n").length).toBe(`${UNSAFE}\n`.split("\n").length);
    lsp.change(URI, applied);
    await lsp.save(URI);
    expect(lsp.client.lastDiagnostics(URI).filter((d) => d.code === diagnostic.code)).toEqual([]);
  });

  it("falls back to plain changes for clients without documentChanges", async () => {
    const lsp = await LspHarness.start({ capabilities: {} });
    lsp.open(URI, UNSAFE);
    const actions = await request(lsp, [pickleDiagnostic(lsp)]);
    const suppress = actions.find((a) => a.kind === CodeActionKind.QuickFix);
    expect(suppress?.edit?.documentChanges).toBeUndefined();
    expect(suppress?.edit?.changes?.[URI]).toHaveLength(1);
  });

  it("ignores other tools' diagnostics and respects context.only", async () => {
    const lsp = await LspHarness.start();
    lsp.open(URI, UNSAFE);
    // Actions follow the server's findings on the requested lines, not what the client sends:
    // a foreign diagnostic on a clean line yields nothing, on the flagged line only our actions.
    const foreign: Diagnostic = { ...pickleDiagnostic(lsp), source: "pyright", code: "reportFoo" };
    const cleanLine = { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } };
    expect(await request(lsp, [{ ...foreign, range: cleanLine }])).toEqual([]);
    const onFlaggedLine = await request(lsp, [foreign]);
    expect(onFlaggedLine.length).toBeGreaterThan(0);
    expect(onFlaggedLine.every((a) => !a.title.includes("reportFoo"))).toBe(true);
    expect(await request(lsp, [pickleDiagnostic(lsp)], [CodeActionKind.Source])).toSatisfy(
      (actions: CodeAction[]) => actions.every((a) => a.kind?.startsWith("source")),
    );
  });

  it("works when the client drops diagnostic data (uses the code)", async () => {
    const lsp = await LspHarness.start();
    lsp.open(URI, UNSAFE);
    const { data: _dropped, ...bare } = pickleDiagnostic(lsp);
    const actions = await request(lsp, [bare]);
    expect(actions.map((a) => a.title)).toContain(`Suppress ${bare.code} on this line`);
  });
});

describe("commands", () => {
  it("seclsp.debugInfo reports versions, the config in effect and the analyzers", async () => {
    const lsp = await LspHarness.start({ initializationOptions: { debounceMs: 42 } });
    lsp.open(URI, UNSAFE);
    const info = (await lsp.server.executeCommand(
      { command: CommandIds.debugInfo },
      { token: { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) } },
    )) as DebugInfo;
    expect(info.seclsp).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.node).toBe(process.version);
    expect(info.ruff).toMatch(/^\d+\.\d+\.\d+/);
    expect((info.config as { debounceMs: number }).debounceMs).toBe(42);
    expect(info.analyzers).toContainEqual({ name: "embedded", available: true });
    expect(info.openDocuments).toBe(1);
    expect(lsp.client.logs.some((l) => l.message.includes("seclsp debug info"))).toBe(true);
  });

  it("seclsp.debugInfo {uri} returns the server's copy of a document (version, UTF-16 length, sha256)", async () => {
    const lsp = await LspHarness.start();
    lsp.open(URI, UNSAFE);
    lsp.change(URI, `${UNSAFE}# 😀\n`);
    const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
    const info = await lsp.server.executeCommand(
      { command: CommandIds.debugInfo, arguments: [{ uri: URI }] },
      { token },
    );
    const text = `${UNSAFE}# 😀\n`;
    expect(info).toEqual({
      uri: URI,
      version: 2,
      length: text.length,
      sha256: createHash("sha256").update(text, "utf8").digest("hex"),
    });
    const missing = await lsp.server
      .executeCommand({ command: CommandIds.debugInfo, arguments: [{ uri: "file:///nope.py" }] }, { token })
      .catch((e: unknown) => e);
    expect((missing as ResponseError<unknown>).code).toBe(ErrorCodes.InvalidParams);
  });

  it("offers debug info as a source action only when source actions are asked for", async () => {
    const lsp = await LspHarness.start();
    lsp.open(URI, UNSAFE);
    const source = await request(lsp, [], [CodeActionKind.Source]);
    expect(source.map((a) => a.command?.command)).toEqual([CommandIds.debugInfo]);
    expect(await request(lsp, [])).toEqual([]);
  });

  it("rejects an unknown command with InvalidParams", async () => {
    const lsp = await LspHarness.start();
    const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
    const error = await lsp.server
      .executeCommand({ command: "seclsp.nope" }, { token })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError<unknown>).code).toBe(ErrorCodes.InvalidParams);
  });

  it("lists only complete actions (an edit or a command), since it announces no codeAction/resolve", async () => {
    const lsp = await LspHarness.start();
    lsp.open(URI, UNSAFE);
    const whole = { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } };
    const actions = await lsp.server.codeActions({
      textDocument: { uri: URI },
      range: whole,
      context: { diagnostics: [] },
    });
    expect(actions.length).toBeGreaterThan(1);
    for (const action of actions)
      expect(action.edit !== undefined || action.command !== undefined).toBe(true);
  });
});
