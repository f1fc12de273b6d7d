import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { CancellationTokenSource, type PublishDiagnosticsParams } from "vscode-languageserver/node.js";
import { CommandIds } from "../../server/src/lsp/command-ids.js";
import type { ScanSummary } from "../../server/src/lsp/features/workspace-scan.js";
import type { ProgressReporter } from "../../server/src/lsp/lsp-client.js";
import { LspHarness } from "../helpers/lsp-harness.js";
import {
  folderOf,
  lastPublish,
  makeWorkspace,
  removeWorkspaces,
  SAFE,
  uriOf,
  VULNERABLE,
  waitFor,
  writeFile,
} from "./workspace-setup.js";

const running: LspHarness[] = [];
afterEach(async () => {
  for (const lsp of running.splice(0)) await lsp.server.shutdown();
});
afterAll(removeWorkspaces);

async function start(root: string, options: { exclude?: string[] } = {}): Promise<LspHarness> {
  const lsp = await LspHarness.start({
    workspaceFolders: [folderOf(root)],
    initializationOptions: { debounceMs: 0, exclude: options.exclude ?? [] },
  });
  running.push(lsp);
  return lsp;
}

function scan(lsp: LspHarness, token = new CancellationTokenSource().token, args: unknown[] = []) {
  return lsp.server.executeCommand(
    { command: CommandIds.scanWorkspace, arguments: args },
    { token },
  ) as Promise<ScanSummary>;
}

const codes = (publish: PublishDiagnosticsParams | undefined) =>
  publish?.diagnostics.map((d) => d.code) ?? [];

describe("seclsp.scanWorkspace", () => {
  it("publishes diagnostics for closed files and reports a summary", async () => {
    const root = makeWorkspace({ "app.py": VULNERABLE, "pkg/util.py": VULNERABLE, "pkg/safe.py": SAFE });
    const lsp = await start(root);
    const summary = await scan(lsp);
    expect(summary).toMatchObject({ files: 3, skipped: 0, cancelled: false });
    const app = lastPublish(lsp, uriOf(root, "app.py"));
    expect(app?.version).toBeUndefined();
    expect(app?.diagnostics.some((d) => d.range.start.line === 4)).toBe(true);
    expect(lastPublish(lsp, uriOf(root, "pkg/util.py"))?.diagnostics.length).toBe(app?.diagnostics.length);
    expect(lastPublish(lsp, uriOf(root, "pkg/safe.py"))?.diagnostics).toEqual([]);
    expect(summary.findings).toBe(2 * (app?.diagnostics.length ?? 0));
  });

  it("reports progress as a rising percentage that ends at 100", async () => {
    const files = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`m${i}.py`, SAFE]));
    const lsp = await start(makeWorkspace(files));
    const percentages: number[] = [];
    lsp.client.withProgress = <T>(_title: string, fn: (progress: ProgressReporter) => Promise<T>) =>
      fn({
        report: (_message, percentage) => {
          if (percentage !== undefined) percentages.push(percentage);
        },
        signal: new AbortController().signal,
      });
    await scan(lsp);
    expect(percentages.at(-1)).toBe(100);
    expect(percentages.length).toBeGreaterThan(2);
    for (let i = 1; i < percentages.length; i++)
      expect(percentages[i]!).toBeGreaterThanOrEqual(percentages[i - 1]!);
  });

  it("honours .gitignore, seclsp.exclude and the skipped folders", async () => {
    const root = makeWorkspace({
      ".gitignore": "generated/\n",
      "app.py": VULNERABLE,
      "generated/out.py": VULNERABLE,
      "tests/test_app.py": VULNERABLE,
      ".venv/lib/site.py": VULNERABLE,
      "node_modules/x/y.py": VULNERABLE,
    });
    const lsp = await start(root, { exclude: ["tests/**"] });
    const summary = await scan(lsp);
    expect(summary.files).toBe(1);
    const published = new Set(lsp.client.published.map((p) => p.uri));
    expect([...published]).toEqual([uriOf(root, "app.py")]);
  });

  it("leaves open documents to their own analysis (the buffer is the truth)", async () => {
    const root = makeWorkspace({ "app.py": VULNERABLE, "other.py": VULNERABLE });
    const lsp = await start(root);
    const uri = uriOf(root, "app.py");
    lsp.open(uri, SAFE);
    const before = lsp.client.publishesFor(uri).length;
    const summary = await scan(lsp);
    expect(lsp.client.publishesFor(uri).length).toBe(before);
    expect(lastPublish(lsp, uri)?.diagnostics).toEqual([]);
    expect(summary.files).toBe(2);
    expect(summary.findings).toBe(lastPublish(lsp, uriOf(root, "other.py"))?.diagnostics.length);
  });

  it("keeps closed files' diagnostics on unrelated events; opening hands over, closing re-reads the disk", async () => {
    const root = makeWorkspace({ "app.py": VULNERABLE, "b.py": VULNERABLE });
    const lsp = await start(root);
    await scan(lsp);
    const app = uriOf(root, "app.py");
    const shown = lastPublish(lsp, app)!.diagnostics.length;
    expect(shown).toBeGreaterThan(0);
    // Another document opened, edited and closed; a settings change: app.py's diagnostics stay.
    const b = uriOf(root, "b.py");
    lsp.open(b, SAFE);
    lsp.change(b, `${SAFE}# edited\n`);
    expect((await waitForPublish(lsp, b, (p) => p.version === 2)).diagnostics).toEqual([]);
    lsp.close(b);
    // b.py was closed after a scan: its file on disk (vulnerable) is analyzed and shown again.
    await waitForPublish(lsp, b, (p) => p.version === undefined && p.diagnostics.length === shown);
    // A settings change rescans in the background: app.py is re-published, with the same findings.
    const count = lsp.client.publishesFor(app).length;
    lsp.client.configuration = { debounceMs: 1 };
    await lsp.server.didChangeConfiguration({ settings: {} });
    await waitFor(() => lsp.client.publishesFor(app).length > count);
    expect(lsp.client.publishesFor(app).every((p) => p.diagnostics.length === shown)).toBe(true);

    // Opening app.py: the document's analysis (versioned) takes over with the buffer's text.
    lsp.open(app, SAFE);
    expect(lastPublish(lsp, app)).toMatchObject({ version: 1, diagnostics: [] });
    // Closing it: the file on disk (still vulnerable) is shown again.
    lsp.close(app);
    const republished = await waitForPublish(
      lsp,
      app,
      (p) => p.version === undefined && p.diagnostics.length > 0,
    );
    expect(republished.diagnostics.length).toBe(shown);
  });

  it("without a scan, closing a document clears its diagnostics", async () => {
    const root = makeWorkspace({ "app.py": VULNERABLE });
    const lsp = await start(root);
    const app = uriOf(root, "app.py");
    lsp.open(app, VULNERABLE);
    expect(lastPublish(lsp, app)!.diagnostics.length).toBeGreaterThan(0);
    lsp.close(app);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lastPublish(lsp, app)?.diagnostics).toEqual([]);
  });

  it("stops early with cancelled: true when the request is cancelled", async () => {
    const files = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [`m${String(i).padStart(2, "0")}.py`, VULNERABLE]),
    );
    const root = makeWorkspace(files);
    const lsp = await start(root);
    const source = new CancellationTokenSource();
    const publish = lsp.client.publishDiagnostics.bind(lsp.client);
    lsp.client.publishDiagnostics = (params) => {
      publish(params);
      if (lsp.client.published.length === 3) source.cancel();
    };
    const summary = await scan(lsp, source.token);
    expect(summary.cancelled).toBe(true);
    expect(summary.files).toBe(3);
    expect(new Set(lsp.client.published.map((p) => p.uri)).size).toBe(3);
  });

  it("a newer scan cancels the running one", async () => {
    const files = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`m${i}.py`, SAFE]));
    const lsp = await start(makeWorkspace(files));
    const first = scan(lsp);
    const second = scan(lsp);
    const [a, b] = await Promise.all([first, second]);
    expect(a.cancelled).toBe(true);
    expect(b).toMatchObject({ files: 20, cancelled: false });
  });

  it("does not hang on a symlink loop and scans each file once", async () => {
    const root = makeWorkspace({ "a/app.py": VULNERABLE });
    symlinkSync(root, join(root, "a", "loop"));
    symlinkSync(join(root, "a"), join(root, "alias"));
    const lsp = await start(root);
    const summary = await scan(lsp);
    expect(summary).toMatchObject({ files: 1, cancelled: false });
  });

  it("scans the folder given as argument when the client named none", async () => {
    const root = makeWorkspace({ "app.py": VULNERABLE });
    const lsp = await LspHarness.start({ initializationOptions: { debounceMs: 0 } });
    running.push(lsp);
    await expect(scan(lsp)).rejects.toThrow(/no workspace folder/);
    const summary = await scan(lsp, undefined, [root]);
    expect(summary.files).toBe(1);
    expect(lastPublish(lsp, uriOf(root, "app.py"))!.diagnostics.length).toBeGreaterThan(0);
  });

  it("scans a sub-folder given as argument, refuses one outside the workspace folders", async () => {
    const root = makeWorkspace({ "a/app.py": VULNERABLE, "b/other.py": VULNERABLE });
    const elsewhere = makeWorkspace({ "x.py": VULNERABLE });
    const lsp = await start(root);
    expect(await scan(lsp, undefined, [join(root, "a")])).toMatchObject({ files: 1 });
    expect(lsp.client.publishesFor(uriOf(root, "b/other.py"))).toEqual([]);
    await expect(scan(lsp, undefined, [elsewhere])).rejects.toThrow(/outside the workspace folders/);
    expect(lsp.client.publishesFor(uriOf(elsewhere, "x.py"))).toEqual([]);
  });

  it("rescans when workspace folders change: a removed folder's files are cleared, an added one's shown", async () => {
    const first = makeWorkspace({ "a.py": VULNERABLE });
    const second = makeWorkspace({ "b.py": VULNERABLE });
    const lsp = await start(first);
    await scan(lsp);
    expect(lastPublish(lsp, uriOf(first, "a.py"))!.diagnostics.length).toBeGreaterThan(0);
    lsp.server.didChangeWorkspaceFolders({ added: [folderOf(second)], removed: [folderOf(first)] });
    await waitFor(() => (lastPublish(lsp, uriOf(second, "b.py"))?.diagnostics.length ?? 0) > 0);
    await waitFor(() => lastPublish(lsp, uriOf(first, "a.py"))?.diagnostics.length === 0);
  });

  it("counts too-big files as skipped and says so on the file", async () => {
    const root = makeWorkspace({ "big.py": `x = 1\n${"#".repeat(5000)}\n`, "app.py": SAFE });
    const lsp = await LspHarness.start({
      workspaceFolders: [folderOf(root)],
      initializationOptions: { maxFileBytes: 1000 },
    });
    running.push(lsp);
    const summary = await scan(lsp);
    expect(summary).toMatchObject({ files: 1, skipped: 1 });
    expect(lastPublish(lsp, uriOf(root, "big.py"))?.diagnostics[0]?.message).toMatch(/skipped this file/);
  });

  it("clears files a rescan no longer finds (deleted or newly excluded)", async () => {
    const root = makeWorkspace({ "app.py": VULNERABLE, "gen/out.py": VULNERABLE });
    const lsp = await start(root);
    await scan(lsp);
    const out = uriOf(root, "gen/out.py");
    expect(lastPublish(lsp, out)!.diagnostics.length).toBeGreaterThan(0);
    writeFile(root, ".gitignore", "gen/\n");
    await scan(lsp);
    expect(lastPublish(lsp, out)?.diagnostics).toEqual([]);
    expect(lastPublish(lsp, uriOf(root, "app.py"))!.diagnostics.length).toBeGreaterThan(0);
  });
});

async function waitForPublish(
  lsp: LspHarness,
  uri: string,
  matches: (publish: PublishDiagnosticsParams) => boolean,
): Promise<PublishDiagnosticsParams> {
  for (let i = 0; i < 400; i++) {
    const found = lsp.client.publishesFor(uri).at(-1);
    if (found && matches(found)) return found;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(
    `no matching publish for ${uri}; last: ${JSON.stringify(codes(lsp.client.publishesFor(uri).at(-1)))}`,
  );
}
