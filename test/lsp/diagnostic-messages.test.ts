// First: V8 wasm settings as in the server (see server/src/analysis/embedded/wasm-tuning.ts), before ruff loads.
import "../../server/src/analysis/embedded/wasm-tuning.js";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "vscode-languageserver/node.js";
import { CommandIds } from "../../server/src/lsp/command-ids.js";
import { LspHarness } from "../helpers/lsp-harness.js";

/**
 * Neovim 0.7's float and virtual text, lsp-mode's sideline and Flymake show only the message:
 * it must name the rule (for `# seclsp: ignore[rule]`) and carry no SARIF link markup.
 */

const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
const FIXTURE = new URL("../unit/analysis/sarif/fixtures/demo-python.codeql.sarif", import.meta.url);

const FLASK_SQL = [
  "from flask import Flask, request",
  "import sqlite3",
  "app = Flask(__name__)",
  "",
  "@app.route('/u')",
  "def user():",
  "    name = request.args.get('name')",
  "    conn = sqlite3.connect('db')",
  `    return conn.execute("SELECT * FROM users WHERE name = '" + name + "'").fetchall()`,
  "",
].join("\n");

function expectReadable(diagnostic: Diagnostic): void {
  expect(typeof diagnostic.code).toBe("string");
  expect(diagnostic.message.startsWith(`${String(diagnostic.code)}: `)).toBe(true);
  expect(diagnostic.message).not.toContain("](");
  for (const info of diagnostic.relatedInformation ?? []) expect(info.message).not.toContain("](");
}

const roots: string[] = [];
afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

describe("diagnostic messages", () => {
  it("start with the rule id and render the taint engine's source link as text", async () => {
    const lsp = await LspHarness.start();
    const uri = "file:///project/app.py";
    lsp.open(uri, FLASK_SQL);
    const diagnostics = lsp.client.lastDiagnostics(uri);
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const diagnostic of diagnostics) expectReadable(diagnostic);
    const sql = diagnostics.find((d) => d.code === "py/sql-injection");
    expect(sql?.message).toMatch(
      /^py\/sql-injection: This SQL query depends on a user-provided value\..* \[CWE-89\]$/,
    );
    // The data stays machine-readable for code actions.
    expect(sql?.data).toMatchObject({ ruleId: "py/sql-injection" });
  });

  it("show a CodeQL SARIF result (real CodeQL 2.19.3 output) as plain text", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "seclsp-diag-messages-"));
    roots.push(root);
    const file = path.join(root, "server", "routes.py");
    await mkdir(path.dirname(file), { recursive: true });
    // The fixture's results are on lines 16 and 22 of server/routes.py.
    const text = Array.from({ length: 30 }, (_, i) => `line_${i + 1} = ${i + 1}  # placeholder source`).join(
      "\n",
    );
    await writeFile(file, text);
    const sarifFile = path.join(root, "codeql.sarif");
    await copyFile(FIXTURE, sarifFile);

    const lsp = await LspHarness.start();
    const uri = pathToFileURL(file).href;
    lsp.open(uri, text);
    const loaded = await lsp.server.executeCommand(
      { command: CommandIds.loadSarif, arguments: [sarifFile, root] },
      { token },
    );
    expect(loaded).toMatchObject({ results: 2, shown: 2 });
    const fromCodeql = lsp.client.lastDiagnostics(uri).filter((d) => d.code === "py/sql-injection");
    expect(fromCodeql).toHaveLength(2);
    for (const diagnostic of fromCodeql) {
      expectReadable(diagnostic);
      expect(diagnostic.message).toBe(
        "py/sql-injection: This SQL query depends on a user-provided value. [CWE-89]",
      );
      expect(diagnostic.codeDescription?.href).toBe(
        "https://codeql.github.com/codeql-query-help/python/py-sql-injection/",
      );
      expect(diagnostic.relatedInformation?.length).toBeGreaterThan(1);
    }
  });
});
