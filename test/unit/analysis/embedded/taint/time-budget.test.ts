import { afterEach, describe, expect, it, vi } from "vitest";
import {
  STEPS_PER_MS,
  TimeBudget,
  TimeBudgetExceeded,
  WALL_CLOCK_FACTOR,
} from "../../../../../server/src/analysis/embedded/taint/time-budget.js";

afterEach(() => vi.restoreAllMocks());

/** Steps taken until the budget throws (or `limit` if it never does). */
function stepsUntilStop(budget: TimeBudget, limit: number, onStep?: (step: number) => void): number {
  for (let step = 1; step <= limit; step++) {
    onStep?.(step);
    try {
      budget.check();
    } catch (error) {
      expect(error).toBeInstanceOf(TimeBudgetExceeded);
      expect(budget.exceeded).toBe(true);
      return step;
    }
  }
  return limit;
}

describe("TimeBudget", () => {
  it("stops after the same number of steps however fast or slow the clock runs", () => {
    let now = 0;
    vi.spyOn(performance, "now").mockImplementation(() => now);
    const frozen = stepsUntilStop(new TimeBudget(10), 10_000);
    // A machine 2.5x slower than the calibration: still below the wall-clock backstop.
    now = 0;
    const slowBudget = new TimeBudget(10);
    const slow = stepsUntilStop(slowBudget, 10_000, (step) => {
      now = (step / STEPS_PER_MS) * 2.5;
    });
    expect(frozen).toBe(10 * STEPS_PER_MS + 1);
    expect(slow).toBe(frozen);
  });

  it("stops on the wall clock only past its backstop multiple", () => {
    let now = 0;
    vi.spyOn(performance, "now").mockImplementation(() => now);
    const budget = new TimeBudget(10);
    // Every step takes 1 ms: the clock passes 10 × WALL_CLOCK_FACTOR ms long before 500 steps.
    const stoppedAt = stepsUntilStop(budget, 10_000, (step) => {
      now = step;
    });
    expect(stoppedAt).toBeLessThan(10 * STEPS_PER_MS);
    expect(stoppedAt).toBeGreaterThan(10 * WALL_CLOCK_FACTOR);
  });

  it("stops when interrupted (a newer version of the document)", () => {
    let interrupted = false;
    const budget = new TimeBudget(Number.POSITIVE_INFINITY, () => interrupted);
    const stoppedAt = stepsUntilStop(budget, 10_000, (step) => {
      if (step === 200) interrupted = true;
    });
    expect(stoppedAt).toBeGreaterThanOrEqual(200);
    expect(stoppedAt).toBeLessThan(200 + 64 + 1);
  });

  it("never stops when unlimited", () => {
    const budget = TimeBudget.unlimited();
    expect(stepsUntilStop(budget, 50_000)).toBe(50_000);
    expect(budget.steps).toBe(50_000);
    expect(budget.exceeded).toBe(false);
  });
});
