import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { CodeqlAnalyzer } from "../../../server/src/analysis/codeql/codeql-analyzer.js";
import type { Finding } from "../../../server/src/analysis/finding.js";
import { OnSaveScheduler, reconcileFindings } from "../../../server/src/analysis/on-save-scheduler.js";
import { DEFAULT_CONFIG } from "../../../server/src/config/schema.js";
import {
  databaseInvocations,
  FAKE_CODEQL,
  readInvocationLog,
  removeTempDirs,
  tempDir,
  waitUntilDead,
} from "../../fakes/fake-codeql-helpers.js";

afterAll(removeTempDirs);

function finding(line: number, endLine = line, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: "py/sql-injection",
    cwes: ["CWE-89"],
    severity: "error",
    message: "m",
    file: "/w/a.py",
    range: { start: { line, character: 2 }, end: { line: endLine, character: 7 } },
    source: "codeql",
    fingerprint: `f${line}`,
    ...extra,
  };
}

/** A run function whose calls the test resolves by hand. */
function manualRun() {
  const calls: {
    text: string;
    signal: AbortSignal;
    resolve: (f: Finding[]) => void;
    reject: (e: Error) => void;
  }[] = [];
  const run = (_uri: string, text: string, signal: AbortSignal) =>
    new Promise<Finding[]>((resolve, reject) => calls.push({ text, signal, resolve, reject }));
  return { calls, run };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("OnSaveScheduler", () => {
  it("a newer save aborts the older run and only the newer result is delivered", async () => {
    const { calls, run } = manualRun();
    const scheduler = new OnSaveScheduler(run);
    const first = scheduler.schedule("file:///a.py", "v1", 1);
    await tick();
    const second = scheduler.schedule("file:///a.py", "v2", 2);
    await tick();
    expect(calls[0]!.signal.aborted).toBe(true);
    calls[0]!.resolve([finding(1)]); // ignores the signal: must still count as cancelled
    calls[1]!.resolve([finding(2)]);
    expect(await first).toEqual({ status: "cancelled", reason: "superseded" });
    expect(await second).toMatchObject({ status: "done", forVersion: 2, analyzedText: "v2", cached: false });
  });

  it("answers unchanged text from the content-hash cache without running again", async () => {
    const { calls, run } = manualRun();
    const scheduler = new OnSaveScheduler(run);
    const first = scheduler.schedule("u", "same", 1);
    await tick();
    calls[0]!.resolve([finding(3)]);
    await first;
    const again = await scheduler.schedule("u", "same", 5);
    expect(calls).toHaveLength(1);
    expect(again).toMatchObject({ status: "done", cached: true, forVersion: 5 });
    expect(again.status === "done" && again.findings[0]!.range.start.line).toBe(3);
  });

  it("joins a running analysis of the same text instead of restarting it", async () => {
    const { calls, run } = manualRun();
    const scheduler = new OnSaveScheduler(run);
    const a = scheduler.schedule("u", "t", 1);
    const b = scheduler.schedule("u", "t", 2);
    await tick();
    expect(calls).toHaveLength(1);
    calls[0]!.resolve([]);
    expect(await a).toMatchObject({ status: "done", forVersion: 1 });
    expect(await b).toMatchObject({ status: "done", forVersion: 2 });
  });

  it("reports failures as an outcome, keeps documents independent, and cancels on dispose", async () => {
    const { calls, run } = manualRun();
    const scheduler = new OnSaveScheduler(run);
    const a = scheduler.schedule("a", "x", 1);
    const b = scheduler.schedule("b", "y", 1);
    await tick();
    calls[0]!.reject(new Error("codeql database create failed (exit 32)"));
    const outcome = await a;
    expect(outcome.status).toBe("failed");
    expect(outcome.status === "failed" && outcome.error.message).toMatch(/exit 32/);
    expect(scheduler.isRunning("b")).toBe(true);
    scheduler.dispose();
    expect(calls[1]!.signal.aborted).toBe(true);
    expect(await b).toEqual({ status: "cancelled", reason: "disposed" });
    expect(await scheduler.schedule("c", "z", 1)).toEqual({ status: "cancelled", reason: "disposed" });
  });

  it("with the fake CodeQL CLI, a newer save kills the older codeql process", async () => {
    const dir = await tempDir("seclsp-onsave-");
    const logFile = path.join(dir, "log");
    const codeql = new CodeqlAnalyzer(
      { ...DEFAULT_CONFIG.codeql, path: FAKE_CODEQL, cacheDir: path.join(dir, "cache") },
      { env: { ...process.env, FAKE_CODEQL_LOG: logFile, FAKE_CODEQL_DELAY_MS: "800" }, workDir: dir },
    );
    const file = path.join(dir, "w", "a.py");
    const scheduler = new OnSaveScheduler((_uri, text, signal) =>
      codeql.analyze([{ path: file, text }], signal),
    );
    const first = scheduler.schedule(file, "eval(x)  # fake-codeql: py/code-injection\n", 1);
    let started: number | undefined;
    for (let i = 0; i < 200 && started === undefined; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      started = readInvocationLog(logFile).find((entry) => entry.argv?.[0] === "database")?.pid;
    }
    expect(started).toBeTypeOf("number");
    const second = scheduler.schedule(file, "\neval(x)  # fake-codeql: py/code-injection\n", 2);
    expect(await first).toEqual({ status: "cancelled", reason: "superseded" });
    expect(await waitUntilDead(started!)).toBe(true);
    const outcome = await second;
    expect(outcome.status).toBe("done");
    expect(outcome.status === "done" && outcome.findings.map((f) => f.range.start.line)).toEqual([1]);
    // The first run never got to `database analyze`.
    expect(databaseInvocations(logFile).map((argv) => argv[1])).toEqual(["create", "create", "analyze"]);
  });
});

describe("reconcileFindings", () => {
  const before = ["import os", "a = 1", "cur.execute(q)", "b = 2", "os.system(c)", ""].join("\n");

  it("returns findings unchanged when the text did not change", () => {
    const findings = [finding(2)];
    expect(reconcileFindings(findings, before, before)).toBe(findings);
  });

  it("maps the unchanged head and tail of a big file around an edit in its middle", () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `x${i % 7} = ${i % 3}`);
    const edited = [...lines];
    edited.splice(10_000, 1, "changed = 1", "added = 2");
    const moved = reconcileFindings(
      [finding(5), finding(9_999), finding(10_000), finding(10_001), finding(19_999)],
      lines.join("\n"),
      edited.join("\r\n"),
    );
    expect(moved.map((f) => f.range.start.line)).toEqual([5, 9_999, 10_002, 20_000]);
  });

  it("shifts findings below inserted or deleted lines", () => {
    const inserted = before.replace("a = 1", "# new\n# lines\na = 1");
    expect(
      reconcileFindings([finding(2), finding(4)], before, inserted).map((f) => f.range.start.line),
    ).toEqual([4, 6]);
    const deleted = before.replace("a = 1\n", "");
    expect(reconcileFindings([finding(2)], before, deleted)[0]!.range).toEqual({
      start: { line: 1, character: 2 },
      end: { line: 1, character: 7 },
    });
  });

  it("drops a finding whose line was edited and keeps the others", () => {
    const edited = before.replace("cur.execute(q)", "cur.execute(q, params)");
    expect(reconcileFindings([finding(2), finding(4)], before, edited).map((f) => f.fingerprint)).toEqual([
      "f4",
    ]);
  });

  it("drops a multi-line finding when any of its lines changed", () => {
    const edited = before.replace("b = 2", "b = 3");
    expect(reconcileFindings([finding(2, 4)], before, edited)).toEqual([]);
    const [moved] = reconcileFindings([finding(2, 3)], before, before.replace("a = 1", "a = 5\nx = 0"));
    expect(moved!.range).toEqual({ start: { line: 3, character: 2 }, end: { line: 4, character: 7 } });
  });

  it("drops edited flow steps in the same file, keeps steps in other files", () => {
    const flow = [
      { file: "/w/a.py", range: finding(1).range, message: "source" },
      { file: "/w/other.py", range: finding(1).range, message: "elsewhere" },
      { file: "/w/a.py", range: finding(2).range, message: "sink" },
    ];
    const edited = before.replace("a = 1", "a = input()");
    const [moved] = reconcileFindings([finding(2, 2, { flow })], before, edited);
    expect(moved!.flow!.map((s) => s.message)).toEqual(["elsewhere", "sink"]);
  });

  it("ignores newline style and a missing final newline", () => {
    const crlf = before.replace(/\n/g, "\r\n").replace(/\r\n$/, "");
    expect(reconcileFindings([finding(4)], before, crlf).map((f) => f.range.start.line)).toEqual([4]);
  });

  it("never puts a finding on a line whose text differs from the analyzed line", () => {
    const line = fc.constantFrom("a = 1", "b = 2", "cur.execute(q)", "", "  x", "os.system(c)");
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 12 }),
        fc.array(line, { maxLength: 12 }),
        fc.nat(),
        (oldLines, newLines, pick) => {
          const target = pick % oldLines.length;
          const result = reconcileFindings([finding(target)], oldLines.join("\n"), newLines.join("\n"));
          const currentLines = newLines.join("\n").split("\n");
          for (const f of result) expect(currentLines[f.range.start.line]).toBe(oldLines[target]);
        },
      ),
    );
  });
});
