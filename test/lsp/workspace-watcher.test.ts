import { mkdirSync, rmSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { CancellationTokenSource } from "vscode-languageserver/node.js";
import { CommandIds } from "../../server/src/lsp/command-ids.js";
import { type WatchBatch, WorkspaceWatcher } from "../../server/src/lsp/workspace-watcher.js";
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

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
afterAll(removeWorkspaces);

async function scannedServer(root: string, exclude: string[] = []): Promise<LspHarness> {
  const lsp = await LspHarness.start({
    workspaceFolders: [folderOf(root)],
    initializationOptions: { debounceMs: 0, exclude },
  });
  cleanups.push(() => lsp.server.shutdown());
  await lsp.server.executeCommand(
    { command: CommandIds.scanWorkspace, arguments: [] },
    { token: new CancellationTokenSource().token },
  );
  return lsp;
}

/** The scan starts the watcher in the background; a file written before it is ready is missed. */
async function watcherReady(lsp: LspHarness, root: string): Promise<void> {
  // Probe: write a file until the watcher reports it (bounded), then remove the probe.
  const probe = uriOf(root, "zz_probe.py");
  const reported = () => (lastPublish(lsp, probe)?.diagnostics.length ?? 0) > 0;
  for (let attempt = 0; attempt < 20 && !reported(); attempt++) {
    writeFile(root, "zz_probe.py", `${VULNERABLE}# ${attempt}\n`);
    for (let i = 0; i < 20 && !reported(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  }
  expect(reported()).toBe(true);
  unlinkSync(join(root, "zz_probe.py"));
  await waitFor(() => lastPublish(lsp, probe)?.diagnostics.length === 0);
}

describe("workspace watcher (after a scan)", () => {
  it("picks up files created, changed and deleted outside the editor", async () => {
    const root = makeWorkspace({ "app.py": SAFE });
    const lsp = await scannedServer(root);
    await watcherReady(lsp, root);

    const created = uriOf(root, "pkg/new.py");
    writeFile(root, "pkg/new.py", VULNERABLE);
    await waitFor(() => (lastPublish(lsp, created)?.diagnostics.length ?? 0) > 0);

    const app = uriOf(root, "app.py");
    expect(lastPublish(lsp, app)?.diagnostics).toEqual([]);
    writeFile(root, "app.py", VULNERABLE);
    await waitFor(() => (lastPublish(lsp, app)?.diagnostics.length ?? 0) > 0);
    expect(lastPublish(lsp, app)?.version).toBeUndefined();

    unlinkSync(join(root, "app.py"));
    await waitFor(() => lastPublish(lsp, app)?.diagnostics.length === 0);

    // A whole folder removed: its files' diagnostics go too.
    rmSync(join(root, "pkg"), { recursive: true });
    await waitFor(() => lastPublish(lsp, created)?.diagnostics.length === 0);
  });

  it("ignores files open in the editor, excluded and gitignored files", async () => {
    const root = makeWorkspace({ "app.py": SAFE, ".gitignore": "build/\n" });
    mkdirSync(join(root, "build"));
    mkdirSync(join(root, "skip"));
    const lsp = await scannedServer(root, ["skip"]);
    await watcherReady(lsp, root);
    const app = uriOf(root, "app.py");
    lsp.open(app, SAFE);
    const appPublishes = lsp.client.publishesFor(app).length;

    writeFile(root, "app.py", VULNERABLE);
    writeFile(root, "build/gen.py", VULNERABLE);
    writeFile(root, "skip/x.py", VULNERABLE);
    // A marker written after them: once it is reported, the batch holding the others was handled.
    const marker = uriOf(root, "marker.py");
    writeFile(root, "marker.py", VULNERABLE);
    await waitFor(() => (lastPublish(lsp, marker)?.diagnostics.length ?? 0) > 0);

    expect(lsp.client.publishesFor(app).length).toBe(appPublishes);
    expect(lsp.client.publishesFor(uriOf(root, "build/gen.py"))).toEqual([]);
    expect(lsp.client.publishesFor(uriOf(root, "skip/x.py"))).toEqual([]);
  });
});

describe("WorkspaceWatcher", () => {
  it("coalesces a burst of 200 writes into few batches with every path once", async () => {
    const root = makeWorkspace({});
    const batches: WatchBatch[] = [];
    const watcher = await WorkspaceWatcher.start({
      folders: [root],
      exclude: [],
      quietMs: 300,
      onBatch: (batch) => {
        batches.push(batch);
      },
    });
    cleanups.push(() => watcher.close());
    for (let i = 0; i < 200; i++) writeFile(root, `f${i}.py`, SAFE);
    for (let i = 0; i < 200; i++) writeFile(root, `f${i}.py`, VULNERABLE);
    writeFile(root, "notes.txt", "not python");
    await waitFor(() => new Set(batches.flatMap((b) => b.changed)).size === 200);
    const changed = batches.flatMap((b) => b.changed);
    // A path may show up in two batches when a burst straddles the quiet period, never more often.
    expect(changed.length).toBeLessThan(400);
    expect(batches.length).toBeLessThan(20);
    expect(changed.some((path) => path.endsWith("notes.txt"))).toBe(false);
  });
});
