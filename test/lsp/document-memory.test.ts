import { afterAll, afterEach, describe, expect, it } from "vitest";
import { collectRequested } from "../../server/src/lsp/memory-report.js";
import { LspHarness } from "../helpers/lsp-harness.js";
import {
  folderOf,
  lastPublish,
  makeWorkspace,
  removeWorkspaces,
  uriOf,
  VULNERABLE,
} from "./workspace-setup.js";

/** A closed document leaves nothing behind: every per-document map is back to empty. */

const running: LspHarness[] = [];
afterEach(async () => {
  for (const lsp of running.splice(0)) await lsp.server.shutdown();
});
afterAll(removeWorkspaces);

/** Imports a sibling module (so the cross-file maps record it) and has a flow of its own. */
const IMPORTER = [
  "from flask import Flask, request",
  "from util import run",
  "app = Flask(__name__)",
  "",
  "@app.route('/run')",
  "def handler():",
  "    run(request.args.get('cmd'))",
  "",
].join("\n");

async function start(root: string, taintWorker: boolean): Promise<LspHarness> {
  const lsp = await LspHarness.start({
    taintWorker,
    workspaceFolders: [folderOf(root)],
    initializationOptions: { debounceMs: 0 },
  });
  running.push(lsp);
  return lsp;
}

/** Open `count` documents (with findings), edit each once, and wait for every analysis. */
async function openAll(lsp: LspHarness, root: string, count: number): Promise<string[]> {
  const uris = Array.from({ length: count }, (_, i) => uriOf(root, `app${i}.py`));
  for (const uri of uris) {
    lsp.open(uri, IMPORTER);
    lsp.change(uri, `${IMPORTER}\n# edited\n`);
  }
  await lsp.server.analysesSettled();
  return uris;
}

const EMPTY = {
  openDocuments: 0,
  analyzedVersions: 0,
  findingStates: 0,
  scheduledRuns: 0,
  pendingFlowPhases: 0,
  lastRuns: 0,
  importers: 0,
};

describe("memory held for documents (seclsp/debugMemory)", () => {
  it.each([
    ["worker threads", true],
    ["in-process", false],
  ])("%s: after didClose every per-document map is empty again", async (_, taintWorker) => {
    const root = makeWorkspace({ "util.py": VULNERABLE });
    const lsp = await start(root, taintWorker);
    const uris = await openAll(lsp, root, 5);
    const open = await lsp.server.memoryReport();
    expect(open.documentState).toMatchObject({
      openDocuments: 5,
      analyzedVersions: 5,
      findingStates: 5,
      lastRuns: 5,
      importers: 5,
    });
    // The documents were analyzed: each shows the flow into util.run's os.system.
    expect(lastPublish(lsp, uris[0]!)?.diagnostics.length).toBeGreaterThan(0);
    for (const uri of uris) lsp.close(uri);
    await lsp.server.analysesSettled();
    const closed = await lsp.server.memoryReport();
    expect(closed.documentState).toEqual(EMPTY);
    // Closing clears the editor's diagnostics too.
    expect(lastPublish(lsp, uris[0]!)?.diagnostics).toEqual([]);
  });

  it("worker threads: the taint worker holds no tree of a closed document, and each thread reports its heap", async () => {
    const root = makeWorkspace({ "util.py": VULNERABLE });
    const lsp = await start(root, true);
    const uris = await openAll(lsp, root, 3);
    const open = await lsp.server.memoryReport();
    expect(open.taint).toMatchObject({ heldDocuments: 3, liveTrees: 3 });
    expect(open.ruff?.heapUsed).toBeGreaterThan(0);
    expect(open.main.heapUsed).toBeGreaterThan(0);
    expect(open.rss).toBeGreaterThan(open.main.heapUsed);
    for (const uri of uris) lsp.close(uri);
    const closed = await lsp.server.memoryReport();
    expect(closed.taint).toMatchObject({ heldDocuments: 0, liveTrees: 0 });
  });

  it("a document closed while its flow phase runs leaves nothing and publishes nothing afterwards", async () => {
    const root = makeWorkspace({ "util.py": VULNERABLE });
    const lsp = await start(root, true);
    const uri = uriOf(root, "app.py");
    lsp.open(uri, IMPORTER);
    lsp.close(uri);
    const publishes = lsp.client.publishesFor(uri).length;
    await lsp.server.analysesSettled();
    expect(lsp.client.publishesFor(uri)).toHaveLength(publishes);
    expect(lastPublish(lsp, uri)?.diagnostics).toEqual([]);
    const closed = await lsp.server.memoryReport();
    expect(closed.documentState).toEqual(EMPTY);
    expect(closed.taint).toMatchObject({ heldDocuments: 0, liveTrees: 0 });
  });

  it("reads the request's collect flag strictly", () => {
    expect(collectRequested({ collect: true })).toBe(true);
    expect(collectRequested({ collect: "true" })).toBe(false);
    expect(collectRequested(null)).toBe(false);
    expect(collectRequested(undefined)).toBe(false);
    expect(collectRequested([true])).toBe(false);
  });
});
