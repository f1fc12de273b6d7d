import { describe, expect, it } from "vitest";
import { heapGrowingPercent } from "../../../server/src/config/heap-tuning.js";

describe("heapGrowingPercent", () => {
  it("defaults to a 1.5× growth step", () => {
    expect(heapGrowingPercent({})).toBe(50);
  });

  it("takes a whole number ≥ 0 from SECLSP_HEAP_GROWING_PERCENT (0: V8's own heuristics)", () => {
    expect(heapGrowingPercent({ SECLSP_HEAP_GROWING_PERCENT: "0" })).toBe(0);
    expect(heapGrowingPercent({ SECLSP_HEAP_GROWING_PERCENT: "100" })).toBe(100);
  });

  it("ignores anything else", () => {
    for (const value of ["", " ", "-5", "1.5", "abc", "1e400"])
      expect(heapGrowingPercent({ SECLSP_HEAP_GROWING_PERCENT: value }), value).toBe(50);
  });
});
