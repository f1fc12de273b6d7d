import { afterAll, afterEach, describe, expect, it } from "vitest";
import { CancellationTokenSource } from "vscode-languageserver/node.js";
import { longSum } from "../../perf/lib/hostile-python.js";
import { NOT_ANALYZED_RULE } from "../../server/src/analysis/embedded/analysis-notes.js";
import { CommandIds } from "../../server/src/lsp/command-ids.js";
import type { ScanSummary } from "../../server/src/lsp/features/workspace-scan.js";
import { LspHarness } from "../helpers/lsp-harness.js";
import {
  folderOf,
  lastPublish,
  makeWorkspace,
  removeWorkspaces,
  SAFE,
  uriOf,
  VULNERABLE,
  writeFile,
} from "./workspace-setup.js";

const running: LspHarness[] = [];
afterEach(async () => {
  for (const lsp of running.splice(0)) await lsp.server.shutdown();
});
afterAll(removeWorkspaces);

async function start(root: string | undefined, taintWorker: boolean): Promise<LspHarness> {
  const lsp = await LspHarness.start({
    taintWorker,
    ...(root ? { workspaceFolders: [folderOf(root)] } : {}),
    initializationOptions: { debounceMs: 0 },
  });
  running.push(lsp);
  return lsp;
}

function scan(lsp: LspHarness): Promise<ScanSummary> {
  return lsp.server.executeCommand(
    { command: CommandIds.scanWorkspace, arguments: [] },
    { token: new CancellationTokenSource().token },
  ) as Promise<ScanSummary>;
}

/** A Flask handler with a command-injection flow (flow phase) next to ruff-only findings. */
const FLASK = [
  "import os",
  "import pickle",
  "from flask import Flask, request",
  "app = Flask(__name__)",
  "",
  "@app.route('/run')",
  "def run():",
  "    cmd = request.args.get('cmd')",
  "    os.system(cmd)",
  "    return pickle.loads(request.data)",
  "",
].join("\n");

describe("the in-process harness on the editor's worker path", () => {
  it("publishes ruff's phase, then the flow phase, ending where the in-process server ends", async () => {
    const uri = "file:///w/flask.py";
    const inProcess = await start(undefined, false);
    inProcess.open(uri, FLASK);
    const workers = await start(undefined, true);
    workers.open(uri, FLASK);
    await workers.server.analysesSettled();
    const published = workers.client.published.filter((p) => p.uri === uri);
    expect(published.map((p) => p.version)).toEqual([1, 1]);
    expect(published[0]!.diagnostics.some((d) => d.code === "py/command-line-injection")).toBe(false);
    expect(published[1]!.diagnostics).toEqual(lastPublish(inProcess, uri)?.diagnostics);
    expect(published[1]!.diagnostics.some((d) => d.code === "py/command-line-injection")).toBe(true);
  });

  it("a file nested too deeply for ruff: the worker refuses it with a note, the data flow is still shown", async () => {
    const uri = "file:///w/deep.py";
    const workers = await start(undefined, true);
    workers.open(uri, `import sys\n\neval(sys.argv[1])\n${longSum(2900)}`);
    await workers.server.analysesSettled();
    const published = workers.client.published.filter((p) => p.uri === uri);
    expect(published.map((p) => p.version)).toEqual([1, 1]);
    const codes = published[1]!.diagnostics.map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining([NOT_ANALYZED_RULE, "py/code-injection"]));
    // The next document is checked by ruff as usual.
    workers.open("file:///w/next.py", FLASK);
    await workers.server.analysesSettled();
    const next = lastPublish(workers, "file:///w/next.py");
    expect(next?.diagnostics.some((d) => JSON.stringify(d).includes("S301"))).toBe(true);
  });

  it("scans closed files in the workers with the in-process results, then from the result cache", async () => {
    const root = makeWorkspace({ "app.py": FLASK, "pkg/util.py": VULNERABLE, "pkg/safe.py": SAFE });
    const inProcess = await start(root, false);
    expect(await scan(inProcess)).toMatchObject({ files: 3, cancelled: false });
    const expected = ["app.py", "pkg/util.py", "pkg/safe.py"].map(
      (rel) => lastPublish(inProcess, uriOf(root, rel))?.diagnostics,
    );
    // The first server filled the cache; a fresh one (a reopened workspace) reads it.
    const before = await inProcess.server.closedFileCacheStats();
    expect(before?.writes ?? 0).toBeGreaterThan(0);
    const reopened = await start(root, true);
    expect(await scan(reopened)).toMatchObject({ files: 3, cancelled: false });
    expect(await reopened.server.closedFileCacheStats()).toMatchObject({ hits: 3, misses: 0 });
    for (const [i, rel] of ["app.py", "pkg/util.py", "pkg/safe.py"].entries())
      expect(lastPublish(reopened, uriOf(root, rel))?.diagnostics).toEqual(expected[i]);
  });

  it("re-analyzes a file changed on disk (worker path) and finds what the in-process server finds", async () => {
    const root = makeWorkspace({ "app.py": SAFE });
    const workers = await start(root, true);
    await scan(workers);
    expect(lastPublish(workers, uriOf(root, "app.py"))?.diagnostics).toEqual([]);
    writeFile(root, "app.py", `${FLASK}\n# changed ${Date.now()}\n`);
    await scan(workers);
    const stats = await workers.server.closedFileCacheStats();
    expect(stats?.misses).toBeGreaterThanOrEqual(1);
    const inProcess = await start(root, false);
    await scan(inProcess);
    const shown = lastPublish(workers, uriOf(root, "app.py"))?.diagnostics;
    expect(shown?.some((d) => d.code === "py/command-line-injection")).toBe(true);
    expect(shown).toEqual(lastPublish(inProcess, uriOf(root, "app.py"))?.diagnostics);
    // The worker keeps no tree of a closed file: after one open document's analysis, it holds one.
    workers.open("file:///w/open.py", FLASK);
    await workers.server.analysesSettled();
    expect(workers.server.taintWorkerHost()?.liveTrees).toBe(1);
  });
});
