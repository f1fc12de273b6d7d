import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../../server/src/analysis/finding.js";
import { findingRank, mergeFindings } from "../../../server/src/analysis/merge.js";
import { alsoReportedBy } from "../../../server/src/analysis/reporters.js";
import { finding, range } from "./finding-builders.js";

const ruffS608 = finding({ fingerprint: "ruff" });
const banditB608 = finding({
  source: "bandit",
  // One problem, one id: the registry files Bandit's B608 under ruff/S608.
  ruleId: "ruff/S608",
  reporters: [{ tool: "bandit", ruleId: "B608" }],
  cwes: ["CWE-89"],
  severity: "warning",
  message: "Possible SQL injection vector through string-based query construction.",
  range: range(4, 15, 15),
  fingerprint: "bandit",
});
const taintSql = finding({
  ruleId: "py/sql-injection",
  severity: "error",
  securitySeverity: 8.8,
  message: "This SQL query depends on a user-provided value.",
  range: range(4, 15, 40),
  flow: [{ file: "/w/app.py", range: range(2, 8, 20), message: "request.args" }],
  fingerprint: "taint",
});
const codeqlSql = finding({
  source: "codeql",
  ruleId: "py/sql-injection",
  cwes: ["CWE-089"],
  severity: "error",
  securitySeverity: 8.8,
  message: "This SQL query depends on a user-provided value.",
  range: range(4, 15, 40),
  fingerprint: "codeql",
});

describe("mergeFindings", () => {
  it("keeps CodeQL over taint, Bandit and ruff, listing the others as reporters, not in the message", () => {
    const merged = mergeFindings([ruffS608, banditB608, taintSql, codeqlSql]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.source).toBe("codeql");
    expect(merged[0]!.message).toBe("This SQL query depends on a user-provided value.");
    expect(merged[0]!.reporters).toEqual([
      { tool: "codeql", ruleId: "py/sql-injection" },
      { tool: "bandit", ruleId: "B608" },
      { tool: "ruff", ruleId: "S608" },
      { tool: "taint", ruleId: "py/sql-injection" },
    ]);
    expect(merged[0]!.fingerprint).toBe("codeql");
  });

  it("ranks embedded-with-flow above Bandit above embedded pattern", () => {
    expect(findingRank(codeqlSql)).toBeGreaterThan(findingRank(taintSql));
    expect(findingRank(taintSql)).toBeGreaterThan(findingRank(banditB608));
    expect(findingRank(banditB608)).toBeGreaterThan(findingRank(ruffS608));
    const [kept] = mergeFindings([ruffS608, banditB608, taintSql]);
    expect(kept).toMatchObject({ ruleId: "py/sql-injection", flow: taintSql.flow });
    expect(alsoReportedBy(kept!)).toEqual(["bandit/B608", "ruff/S608"]);
    expect(kept!.message).toBe(taintSql.message);
    const [banditKept] = mergeFindings([ruffS608, banditB608]);
    expect(banditKept!.source).toBe("bandit");
    expect(alsoReportedBy(banditKept!)).toEqual(["ruff/S608"]);
  });

  it("merges a ruff pattern into the taint engine's flow-less check of the same rule", () => {
    const ruff = finding({
      ruleId: "py/flask-debug",
      reporters: [{ tool: "ruff", ruleId: "S201" }],
      cwes: ["CWE-215", "CWE-489"],
      range: range(7, 8, 18),
    });
    const check = finding({
      ruleId: "py/flask-debug",
      cwes: ["CWE-215", "CWE-489"],
      range: range(7, 0, 19),
      fingerprint: "chk",
    });
    const merged = mergeFindings([ruff, check]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.fingerprint).toBe("chk");
    expect(alsoReportedBy(merged[0]!)).toEqual(["ruff/S201"]);
    expect(findingRank(check)).toBeGreaterThan(findingRank(ruff));
    expect(findingRank(banditB608)).toBeGreaterThan(findingRank(check));
  });

  it("merges a pattern problem into its taint twin even without a shared CWE", () => {
    const ruff = finding({ ruleId: "ruff/S313", cwes: ["CWE-20"], range: range(1, 0, 30) });
    const taint = finding({
      ruleId: "py/xxe",
      cwes: ["CWE-611"],
      range: range(1, 0, 30),
      flow: taintSql.flow,
    });
    const merged = mergeFindings([ruff, taint]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.ruleId).toBe("py/xxe");
    expect(merged[0]!.cwes).toEqual(["CWE-611", "CWE-20"]);
  });

  it("does not merge different lines, non-overlapping ranges, other files or unrelated CWEs", () => {
    const otherLine = { ...banditB608, range: range(5, 15, 15) };
    const disjoint = { ...banditB608, range: range(4, 41, 50) };
    const otherFile = { ...banditB608, file: "/w/other.py" };
    const otherCwe = {
      ...banditB608,
      reporters: [{ tool: "bandit" as const, ruleId: "B324" }],
      ruleId: "py/weak-sensitive-data-hashing",
      cwes: ["CWE-327"],
    };
    for (const other of [otherLine, disjoint, otherFile, otherCwe]) {
      expect(mergeFindings([ruffS608, other])).toHaveLength(2);
    }
  });

  it("does not merge reports that share only an umbrella CWE such as CWE-116", () => {
    const xss = finding({
      source: "codeql",
      ruleId: "py/reflective-xss",
      cwes: ["CWE-79", "CWE-116"],
      fingerprint: "x",
    });
    const code = finding({
      ruleId: "py/code-injection",
      cwes: ["CWE-94", "CWE-95", "CWE-116"],
      flow: taintSql.flow,
    });
    expect(mergeFindings([xss, code])).toHaveLength(2);
    const timeoutRuff = finding({ ruleId: "ruff/S113", cwes: ["CWE-400"] });
    const timeoutOther = finding({
      source: "codeql",
      ruleId: "x/timeout",
      cwes: ["CWE-400"],
      fingerprint: "t",
    });
    expect(mergeFindings([timeoutRuff, timeoutOther])).toHaveLength(1);
  });

  it("keeps distinct rules of one tool on the same spot, but drops exact duplicates", () => {
    const xss = finding({
      source: "codeql",
      ruleId: "py/reflective-xss",
      cwes: ["CWE-79"],
      fingerprint: "a",
    });
    const split = finding({
      source: "codeql",
      ruleId: "py/http-response-splitting",
      cwes: ["CWE-113", "CWE-79"],
      fingerprint: "b",
    });
    expect(mergeFindings([xss, split])).toHaveLength(2);
    expect(mergeFindings([ruffS608, { ...ruffS608 }])).toEqual([ruffS608]);
  });

  it("borrows security-severity and flow from absorbed findings when the kept one lacks them", () => {
    const bandit = { ...banditB608, securitySeverity: undefined };
    const [kept] = mergeFindings([bandit, { ...ruffS608, securitySeverity: 5 }]);
    expect(kept!.securitySeverity).toBe(5);
    const codeqlProblem = { ...codeqlSql, securitySeverity: undefined };
    const [withFlow] = mergeFindings([codeqlProblem, taintSql]);
    expect(withFlow!.flow).toEqual(taintSql.flow);
    expect(withFlow!.securitySeverity).toBe(8.8);
  });

  it("sorts by file, line, column, rule id", () => {
    const a = finding({ file: "/w/b.py", range: range(1, 0, 3), ruleId: "ruff/S101", cwes: ["CWE-703"] });
    const b = finding({ file: "/w/a.py", range: range(9, 0, 3), ruleId: "ruff/S101", cwes: ["CWE-703"] });
    const c = finding({ file: "/w/a.py", range: range(2, 4, 9), ruleId: "ruff/S307", cwes: ["CWE-94"] });
    const d = finding({ file: "/w/a.py", range: range(2, 4, 9), ruleId: "ruff/S102", cwes: ["CWE-78"] });
    expect(mergeFindings([a, b, c, d]).map((f) => [f.file, f.range.start.line, f.ruleId])).toEqual([
      ["/w/a.py", 2, "ruff/S102"],
      ["/w/a.py", 2, "ruff/S307"],
      ["/w/a.py", 9, "ruff/S101"],
      ["/w/b.py", 1, "ruff/S101"],
    ]);
  });

  it("is independent of input order and idempotent (property)", () => {
    const arbFinding: fc.Arbitrary<Finding> = fc
      .record({
        source: fc.constantFrom("embedded" as const, "codeql" as const, "bandit" as const),
        flow: fc.boolean(),
        rule: fc.constantFrom("S608", "S301", "S324"),
        file: fc.constantFrom("/w/a.py", "/w/b.py"),
        line: fc.integer({ min: 0, max: 3 }),
        start: fc.integer({ min: 0, max: 10 }),
        width: fc.integer({ min: 0, max: 10 }),
        severity: fc.constantFrom("error" as const, "warning" as const, "note" as const),
        id: fc.integer({ min: 0, max: 3 }),
      })
      .map((r) => {
        const cwes = { S608: ["CWE-89"], S301: ["CWE-502"], S324: ["CWE-327", "CWE-328"] }[r.rule]!;
        return finding({
          source: r.source,
          ruleId: r.source === "codeql" ? `x/${r.rule}` : `ruff/${r.rule}`,
          cwes,
          severity: r.severity,
          file: r.file,
          range: range(r.line, r.start, r.start + r.width),
          flow: r.flow ? [{ file: r.file, range: range(0, 0, 1), message: "src" }] : undefined,
          fingerprint: `fp${r.id}`,
          message: `m${r.id}`,
        });
      });
    fc.assert(
      fc.property(fc.array(arbFinding, { maxLength: 12 }), fc.integer(), (list, seed) => {
        const shuffled = [...list].sort(
          (x, y) => ((list.indexOf(x) * 7919 + seed) % 13) - ((list.indexOf(y) * 7919 + seed) % 13),
        );
        const once = mergeFindings(list);
        expect(mergeFindings(shuffled)).toEqual(once);
        expect(mergeFindings(once)).toEqual(once);
        expect(once.length).toBeLessThanOrEqual(list.length);
      }),
      { numRuns: 300 },
    );
  });
});
