import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  CancellationTokenSource,
  DiagnosticSeverity,
  type PublishDiagnosticsParams,
} from "vscode-languageserver/node.js";
import { CommandIds } from "../../server/src/lsp/command-ids.js";
import { createCodeqlOnSaveFeature } from "../../server/src/lsp/features/codeql-on-save.js";
import type { ScanSummary } from "../../server/src/lsp/features/workspace-scan.js";
import { FAKE_CODEQL, removeTempDirs, tempDir } from "../fakes/fake-codeql-helpers.js";
import { IN_PROCESS_FEATURES, LspHarness } from "../helpers/lsp-harness.js";
import {
  folderOf,
  lastPublish,
  makeWorkspace,
  removeWorkspaces,
  uriOf,
  VULNERABLE,
  waitFor,
} from "./workspace-setup.js";

/**
 * Follow-ups of the project-config work: (1) in a multi-root workspace each document uses the
 * project file of its own folder; (2) the workspace scan shows closed files through the same view
 * as open documents (select / ignore / severity).
 */

const running: LspHarness[] = [];
afterEach(async () => {
  for (const lsp of running.splice(0)) await lsp.server.shutdown();
});
afterAll(removeWorkspaces);
afterAll(removeTempDirs);

async function start(roots: string[]): Promise<LspHarness> {
  const lsp = await LspHarness.start({
    workspaceFolders: roots.map(folderOf),
    initializationOptions: { debounceMs: 0 },
  });
  running.push(lsp);
  return lsp;
}

const cwe78 = (publish: PublishDiagnosticsParams | undefined) =>
  (publish?.diagnostics ?? []).filter(
    (d) => JSON.stringify(d).includes("CWE-78") || /command/i.test(String(d.code)),
  );

async function published(lsp: LspHarness, uri: string): Promise<PublishDiagnosticsParams> {
  return waitFor(() => lastPublish(lsp, uri));
}

describe("multi-root workspaces: each document uses its own folder's project file", () => {
  it("ignore in one folder's .seclsp.toml and a severity override in the other's apply to their own documents only", async () => {
    // A parameter placed inside a command the function builds stays a warning under the default
    // noise policy (VULNERABLE passes it on unchanged: a note, which would hide the override).
    const app = 'import os\n\n\ndef run(name):\n    os.system("convert " + name)\n';
    const quiet = makeWorkspace({ ".seclsp.toml": 'ignore = ["CWE-78"]\n', "app.py": app });
    const noted = makeWorkspace({ ".seclsp.toml": '[severity]\n"CWE-78" = "note"\n', "app.py": app });
    const plain = makeWorkspace({ "app.py": app });
    const lsp = await start([quiet, noted, plain]);
    lsp.open(uriOf(quiet, "app.py"), app);
    lsp.open(uriOf(noted, "app.py"), app);
    lsp.open(uriOf(plain, "app.py"), app);
    const plainFindings = cwe78(await published(lsp, uriOf(plain, "app.py")));
    expect(plainFindings.length).toBeGreaterThan(0);
    expect(plainFindings.some((d) => d.severity !== DiagnosticSeverity.Information)).toBe(true);
    expect(cwe78(await published(lsp, uriOf(quiet, "app.py")))).toEqual([]);
    const notedFindings = cwe78(await published(lsp, uriOf(noted, "app.py")));
    expect(notedFindings.length).toBe(plainFindings.length);
    expect(notedFindings.every((d) => d.severity === DiagnosticSeverity.Information)).toBe(true);
  });

  it("a folder added later brings its project file; removing it falls back to the first folder's", async () => {
    const first = makeWorkspace({ "app.py": VULNERABLE });
    const added = makeWorkspace({
      "pyproject.toml": '[tool.seclsp]\nignore = ["CWE-78"]\n',
      "app.py": VULNERABLE,
    });
    const lsp = await start([first]);
    const uri = uriOf(added, "app.py");
    lsp.open(uri, VULNERABLE);
    // Outside every folder: the first folder's settings (nothing ignored).
    expect(cwe78(await published(lsp, uri)).length).toBeGreaterThan(0);
    await lsp.server.didChangeWorkspaceFolders({ added: [folderOf(added)], removed: [] });
    await waitFor(() => cwe78(lastPublish(lsp, uri)).length === 0);
    await lsp.server.didChangeWorkspaceFolders({ added: [], removed: [folderOf(added)] });
    await waitFor(() => cwe78(lastPublish(lsp, uri)).length > 0);
  });
});

describe("workspace scan: closed files get the same view as open documents", () => {
  function scan(lsp: LspHarness): Promise<ScanSummary> {
    return lsp.server.executeCommand(
      { command: CommandIds.scanWorkspace, arguments: [] },
      { token: { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) } },
    ) as Promise<ScanSummary>;
  }

  it("ignore and severity from the project file apply to scanned (closed) files, per folder, and to the count", async () => {
    const quiet = makeWorkspace({ ".seclsp.toml": 'ignore = ["CWE-78"]\n', "pkg/tool.py": VULNERABLE });
    const noted = makeWorkspace({ ".seclsp.toml": '[severity]\n"CWE-78" = "note"\n', "tool.py": VULNERABLE });
    const plain = makeWorkspace({ "tool.py": VULNERABLE });
    const lsp = await start([quiet, noted, plain]);
    const summary = await scan(lsp);
    const plainFindings = cwe78(lastPublish(lsp, uriOf(plain, "tool.py")));
    expect(plainFindings.length).toBeGreaterThan(0);
    expect(lastPublish(lsp, uriOf(quiet, "pkg/tool.py"))?.diagnostics).toEqual([]);
    const notedFindings = cwe78(lastPublish(lsp, uriOf(noted, "tool.py")));
    expect(notedFindings.length).toBe(plainFindings.length);
    expect(notedFindings.every((d) => d.severity === DiagnosticSeverity.Information)).toBe(true);
    expect(summary).toMatchObject({ files: 3, cancelled: false });
    expect(summary.findings).toBe(
      (lastPublish(lsp, uriOf(plain, "tool.py"))?.diagnostics.length ?? 0) +
        (lastPublish(lsp, uriOf(noted, "tool.py"))?.diagnostics.length ?? 0),
    );
  });

  it("select from the editor settings applies to scanned files as it does to open ones", async () => {
    const root = makeWorkspace({ "closed.py": VULNERABLE, "open.py": VULNERABLE });
    const lsp = await LspHarness.start({
      workspaceFolders: [folderOf(root)],
      initializationOptions: { debounceMs: 0, select: ["CWE-89"] },
    });
    running.push(lsp);
    lsp.open(uriOf(root, "open.py"), VULNERABLE);
    expect((await published(lsp, uriOf(root, "open.py"))).diagnostics).toEqual([]);
    await scan(lsp);
    expect(lastPublish(lsp, uriOf(root, "closed.py"))?.diagnostics).toEqual([]);
  });
});

describe("multi-root workspaces: exclude and debounce per folder", () => {
  const scanAll = (lsp: LspHarness) =>
    lsp.server.executeCommand(
      { command: CommandIds.scanWorkspace, arguments: [] },
      { token: new CancellationTokenSource().token },
    ) as Promise<ScanSummary>;

  it("one folder's exclude hides its documents and closed files only", async () => {
    const skipping = makeWorkspace({
      ".seclsp.toml": 'exclude = ["gen/**"]\n',
      "gen/x.py": VULNERABLE,
    });
    const plain = makeWorkspace({ "gen/x.py": VULNERABLE });
    const lsp = await start([skipping, plain]);
    const summary = await scanAll(lsp);
    expect(summary).toMatchObject({ files: 1, cancelled: false });
    expect(lastPublish(lsp, uriOf(skipping, "gen/x.py"))).toBeUndefined();
    expect(cwe78(lastPublish(lsp, uriOf(plain, "gen/x.py"))).length).toBeGreaterThan(0);
    lsp.open(uriOf(plain, "gen/y.py"), VULNERABLE);
    lsp.open(uriOf(skipping, "gen/y.py"), VULNERABLE);
    expect(cwe78(await published(lsp, uriOf(plain, "gen/y.py"))).length).toBeGreaterThan(0);
    expect(lastPublish(lsp, uriOf(skipping, "gen/y.py"))).toBeUndefined();
  });

  it("one folder's debounce applies to its own documents", async () => {
    // No debounce in the editor settings (they would override the project files'): the default.
    const quick = makeWorkspace({ "app.py": VULNERABLE });
    const slow = makeWorkspace({ ".seclsp.toml": "debounce-ms = 10000\n", "app.py": VULNERABLE });
    const lsp = await LspHarness.start({ workspaceFolders: [folderOf(quick), folderOf(slow)] });
    running.push(lsp);
    const fast = uriOf(quick, "app.py");
    const waiting = uriOf(slow, "app.py");
    // Opening analyzes at once; an edit waits for the document's folder's debounce.
    lsp.open(fast, VULNERABLE);
    lsp.open(waiting, VULNERABLE);
    await published(lsp, fast);
    await published(lsp, waiting);
    lsp.change(waiting, `${VULNERABLE}# edited\n`);
    lsp.change(fast, `${VULNERABLE}# edited\n`);
    await waitFor(() => lastPublish(lsp, fast)?.version === 2);
    // The other folder's 10-second debounce is still waiting.
    expect(lastPublish(lsp, waiting)?.version).toBe(1);
  });
});

describe("multi-root workspaces: CodeQL on save follows each folder's own settings", () => {
  it("a folder whose project file turns CodeQL off gets no run; the other folder does", async () => {
    const text =
      "import sqlite3\n\ndef find(cursor, q):\n    cursor.execute(q)  # fake-codeql: py/sql-injection\n";
    // The first folder turns CodeQL off: with the first folder's settings for everything, the
    // second folder would get no run either.
    const off = makeWorkspace({ ".seclsp.toml": '[codeql]\nmode = "off"\n', "app.py": text });
    const on = makeWorkspace({ "app.py": text });
    const dir = await tempDir("seclsp-multiroot-codeql-");
    const lsp = await LspHarness.start({
      workspaceFolders: [folderOf(off), folderOf(on)],
      features: [...IN_PROCESS_FEATURES, createCodeqlOnSaveFeature({ workDir: dir })],
      initializationOptions: { debounceMs: 0, codeql: { path: FAKE_CODEQL, cacheDir: `${dir}/cache` } },
    });
    running.push(lsp);
    const fromCodeql = (uri: string) =>
      (lastPublish(lsp, uri)?.diagnostics ?? []).filter(
        (d) => (d.data as { source?: string } | undefined)?.source === "codeql",
      );
    for (const root of [off, on]) {
      lsp.open(uriOf(root, "app.py"), text);
      await lsp.save(uriOf(root, "app.py"));
    }
    await waitFor(() => (fromCodeql(uriOf(on, "app.py")).length > 0 ? true : undefined));
    expect(fromCodeql(uriOf(off, "app.py"))).toEqual([]);
  });
});
