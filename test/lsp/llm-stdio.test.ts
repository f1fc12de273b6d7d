import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CancellationTokenSource } from "vscode-jsonrpc/node.js";
import type {
  ApplyWorkspaceEditParams,
  CodeAction,
  Diagnostic,
  ShowDocumentParams,
  TextDocumentEdit,
} from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import { StdioLspClient } from "../../perf/lib/lsp-stdio-client.js";
import { type FakeOpenAIServer, startFakeOpenAI } from "../fakes/openai-server.js";
import { FIXED, llmSettings, py, UNSAFE } from "./llm-setup.js";

// npm test builds first; bin/seclsp.js loads dist/cli.js.
const BUILT = existsSync(new URL("../../dist/cli.js", import.meta.url));
const URI = "file:///tmp/seclsp-llm-stdio/app.py";

let fake: FakeOpenAIServer;
let client: StdioLspClient | undefined;

beforeEach(async () => {
  expect(BUILT, "dist/cli.js missing: run `npm run build` (npm test does)").toBe(true);
  fake = await startFakeOpenAI();
});

afterEach(async () => {
  client?.kill();
  client = undefined;
  await fake.close();
});

/** What the editor side of these tests saw: edit requests, shown documents, progress. */
interface EditorLog {
  edits: ApplyWorkspaceEditParams[];
  shown: ShowDocumentParams[];
  progress: unknown[];
}

/** Start the built server as an editor would, with the model settings pointing at `baseURL`. */
async function startEditor(baseURL: string): Promise<{ lsp: StdioLspClient; seen: EditorLog }> {
  const lsp = new StdioLspClient();
  client = lsp;
  const seen: EditorLog = { edits: [], shown: [], progress: [] };
  const { connection } = lsp;
  connection.onRequest("workspace/applyEdit", (params: ApplyWorkspaceEditParams) => {
    seen.edits.push(params);
    return { applied: true };
  });
  connection.onRequest("window/showDocument", (params: ShowDocumentParams) => {
    seen.shown.push(params);
    return { success: true };
  });
  connection.onRequest("window/workDoneProgress/create", () => null);
  connection.onNotification("$/progress", (params: unknown) => seen.progress.push(params));
  await connection.sendRequest("initialize", {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      workspace: { workspaceEdit: { documentChanges: true } },
      window: { workDoneProgress: true, showDocument: { support: true }, showMessage: {} },
    },
    initializationOptions: { seclsp: llmSettings({ baseURL }) },
  });
  await connection.sendNotification("initialized", {});
  await connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri: URI, languageId: "python", version: 1, text: UNSAFE },
  });
  return { lsp, seen };
}

async function pickleAction(lsp: StdioLspClient, title: RegExp): Promise<CodeAction> {
  // Two phases: ruff's S301 first, then the data-flow finding it merges into; act on the latter,
  // as a user does once the file's analysis is complete (the action titles name the rule).
  const isFlow = (d: Diagnostic) => d.code === "py/unsafe-deserialization";
  const published = await lsp.diagnostics(URI, (p) => p.diagnostics.some(isFlow));
  const diagnostic = published.diagnostics.find(isFlow) as Diagnostic;
  const actions = (await lsp.connection.sendRequest("textDocument/codeAction", {
    textDocument: { uri: URI },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  })) as CodeAction[];
  const action = actions.find((a) => title.test(a.title));
  if (!action?.command) throw new Error(`no action ${title} among ${actions.map((a) => a.title).join(", ")}`);
  return action;
}

function run(lsp: StdioLspClient, action: CodeAction, workDoneToken?: string): Promise<unknown> {
  return lsp.connection.sendRequest("workspace/executeCommand", {
    command: action.command?.command,
    arguments: action.command?.arguments,
    ...(workDoneToken ? { workDoneToken } : {}),
  });
}

describe("LLM commands over stdio (built server, fake model on 127.0.0.1)", { timeout: 90_000 }, () => {
  it("diagnostic → code action → executeCommand → workspace/applyEdit with the right version and text", async () => {
    const { lsp, seen } = await startEditor(fake.baseURL);
    const action = await pickleAction(lsp, /\(direct feedback\)$/);
    expect(fake.requests).toHaveLength(0); // listing never calls the model
    fake.enqueue({ content: py(FIXED) });
    const result = await run(lsp, action, "fix-1");
    expect(result).toMatchObject({ ok: true, applied: true, verified: true, version: 1 });
    expect(seen.edits).toHaveLength(1);
    const change = seen.edits[0]?.edit.documentChanges?.[0] as TextDocumentEdit;
    expect(change.textDocument).toEqual({ uri: URI, version: 1 });
    const document = TextDocument.create(URI, "python", 1, UNSAFE);
    expect(TextDocument.applyEdits(document, change.edits)).toBe(FIXED);
    // $/progress: begin (with the action's title) … end, on one token. (The request's own
    // workDoneToken is not used yet: vscode-languageserver strips it from the params before the
    // handler sees them, so the server creates a token; see docs/llm-editor.md.)
    const progress = seen.progress as Array<{ token: unknown; value: { kind: string; title?: string } }>;
    const begin = progress.find((p) => p.value.kind === "begin");
    expect(begin?.value.title).toBe(action.title);
    const mine = progress.filter((p) => p.token === begin?.token).map((p) => p.value.kind);
    expect(mine.at(-1)).toBe("end");
  });

  it("stale version: didChange before the model answers → no applyEdit, the user is told", async () => {
    const { lsp, seen } = await startEditor(fake.baseURL);
    const action = await pickleAction(lsp, /\(direct feedback\)$/);
    let release: () => void = () => {};
    fake.enqueue({
      until: new Promise<void>((resolve) => (release = resolve)),
      reply: { content: py(FIXED) },
    });
    const running = run(lsp, action);
    while (fake.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await lsp.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ text: `${UNSAFE}# typing\n` }],
    });
    // The server has the new version once it publishes for it; only then does the model answer.
    await lsp.diagnostics(URI, (p) => p.version === 2);
    release();
    expect(await running).toMatchObject({ ok: true, applied: false, stale: true, version: 1 });
    expect(seen.edits).toEqual([]);
    expect(lsp.showMessages.at(-1)).toMatch(/not applied: the document changed .*version 1, now version 2/);
  });

  it("$/cancelRequest while the model works: the request ends cancelled, no edit, the server keeps serving", async () => {
    const { lsp, seen } = await startEditor(fake.baseURL);
    const action = await pickleAction(lsp, /\(direct feedback\)$/);
    fake.enqueue({ delayMs: 60_000 });
    const source = new CancellationTokenSource();
    const running = lsp.connection.sendRequest(
      "workspace/executeCommand",
      { command: action.command?.command, arguments: action.command?.arguments },
      source.token,
    );
    while (fake.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    source.cancel();
    expect(await running).toMatchObject({ ok: false, cancelled: true });
    expect(seen.edits).toEqual([]);
    fake.enqueue({ content: py(FIXED) });
    expect(await run(lsp, action)).toMatchObject({ applied: true });
  });

  it("consent off (non-loopback endpoint): no request reaches the model server", async () => {
    // 0.0.0.0 connects to local listeners but is not loopback: only consent keeps the code home.
    const { lsp, seen } = await startEditor(fake.baseURL.replace("127.0.0.1", "0.0.0.0"));
    const action = await pickleAction(lsp, /\(direct feedback\)$/);
    expect(await run(lsp, action)).toMatchObject({ ok: false });
    expect(fake.requests).toHaveLength(0);
    expect(seen.edits).toEqual([]);
    expect(lsp.showMessages.at(-1)).toContain('"seclsp.llm.allowRemote": true');
  });

  it("explain → window/showDocument of a markdown file holding the explanation", async () => {
    const { lsp, seen } = await startEditor(fake.baseURL);
    const action = await pickleAction(lsp, /^Explain /);
    fake.enqueue({ content: "FAKE-EXPLANATION: never unpickle untrusted data." });
    const result = await run(lsp, action);
    expect(result).toMatchObject({ ok: true, shownWith: "showDocument" });
    expect(seen.shown).toHaveLength(1);
    const file = fileURLToPath(seen.shown[0]?.uri ?? "");
    expect(file.endsWith(".md")).toBe(true);
    expect(readFileSync(file, "utf8")).toContain("FAKE-EXPLANATION: never unpickle untrusted data.");
    // Still serving: shutdown and exit cleanly.
    await lsp.connection.sendRequest("shutdown");
    await lsp.connection.sendNotification("exit");
    expect(await lsp.exited).toBe(0);
  });
});
