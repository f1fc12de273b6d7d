import { describe, expect, it } from "vitest";
import type { Finding } from "../../../server/src/analysis/finding.js";
import { findingRef, resolveFindingRef } from "../../../server/src/workflows/finding-ref.js";

const URI = "file:///p/app.py";

function finding(ruleId: string, line: number, fingerprint: string, character = 4): Finding {
  return {
    ruleId,
    cwes: ["CWE-78"],
    severity: "error",
    message: "m",
    file: "/p/app.py",
    range: { start: { line, character }, end: { line, character: character + 10 } },
    source: "embedded",
    fingerprint,
  };
}

describe("resolveFindingRef", () => {
  it("finds the finding by fingerprint on a newer version (it moved) and says so", () => {
    const before = finding("py/x", 4, "aa");
    const ref = findingRef(URI, 1, before);
    const moved = finding("py/x", 9, "aa");
    const resolution = resolveFindingRef(ref, { version: 3, findings: [finding("py/y", 4, "bb"), moved] });
    expect(resolution).toEqual({ found: moved, moved: true });
  });

  it("among findings with one fingerprint picks the one nearest the old place", () => {
    const ref = findingRef(URI, 1, finding("py/x", 10, "same"));
    const far = finding("py/x", 2, "same");
    const near = finding("py/x", 11, "same");
    expect(resolveFindingRef(ref, { version: 2, findings: [far, near] }).found).toBe(near);
  });

  it("refuses a reference for an older version whose fingerprint is no longer shown", () => {
    const ref = findingRef(URI, 1, finding("py/x", 4, "gone"));
    const other = finding("py/x", 4, "new");
    const resolution = resolveFindingRef(ref, { version: 2, findings: [other] });
    expect(resolution.found).toBeUndefined();
    expect("reason" in resolution && resolution.reason).toMatch(/py\/x .*version 1.*version 2/);
  });

  it("falls back to rule and line only on the version the reference was made for", () => {
    const shown = finding("py/x", 4, "new");
    const ref = { ...findingRef(URI, 2, finding("py/x", 4, "old")) };
    expect(resolveFindingRef(ref, { version: 2, findings: [shown] }).found).toBe(shown);
    expect(resolveFindingRef(ref, { version: 3, findings: [shown] }).found).toBeUndefined();
  });

  it("a ruff finding shown in the fast phase resolves to its taint twin once the flow phase merged them", () => {
    const ruff = {
      ...finding("ruff/S301", 4, "fast"),
      reporters: [{ tool: "ruff" as const, ruleId: "S301" }],
    };
    const merged = {
      ...finding("py/unsafe-deserialization", 4, "flow"),
      reporters: [
        { tool: "taint" as const, ruleId: "py/unsafe-deserialization" },
        { tool: "ruff" as const, ruleId: "S301" },
      ],
    };
    const ref = findingRef(URI, 2, ruff);
    expect(resolveFindingRef(ref, { version: 2, findings: [merged] }).found).toBe(merged);
    // Another rule on the line is not the same problem.
    const other = finding("py/code-injection", 4, "other");
    expect(resolveFindingRef(ref, { version: 2, findings: [other] }).found).toBeUndefined();
  });

  it("reads a hand-typed reference (no version) on the current text: line and rule must both match", () => {
    const x4 = finding("py/x", 4, "a");
    const y5 = finding("py/y", 5, "b");
    const shown = { version: 7, findings: [x4, y5] };
    const line = (n: number) => ({ start: { line: n, character: 0 }, end: { line: n, character: 0 } });
    expect(resolveFindingRef({ uri: URI, ruleId: "py/y", range: line(5) }, shown).found).toBe(y5);
    expect(resolveFindingRef({ uri: URI, ruleId: "py/y", range: line(4) }, shown).found).toBeUndefined();
    expect(resolveFindingRef({ uri: URI, range: line(4) }, shown).found).toBe(x4);
    expect(resolveFindingRef({ uri: URI, ruleId: "py/y" }, shown).found).toBe(y5);
    expect(resolveFindingRef({ uri: URI, fingerprint: "zz" }, shown).found).toBeUndefined();
  });
});
