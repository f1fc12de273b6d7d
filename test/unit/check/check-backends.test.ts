import { chmod, mkdir, readFile, realpath, symlink, writeFile } from "node:fs/promises";
import { delimiter, dirname, join } from "node:path";
import type * as sarif from "sarif";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findExecutable } from "../../../server/src/analysis/external/find-executable.js";
import { reportersOf } from "../../../server/src/analysis/reporters.js";
import type { JsonReport } from "../../../server/src/check/json-report.js";
import { type CheckOptions, runCheck } from "../../../server/src/check/run-check.js";
import {
  databaseInvocations,
  FAKE_CODEQL,
  readInvocationLog,
  removeTempDirs,
  tempDir,
} from "../../fakes/fake-codeql-helpers.js";
import { CollectStream } from "./collect-stream.js";

// `seclsp check` with the CLI backends: the fake CodeQL (test/fakes/codeql) on PATH, and the
// Bandit installed on the machine (.ci/run installs it), wrapped to count its processes.

/** A benign line only the (fake) CodeQL flags: the finding must come from CodeQL. */
const REDIRECT = 'def home():\n    target = "/home"  # fake-codeql: py/url-redirection\n    return target\n';
const MD5 = "import hashlib\n\n\ndef digest(data):\n    return hashlib.md5(data).hexdigest()\n";
const SQL =
  "import sqlite3\n\n\ndef find(conn, name):\n" +
  "    return conn.execute(\"SELECT * FROM users WHERE name = '%s'\" % name).fetchall()\n";
const PICKLE = "import pickle\n\n\ndef load(blob):\n    return pickle.loads(blob)\n";

let dir = "";
let bin = "";
let banditLog = "";

beforeAll(async () => {
  dir = await realpath(await tempDir("seclsp-check-backends-"));
  bin = join(dir, "bin");
  await mkdir(bin);
  await symlink(FAKE_CODEQL, join(bin, "codeql"));
  // A `bandit` that logs each start and then runs the real one (no shell: execFileSync + argv).
  const real = await findExecutable("bandit");
  if (!real) throw new Error("bandit is not installed: .ci/run installs it (apt-get install python3-bandit)");
  banditLog = join(dir, "bandit.log");
  await writeFile(
    join(bin, "bandit"),
    `#!${process.execPath}\n` +
      'const { appendFileSync } = require("node:fs");\n' +
      'const { spawnSync } = require("node:child_process");\n' +
      "const args = process.argv.slice(2);\n" +
      `if (args[0] !== "--version") appendFileSync(${JSON.stringify(banditLog)}, JSON.stringify(args) + "\\n");\n` +
      `const run = spawnSync(${JSON.stringify(real)}, args, { stdio: "inherit" });\n` +
      "process.exit(run.status ?? 2);\n",
  );
  await chmod(join(bin, "bandit"), 0o755);
});
afterAll(removeTempDirs);

async function project(name: string, files: Record<string, string>): Promise<string> {
  const root = join(dir, name);
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, rel)), { recursive: true });
    await writeFile(join(root, rel), content);
  }
  return root;
}

/** Runs check in `cwd` with the fakes on PATH, a private cache dir and a fresh CodeQL log. */
async function check(cwd: string, options: Partial<CheckOptions>, env: NodeJS.ProcessEnv = {}) {
  const stdout = new CollectStream();
  const stderr = new CollectStream();
  const log = join(cwd, `codeql-${Math.random().toString(36).slice(2)}.log`);
  const code = await runCheck(
    { paths: ["."], format: "text", failOn: "warning", ...options },
    {
      stdout,
      stderr,
      cwd,
      env: {
        ...process.env,
        PATH: `${bin}${delimiter}${process.env.PATH ?? ""}`,
        XDG_CACHE_HOME: join(dir, "cache"),
        FAKE_CODEQL_LOG: log,
        ...env,
      },
    },
  );
  return { code, stdout: stdout.text, stderr: stderr.text, databases: databaseInvocations(log), log };
}

/** A JSON report has a finding Bandit reported (kept, or merged into another backend's). */
function banditReported(json: string): boolean {
  return (JSON.parse(json) as JsonReport).findings.some((f) =>
    reportersOf(f).some((r) => r.tool === "bandit"),
  );
}

function creates(databases: string[][]): number {
  return databases.filter((argv) => argv[1] === "create").length;
}

// The first test of a worker pays for compiling the ruff and tree-sitter wasm.
describe("seclsp check with CodeQL", { timeout: 180_000 }, () => {
  it("a folder of 2 files: exactly 1 database create, CodeQL's finding merged into the report", async () => {
    const root = await project("two-files", { "app/views.py": REDIRECT, "app/util.py": MD5 });
    const result = await check(root, { bandit: false });
    expect(creates(result.databases)).toBe(1);
    expect(result.databases.filter((argv) => argv[1] === "analyze")).toHaveLength(1);
    const out = result.stdout.split("\n");
    expect(out).toContainEqual(
      expect.stringMatching(/^app\/views\.py:2:\d+: \w+ py\/url-redirection \[CWE-601\]/),
    );
    // The embedded finding of the other file is still there, once.
    expect(out.filter((line) => line.startsWith("app/util.py:5:"))).toHaveLength(1);
    expect(out.at(-2)).toBe("2 findings in 2 files (0 skipped)");
    expect(result.stderr).toMatch(/^seclsp: CodeQL: creating the database for \.…\n/);
    expect(result.stderr).toMatch(/\nseclsp: CodeQL: \.: 1 finding in 2 files \(/);
    expect(result.code).toBe(1);
  });

  it("on a terminal the phases are one live line (cleared), the results lasting lines", async () => {
    // Contents no other test uses: CodeQL's SARIF cache is keyed by content, not by folder.
    const root = await project("tty", { "views.py": `# tty\n${REDIRECT}`, "util.py": MD5 });
    const stderr = Object.assign(new CollectStream(), { isTTY: true, columns: 120 });
    const code = await runCheck(
      { paths: ["."], format: "text", failOn: "warning", bandit: false },
      {
        stdout: new CollectStream(),
        stderr,
        cwd: root,
        env: {
          ...process.env,
          PATH: `${bin}${delimiter}${process.env.PATH ?? ""}`,
          XDG_CACHE_HOME: join(dir, "cache"),
        },
      },
    );
    expect(code).toBe(1);
    // The live line was drawn (cli-progress rewrites it in place: no newline of its own)...
    expect(stderr.text).toContain("seclsp: CodeQL: analyzing . (");
    expect(stderr.text).not.toContain("seclsp: CodeQL: creating the database for .…\n");
    // ...and the result is an ordinary line.
    const result = stderr.text.lastIndexOf("seclsp: CodeQL: .: 1 finding in 2 files (");
    expect(result).toBeGreaterThan(stderr.text.lastIndexOf("seclsp: CodeQL: analyzing"));
    expect(stderr.text.slice(result)).toMatch(/^seclsp: CodeQL: \.: 1 finding in 2 files \([^)]*\)\n$/);
  });

  it("CodeQL's finding appears in the JSON and SARIF reports with its source", async () => {
    const root = await project("formats", { "views.py": REDIRECT, "other.py": "x = 1\n" });
    const json = await check(root, { format: "json", bandit: false });
    const report = JSON.parse(json.stdout) as JsonReport;
    const redirect = report.findings.find((f) => f.ruleId === "py/url-redirection");
    expect(redirect).toMatchObject({ file: "views.py", line: 2, source: "codeql", cwes: ["CWE-601"] });
    const sarifRun = await check(root, { format: "sarif", bandit: false });
    const log = JSON.parse(sarifRun.stdout) as sarif.Log;
    const results = log.runs.flatMap((run) => run.results ?? []);
    const inSarif = results.find((r) => r.ruleId === "py/url-redirection");
    expect(inSarif?.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toMatch(/views\.py$/);
    expect(inSarif?.locations?.[0]?.physicalLocation?.region?.startLine).toBe(2);
  });

  it("--no-codeql runs no CodeQL process and reports only the other backends", async () => {
    const root = await project("no-codeql", { "views.py": REDIRECT, "util.py": MD5 });
    const result = await check(root, { codeql: false, bandit: false });
    expect(readInvocationLog(result.log)).toEqual([]);
    expect(result.stdout).not.toContain("py/url-redirection");
    expect(result.stdout).toMatch(/^util\.py:5:/);
    expect(result.stderr).toBe("");
  });

  it("codeql.mode off in the config is honoured like --no-codeql", async () => {
    const root = await project("mode-off", {
      "views.py": REDIRECT,
      "off.json": JSON.stringify({ codeql: { mode: "off" } }),
    });
    const result = await check(root, { config: "off.json", bandit: false });
    expect(readInvocationLog(result.log)).toEqual([]);
    expect(result.stdout).toBe("0 findings in 1 file (0 skipped)\n");
  });

  it("a crashing CodeQL: one stderr line, embedded findings still reported, exit code per --fail-on", async () => {
    const root = await project("crash", { "views.py": `# crash\n${REDIRECT}`, "util.py": MD5 });
    const crash = { FAKE_CODEQL_FAIL: "2", FAKE_CODEQL_FAIL_ON: "analyze" };
    const warning = await check(root, { bandit: false }, crash);
    const failed = warning.stderr.split("\n").filter((line) => line.includes("CodeQL failed"));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(
      /^seclsp: CodeQL failed on \.; its findings are missing from this report: .*exit/,
    );
    expect(warning.stdout).toMatch(/^util\.py:5:\d+: warning /);
    expect(warning.stdout).not.toContain("py/url-redirection");
    expect(warning.code).toBe(1); // the MD5 warning fails --fail-on warning
    const error = await check(root, { bandit: false, failOn: "error" }, crash);
    expect(error.stderr).toContain("CodeQL failed");
    expect(error.code).toBe(0); // a backend failure alone does not change the exit code
  });

  it('mode "on" without a CodeQL CLI: a stderr line saying why, the run goes on', async () => {
    const root = await project("missing", {
      "util.py": MD5,
      "on.json": JSON.stringify({ codeql: { mode: "on", path: join(dir, "no-such-codeql") } }),
    });
    const result = await check(root, { config: "on.json", bandit: false });
    expect(result.stderr).toMatch(/^seclsp: CodeQL is not run: .*no-such-codeql.*not an executable/m);
    expect(result.stdout).toMatch(/^util\.py:5:/);
    expect(result.code).toBe(1);
    // --codeql asks for it like mode "on"; without it, "auto" and no CLI on PATH stay quiet.
    const bare = { PATH: process.env.PATH ?? "" };
    const asked = await check(root, { codeql: true, bandit: false }, bare);
    expect(asked.stderr).toMatch(/^seclsp: CodeQL is not run: CodeQL CLI not found on PATH\./m);
    const quiet = await check(root, { bandit: false }, bare);
    expect(quiet.stderr).toBe("");
    expect(quiet.stdout).toBe(asked.stdout);
  });

  it("file arguments outside any folder argument share one temporary database", async () => {
    const root = await project("file-args", { "a/views.py": REDIRECT, "b/util.py": MD5 });
    const result = await check(root, { paths: ["a/views.py", "b/util.py"], bandit: false });
    expect(creates(result.databases)).toBe(1);
    expect(result.stdout).toMatch(/^a\/views\.py:2:\d+: \w+ py\/url-redirection/m);
  });

  it("file arguments beyond codeql.batchSize are chunked: one database per batch", async () => {
    const files: Record<string, string> = {
      "batch.json": JSON.stringify({ codeql: { batchSize: 2 } }),
    };
    for (let i = 0; i < 5; i++) files[`f${i}.py`] = REDIRECT;
    const root = await project("batches", files);
    const paths = [0, 1, 2, 3, 4].map((i) => `f${i}.py`);
    const result = await check(root, { paths, config: "batch.json", bandit: false });
    expect(creates(result.databases)).toBe(3);
    expect(result.stdout.match(/py\/url-redirection/g)).toHaveLength(5);
  });
});

describe("seclsp check with Bandit", { timeout: 180_000 }, () => {
  it("one bandit process for the whole run; merged findings keep the embedded-only run's CWEs per line", async () => {
    const root = await project("merged", { "a.py": MD5, "b.py": SQL, "pkg/c.py": PICKLE });
    const embeddedOnly = await check(root, { format: "json", codeql: false, bandit: false });
    const merged = await check(root, { format: "json", codeql: false, bandit: true });
    const starts = (await readFile(banditLog, "utf8").catch(() => "")).trim().split("\n").filter(Boolean);
    expect(starts).toHaveLength(1);
    expect((JSON.parse(starts[0]!) as string[]).filter((arg) => arg.endsWith(".py")).sort()).toEqual([
      "./a.py",
      "./b.py",
      "./pkg/c.py",
    ]);
    const byLine = (report: JsonReport) =>
      Object.fromEntries(report.findings.map((f) => [`${f.file}:${f.line}`, [...f.cwes].sort()]));
    const alone = byLine(JSON.parse(embeddedOnly.stdout) as JsonReport);
    const withBandit = JSON.parse(merged.stdout) as JsonReport;
    // Bandit did report here (its findings were merged in, not dropped)...
    expect(banditReported(merged.stdout)).toBe(true);
    // ...and each line the embedded analyzer flags is one problem with the same CWEs.
    const together = byLine(withBandit);
    for (const [line, cwes] of Object.entries(alone)) expect(together[line], line).toEqual(cwes);
    expect(withBandit.findings.filter((f) => `${f.file}:${f.line}` in alone)).toHaveLength(
      Object.keys(alone).length,
    );
    // No Bandit problem on stderr: only the summary line.
    expect(merged.stderr).toBe(`seclsp: ${withBandit.findings.length} findings in 3 files (0 skipped)\n`);
  });

  /** Bandit processes started so far (the wrapper logs every start but `--version`). */
  const banditStarts = async () =>
    (await readFile(banditLog, "utf8").catch(() => "")).split("\n").filter(Boolean).length;

  it('bandit.mode "on" in the config runs it; the default "auto" and --no-bandit do not', async () => {
    const root = await project("bandit-modes", {
      "a.py": MD5,
      "on.json": JSON.stringify({ bandit: { mode: "on" } }),
    });
    let before = await banditStarts();
    const on = await check(root, { config: "on.json", codeql: false, format: "json" });
    expect(await banditStarts()).toBe(before + 1);
    expect(banditReported(on.stdout)).toBe(true);

    before = await banditStarts();
    const auto = await check(root, { codeql: false, format: "json" });
    const off = await check(root, { config: "on.json", codeql: false, bandit: false, format: "json" });
    expect(await banditStarts()).toBe(before);
    expect(banditReported(auto.stdout)).toBe(false);
    expect(banditReported(off.stdout)).toBe(false);
  });

  it("a failing Bandit: one stderr line, the other findings reported, exit code per --fail-on", async () => {
    const root = await project("bandit-fails", { "a.py": MD5 });
    const failing = join(dir, "failing-bin");
    await mkdir(failing, { recursive: true });
    await writeFile(
      join(failing, "bandit"),
      `#!${process.execPath}\n` +
        'if (process.argv[2] === "--version") { console.log("bandit 1.7.5"); process.exit(0); }\n' +
        'console.error("Traceback (most recent call last): boom"); process.exit(2);\n',
    );
    await chmod(join(failing, "bandit"), 0o755);
    const env = { PATH: `${failing}${delimiter}${process.env.PATH ?? ""}` };
    const warning = await check(root, { codeql: false, bandit: true }, env);
    expect(warning.stderr).toMatch(
      /^seclsp: Bandit failed; its findings are missing from this report: bandit failed \(exit 2\): .*boom/m,
    );
    expect(warning.stdout).toMatch(/^a\.py:5:\d+: warning py\/weak-sensitive-data-hashing /);
    expect(warning.code).toBe(1);
    expect((await check(root, { codeql: false, bandit: true, failOn: "error" }, env)).code).toBe(0);
  });
});
