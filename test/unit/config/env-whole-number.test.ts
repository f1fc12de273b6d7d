import { describe, expect, it } from "vitest";
import { envWholeNumber } from "../../../server/src/config/env-whole-number.js";
import { heapGrowingPercent } from "../../../server/src/config/heap-tuning.js";
import { inlineBudget } from "../../../server/src/config/jit-tuning.js";

describe("the V8 tuning knobs", () => {
  it("take a whole number ≥ 0 from their variable (0 means V8's own default)", () => {
    expect(envWholeNumber({ X: "0" }, "X", 7)).toBe(0);
    expect(envWholeNumber({ X: "100" }, "X", 7)).toBe(100);
    expect(envWholeNumber({}, "X", 7)).toBe(7);
  });

  it("ignore anything else", () => {
    for (const value of ["", " ", "-5", "1.5", "abc", "1e400"])
      expect(envWholeNumber({ X: value }, "X", 7), value).toBe(7);
  });

  it("default to a 1.5× heap growth step and 300 bytes of inlined bytecode, each read from its own variable", () => {
    expect(heapGrowingPercent({})).toBe(50);
    expect(heapGrowingPercent({ SECLSP_HEAP_GROWING_PERCENT: "0", SECLSP_INLINE_BUDGET: "9" })).toBe(0);
    expect(inlineBudget({})).toBe(300);
    expect(inlineBudget({ SECLSP_INLINE_BUDGET: "920", SECLSP_HEAP_GROWING_PERCENT: "9" })).toBe(920);
  });
});
