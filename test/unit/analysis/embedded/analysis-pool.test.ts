import { describe, expect, it } from "vitest";
import { defaultJobs } from "../../../../server/src/analysis/embedded/analysis-pool.js";

describe("analysis pool size", () => {
  it("leaves one CPU to ruff, reading and V8's threads, and never goes below one job", () => {
    expect(defaultJobs(1)).toBe(1);
    expect(defaultJobs(2)).toBe(1);
    expect(defaultJobs(8)).toBe(7);
    expect(defaultJobs(0)).toBe(1);
    expect(defaultJobs()).toBeGreaterThanOrEqual(1);
  });
});
