import { describe, expect, it } from "vitest";
import { AnalysisScheduler } from "../../../server/src/lsp/analysis-scheduler.js";

/** Resolves after everything queued with setImmediate so far (and the I/O phase before it) ran. */
const afterImmediates = () => new Promise((resolve) => setImmediate(resolve));

describe("AnalysisScheduler", () => {
  it("with no delay, runs a burst of requests for one document once, after the current handlers", async () => {
    const runs: string[] = [];
    const scheduler = new AnalysisScheduler((uri) => runs.push(uri));
    scheduler.schedule("file:///a.py", 0);
    scheduler.schedule("file:///a.py", 0);
    scheduler.schedule("file:///b.py", 0);
    // Nothing runs inside the handler that scheduled it: later messages of the burst come first.
    expect(runs).toEqual([]);
    expect(scheduler.size).toBe(2);
    expect(scheduler.pending("file:///a.py")).toBe(true);
    await afterImmediates();
    expect(runs).toEqual(["file:///a.py", "file:///b.py"]);
    expect(scheduler.size).toBe(0);
  });

  it("drops a cancelled zero-delay run, and runNow replaces a pending one", async () => {
    const runs: string[] = [];
    const scheduler = new AnalysisScheduler((uri) => runs.push(uri));
    scheduler.schedule("file:///a.py", 0);
    scheduler.cancel("file:///a.py");
    scheduler.schedule("file:///b.py", 0);
    scheduler.runNow("file:///b.py");
    expect(runs).toEqual(["file:///b.py"]);
    await afterImmediates();
    expect(runs).toEqual(["file:///b.py"]);
    expect(scheduler.size).toBe(0);
  });

  it("keeps a delayed run pending until cancelled", () => {
    const runs: string[] = [];
    const scheduler = new AnalysisScheduler((uri) => runs.push(uri));
    scheduler.schedule("file:///a.py", 60_000);
    expect(scheduler.pending("file:///a.py")).toBe(true);
    scheduler.cancelAll();
    expect(scheduler.size).toBe(0);
    expect(runs).toEqual([]);
  });
});
