/**
 * The smallest LSP server around ruff-wasm (perf:floor's yardstick, not a product): on every change
 * it runs ruff's S rules on the document and publishes ruff's diagnostics as they come, twice per
 * version (as seclsp's two phases), with none of seclsp's work (no recovery rounds, no depth check,
 * no mapping, merge, suppressions or fingerprints). BARE_RUFF=worker checks in seclsp's ruff worker
 * thread; anything else checks in the server's own thread (the least any such server can do).
 */
import "../../server/src/analysis/embedded/wasm-tuning.js";
import { PositionEncoding, type Diagnostic as RuffDiagnostic, Workspace } from "@astral-sh/ruff-wasm-nodejs";
import "../../server/src/analysis/embedded/wasm-tuning-end.js";
import {
  createConnection,
  type Diagnostic,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextDocuments,
} from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import { ruffHost } from "../../server/src/analysis/embedded/ruff-engine.js";

const inWorker = process.env.BARE_RUFF === "worker";
const workspace = inWorker
  ? undefined
  : new Workspace({ "line-length": 1000, lint: { select: ["S"] } }, PositionEncoding.Utf16);

function check(text: string): Promise<RuffDiagnostic[] | undefined> {
  if (workspace) return Promise.resolve(workspace.check(text));
  return ruffHost().checkAsync(text);
}

/** ruff's rows and columns are 1-based. */
function toLsp(d: RuffDiagnostic): Diagnostic {
  return {
    range: {
      start: { line: d.start_location.row - 1, character: d.start_location.column - 1 },
      end: { line: d.end_location.row - 1, character: d.end_location.column - 1 },
    },
    message: d.message,
    source: "ruff",
    ...(d.code ? { code: d.code } : {}),
  };
}

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));
connection.onCodeAction(() => []);
documents.onDidChangeContent(async ({ document }) => {
  const found = await check(document.getText());
  if (!found || documents.get(document.uri)?.version !== document.version) return;
  const params = { uri: document.uri, version: document.version, diagnostics: found.map(toLsp) };
  await connection.sendDiagnostics(params);
  await connection.sendDiagnostics(params);
});
documents.listen(connection);
connection.listen();
