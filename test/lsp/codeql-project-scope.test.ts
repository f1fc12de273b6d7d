import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "vscode-languageserver/node.js";
import { createCodeqlOnSaveFeature } from "../../server/src/lsp/features/codeql-on-save.js";
import type { ProgressReporter } from "../../server/src/lsp/lsp-client.js";
import {
  databaseInvocations,
  FAKE_CODEQL,
  readInvocationLog,
  removeTempDirs,
  tempDir,
  waitUntilDead,
} from "../fakes/fake-codeql-helpers.js";
import { IN_PROCESS_FEATURES, LspHarness } from "../helpers/lsp-harness.js";
import { folderOf, lastPublish, makeWorkspace, removeWorkspaces, uriOf, waitFor } from "./workspace-setup.js";

afterAll(async () => {
  removeWorkspaces();
  await removeTempDirs();
});

/** A Flask route in one module, the SQL call in another (the flow CodeQL finds across files). */
const APP = [
  "from flask import Flask, request",
  "from shop.db import find_user",
  "app = Flask(__name__)",
  "@app.route('/user')",
  "def user():",
  "    name = request.args['name']",
  "    return find_user(name)",
  "",
].join("\n");
const DB = [
  "import sqlite3",
  "",
  "def find_user(name):",
  "    cursor = sqlite3.connect('x').cursor()",
  '    cursor.execute("SELECT * FROM u WHERE n = \'" + name + "\'")  # fake-codeql: py/sql-injection source=shop/app.py:6',
  "",
].join("\n");
const SHOP = { "shop/__init__.py": "", "shop/app.py": APP, "shop/db.py": DB };

const fromCodeql = (diagnostics: Diagnostic[] | undefined) =>
  (diagnostics ?? []).filter((d) => (d.data as { source?: string } | undefined)?.source === "codeql");

async function start(
  folders: string[],
  options: { env?: Record<string, string>; settings?: Record<string, unknown> } = {},
) {
  const dir = await tempDir("seclsp-project-lsp-");
  const logFile = path.join(dir, "log");
  const env = { ...process.env, FAKE_CODEQL_LOG: logFile, ...options.env };
  const lsp = await LspHarness.start({
    features: [...IN_PROCESS_FEATURES, createCodeqlOnSaveFeature({ env, workDir: dir })],
    workspaceFolders: folders.map(folderOf),
    initializationOptions: {
      debounceMs: 0,
      codeql: { path: FAKE_CODEQL, cacheDir: path.join(dir, "cache") },
      ...options.settings,
    },
  });
  const creates = () => databaseInvocations(logFile).filter((argv) => argv[1] === "create");
  return { lsp, logFile, creates };
}

describe("CodeQL project scope on save", () => {
  it("publishes a finding for a never-opened module after saving another, with the flow into the saved one", async () => {
    const root = makeWorkspace(SHOP);
    const { lsp, creates } = await start([root]);
    const app = uriOf(root, "shop/app.py");
    const db = uriOf(root, "shop/db.py");
    lsp.open(app, APP);
    await lsp.save(app);
    const shown = await waitFor(() => fromCodeql(lastPublish(lsp, db)?.diagnostics)[0]);
    expect(lsp.documents.get(db)).toBeUndefined();
    expect(shown.code).toBe("py/sql-injection");
    expect(shown.range.start.line).toBe(4);
    expect(
      shown.relatedInformation?.map((info) => [info.location.uri, info.location.range.start.line]),
    ).toEqual([
      [app, 5],
      [db, 4],
    ]);
    // The closed file's publish also carries the embedded analyzer's view (merged, not replaced).
    expect(lastPublish(lsp, db)!.diagnostics.length).toBeGreaterThanOrEqual(1);
    expect(creates()).toHaveLength(1);

    // Unchanged project, saved again: cached SARIF, no database create.
    const before = lsp.client.publishesFor(db).length;
    await lsp.save(app);
    await waitFor(() => lsp.client.publishesFor(db).length > before);
    expect(creates()).toHaveLength(1);
    expect(fromCodeql(lastPublish(lsp, db)?.diagnostics)).toHaveLength(1);

    // The module is fixed on disk: the next run replaces its CodeQL diagnostics (none left).
    writeFileSync(path.join(root, "shop/db.py"), DB.replace(/ {2}# fake-codeql.*$/m, ""));
    lsp.change(app, `${APP}# edited\n`);
    await lsp.save(app);
    await waitFor(() => creates().length === 2 && fromCodeql(lastPublish(lsp, db)?.diagnostics).length === 0);

    // Deleted since: its diagnostics go entirely.
    writeFileSync(path.join(root, "shop/db.py"), DB);
    lsp.change(app, `${APP}# edited twice\n`);
    await lsp.save(app);
    await waitFor(() => fromCodeql(lastPublish(lsp, db)?.diagnostics).length === 1);
    rmSync(path.join(root, "shop/db.py"));
    lsp.change(app, `${APP}# edited three times\n`);
    await lsp.save(app);
    await waitFor(() => lastPublish(lsp, db)?.diagnostics.length === 0);
    await lsp.server.shutdown();
  });

  it("leaves excluded files out of the source root and never publishes for them", async () => {
    const root = makeWorkspace({ ...SHOP, "legacy/old.py": "eval(x)  # fake-codeql: py/code-injection\n" });
    const { lsp, logFile } = await start([root], { settings: { exclude: ["legacy/**"] } });
    const app = uriOf(root, "shop/app.py");
    lsp.open(app, APP);
    await lsp.save(app);
    await waitFor(() => fromCodeql(lastPublish(lsp, uriOf(root, "shop/db.py"))?.diagnostics)[0]);
    expect(lsp.client.publishesFor(uriOf(root, "legacy/old.py"))).toEqual([]);
    const create = readInvocationLog(logFile).filter((e) => e.argv?.[1] === "create");
    expect(create).toHaveLength(1);
    // What CodeQL extracted (the fake lists it in the database): the excluded folder is not there.
    const manifest = JSON.parse(
      readFileSync(path.join(create[0]!.argv![2]!, "fake-codeql-sources.json"), "utf8"),
    ) as {
      files: { path: string }[];
    };
    expect(manifest.files.map((f) => f.path).sort()).toEqual([
      "shop/__init__.py",
      "shop/app.py",
      "shop/db.py",
    ]);
    await lsp.server.shutdown();
  });

  it("coalesces saves during a run into at most one more run, which analyzes the newest buffer", async () => {
    const root = makeWorkspace(SHOP);
    const { lsp, creates } = await start([root], { env: { FAKE_CODEQL_DELAY_MS: "300" } });
    const app = uriOf(root, "shop/app.py");
    lsp.open(app, APP);
    await lsp.save(app);
    await waitFor(() => creates().length === 1);
    for (let i = 1; i <= 4; i++) {
      const marker = i === 4 ? "  # fake-codeql: py/code-injection" : "";
      lsp.change(app, APP.replace("    return find_user(name)", `    return eval(name)${marker}  # ${i}`));
      await lsp.save(app);
    }
    const shown = await waitFor(() => fromCodeql(lastPublish(lsp, app)?.diagnostics)[0]);
    expect(shown.code).toBe("py/code-injection");
    expect(shown.range.start.line).toBe(6);
    // Give a wrongly queued third run time to show up in the log before counting.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(creates()).toHaveLength(2);
    await lsp.server.shutdown();
  });

  it("builds one database per workspace folder and publishes each folder's files", async () => {
    const first = makeWorkspace(SHOP);
    const second = makeWorkspace({
      "tool/cli.py": "import os\nos.system(arg)  # fake-codeql: py/command-line-injection\n",
    });
    const { lsp, creates } = await start([first, second]);
    const app = uriOf(first, "shop/app.py");
    const cli = uriOf(second, "tool/cli.py");
    lsp.open(app, APP);
    await lsp.save(app);
    await waitFor(() => fromCodeql(lastPublish(lsp, uriOf(first, "shop/db.py"))?.diagnostics)[0]);
    expect(fromCodeql(lastPublish(lsp, cli)?.diagnostics)).toEqual([]);
    lsp.open(cli, "import os\nos.system(arg)  # fake-codeql: py/command-line-injection\n");
    await lsp.save(cli);
    await waitFor(() => fromCodeql(lastPublish(lsp, cli)?.diagnostics)[0]);
    const databases = creates().map((argv) => argv[2]);
    expect(databases).toHaveLength(2);
    expect(databases[0]).not.toBe(databases[1]);
    await lsp.server.shutdown();
  });

  it("a cancel from $/progress kills the CodeQL process tree and publishes nothing", async () => {
    const root = makeWorkspace(SHOP);
    const { lsp, logFile } = await start([root], { env: { FAKE_CODEQL_HANG: "1" } });
    const controllers: AbortController[] = [];
    // The recording client cannot cancel; this one lets the test press "cancel" in the progress UI.
    lsp.client.withProgress = async <T>(title: string, fn: (progress: ProgressReporter) => Promise<T>) => {
      const controller = new AbortController();
      controllers.push(controller);
      lsp.client.progress.push({ title, reports: [] });
      return fn({
        report: (message) => lsp.client.progress.at(-1)!.reports.push(message),
        signal: controller.signal,
      });
    };
    const app = uriOf(root, "shop/app.py");
    lsp.open(app, APP);
    await lsp.save(app);
    const hang = await waitFor(() => readInvocationLog(logFile).find((entry) => entry.event === "hang"));
    expect(lsp.client.progress.at(-1)?.reports).toContain("creating the database");
    controllers.at(-1)!.abort();
    expect(await waitUntilDead(hang.pid)).toBe(true);
    expect(await waitUntilDead(hang.child!)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lsp.client.publishesFor(uriOf(root, "shop/db.py"))).toEqual([]);
    expect(fromCodeql(lastPublish(lsp, app)?.diagnostics)).toEqual([]);
    await lsp.server.shutdown();
  });
});
