// First: V8 wasm settings as in the server (see server/src/analysis/embedded/wasm-tuning.ts), before ruff loads.
import "../../server/src/analysis/embedded/wasm-tuning.js";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { CodeAction, TextDocumentEdit, TextEdit } from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Finding } from "../../server/src/analysis/finding.js";
import { applySuppressions, SuppressionPlanner } from "../../server/src/analysis/suppression.js";
import { CommentEditCheck } from "../../server/src/lsp/features/comment-edit-check.js";
import { loadPythonParser } from "../../server/src/python/parser.js";
import { LspHarness } from "../helpers/lsp-harness.js";

const URI = "file:///project/app.py";

/** CPython's own verdict: does `code` compile? (argument array, no shell; code on stdin). */
function compiles(code: string): boolean {
  const run = spawnSync("python3", ["-c", "import sys; compile(sys.stdin.read(), 'app.py', 'exec')"], {
    input: code,
    encoding: "utf8",
  });
  if (run.error) throw run.error;
  return run.status === 0;
}

async function openFlagged(text: string): Promise<LspHarness> {
  const lsp = await LspHarness.start({ initializationOptions: { debounceMs: 0 } });
  lsp.open(URI, text);
  expect(compiles(text)).toBe(true);
  return lsp;
}

async function suppressActions(lsp: LspHarness, line: number): Promise<CodeAction[]> {
  const actions = await lsp.server.codeActions({
    textDocument: { uri: URI },
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    context: { diagnostics: [] },
  });
  return actions.filter((a) => a.title.startsWith("Suppress"));
}

function editOf(action: CodeAction): TextEdit {
  const edit = (action.edit?.documentChanges?.[0] as TextDocumentEdit | undefined)?.edits[0];
  if (!edit || !("range" in edit)) throw new Error("expected a text edit");
  return edit;
}

/** Apply the action like an editor, re-analyze, and return what changed and what is still shown. */
async function apply(lsp: LspHarness, action: CodeAction) {
  const before = lsp.text(URI);
  const edit = editOf(action);
  const after = TextDocument.applyEdits(lsp.documents.get(URI)!, [edit]);
  lsp.change(URI, after);
  await lsp.save(URI);
  const beforeLines = before.split("\n");
  const changed = after.split("\n").flatMap((line, i) => (line === beforeLines[i] ? [] : [i]));
  return { edit, after, changed, codes: lsp.client.lastDiagnostics(URI).map((d) => d.code) };
}

describe("Suppress writes its comment where Python allows it and the finding disappears", () => {
  it("a `\\` continuation: the comment goes on the continued line, not after the backslash", async () => {
    const text = 'import os\n\n\ndef run(cmd):\n    return os.system("ls " + \\\n        cmd)\n';
    const lsp = await openFlagged(text);
    const [action] = await suppressActions(lsp, 4);
    expect(action?.title).toBe("Suppress py/command-line-injection on this line");
    const { changed, after, codes } = await apply(lsp, action!);
    expect(changed).toEqual([5]);
    expect(after.split("\n")[4]).toBe('    return os.system("ls " + \\');
    expect(compiles(after)).toBe(true);
    expect(codes).not.toContain("py/command-line-injection");
  });

  it("a string continued with `\\`: the string stays intact", async () => {
    const text = 'import os\n\n\ndef run(cmd):\n    os.system("ls \\\n-l " + cmd)\n';
    const lsp = await openFlagged(text);
    const [action] = await suppressActions(lsp, 4);
    const { changed, after, codes } = await apply(lsp, action!);
    expect(changed).toEqual([5]);
    expect(after.split("\n")[5]).toMatch(/^-l " \+ cmd\) {2}# seclsp: ignore\[py\/command-line-injection\]$/);
    expect(compiles(after)).toBe(true);
    expect(codes).not.toContain("py/command-line-injection");
  });

  it("the first line of a triple-quoted SQL string: the query text is unchanged, the comment ends the statement", async () => {
    const text =
      "import sqlite3\n\n\ndef find(conn, name):\n" +
      '    query = """SELECT *\n    FROM users\n    WHERE name = \'%s\'""" % name\n    return query\n';
    const lsp = await openFlagged(text);
    expect(lsp.client.lastDiagnostics(URI).map((d) => `${d.code}@${d.range.start.line}`)).toContain(
      "ruff/S608@4",
    );
    const [action] = await suppressActions(lsp, 4);
    expect(action?.title).toBe("Suppress ruff/S608 on this line");
    const { changed, after, codes } = await apply(lsp, action!);
    expect(changed).toEqual([6]);
    expect(after).toContain('"""SELECT *\n    FROM users\n    WHERE name = \'%s\'"""');
    expect(compiles(after)).toBe(true);
    expect(codes).not.toContain("ruff/S608");
  });

  it("a multi-line call: the comment goes on the call's first line, each finding on its own line", async () => {
    const text =
      "import subprocess\n\n\ndef run(cmd):\n    subprocess.call(\n        cmd,\n        shell=True,\n    )\n";
    const lsp = await openFlagged(text);
    const [action] = await suppressActions(lsp, 4);
    expect(action?.title).toBe("Suppress ruff/S602 on this line");
    const { changed, after, codes } = await apply(lsp, action!);
    expect(changed).toEqual([4]);
    expect(after.split("\n")[4]).toBe("    subprocess.call(  # seclsp: ignore[ruff/S602]");
    expect(compiles(after)).toBe(true);
    expect(codes).not.toContain("ruff/S602");
    expect(codes).toContain("py/command-line-injection"); // line 5's finding is not touched
  });

  it("an unclosed `# seclsp: ignore[x` silences nothing; Suppress then adds a well-formed comment", async () => {
    const text = "from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)  # seclsp: ignore[x\n";
    const lsp = await openFlagged(text);
    expect(lsp.client.lastDiagnostics(URI).map((d) => d.code)).toContain("py/flask-debug");
    const [action] = await suppressActions(lsp, 2);
    const { after, codes } = await apply(lsp, action!);
    expect(after.split("\n")[2]).toBe(
      "app.run(debug=True)  # seclsp: ignore[x  # seclsp: ignore[py/flask-debug]",
    );
    expect(codes).not.toContain("py/flask-debug");
  });

  it("no Suppress action when no line of the finding can take a comment (all inside an unterminated string)", async () => {
    const lsp = await LspHarness.start();
    const text = 'import os\nx = """never closed\nos.system(cmd)\n';
    const document = lsp.open(URI, text);
    const inString: Finding = {
      ruleId: "py/command-line-injection",
      cwes: ["CWE-78"],
      severity: "error",
      message: "reported by another tool inside a string",
      file: "/project/app.py",
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 14 } },
      source: "codeql",
      fingerprint: "in-string",
    };
    expect(lsp.server.updateFindings(URI, "codeql", document.version, [inString])).toBe(true);
    expect(lsp.client.lastDiagnostics(URI).map((d) => d.code)).toContain("py/command-line-injection");
    expect(await suppressActions(lsp, 2)).toEqual([]);
    // The other actions for the finding are still offered.
    const all = await lsp.server.codeActions({
      textDocument: { uri: URI },
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } },
      context: { diagnostics: [] },
    });
    expect(all.some((a) => a.title === "Explain py/command-line-injection")).toBe(true);
  });

  it("CRLF line endings: the edit keeps the line break and touches one line", async () => {
    const text = "from flask import Flask\r\napp = Flask(__name__)\r\napp.run(debug=True)\r\nx = 1\r\n";
    const lsp = await openFlagged(text);
    const [action] = await suppressActions(lsp, 2);
    const { after, codes } = await apply(lsp, action!);
    expect(after).toBe(
      "from flask import Flask\r\napp = Flask(__name__)\r\napp.run(debug=True)  # seclsp: ignore[py/flask-debug]\r\nx = 1\r\n",
    );
    expect(codes).not.toContain("py/flask-debug");
  });
});

describe("CommentEditCheck (the parse verification behind every Suppress edit)", () => {
  /** Replace line `line` of `original` with `newText` (the comment starts at the last `#`). */
  function replacement(original: string, line: number, newText: string) {
    const lines = original.split("\n");
    const start = lines.slice(0, line).reduce((sum, text) => sum + text.length + 1, 0);
    return { start, end: start + lines[line]!.length, newText, commentAt: newText.lastIndexOf("#") };
  }

  it("refuses a comment after a line-continuation backslash and one inside a string; accepts a real comment", async () => {
    const parser = await loadPythonParser();
    const original = 'x = a + \\\n    b\ns = "ab\\\ncd"\ny = 1  # note\n';
    const tree = parser.parse(original)!;
    const check = new CommentEditCheck(parser, original, tree);
    try {
      const problem = (line: number, text: string) => check.problem(replacement(original, line, text), line);
      expect(problem(0, "x = a + \\  # seclsp: ignore[r]")).toMatch(/syntax error|cannot take/);
      expect(problem(2, 's = "ab\\  # seclsp: ignore[r]')).toMatch(/inside a string/);
      expect(problem(4, "y = 1  # note  # seclsp: ignore[r]")).toBeUndefined();
    } finally {
      tree.delete();
    }
  });

  it("a file that already has a syntax error elsewhere can still be edited", async () => {
    const parser = await loadPythonParser();
    const original = "def broken(:\n    pass\nz = eval(q)\n";
    const tree = parser.parse(original)!;
    try {
      const check = new CommentEditCheck(parser, original, tree);
      expect(check.problem(replacement(original, 2, "z = eval(q)  # seclsp: ignore[r]"), 2)).toBeUndefined();
    } finally {
      tree.delete();
    }
  });
});

describe("suppression comments (what the Suppress edits rely on)", () => {
  const finding = (startLine: number, endLine = startLine): Finding => ({
    ruleId: "py/code-injection",
    cwes: ["CWE-94"],
    severity: "error",
    message: "m",
    file: "/p/a.py",
    range: { start: { line: startLine, character: 4 }, end: { line: endLine, character: 5 } },
    source: "embedded",
    fingerprint: "f",
  });

  it("an unclosed list silences nothing; a well-formed directive after it still counts", () => {
    expect(applySuppressions("x = eval(s)  # seclsp: ignore[x\n", [finding(0)])).toHaveLength(1);
    expect(applySuppressions("x = eval(s)  # seclsp: ignore[py/code-injection\n", [finding(0)])).toHaveLength(
      1,
    );
    expect(
      applySuppressions("x = eval(s)  # seclsp: ignore[x  # seclsp: ignore[py/code-injection]\n", [
        finding(0),
      ]),
    ).toEqual([]);
    expect(applySuppressions("x = eval(s)  # seclsp: ignore\n", [finding(0)])).toEqual([]);
  });

  it("a comment where a chain of backslash continuations ends suppresses a finding on its first line", () => {
    const text = "q = eval(a) + \\\n    b + \\\n    c  # seclsp: ignore[CWE-94]\n";
    expect(new SuppressionPlanner(text).line(finding(0).range)).toBe(2);
    expect(applySuppressions(text, [finding(0)])).toEqual([]);
    // The same comment does not reach a finding of the next statement.
    expect(applySuppressions(`${text}r = eval(z)\n`, [finding(3)])).toHaveLength(1);
  });

  it("the planner's verdict equals applySuppressions on the edited text", () => {
    const text = 'import os\nq = """a\nb""" + eval(x)\nz = 1  # seclsp: ignore[other]\n';
    const planner = new SuppressionPlanner(text);
    for (const [line, f] of [
      [2, finding(1, 2)],
      [3, finding(3)],
    ] as const) {
      const newText = planner.edit(line, "py/code-injection");
      const lines = text.split("\n");
      lines[line] = newText;
      expect(planner.silences(line, newText, f)).toBe(applySuppressions(lines.join("\n"), [f]).length === 0);
      expect(planner.silences(line, newText, f)).toBe(true);
    }
    expect(planner.edit(3, "py/code-injection")).toBe("z = 1  # seclsp: ignore[other, py/code-injection]");
  });
});
