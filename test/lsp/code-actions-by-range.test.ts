// First: V8 wasm settings as in the server (see server/src/analysis/embedded/wasm-tuning.ts), before ruff loads.
import "../../server/src/analysis/embedded/wasm-tuning.js";
import { describe, expect, it } from "vitest";
import type {
  CodeAction,
  Diagnostic,
  Range,
  TextDocumentEdit,
  TextEdit,
} from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import { MAX_FINDINGS_PER_REQUEST } from "../../server/src/lsp/features/finding-quick-fixes.js";
import { LspHarness } from "../helpers/lsp-harness.js";

const URI = "file:///project/app.py";

/** A Flask app with `app.run(debug=True)` (py/flask-debug) on lines 20 and 26 (0-based), padding elsewhere. */
function flaskApp(): string {
  const lines = ["from flask import Flask", "app = Flask(__name__)"];
  while (lines.length < 18) lines.push(`x${lines.length} = ${lines.length}`);
  lines.push(
    "",
    "def first():",
    "    app.run(debug=True)",
    "",
    "",
    "",
    "",
    "def second():",
    "    app.run(debug=True)",
  );
  return `${lines.join("\n")}\n`;
}
const TEXT = flaskApp();
const LINES = TEXT.split("\n");

function at(line: number, character: number, endLine = line, endCharacter = character): Range {
  return { start: { line, character }, end: { line: endLine, character: endCharacter } };
}

function actionsAt(lsp: LspHarness, range: Range, diagnostics: Diagnostic[] = []): Promise<CodeAction[]> {
  return lsp.server.codeActions({ textDocument: { uri: URI }, range, context: { diagnostics } });
}

function onlyEdit(action: CodeAction | undefined): TextEdit {
  const change = action?.edit?.documentChanges?.[0] as TextDocumentEdit | undefined;
  const edit = change?.edits[0];
  if (change?.edits.length !== 1 || !edit || !("range" in edit)) throw new Error("expected one edit");
  return edit;
}

const suppressions = (actions: CodeAction[]) => actions.filter((a) => a.title.startsWith("Suppress"));
const diagnosticLines = (actions: CodeAction[]) => [
  ...new Set(actions.flatMap((a) => a.diagnostics ?? []).map((d) => d.range.start.line)),
];

async function started(): Promise<LspHarness> {
  const lsp = await LspHarness.start();
  lsp.open(URI, TEXT);
  const flagged = lsp.client.lastDiagnostics(URI).map((d) => `${d.code}@${d.range.start.line}`);
  expect(flagged).toEqual(["py/flask-debug@20", "py/flask-debug@26"]);
  return lsp;
}

describe("code actions follow the requested range, not context.diagnostics", () => {
  it("empty context.diagnostics with the cursor at column 0 and at the end of the flagged line", async () => {
    const lsp = await started();
    for (const character of [0, LINES[20]!.length]) {
      const actions = await actionsAt(lsp, at(20, character));
      expect(
        suppressions(actions).map((a) => a.title),
        `column ${character}`,
      ).toEqual(["Suppress py/flask-debug on this line"]);
      expect(actions.some((a) => a.title === "Explain py/flask-debug")).toBe(true);
      expect(diagnosticLines(actions)).toEqual([20]);
    }
  });

  it("a line without a finding gets nothing, even when the client sends every diagnostic of the file", async () => {
    const lsp = await started();
    expect(await actionsAt(lsp, at(0, 0), lsp.client.lastDiagnostics(URI))).toEqual([]);
    expect(await actionsAt(lsp, at(23, 0))).toEqual([]);
  });

  it("a multi-line range (also reversed) offers actions for the findings on each of its lines", async () => {
    const lsp = await started();
    for (const range of [at(19, 0, 27, 0), at(27, 0, 19, 0)]) {
      const actions = await actionsAt(lsp, range);
      expect(suppressions(actions)).toHaveLength(2);
      expect(suppressions(actions).map((a) => onlyEdit(a).range.start.line)).toEqual([20, 26]);
    }
    expect(suppressions(await actionsAt(lsp, at(21, 0, 25, 3)))).toEqual([]);
  });

  it("client diagnostics that do not match the server's findings are ignored", async () => {
    const lsp = await started();
    const [line20, line26] = lsp.client.lastDiagnostics(URI);
    const forged: Diagnostic = {
      range: at(20, 0, 20, 5),
      source: "seclsp",
      code: "py/sql-injection",
      message: "forged",
      data: { fingerprint: "nope", ruleId: "py/sql-injection", source: "embedded" },
    };
    const actions = await actionsAt(lsp, at(20, 4), [forged, line26!]);
    expect(actions.some((a) => a.title.includes("py/sql-injection"))).toBe(false);
    expect(diagnosticLines(actions)).toEqual([20]);
    expect(actions.find((a) => a.title.startsWith("Suppress"))?.diagnostics).toEqual([line20]);
  });

  it("Suppress picked on line 20 edits line 20's statement only; line 26 stays flagged", async () => {
    const lsp = await started();
    const [suppress] = suppressions(
      await actionsAt(lsp, at(20, 0), lsp.client.lastDiagnostics(URI).slice(1)),
    );
    const edit = onlyEdit(suppress);
    expect(edit.range).toEqual(at(20, 0, 20, LINES[20]!.length));
    const document = lsp.documents.get(URI)!;
    const applied = TextDocument.applyEdits(document, [edit]);
    const after = applied.split("\n");
    expect(after.filter((line, i) => line !== LINES[i])).toEqual([
      "    app.run(debug=True)  # seclsp: ignore[py/flask-debug]",
    ]);
    lsp.change(URI, applied);
    await lsp.save(URI);
    expect(lsp.client.lastDiagnostics(URI).map((d) => `${d.code}@${d.range.start.line}`)).toEqual([
      "py/flask-debug@26",
    ]);
  });

  it("after an edit still in the debounce, actions use the new text's lines and version", async () => {
    const lsp = await LspHarness.start({ initializationOptions: { debounceMs: 60_000 } });
    lsp.open(URI, TEXT);
    lsp.change(URI, `# two new\n# lines\n${TEXT}`); // analysis pending for 60 s
    const actions = suppressions(await actionsAt(lsp, at(22, 0)));
    expect(actions).toHaveLength(1);
    const change = actions[0]?.edit?.documentChanges?.[0] as TextDocumentEdit;
    expect(change.textDocument.version).toBe(2);
    expect(onlyEdit(actions[0]).range.start.line).toBe(22);
    expect(await actionsAt(lsp, at(20, 0))).toEqual([]);
  });

  it("a select-all over many findings lists actions for the first MAX_FINDINGS_PER_REQUEST of them, by line", async () => {
    const lsp = await LspHarness.start();
    const text = `from flask import Flask\napp = Flask(__name__)\n${"app.run(debug=True)\n".repeat(MAX_FINDINGS_PER_REQUEST + 10)}`;
    lsp.open(URI, text);
    expect(lsp.client.lastDiagnostics(URI)).toHaveLength(MAX_FINDINGS_PER_REQUEST + 10);
    const lines = suppressions(await actionsAt(lsp, at(0, 0, MAX_FINDINGS_PER_REQUEST + 20, 0))).map(
      (a) => onlyEdit(a).range.start.line,
    );
    expect(lines).toEqual(Array.from({ length: MAX_FINDINGS_PER_REQUEST }, (_, i) => i + 2));
  });
});
