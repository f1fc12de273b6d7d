import { describe, expect, it } from "vitest";
import type { Finding } from "../../../server/src/analysis/finding.js";
import { toSarif } from "../../../server/src/analysis/sarif/export.js";
import { BaselineMatcher } from "../../../server/src/baseline/baseline-matcher.js";
import { parseUnifiedDiff } from "../../../server/src/baseline/git-changed-lines.js";
import { BaselineError, parseSarifBaseline } from "../../../server/src/baseline/sarif-baseline.js";

function finding(file: string, fingerprint: string): Finding {
  return {
    ruleId: "py/sql-injection",
    cwes: ["CWE-89"],
    severity: "error",
    message: "m",
    file,
    range: { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } },
    source: "embedded",
    fingerprint,
  };
}

describe("SARIF baselines", () => {
  it("round-trips what toSarif writes: relative paths under %SRCROOT% and the fingerprints", () => {
    const log = toSarif([finding("/ws/src/a b.py", "aaaa"), finding("/elsewhere/x.py", "bbbb")], {
      toolVersion: "1",
      baseUri: "/ws",
    });
    expect(parseSarifBaseline(log, "b.sarif")).toEqual([
      { path: "src/a b.py", fingerprint: "aaaa" },
      { path: "/elsewhere/x.py", fingerprint: "bbbb" },
    ]);
  });

  it("accepts a clean seclsp report and refuses shapes that are not ours", () => {
    expect(parseSarifBaseline(toSarif([], { toolVersion: "1" }), "b")).toEqual([]);
    for (const bad of [null, [], { version: "2.1.0" }, { version: "2.1.0", runs: [] }, "text"]) {
      expect(() => parseSarifBaseline(bad, "b.sarif")).toThrow(BaselineError);
    }
  });

  it("matches by fingerprint and path suffix, each entry once per file", () => {
    const matcher = new BaselineMatcher([
      { path: "src/a.py", fingerprint: "f1" },
      { path: "src/a.py", fingerprint: "f2" },
    ]);
    const { fresh, known } = matcher.partition([
      finding("/ci/checkout/src/a.py", "f1"),
      finding("/ci/checkout/src/a.py", "f1"),
      finding("/ci/checkout/src/a.py", "f3"),
    ]);
    expect(known).toHaveLength(1);
    expect(fresh.map((f) => f.fingerprint)).toEqual(["f1", "f3"]);
    // Another file with the same fingerprint is not known; "xsrc/a.py" is not "src/a.py".
    expect(matcher.partition([finding("/ci/other/b.py", "f2")]).fresh).toHaveLength(1);
    expect(matcher.partition([finding("/ci/xsrc/a.py", "f2")]).fresh).toHaveLength(1);
    // Partitioning again (the editor re-analyzes) gives the same answer: entries are not consumed.
    expect(matcher.partition([finding("/ci/checkout/src/a.py", "f2")]).known).toHaveLength(1);
    expect(matcher.partition([finding("/ci/checkout/src/a.py", "f2")]).known).toHaveLength(1);
  });
});

describe("parseUnifiedDiff", () => {
  it("collects the new-side lines of each hunk, skipping deletions and deleted files", () => {
    const diff = [
      "diff --git a/m.py b/m.py",
      "--- a/m.py",
      "+++ b/m.py",
      "@@ -3,0 +4,2 @@ def f():",
      "+x",
      "+y",
      "@@ -10 +12 @@",
      "-a",
      "+b",
      "@@ -20,3 +21,0 @@",
      "-gone",
      "diff --git a/old.py b/old.py",
      "--- a/old.py",
      "+++ /dev/null",
      "@@ -1,2 +0,0 @@",
    ].join("\n");
    const changed = parseUnifiedDiff(diff, "/repo");
    expect([...changed.keys()]).toEqual(["/repo/m.py"]);
    expect([...changed.get("/repo/m.py")!].sort((a, b) => a - b)).toEqual([4, 5, 12]);
  });
});
