import { mkdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { layoutProject, packageRoot } from "../../../../server/src/analysis/codeql/project-layout.js";
import { ProjectRunQueue } from "../../../../server/src/analysis/codeql/project-run-queue.js";
import { runCodeqlOnProject } from "../../../../server/src/analysis/codeql/run-codeql-on-project.js";
import { DEFAULT_CONFIG } from "../../../../server/src/config/schema.js";
import {
  databaseInvocations,
  FAKE_CODEQL,
  readInvocationLog,
  removeTempDirs,
  tempDir,
  waitUntilDead,
} from "../../../fakes/fake-codeql-helpers.js";

afterAll(removeTempDirs);

/** A route in one module, the SQL call in another: only a whole-project database sees the flow. */
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

async function project(files: Record<string, string>): Promise<string> {
  const root = realpathSync(await tempDir("seclsp-project-"));
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return root;
}

async function setup(files: Record<string, string>, env: Record<string, string> = {}) {
  const root = await project(files);
  const cache = await tempDir("seclsp-project-cache-");
  const logFile = path.join(cache, "log");
  const config = {
    ...DEFAULT_CONFIG,
    codeql: { ...DEFAULT_CONFIG.codeql, path: FAKE_CODEQL, cacheDir: cache },
  };
  return { root, cache, logFile, config, env: { ...process.env, FAKE_CODEQL_LOG: logFile, ...env } };
}

describe("layoutProject", () => {
  it("takes every discovered file at its folder-relative path, honours exclude and .gitignore, prefers buffers", async () => {
    const root = await project({
      "shop/__init__.py": "",
      "shop/app.py": "on disk",
      "shop/db.py": "db",
      "legacy/old.py": "old",
      "build/gen.py": "generated",
      ".gitignore": "build/\n",
    });
    const layout = await layoutProject(root, {
      exclude: ["legacy/**"],
      maxFiles: 100,
      maxFileBytes: 1_000_000,
      buffers: new Map([[path.join(root, "shop/app.py"), "unsaved buffer"]]),
    });
    const byRel = Object.fromEntries(layout.entries.map((e) => [e.rel, e]));
    expect(Object.keys(byRel).sort()).toEqual(["shop/__init__.py", "shop/app.py", "shop/db.py"]);
    expect(byRel["shop/app.py"]!.text).toBe("unsaved buffer");
    expect(byRel["shop/app.py"]!.original).toBe(path.join(root, "shop/app.py"));
    expect(layout.narrowed).toBe(false);
  });

  it("narrows a folder over maxFiles to the saved file's top-level package", async () => {
    const files: Record<string, string> = {
      "shop/__init__.py": "",
      "shop/api/__init__.py": "",
      "shop/api/routes.py": "r",
      "shop/db.py": "d",
    };
    for (let i = 0; i < 6; i++) files[`scripts/s${i}.py`] = "x";
    const root = await project(files);
    const saved = path.join(root, "shop/api/routes.py");
    expect(await packageRoot(saved, root)).toBe(path.join(root, "shop"));
    const layout = await layoutProject(root, {
      exclude: [],
      maxFiles: 5,
      maxFileBytes: 1_000_000,
      savedFile: saved,
    });
    expect(layout.narrowed).toBe(true);
    expect(layout.scopeRoot).toBe(path.join(root, "shop"));
    // Relative to the folder, not the package: `import shop.db` still resolves.
    expect(layout.entries.map((e) => e.rel).sort()).toEqual([
      "shop/__init__.py",
      "shop/api/__init__.py",
      "shop/api/routes.py",
      "shop/db.py",
    ]);
  });
});

describe("runCodeqlOnProject with the fake CLI", () => {
  it("finds a flow whose source and sink are in different modules and maps both to workspace files", async () => {
    const { root, config, env } = await setup({
      "shop/__init__.py": "",
      "shop/app.py": APP,
      "shop/db.py": DB,
    });
    const result = await runCodeqlOnProject(root, { config, env });
    expect(result.cached).toBe(false);
    expect([...result.files.keys()].sort()).toEqual(
      ["shop/__init__.py", "shop/app.py", "shop/db.py"].map((rel) => path.join(root, rel)),
    );
    expect(result.findings).toHaveLength(1);
    const finding = result.findings[0]!;
    expect(finding.ruleId).toBe("py/sql-injection");
    expect(finding.file).toBe(path.join(root, "shop/db.py"));
    expect(finding.range.start.line).toBe(4);
    expect(finding.flow?.map((step) => [step.file, step.range.start.line])).toEqual([
      [path.join(root, "shop/app.py"), 5],
      [path.join(root, "shop/db.py"), 4],
    ]);
  });

  it("maps findings in an unsaved buffer back to the workspace file, not the staged copy", async () => {
    const { root, config, env } = await setup({
      "shop/__init__.py": "",
      "shop/app.py": APP,
      "shop/db.py": "",
    });
    const buffers = new Map([[path.join(root, "shop/db.py"), DB]]);
    const result = await runCodeqlOnProject(root, { config, env, buffers });
    expect(result.findings.map((f) => f.file)).toEqual([path.join(root, "shop/db.py")]);
    expect(result.files.get(path.join(root, "shop/db.py"))).toBe(DB);
  });

  it("re-uses the cached SARIF for an unchanged project and the same database folder with --overwrite", async () => {
    const { root, cache, logFile, config, env } = await setup({
      "shop/__init__.py": "",
      "shop/app.py": APP,
      "shop/db.py": DB,
    });
    await runCodeqlOnProject(root, { config, env });
    expect(databaseInvocations(logFile).filter((argv) => argv[1] === "create")).toHaveLength(1);

    const again = await runCodeqlOnProject(root, { config, env });
    expect(again.cached).toBe(true);
    expect(again.findings).toHaveLength(1);
    expect(databaseInvocations(logFile).filter((argv) => argv[1] === "create")).toHaveLength(1);

    writeFileSync(path.join(root, "shop/extra.py"), "x = 1\n");
    const changed = await runCodeqlOnProject(root, { config, env });
    expect(changed.cached).toBe(false);
    const creates = databaseInvocations(logFile).filter((argv) => argv[1] === "create");
    expect(creates).toHaveLength(2);
    expect(creates[0]![2]).toBe(creates[1]![2]);
    expect(creates[1]).toContain("--overwrite");
    // The persistent folder lives in the private cache dir, not in /tmp under a guessable name.
    expect(creates[1]![2]!.startsWith(path.join(cache, "projects"))).toBe(true);
    expect(statSync(path.dirname(creates[1]![2]!)).mode & 0o777).toBe(0o700);
  });

  it("drops a file deleted since from the staged source root", async () => {
    const { root, logFile, config, env } = await setup({
      "shop/__init__.py": "",
      "shop/app.py": APP,
      "shop/db.py": DB,
    });
    await runCodeqlOnProject(root, { config, env });
    rmSync(path.join(root, "shop/db.py"));
    writeFileSync(path.join(root, "shop/app.py"), APP.replace(/source=.*$/m, ""));
    const after = await runCodeqlOnProject(root, { config, env });
    expect(after.findings).toEqual([]);
    expect(after.files.has(path.join(root, "shop/db.py"))).toBe(false);
    // CodeQL's database (the fake copies what it extracted) no longer holds the deleted module.
    const create = databaseInvocations(logFile).at(-2)!;
    expect(create[1]).toBe("create");
    const manifest = JSON.parse(readFileSync(path.join(create[2]!, "fake-codeql-sources.json"), "utf8")) as {
      files: { path: string }[];
    };
    expect(manifest.files.map((f) => f.path).sort()).toEqual(["shop/__init__.py", "shop/app.py"]);
  });

  it("cancelling kills the CodeQL process tree", async () => {
    const { root, logFile, config, env } = await setup(
      { "shop/__init__.py": "", "shop/app.py": APP },
      { FAKE_CODEQL_HANG: "1" },
    );
    const queue = new ProjectRunQueue((signal) => runCodeqlOnProject(root, { config, env, signal }));
    const outcome = queue.request();
    let hang: { pid: number; child?: number } | undefined;
    for (let i = 0; i < 200 && !hang; i++) {
      hang = readInvocationLog(logFile).find((entry) => entry.event === "hang");
      if (!hang) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(hang?.child).toBeTypeOf("number");
    queue.cancel();
    expect(await outcome).toEqual({ status: "cancelled" });
    expect(await waitUntilDead(hang!.pid)).toBe(true);
    expect(await waitUntilDead(hang!.child!)).toBe(true);
  });
});

describe("ProjectRunQueue", () => {
  it("coalesces requests during a run into one more run that sees the newest state", async () => {
    let state = 0;
    const seen: number[] = [];
    let release: () => void = () => undefined;
    const queue = new ProjectRunQueue<number>(async () => {
      seen.push(state);
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return seen.at(-1)!;
    });
    const first = queue.request();
    await Promise.resolve();
    const during: Promise<unknown>[] = [];
    for (let i = 1; i <= 5; i++) {
      state = i;
      during.push(queue.request());
    }
    release();
    expect(await first).toEqual({ status: "done", value: 0 });
    for (let i = 0; i < 50 && seen.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    release();
    const outcomes = await Promise.all(during);
    expect(outcomes.every((o) => JSON.stringify(o) === JSON.stringify({ status: "done", value: 5 }))).toBe(
      true,
    );
    expect(queue.started).toBe(2);
    expect(seen).toEqual([0, 5]);
  });

  it("a cancel answers the waiting requests as cancelled and starts nothing more", async () => {
    const queue = new ProjectRunQueue<number>(
      (signal) =>
        new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("aborted")))),
    );
    const first = queue.request();
    const second = queue.request();
    queue.cancel();
    expect(await first).toEqual({ status: "cancelled" });
    expect(await second).toEqual({ status: "cancelled" });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(queue.started).toBe(1);
    expect(queue.running).toBe(false);
  });
});
