import { afterEach, describe, expect, it } from "vitest";
import type { Diagnostic, PublishDiagnosticsParams } from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import { SEQUENTIAL_BELOW } from "../../server/src/lsp/embedded-document-analysis.js";
import { SeclspServer } from "../../server/src/lsp/seclsp-server.js";
import { flaskApp } from "../helpers/flask-app.js";
import { FULL_CAPABILITIES, IN_PROCESS_FEATURES, InMemoryDocuments } from "../helpers/lsp-harness.js";
import { RecordingLspClient } from "../helpers/lsp-recording-client.js";

const INJECTION = "py/command-line-injection";

/** The server as the editor runs it: data flow in a worker, diagnostics in two phases. */
class TwoPhaseHarness {
  readonly client = new RecordingLspClient();
  readonly documents = new InMemoryDocuments();
  readonly server = new SeclspServer({
    client: this.client,
    documents: this.documents,
    features: IN_PROCESS_FEATURES,
    taintWorker: true,
  });

  async start(): Promise<this> {
    await this.server.initialize({
      processId: null,
      rootUri: null,
      workspaceFolders: null,
      capabilities: FULL_CAPABILITIES,
      initializationOptions: { seclsp: { debounceMs: 0 } },
    });
    await this.server.initialized();
    return this;
  }

  open(uri: string, text: string): TextDocument {
    const document = TextDocument.create(uri, "python", 1, text);
    this.documents.set(document);
    this.server.didOpen(document);
    this.server.didChangeContent(document);
    return document;
  }

  /** Replace the text and analyze the new version at once (as a save does: no debounce wait). */
  async edit(uri: string, text: string): Promise<TextDocument> {
    const current = this.documents.get(uri);
    if (!current) throw new Error(`${uri} is not open`);
    const document = TextDocument.update(current, [{ text }], current.version + 1);
    this.documents.set(document);
    this.server.didChangeContent(document);
    await this.server.didSave(document);
    return document;
  }

  close(uri: string): void {
    this.documents.delete(uri);
    this.server.didClose(uri);
  }

  /** Resolves once `count` publications for `uri` were made (the ruff phase is asynchronous too). */
  async published(uri: string, count = 1): Promise<PublishDiagnosticsParams[]> {
    while (this.publications(uri).length < count) await new Promise((resolve) => setTimeout(resolve, 5));
    return this.publications(uri);
  }

  publications(uri: string): PublishDiagnosticsParams[] {
    return this.client.published.filter((p) => p.uri === uri);
  }
}

const injections = (p: PublishDiagnosticsParams): Diagnostic[] =>
  p.diagnostics.filter((d) => d.code === INJECTION);
const lines = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.range.start.line).sort((a, b) => a - b);

let harness: TwoPhaseHarness | undefined;
afterEach(async () => {
  await harness?.server.shutdown();
  harness = undefined;
});

describe("two-phase diagnostics (data flow in a worker thread)", () => {
  it("publishes the ruff phase first, then the flow findings for the same version", async () => {
    harness = await new TwoPhaseHarness().start();
    harness.open("file:///w/app.py", flaskApp(300, ""));
    const [fast] = await harness.published("file:///w/app.py");
    expect(fast?.version).toBe(1);
    // ruff's S605 is on the sink line, but the flow finding is not there yet.
    expect(fast && injections(fast)).toEqual([]);
    expect(fast?.diagnostics.length).toBeGreaterThan(0);
    await harness.server.analysesSettled();
    const all = harness.publications("file:///w/app.py");
    expect(all.map((p) => p.version)).toEqual([1, 1]);
    expect(injections(all[1]!)).toHaveLength(300);
  });

  it("never publishes a superseded version's flow findings", async () => {
    harness = await new TwoPhaseHarness().start();
    const uri = "file:///w/stale.py";
    harness.open(uri, flaskApp(300, ""));
    // Edited before the flow phase of version 1 finished: the sinks are gone in version 2.
    await harness.edit(uri, flaskApp(300, "").replaceAll("os.system(cmd)", "print(cmd)"));
    await harness.server.analysesSettled();
    const all = harness.publications(uri);
    // Version 1's ruff phase may or may not be published before the edit (it runs in a worker);
    // its flow phase never is.
    expect(all.map((p) => p.version).filter((v) => v === 2)).toEqual([2, 2]);
    expect(all.map((p) => p.version).filter((v) => v === 1).length).toBeLessThanOrEqual(1);
    for (const publication of all) expect(injections(publication)).toEqual([]);
  });

  it("keeps flow findings outside the edit in every publication (no flicker)", async () => {
    harness = await new TwoPhaseHarness().start();
    const uri = "file:///w/flicker.py";
    harness.open(uri, flaskApp(2, ""));
    await harness.server.analysesSettled();
    const before = harness.publications(uri).length;
    const shown = lines(injections(harness.publications(uri).at(-1)!));
    expect(shown).toHaveLength(2);
    // One line added at the top: both findings move down one line, none disappears meanwhile.
    await harness.edit(uri, flaskApp(2, "# a comment\n"));
    await harness.server.analysesSettled();
    const after = harness.publications(uri).slice(before);
    expect(after.map((p) => p.version)).toEqual([2, 2]);
    for (const publication of after) expect(lines(injections(publication))).toEqual(shown.map((l) => l + 1));
  });

  it("answers a code action while a big file's flow phase is running", async () => {
    harness = await new TwoPhaseHarness().start();
    const uri = "file:///w/big.py";
    harness.open(uri, flaskApp(4000, ""));
    await harness.published(uri);
    const actions = await harness.server.codeActions({
      textDocument: { uri },
      range: { start: { line: 8, character: 0 }, end: { line: 8, character: 20 } },
      context: { diagnostics: [] },
    });
    expect(Array.isArray(actions)).toBe(true);
    // The answer came before the flow phase published: only the ruff phase is out.
    expect(harness.publications(uri)).toHaveLength(1);
    await harness.server.analysesSettled();
    expect(harness.publications(uri)).toHaveLength(2);
  });

  it("does not start a running analysis again for a code action (two publications per version)", async () => {
    harness = await new TwoPhaseHarness().start();
    const uri = "file:///w/in-flight.py";
    harness.open(uri, flaskApp(2000, ""));
    await harness.server.analysesSettled();
    const edited = await harness.edit(uri, flaskApp(2000, "# edited"));
    // Sent while this version's ruff and flow phases run: the shown findings lag, nothing failed.
    expect(harness.server.findingsFor(uri)).not.toHaveLength(0);
    expect(harness.publications(uri).filter((p) => p.version === edited.version)).toHaveLength(0);
    await harness.server.codeActions({
      textDocument: { uri },
      range: { start: { line: 8, character: 0 }, end: { line: 8, character: 20 } },
      context: { diagnostics: [] },
    });
    await harness.server.analysesSettled();
    const forEdit = harness.publications(uri).filter((p) => p.version === edited.version);
    expect(forEdit).toHaveLength(2);
    expect(injections(forEdit[1]!)).toHaveLength(2000);
  });

  it("shuts down while a flow phase is running, publishing nothing more", async () => {
    harness = await new TwoPhaseHarness().start();
    const uri = "file:///w/shutdown.py";
    harness.open(uri, flaskApp(4000, ""));
    await harness.published(uri);
    await harness.server.shutdown();
    await harness.server.analysesSettled();
    expect(harness.publications(uri)).toHaveLength(1);
    harness = undefined;
  });

  it("replaces a killed taint worker and analyzes the document again", async () => {
    harness = await new TwoPhaseHarness().start();
    const uri = "file:///w/killed.py";
    harness.open(uri, flaskApp(500, ""));
    const host = harness.server.taintWorkerHost();
    await host?.killWorker();
    await harness.server.analysesSettled();
    expect(host?.restarts).toBe(1);
    const all = harness.publications(uri);
    expect(all.map((p) => p.version)).toEqual([1, 1]);
    expect(injections(all[1]!)).toHaveLength(500);
  });

  it("releases a closed document's parse tree in the worker", async () => {
    harness = await new TwoPhaseHarness().start();
    for (const name of ["a", "b", "c"]) harness.open(`file:///w/${name}.py`, flaskApp(2, ""));
    await harness.server.analysesSettled();
    expect(harness.server.taintWorkerHost()?.liveTrees).toBe(3);
    harness.close("file:///w/b.py");
    expect(harness.publications("file:///w/b.py").at(-1)?.diagnostics).toEqual([]);
    harness.open("file:///w/d.py", flaskApp(2, ""));
    await harness.server.analysesSettled();
    // a, c and d: b's tree was deleted, not kept alongside.
    expect(harness.server.taintWorkerHost()?.liveTrees).toBe(3);
  });

  it("starts a small file's flow phase after its ruff findings are written, a big file's alongside ruff", async () => {
    harness = await new TwoPhaseHarness().start();
    const host = harness.server.taintWorkerHost()!;
    const analyze = host.analyze.bind(host);
    const publishedWhenStarted = new Map<string, number>();
    // vscode-jsonrpc writes a notification in a setImmediate queued when it is sent.
    const written = new Set<string>();
    const publish = harness.client.publishDiagnostics.bind(harness.client);
    harness.client.publishDiagnostics = (params) => {
      publish(params);
      setImmediate(() => written.add(params.uri));
    };
    const writtenWhenStarted = new Map<string, boolean>();
    host.analyze = (file, options) => {
      const uri = `file://${file.path}`;
      publishedWhenStarted.set(uri, harness!.publications(uri).length);
      writtenWhenStarted.set(uri, written.has(uri));
      return analyze(file, options);
    };
    const small = flaskApp(2, "");
    const big = flaskApp(4000, "");
    expect(small.length).toBeLessThan(SEQUENTIAL_BELOW);
    expect(big.length).toBeGreaterThan(SEQUENTIAL_BELOW);
    harness.open("file:///w/small.py", small);
    harness.open("file:///w/large.py", big);
    await harness.server.analysesSettled();
    // The small file's ruff phase was out when its flow phase started; the big file's was not.
    expect(publishedWhenStarted.get("file:///w/small.py")).toBe(1);
    expect(publishedWhenStarted.get("file:///w/large.py")).toBe(0);
    // And was written first: the flow worker's start does not delay the first diagnostics.
    expect(writtenWhenStarted.get("file:///w/small.py")).toBe(true);
    for (const uri of ["file:///w/small.py", "file:///w/large.py"])
      expect(harness.publications(uri).map((p) => p.version)).toEqual([1, 1]);
  });
});
