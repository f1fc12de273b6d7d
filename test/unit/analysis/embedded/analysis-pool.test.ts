import type { EventEmitter } from "node:events";
import { totalmem } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import {
  AnalysisPool,
  availableMemoryMb,
  defaultJobs,
  WORKER_MEMORY_MB,
  WorkerStoppedError,
} from "../../../../server/src/analysis/embedded/analysis-pool.js";
import { DEFAULT_CONFIG } from "../../../../server/src/config/schema.js";
import { flaskApp } from "../../../helpers/flask-app.js";

describe("analysis pool size", () => {
  it("leaves one CPU to ruff, reading and V8's threads, and never goes below one job", () => {
    const plenty = 64 * 1024;
    expect(defaultJobs(1, plenty)).toBe(1);
    expect(defaultJobs(2, plenty)).toBe(1);
    expect(defaultJobs(8, plenty)).toBe(7);
    expect(defaultJobs(0, plenty)).toBe(1);
    expect(defaultJobs()).toBeGreaterThanOrEqual(1);
  });

  it("runs no more workers than half the available memory holds", () => {
    // 16 CPUs in a 2 GiB container: 4 workers of WORKER_MEMORY_MB, not 15.
    expect(defaultJobs(16, 2048)).toBe(2048 / 2 / WORKER_MEMORY_MB);
    expect(defaultJobs(16, 2048)).toBeLessThan(15);
    expect(defaultJobs(16, WORKER_MEMORY_MB * 2 * 3 + 100)).toBe(3);
    // Short of memory: still one job (analysis in the main thread), never zero.
    expect(defaultJobs(16, 100)).toBe(1);
    expect(defaultJobs(16, 0)).toBe(1);
  });

  it("reads the available memory as a positive figure no larger than the machine's", () => {
    const mb = availableMemoryMb();
    expect(mb).toBeGreaterThan(0);
    expect(mb).toBeLessThanOrEqual(totalmem() / 2 ** 20);
  });
});

const FLOW = "import os\nfrom flask import request\n\ndef run():\n    os.system(request.args.get('cmd'))\n";

describe("analysis pool workers", () => {
  let pool: AnalysisPool | undefined;
  afterEach(async () => {
    await pool?.destroy();
    pool = undefined;
  });

  it("run under a heap limit: a file past it stops its worker (twice), not the run, and the next file is analyzed", async () => {
    pool = new AnalysisPool(1, { maxHeapMb: 64 });
    const task = (path: string, text: string) => ({ path, text, config: DEFAULT_CONFIG });
    const small = await pool.analyze(task("/w/small.py", FLOW));
    expect(small.some((f) => f.ruleId === "py/command-line-injection")).toBe(true);
    // 20,000 lines need more than 64 MiB of heap (the default limit analyzes them).
    await expect(pool.analyze(task("/w/big.py", flaskApp(4000)))).rejects.toBeInstanceOf(WorkerStoppedError);
    expect(pool.retries).toBe(1);
    expect(await pool.analyze(task("/w/small.py", FLOW))).toEqual(small);
  }, 120_000);

  it("survives a worker failing between files: piscina's 'error' event is reported, not thrown", async () => {
    const seen: string[] = [];
    pool = new AnalysisPool(1, { onWorkerError: (error) => seen.push(error.message) });
    const task = { path: "/w/small.py", text: FLOW, config: DEFAULT_CONFIG };
    const before = await pool.analyze(task);
    // What piscina does when an idle worker dies (no task to reject): an EventEmitter 'error',
    // which throws (and would end `seclsp check`) when nothing listens. Idle piscina workers block
    // in Atomics.wait, so a real one cannot be provoked from outside; the event is emitted as piscina does.
    const piscina = Reflect.get(pool, "pool") as EventEmitter;
    expect(() => piscina.emit("error", new Error("worker exited with code 134"))).not.toThrow();
    expect(seen).toEqual(["worker exited with code 134"]);
    expect(pool.workerErrors).toBe(1);
    expect(await pool.analyze(task)).toEqual(before);
  }, 60_000);
});
