import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { SECLSP_BIN } from "../../perf/lib/lsp-stdio-client.js";
import { discoverPythonFiles } from "../../server/src/files/discover-python-files.js";
import { FAKE_CODEQL } from "../fakes/fake-codeql-helpers.js";
import { FaultSession } from "../faults/stdio-session.js";

/**
 * Hostile file names (spaces, quotes, `;`, `$()`, backticks, newlines) are analyzed like any
 * other by `seclsp check` and by the LSP with CodeQL (fake) and Bandit (when installed) spawned on
 * save — and no shell ever runs: names that would create `pwned*` files in a shell create none.
 * Symlink loops in a scanned workspace terminate, each real file counted once.
 */
const NAMES = [
  "with space.py",
  `quote'"s.py`,
  "semi;colon.py",
  "$(touch pwned).py",
  "`touch pwned2`.py",
  "new\nline.py",
  "dollar $HOME && touch pwned3.py",
];
const CODE =
  "import pickle\n\n\ndef load(data):\n    return pickle.loads(data)  # fake-codeql: py/unsafe-deserialization\n";

const work = mkdtempSync(join(tmpdir(), "seclsp-names-"));
const project = join(work, "project");
mkdirSync(project);
for (const name of NAMES) writeFileSync(join(project, name), CODE);
// Symlink loops: a link to the folder itself, to its parent, and a two-link cycle.
mkdirSync(join(project, "loops"));
symlinkSync(project, join(project, "loops", "to-project"));
symlinkSync(join(project, "loops"), join(project, "loops", "self"));
mkdirSync(join(project, "a"));
mkdirSync(join(project, "b"));
symlinkSync(join(project, "b"), join(project, "a", "to-b"));
symlinkSync(join(project, "a"), join(project, "b", "to-a"));
writeFileSync(join(project, "a", "inner.py"), CODE);
const ALL_FILES = NAMES.length + 1;

afterAll(() => rmSync(work, { recursive: true, force: true }));
let session: FaultSession | undefined;
afterEach(() => {
  session?.client.kill();
  session = undefined;
});

function noPwned(): void {
  for (const dir of [work, project, process.cwd(), tmpdir()]) {
    expect(
      readdirSync(dir).filter((f) => f.startsWith("pwned")),
      dir,
    ).toEqual([]);
  }
}

function runCli(
  args: string[],
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SECLSP_BIN, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString("utf8");
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString("utf8");
    });
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("hostile file names", () => {
  it("seclsp check analyzes each one (symlink loops included) and runs no shell", async () => {
    const result = await runCli(["check", ".", "--format", "json", "--fail-on", "error"], project);
    // Exit 1 = findings at --fail-on (all files are vulnerable); 2 would be a usage/read failure.
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as { filesAnalyzed: number; findings: Array<{ file: string }> };
    expect(report.filesAnalyzed).toBe(ALL_FILES);
    const withFindings = new Set(report.findings.map((f) => basename(f.file)));
    for (const name of NAMES) expect(withFindings, JSON.stringify(name)).toContain(name);
    noPwned();
  }, 120_000);

  it("the LSP analyzes them on open and save, CodeQL (fake) and Bandit spawned with them, no shell", async () => {
    session = new FaultSession({ ...process.env });
    const folder = pathToFileURL(project).href;
    await session.initialize(
      {
        codeql: { mode: "on", path: FAKE_CODEQL, cacheDir: join(work, "codeql-cache") },
        bandit: { mode: "auto" },
      },
      { workspaceFolders: [{ uri: folder, name: "project" }], rootUri: folder },
    );
    for (const name of NAMES) {
      const uri = pathToFileURL(join(project, name)).href;
      const first = await session.openAndSave(uri, CODE);
      expect(
        first.diagnostics.some((d) => d.message.includes("CWE-502")),
        name,
      ).toBe(true);
      // The fake CodeQL found its marker in the copy it was given: the name survived the trip.
      await session.client.diagnostics(uri, (p) =>
        p.diagnostics.some((d) => /codeql/i.test(`${d.source} ${JSON.stringify(d.data ?? "")}`)),
      );
    }
    const failures = session.allMessages().filter((m) => /failed/i.test(m));
    expect(failures).toEqual([]);
    noPwned();
    await session.stop();
  }, 180_000);
});

describe("symlink loops", () => {
  it("discoverPythonFiles terminates and lists each real file once", async () => {
    const { files } = await discoverPythonFiles([project]);
    expect(files).toHaveLength(ALL_FILES);
    expect(new Set(files.map((f) => basename(f))).size).toBe(ALL_FILES);
  });

  it("seclsp.scanWorkspace over the LSP terminates and covers each real file once", async () => {
    session = new FaultSession({ ...process.env });
    const folder = pathToFileURL(project).href;
    await session.initialize(
      { codeql: { mode: "off" }, bandit: { mode: "off" } },
      { workspaceFolders: [{ uri: folder, name: "project" }], rootUri: folder },
    );
    const summary = (await session.client.connection.sendRequest("workspace/executeCommand", {
      command: "seclsp.scanWorkspace",
      arguments: [],
    })) as { files: number; cancelled: boolean };
    expect(summary.cancelled).toBe(false);
    expect(summary.files).toBe(ALL_FILES);
    expect(existsSync(join(project, "pwned"))).toBe(false);
    await session.stop();
  }, 120_000);
});
