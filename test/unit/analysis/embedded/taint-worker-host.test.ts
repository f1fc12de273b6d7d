import { readdirSync, readFileSync } from "node:fs";
import { getPriority } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { EmbeddedAnalyzer } from "../../../../server/src/analysis/embedded/embedded-analyzer.js";
import { FlowPhase } from "../../../../server/src/analysis/embedded/taint-phase.js";
import { TaintWorkerHost } from "../../../../server/src/analysis/embedded/taint-worker-host.js";
import { flaskApp } from "../../../helpers/flask-app.js";

const FLOW = [
  "import os",
  "from flask import Flask, request",
  "app = Flask(__name__)",
  "",
  "@app.route('/run')",
  "def run():",
  "    cmd = request.args.get('cmd')",
  "    os.system(cmd)",
  "",
].join("\n");

const OPTIONS = { threatModel: "remote" as const };

let host: TaintWorkerHost | undefined;
afterEach(() => {
  host?.dispose();
  host = undefined;
});

describe("TaintWorkerHost", () => {
  it("finds in the worker exactly what the in-process engine finds", async () => {
    host = new TaintWorkerHost();
    const file = { path: "/w/app.py", text: FLOW };
    const inWorker = await host.analyze(file, OPTIONS);
    await EmbeddedAnalyzer.ready();
    // The flow phase is the in-process analyzer without its ruff pass (twins not merged yet).
    const full = new EmbeddedAnalyzer(OPTIONS).analyzeText(file);
    expect(inWorker?.map((f) => f.ruleId).sort()).toEqual(
      full
        .filter((f) => f.reporters?.some((r) => r.tool !== "ruff"))
        .map((f) => f.ruleId)
        .sort(),
    );
    const inProcess = new FlowPhase().run(file, OPTIONS);
    expect(inProcess.some((f) => f.ruleId === "py/command-line-injection")).toBe(true);
    expect(inWorker).toEqual(inProcess);
  });

  it("runs the worker thread at a lower CPU priority than the rest of the process (Linux)", async () => {
    // Field 19 of /proc/<tid>/stat; the fields after the ") " that ends the name start at 3.
    const niceOf = (tid: string) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      return Number(stat.slice(stat.lastIndexOf(") ") + 2).split(" ")[16]);
    };
    host = new TaintWorkerHost();
    await host.analyze({ path: "/w/nice.py", text: FLOW }, OPTIONS);
    if (process.platform !== "linux") return; // per-thread priorities are a Linux feature
    const main = niceOf(String(process.pid)); // the main thread's id is the pid
    expect(readdirSync("/proc/self/task").map(niceOf)).toContain(Math.min(19, main + 4));
    // Only that thread: the main thread keeps the process's priority.
    expect(main).toBe(getPriority());
  });

  it("a newer job for the same file supersedes the queued one", async () => {
    host = new TaintWorkerHost();
    const first = host.analyze({ path: "/w/a.py", text: flaskApp(200) }, OPTIONS);
    const older = host.analyze({ path: "/w/b.py", text: FLOW }, OPTIONS);
    const newer = host.analyze({ path: "/w/b.py", text: `${FLOW}# edited\n` }, OPTIONS);
    expect(await older).toBeUndefined();
    expect((await newer)?.length).toBeGreaterThan(0);
    expect((await first)?.length).toBeGreaterThan(0);
  });

  it("interrupts the running analysis of a superseded version", async () => {
    host = new TaintWorkerHost();
    // No time budget: only the cancel slot can stop this analysis early.
    const unlimited = { ...OPTIONS, taintTimeBudgetMs: Number.POSITIVE_INFINITY };
    await host.analyze({ path: "/w/warm.py", text: FLOW }, unlimited);
    const text = flaskApp(1500);
    const running = host.analyze({ path: "/w/big.py", text }, unlimited);
    // The job was posted synchronously; cancelling now interrupts it in the worker.
    host.cancel("/w/big.py");
    expect(await running).toBeUndefined();
    // The partial result was not cached: the same text analyzed again is complete.
    const again = await host.analyze({ path: "/w/big.py", text }, unlimited);
    expect(again?.filter((f) => f.ruleId === "py/command-line-injection")).toHaveLength(1500);
  });

  it("replaces a killed worker and re-runs its job", async () => {
    host = new TaintWorkerHost();
    await host.analyze({ path: "/w/warm.py", text: FLOW }, OPTIONS);
    // No time budget: on a loaded machine the retry must still find every flow.
    const unlimited = { ...OPTIONS, taintTimeBudgetMs: Number.POSITIVE_INFINITY };
    const pending = host.analyze({ path: "/w/big.py", text: flaskApp(400) }, unlimited);
    await host.killWorker();
    const findings = await pending;
    expect(host.restarts).toBe(1);
    expect(findings?.filter((f) => f.ruleId === "py/command-line-injection")).toHaveLength(400);
  });

  it("releases closed documents' trees and recycles the worker once most are closed", async () => {
    host = new TaintWorkerHost({ recycleAfterBytes: 1 });
    for (const name of ["a", "b", "c"]) await host.analyze({ path: `/w/${name}.py`, text: FLOW }, OPTIONS);
    expect(host.liveTrees).toBe(3);
    host.forget("/w/a.py");
    expect(host.recycles).toBe(0);
    host.forget("/w/b.py");
    expect(host.recycles).toBe(1);
    expect(host.liveTrees).toBe(0);
    const after = await host.analyze({ path: "/w/c.py", text: FLOW }, OPTIONS);
    expect(after?.length).toBeGreaterThan(0);
    expect(host.liveTrees).toBe(1);
  });

  it("bounds the text held by bytes too, always keeping the last analyzed document", async () => {
    host = new TaintWorkerHost({ maxHeldDocuments: 100, maxHeldBytes: FLOW.length * 2 });
    for (const name of ["a", "b", "c"]) await host.analyze({ path: `/w/${name}.py`, text: FLOW }, OPTIONS);
    expect(host.liveTrees).toBe(2);
    const big = flaskApp(50);
    const findings = await host.analyze({ path: "/w/big.py", text: big }, OPTIONS);
    expect(findings?.filter((f) => f.ruleId === "py/command-line-injection")).toHaveLength(50);
    expect(host.liveTrees).toBe(1);
  });

  it("keeps the trees of the most recently analyzed documents only", async () => {
    host = new TaintWorkerHost({ maxHeldDocuments: 2 });
    for (const name of ["a", "b", "c", "d"])
      await host.analyze({ path: `/w/${name}.py`, text: FLOW }, OPTIONS);
    expect(host.liveTrees).toBe(2);
    // An evicted document is analyzed again from scratch, with the same findings.
    const again = await host.analyze({ path: "/w/a.py", text: FLOW }, OPTIONS);
    expect(again?.some((f) => f.ruleId === "py/command-line-injection")).toBe(true);
    expect(host.liveTrees).toBe(2);
  });

  it("reports the worker's heap and what it holds, and holds nothing of closed documents", async () => {
    host = new TaintWorkerHost({ recycleAfterBytes: Number.POSITIVE_INFINITY });
    expect(await host.memory()).toBeUndefined(); // no worker yet: asking does not start one
    for (const name of ["a", "b"]) await host.analyze({ path: `/w/${name}.py`, text: FLOW }, OPTIONS);
    const open = await host.memory();
    expect(open).toMatchObject({ heldDocuments: 2, liveTrees: 2 });
    expect(open?.heapUsed).toBeGreaterThan(0);
    expect(open?.heapTotal).toBeGreaterThanOrEqual(open?.heapUsed ?? Number.POSITIVE_INFINITY);
    // tree-sitter's wasm memory is the worker's external memory.
    expect(open?.external).toBeGreaterThan(1024 * 1024);
    host.forget("/w/a.py");
    expect(await host.memory()).toMatchObject({ heldDocuments: 1, liveTrees: 1 });
    host.forget("/w/b.py");
    expect(host.recycles).toBe(0);
    expect(await host.memory()).toMatchObject({ heldDocuments: 0, liveTrees: 0 });
  });

  it("answers a memory query after the queued analyses, with their trees counted", async () => {
    host = new TaintWorkerHost();
    const analyzed = host.analyze({ path: "/w/big.py", text: flaskApp(200) }, OPTIONS);
    const memory = await host.memory();
    expect(await analyzed).toBeDefined();
    expect(memory).toMatchObject({ heldDocuments: 1, liveTrees: 1 });
  });

  it("runs the worker under a heap limit: past it the worker dies and the job fails, not the process", async () => {
    host = new TaintWorkerHost({ maxHeapMb: 64 });
    const small = await host.analyze({ path: "/w/small.py", text: FLOW }, OPTIONS);
    expect(small?.some((f) => f.ruleId === "py/command-line-injection")).toBe(true);
    // 20,000 lines need more than 64 MiB of heap (the default limit analyzes it).
    await expect(host.analyze({ path: "/w/big.py", text: flaskApp(4000) }, OPTIONS)).rejects.toThrow(
      /failed twice: the taint worker exited/,
    );
    expect(host.restarts).toBe(2);
    // The next document gets a fresh worker.
    const after = await host.analyze({ path: "/w/small.py", text: FLOW }, OPTIONS);
    expect(after).toEqual(small);
  });
});
