import { afterEach, describe, expect, it } from "vitest";
import {
  AnalysisPool,
  defaultJobs,
  WorkerStoppedError,
} from "../../../../server/src/analysis/embedded/analysis-pool.js";
import { DEFAULT_CONFIG } from "../../../../server/src/config/schema.js";
import { flaskApp } from "../../../helpers/flask-app.js";

describe("analysis pool size", () => {
  it("leaves one CPU to ruff, reading and V8's threads, and never goes below one job", () => {
    expect(defaultJobs(1)).toBe(1);
    expect(defaultJobs(2)).toBe(1);
    expect(defaultJobs(8)).toBe(7);
    expect(defaultJobs(0)).toBe(1);
    expect(defaultJobs()).toBeGreaterThanOrEqual(1);
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
});
