import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { PublishDiagnosticsParams } from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import { SeclspServer } from "../../server/src/lsp/seclsp-server.js";
import { FULL_CAPABILITIES, IN_PROCESS_FEATURES, InMemoryDocuments } from "../helpers/lsp-harness.js";
import { RecordingLspClient } from "../helpers/lsp-recording-client.js";

const XSS = "py/reflective-xss";
const SAFE_UTIL = "import html\n\n\ndef clean_html(text):\n    return html.escape(text)\n";
const WEAK_UTIL = "def clean_html(text):\n    return text.strip()\n";
const VIEW = `from flask import Flask, request
from app.util import clean_html

app = Flask(__name__)


@app.route("/p")
def page():
    body = clean_html(request.args["body"])
    return "<p>" + body + "</p>"
`;

let root = "";
beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), "seclsp-xfile-lsp-")));
  mkdirSync(join(root, "app"));
  writeFileSync(join(root, "app/__init__.py"), "");
  writeFileSync(join(root, "app/util.py"), SAFE_UTIL);
  writeFileSync(join(root, "app/views.py"), VIEW);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

class Harness {
  readonly client = new RecordingLspClient();
  readonly documents = new InMemoryDocuments();
  readonly server: SeclspServer;

  constructor(taintWorker: boolean) {
    this.server = new SeclspServer({
      client: this.client,
      documents: this.documents,
      features: IN_PROCESS_FEATURES,
      taintWorker,
    });
  }

  async start(): Promise<this> {
    const uri = pathToFileURL(root).href;
    await this.server.initialize({
      processId: null,
      rootUri: uri,
      workspaceFolders: [{ uri, name: "w" }],
      capabilities: FULL_CAPABILITIES,
      initializationOptions: { seclsp: { debounceMs: 0, threatModel: "remote" } },
    });
    await this.server.initialized();
    return this;
  }

  open(rel: string, text: string): string {
    const uri = pathToFileURL(join(root, rel)).href;
    const document = TextDocument.create(uri, "python", 1, text);
    this.documents.set(document);
    this.server.didOpen(document);
    this.server.didChangeContent(document);
    return uri;
  }

  async edit(uri: string, text: string): Promise<void> {
    const current = this.documents.get(uri);
    if (!current) throw new Error(`${uri} is not open`);
    const document = TextDocument.update(current, [{ text }], current.version + 1);
    this.documents.set(document);
    this.server.didChangeContent(document);
    await this.server.didSave(document);
  }

  /** The rule ids at 1-based lines of the last publication for `uri`. */
  last(uri: string): string[] {
    const all: PublishDiagnosticsParams[] = this.client.published.filter((p) => p.uri === uri);
    return (all.at(-1)?.diagnostics ?? [])
      .filter((d) => d.code === XSS)
      .map((d) => `${d.range.start.line + 1}:${d.code}`);
  }
}

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.server.shutdown();
  harness = undefined;
});

describe.each([false, true])("cross-file summaries in the server (taint worker: %s)", (taintWorker) => {
  it("editing the sanitizer module's open document updates the importing document's diagnostics", async () => {
    harness = await new Harness(taintWorker).start();
    const util = harness.open("app/util.py", SAFE_UTIL);
    const views = harness.open("app/views.py", VIEW);
    await harness.server.analysesSettled();
    expect(harness.last(views)).toEqual([]);
    // Unsaved edit of util.py: the sanitizer no longer escapes; views.py is not touched.
    await harness.edit(util, WEAK_UTIL);
    await harness.server.analysesSettled();
    expect(harness.last(views)).toEqual([`10:${XSS}`]);
    await harness.edit(util, SAFE_UTIL);
    await harness.server.analysesSettled();
    expect(harness.last(views)).toEqual([]);
  });
});
