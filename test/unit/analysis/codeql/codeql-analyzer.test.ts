import { mkdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { CodeqlAnalyzer, type CodeqlConfig } from "../../../../server/src/analysis/codeql/codeql-analyzer.js";
import { CodeqlError } from "../../../../server/src/analysis/codeql/codeql-errors.js";
import { DEFAULT_CONFIG } from "../../../../server/src/config/schema.js";
import {
  databaseInvocations,
  FAKE_CODEQL,
  isAlive,
  readInvocationLog,
  removeTempDirs,
  tempDir,
  waitUntilDead,
} from "../../../fakes/fake-codeql-helpers.js";

afterAll(removeTempDirs);

let dir: string;
let logFile: string;

beforeEach(async () => {
  dir = await tempDir("seclsp-codeql-");
  logFile = path.join(dir, "invocations.log");
});

function analyzer(config: Partial<CodeqlConfig> = {}, env: NodeJS.ProcessEnv = {}): CodeqlAnalyzer {
  return new CodeqlAnalyzer(
    {
      ...DEFAULT_CONFIG.codeql,
      path: FAKE_CODEQL,
      cacheDir: path.join(dir, "cache"),
      timeoutMs: 20_000,
      ...config,
    },
    { env: { ...process.env, FAKE_CODEQL_LOG: logFile, ...env }, workDir: dir },
  );
}

const never = () => new AbortController().signal;

const VULNERABLE = [
  "from flask import request",
  'name = request.args.get("name")',
  'label = "😀😀"; cursor.execute("SELECT * FROM users WHERE name = \'%s\'" % name)  # fake-codeql: py/sql-injection source=2',
  "",
].join("\n");

describe("CodeqlAnalyzer availability", () => {
  it("is available with the configured CLI and reads its version", async () => {
    const codeql = analyzer();
    expect(await codeql.available()).toBe(true);
    expect(await codeql.installationInfo()).toEqual({ path: FAKE_CODEQL, version: "2.19.3" });
  });

  it("finds codeql on PATH without a shell", async () => {
    const bin = path.join(dir, "bin");
    await mkdir(bin);
    await symlink(FAKE_CODEQL, path.join(bin, "codeql"));
    const codeql = new CodeqlAnalyzer(
      { ...DEFAULT_CONFIG.codeql, cacheDir: path.join(dir, "cache") },
      { env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` } },
    );
    expect(await codeql.available()).toBe(true);
    expect(await codeql.installationInfo()).toMatchObject({ path: path.join(bin, "codeql") });
  });

  it("explains a missing CLI with the install link, and analyze rejects with the same reason", async () => {
    const codeql = new CodeqlAnalyzer(
      { ...DEFAULT_CONFIG.codeql, cacheDir: path.join(dir, "cache") },
      { env: { PATH: path.join(dir, "empty") } },
    );
    const reason = await codeql.available();
    expect(reason).toMatch(/not found on PATH/);
    expect(reason).toContain("https://github.com/github/codeql-action/releases");
    await expect(codeql.analyze([{ path: "/x/a.py", text: "x = 1\n" }], never())).rejects.toThrow(
      /not found on PATH/,
    );
  });

  it("looks for a missing CLI again after a minute (the user may have installed it)", async () => {
    const bin = path.join(dir, "later-bin");
    await mkdir(bin);
    const codeql = new CodeqlAnalyzer(
      { ...DEFAULT_CONFIG.codeql, cacheDir: path.join(dir, "cache") },
      // node must stay reachable for the fake's shebang.
      { env: { ...process.env, PATH: `${bin}${path.delimiter}${path.dirname(process.execPath)}` } },
    );
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      expect(await codeql.available()).toMatch(/not found on PATH/);
      await symlink(FAKE_CODEQL, path.join(bin, "codeql"));
      expect(await codeql.available()).toMatch(/not found on PATH/);
      vi.setSystemTime(Date.now() + 61_000);
      expect(await codeql.available()).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("explains a configured path that is not executable", async () => {
    const reason = await analyzer({ path: path.join(dir, "nope", "codeql") }).available();
    expect(reason).toMatch(/seclsp\.codeql\.path = .*nope.* is not an executable file/);
  });

  it("reports mode off as a reason", async () => {
    expect(await analyzer({ mode: "off" }).available()).toMatch(/turned off/);
  });
});

describe("CodeqlAnalyzer.analyze against the fake CLI", () => {
  it("runs create + analyze and maps results back to the original file with UTF-16 columns", async () => {
    const file = path.join(dir, "project", "app", "views.py");
    const findings = await analyzer().analyze([{ path: file, text: VULNERABLE }], never());
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding!.file).toBe(file);
    expect(finding!.ruleId).toBe("py/sql-injection");
    expect(finding!.cwes).toEqual(["CWE-89"]);
    expect(finding!.securitySeverity).toBe(8.8);
    expect(finding!.severity).toBe("error");
    expect(finding!.source).toBe("codeql");
    // The finding keeps CodeQL's link markup internally; people read it rendered plain (analysis/message-text.ts).
    expect(finding!.message).toBe("This SQL query depends on a [user-provided value](1).");
    const line = VULNERABLE.split("\n")[2]!;
    // The fake reports code point columns; after conversion the range covers the code exactly.
    expect(finding!.range.start).toEqual({ line: 2, character: 0 });
    expect(line.slice(0, finding!.range.end.character)).toBe(line.slice(0, line.indexOf("  # fake-codeql")));
    expect(finding!.flow!.map((step) => step.range.start.line)).toEqual([1, 2]);
    const argv = databaseInvocations(logFile);
    expect(argv.map((a) => a.slice(0, 2).join(" "))).toEqual(["database create", "database analyze"]);
    expect(argv[0]).toContain("--language=python");
    expect(argv[0]).toContain("--overwrite");
    expect(argv[1]).toContain("codeql/python-queries:codeql-suites/python-security-extended.qls");
    expect(argv[1]).toContain("--format=sarif-latest");
    expect(argv[1]).toContain("--threads=0");
  });

  it("keeps the relative layout of several files and finds nothing in clean code", async () => {
    const files = [
      {
        path: path.join(dir, "p", "pkg", "a.py"),
        text: "import os\nos.system(cmd)  # fake-codeql: py/command-line-injection\n",
      },
      { path: path.join(dir, "p", "b.py"), text: "print('clean')\n" },
    ];
    const findings = await analyzer().analyze(files, never());
    expect(findings.map((f) => [f.file, f.ruleId, f.range.start.line])).toEqual([
      [files[0]!.path, "py/command-line-injection", 1],
    ]);
  });

  it("fails clearly on exit 2, with the CLI's stderr", async () => {
    const error = await analyzer({}, { FAKE_CODEQL_FAIL: "2" })
      .analyze([{ path: "/w/a.py", text: VULNERABLE }], never())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodeqlError);
    expect((error as CodeqlError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(/codeql database create failed \(exit 2/);
    expect((error as Error).message).toContain("A fatal error occurred");
  });

  it("fails clearly on exit 32 (no Python code)", async () => {
    const error = (await analyzer({}, { FAKE_CODEQL_FAIL: "32" })
      .analyze([{ path: "/w/a.py", text: VULNERABLE }], never())
      .catch((e: unknown) => e)) as CodeqlError;
    expect(error.exitCode).toBe(32);
    expect(error.message).toMatch(/exit 32: no Python code was found/);
  });

  it("rejects an unknown suite the way the CLI does", async () => {
    await expect(
      analyzer({ suite: "codeql/java-queries" }).analyze([{ path: "/w/a.py", text: "x=1\n" }], never()),
    ).rejects.toThrow(/database analyze failed \(exit 2.*\n.*cannot be found/);
  });

  it("kills the whole process tree when the timeout passes", async () => {
    const promise = analyzer({ timeoutMs: 1500 }, { FAKE_CODEQL_HANG: "1" }).analyze(
      [{ path: "/w/a.py", text: VULNERABLE }],
      never(),
    );
    await expect(promise).rejects.toThrow(/timed out after 1500 ms/);
    const hang = readInvocationLog(logFile).find((entry) => entry.event === "hang");
    expect(hang?.child).toBeTypeOf("number");
    expect(await waitUntilDead(hang!.pid)).toBe(true);
    expect(await waitUntilDead(hang!.child!)).toBe(true);
  });

  it("kills the whole process tree when the signal aborts", async () => {
    const controller = new AbortController();
    const promise = analyzer({}, { FAKE_CODEQL_HANG: "1" }).analyze(
      [{ path: "/w/a.py", text: VULNERABLE }],
      controller.signal,
    );
    let hang: ReturnType<typeof readInvocationLog>[number] | undefined;
    for (let i = 0; i < 200 && !hang; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      hang = readInvocationLog(logFile).find((entry) => entry.event === "hang");
    }
    expect(hang).toBeDefined();
    expect(isAlive(hang!.child!)).toBe(true);
    controller.abort();
    await expect(promise).rejects.toMatchObject({ name: "AbortError" });
    expect(await waitUntilDead(hang!.pid)).toBe(true);
    expect(await waitUntilDead(hang!.child!)).toBe(true);
  });

  it("reports truncated SARIF as unreadable and does not cache it", async () => {
    const file = { path: "/w/a.py", text: VULNERABLE };
    await expect(analyzer({}, { FAKE_CODEQL_TRUNCATE: "1" }).analyze([file], never())).rejects.toThrow(
      /unreadable SARIF.*truncated/,
    );
    expect(await analyzer().analyze([file], never())).toHaveLength(1);
  });
});

describe("CodeqlAnalyzer cache", () => {
  it("serves unchanged code from the SARIF cache without spawning codeql, across instances", async () => {
    const file = { path: path.join(dir, "w", "a.py"), text: VULNERABLE };
    const first = await analyzer().analyze([file], never());
    expect(databaseInvocations(logFile)).toHaveLength(2);
    const second = await analyzer().analyze([file], never());
    expect(databaseInvocations(logFile)).toHaveLength(2);
    expect(second).toEqual(first);
    await analyzer().analyze([{ ...file, text: `${VULNERABLE}# edited\n` }], never());
    expect(databaseInvocations(logFile)).toHaveLength(4);
  });

  it("still returns results when the cache directory cannot be written", async () => {
    const blocker = path.join(dir, "not-a-dir");
    await writeFile(blocker, "x");
    const findings = await analyzer({ cacheDir: path.join(blocker, "cache") }).analyze(
      [{ path: "/w/a.py", text: VULNERABLE }],
      never(),
    );
    expect(findings.map((f) => f.ruleId)).toEqual(["py/sql-injection"]);
  });

  it("includes the CLI version and the suite in the key", async () => {
    const file = { path: path.join(dir, "w", "a.py"), text: VULNERABLE };
    await analyzer().analyze([file], never());
    await analyzer({}, { FAKE_CODEQL_VERSION: "2.20.0" }).analyze([file], never());
    await analyzer({ suite: "codeql/python-queries:codeql-suites/python-code-scanning.qls" }).analyze(
      [file],
      never(),
    );
    expect(databaseInvocations(logFile)).toHaveLength(6);
  });
});

describe("custom queries", () => {
  it("runs a local .ql file and takes rule metadata from it", async () => {
    const ql = path.join(dir, "Custom.ql");
    await writeFile(
      ql,
      [
        "/**",
        " * @name Use of the frobnicator",
        " * @description Frobnicating is dangerous.",
        " * @kind problem",
        " * @problem.severity warning",
        " * @security-severity 4.2",
        " * @id py/custom-frobnicate",
        " * @tags security",
        " *       external/cwe/cwe-676",
        " */",
        "import python",
        "",
      ].join("\n"),
    );
    const findings = await analyzer({ suite: ql }).analyze(
      [
        {
          path: "/w/a.py",
          text: "frobnicate()  # fake-codeql: py/custom-frobnicate\neval(x)  # fake-codeql: py/code-injection\n",
        },
      ],
      never(),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: "py/custom-frobnicate",
      cwes: ["CWE-676"],
      severity: "warning",
      securitySeverity: 4.2,
    });
  });
});
