import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type {
  ApplyWorkspaceEditParams,
  ApplyWorkspaceEditResult,
  CodeAction,
  TextDocumentEdit,
} from "vscode-languageserver/node.js";
import { CommandIds } from "../../server/src/lsp/command-ids.js";
import { FULL_CAPABILITIES, LspHarness } from "../helpers/lsp-harness.js";
import { folderOf, makeWorkspace, removeWorkspaces, uriOf, waitFor } from "./workspace-setup.js";

const APP = `from flask import Flask, request
app = Flask(__name__)

def clean_html(text):
    return text.replace("<script>", "")

@app.route("/p")
def page():
    body = clean_html(request.args["body"])
    return "<p>" + body + "</p>"
`;

const running: LspHarness[] = [];
afterEach(async () => {
  for (const lsp of running.splice(0)) await lsp.server.shutdown();
});
afterAll(removeWorkspaces);

/** A client that writes applied edits to disk the way an editor saving the file would. */
function writeEditsToDisk(lsp: LspHarness): void {
  lsp.client.applyEdit = async (params: ApplyWorkspaceEditParams): Promise<ApplyWorkspaceEditResult> => {
    lsp.client.edits.push(params);
    for (const change of params.edit.documentChanges ?? []) {
      if ("kind" in change) {
        if (change.kind === "create") writeFileSync(fileURLToPath(change.uri), "");
        continue;
      }
      const edit = change as TextDocumentEdit;
      for (const e of edit.edits) appendFileSync(fileURLToPath(edit.textDocument.uri), e.newText);
    }
    return { applied: true };
  };
}

async function start(root: string, resourceOperations: boolean): Promise<LspHarness> {
  const capabilities = structuredClone(FULL_CAPABILITIES);
  if (resourceOperations) capabilities.workspace!.workspaceEdit!.resourceOperations = ["create"];
  const lsp = await LspHarness.start({
    workspaceFolders: [folderOf(root)],
    initializationOptions: { debounceMs: 0, threatModel: "remote" },
    capabilities,
  });
  running.push(lsp);
  writeEditsToDisk(lsp);
  return lsp;
}

const xss = (lsp: LspHarness, uri: string) =>
  (lsp.client.publishesFor(uri).at(-1)?.diagnostics ?? []).filter((d) => d.code === "py/reflective-xss");

async function sanitizerAction(lsp: LspHarness, uri: string): Promise<CodeAction> {
  const actions = (await lsp.server.codeActions({
    textDocument: { uri },
    range: { start: { line: 9, character: 0 }, end: { line: 9, character: 0 } },
    context: { diagnostics: [] },
  })) as CodeAction[];
  const action = actions.find((a) => a.title === "Treat `clean_html` as a sanitizer for py/reflective-xss");
  if (!action) throw new Error(`no model action among: ${actions.map((a) => a.title).join(" | ")}`);
  return action;
}

async function run(lsp: LspHarness, action: CodeAction): Promise<unknown> {
  return lsp.server.executeCommand(
    { command: action.command!.command, arguments: action.command!.arguments ?? [] },
    { token: { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) } },
  );
}

describe("code action: treat a function on the flow as a sanitizer", () => {
  it("appends the model to the existing .seclsp.toml only, and the finding disappears", async () => {
    const existing = '# project settings\nignore = ["ruff/S101"]\n';
    const root = makeWorkspace({ ".seclsp.toml": existing, "app.py": APP });
    const lsp = await start(root, false);
    const uri = uriOf(root, "app.py");
    lsp.open(uri, APP);
    await waitFor(() => xss(lsp, uri).length > 0);
    const action = await sanitizerAction(lsp, uri);
    expect(action.command?.command).toBe(CommandIds.addModel);
    expect(action.edit).toBeUndefined(); // nothing happens to app.py
    expect(await run(lsp, action)).toMatchObject({ applied: true });
    const [applied] = lsp.client.edits;
    const uris = (applied!.edit.documentChanges ?? []).map((c) =>
      "kind" in c ? ("uri" in c ? c.uri : c.newUri) : c.textDocument.uri,
    );
    expect(uris).toEqual([uriOf(root, ".seclsp.toml")]);
    const config = readFileSync(`${root}/.seclsp.toml`, "utf8");
    expect(config.startsWith(existing)).toBe(true);
    expect(config.slice(existing.length)).toBe(
      '\n[[models.sanitizers]]\nfunction = "clean_html"\nrules = ["py/reflective-xss"]\n',
    );
    expect(lsp.text(uri)).toBe(APP);
    await waitFor(() => xss(lsp, uri).length === 0);
  });

  it("creates .seclsp.toml when the workspace has no project file and the client can create files", async () => {
    const root = makeWorkspace({ "app.py": APP });
    const lsp = await start(root, true);
    const uri = uriOf(root, "app.py");
    lsp.open(uri, APP);
    await waitFor(() => xss(lsp, uri).length > 0);
    expect(await run(lsp, await sanitizerAction(lsp, uri))).toMatchObject({ applied: true });
    expect(readFileSync(`${root}/.seclsp.toml`, "utf8")).toBe(
      '[[models.sanitizers]]\nfunction = "clean_html"\nrules = ["py/reflective-xss"]\n',
    );
    await waitFor(() => xss(lsp, uri).length === 0);
  });

  it("appends a [[tool.seclsp.models.sanitizers]] table to the pyproject.toml the settings come from", async () => {
    const pyproject = '[project]\nname = "demo"\n\n[tool.seclsp]\nthreat-model = "remote"\n';
    const root = makeWorkspace({ "pyproject.toml": pyproject, "app.py": APP });
    const lsp = await start(root, false);
    const uri = uriOf(root, "app.py");
    lsp.open(uri, APP);
    await waitFor(() => xss(lsp, uri).length > 0);
    expect(await run(lsp, await sanitizerAction(lsp, uri))).toMatchObject({ applied: true });
    const text = readFileSync(`${root}/pyproject.toml`, "utf8");
    expect(text).toBe(
      `${pyproject}\n[[tool.seclsp.models.sanitizers]]\nfunction = "clean_html"\nrules = ["py/reflective-xss"]\n`,
    );
    await waitFor(() => xss(lsp, uri).length === 0);
  });

  it("refuses (and edits nothing) when an inline models table makes appending invalid", async () => {
    const inline = "models = { sanitizers = [] }\n";
    const root = makeWorkspace({ ".seclsp.toml": inline, "app.py": APP });
    const lsp = await start(root, false);
    const uri = uriOf(root, "app.py");
    lsp.open(uri, APP);
    await waitFor(() => xss(lsp, uri).length > 0);
    expect(await run(lsp, await sanitizerAction(lsp, uri))).toMatchObject({ applied: false });
    expect(lsp.client.edits).toEqual([]);
    expect(readFileSync(`${root}/.seclsp.toml`, "utf8")).toBe(inline);
    expect(lsp.client.messages.some((m) => /cannot add the model/.test(m.message))).toBe(true);
  });
});

describe("sanitizer candidates", () => {
  it("offers nothing for a parameter source (its `def f(` is not a call on the path)", async () => {
    const code = "import pickle\n\n\ndef load(data):\n    return pickle.loads(data)\n";
    const root = makeWorkspace({ "lib.py": code });
    const lsp = await LspHarness.start({
      workspaceFolders: [folderOf(root)],
      initializationOptions: { debounceMs: 0 },
    });
    running.push(lsp);
    const uri = uriOf(root, "lib.py");
    lsp.open(uri, code);
    await waitFor(() => (lsp.client.publishesFor(uri).at(-1)?.diagnostics.length ?? 0) > 0);
    const actions = (await lsp.server.codeActions({
      textDocument: { uri },
      range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } },
      context: { diagnostics: [] },
    })) as CodeAction[];
    expect(actions.filter((a) => a.command?.command === CommandIds.addModel)).toEqual([]);
  });
});
