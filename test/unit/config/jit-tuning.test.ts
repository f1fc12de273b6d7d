import { describe, expect, it } from "vitest";
import { inlineBudget } from "../../../server/src/config/jit-tuning.js";

describe("inlineBudget", () => {
  it("defaults to 300 bytes of bytecode inlined per optimized function", () => {
    expect(inlineBudget({})).toBe(300);
  });

  it("takes a whole number ≥ 0 from SECLSP_INLINE_BUDGET (0: V8's default)", () => {
    expect(inlineBudget({ SECLSP_INLINE_BUDGET: "0" })).toBe(0);
    expect(inlineBudget({ SECLSP_INLINE_BUDGET: "920" })).toBe(920);
  });

  it("ignores anything else", () => {
    for (const value of ["", " ", "-5", "1.5", "abc", "1e400"])
      expect(inlineBudget({ SECLSP_INLINE_BUDGET: value }), value).toBe(300);
  });
});
