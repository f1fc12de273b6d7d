import { describe, expect, it } from "vitest";
import { mergeFindings } from "../../../server/src/analysis/merge.js";
import { alsoReportedSuffix, reportersOf } from "../../../server/src/analysis/reporters.js";
import { toSarif } from "../../../server/src/analysis/sarif/export.js";
import { findingsFromSarif } from "../../../server/src/analysis/sarif/import.js";
import { formatFindingLine } from "../../../server/src/check/text-report.js";
import { diagnosticMessage } from "../../../server/src/lsp/finding-diagnostic.js";
import { finding, range } from "./finding-builders.js";

const ruff = finding({ reporters: [{ tool: "ruff", ruleId: "S608" }], range: range(4, 15, 40) });
const bandit = finding({
  source: "bandit",
  reporters: [{ tool: "bandit", ruleId: "B608" }],
  range: range(4, 15, 40),
  fingerprint: "b",
});
const taint = finding({
  ruleId: "py/sql-injection",
  severity: "error",
  message: "This SQL query depends on a user-provided value.",
  flow: [{ file: "/w/app.py", range: range(2, 0, 5), message: "source" }],
  reporters: [{ tool: "taint", ruleId: "py/sql-injection" }],
  range: range(4, 15, 40),
  fingerprint: "t",
});

describe("Finding.reporters", () => {
  it("a finding without reporters has one: its source under its rule id", () => {
    const { reporters: _, ...bare } = ruff;
    expect(reportersOf({ ...bare, source: "codeql", ruleId: "py/x" })).toEqual([
      { tool: "codeql", ruleId: "py/x" },
    ]);
  });

  it("merging keeps the message and renders the other reporters where people read findings", () => {
    const [merged] = mergeFindings([ruff, bandit, taint]);
    expect(merged!.message).toBe("This SQL query depends on a user-provided value.");
    expect(alsoReportedSuffix(merged!)).toBe(" (also: bandit/B608, ruff/S608)");
    expect(formatFindingLine(merged!, "/w")).toBe(
      "app.py:5:16: error py/sql-injection [CWE-89] This SQL query depends on a user-provided value. (also: bandit/B608, ruff/S608)",
    );
    expect(diagnosticMessage(merged!)).toBe(
      "py/sql-injection: This SQL query depends on a user-provided value. (also: bandit/B608, ruff/S608) [CWE-89]",
    );
    expect(alsoReportedSuffix(taint)).toBe("");
  });

  it("SARIF carries reporters as a property and the importer restores them", () => {
    const [merged] = mergeFindings([ruff, bandit, taint]);
    const log = toSarif([merged!], { toolVersion: "1" });
    const result = log.runs[0]!.results![0]!;
    expect(result.message.text).not.toContain("also");
    expect(result.properties?.["seclsp/reporters"]).toEqual(merged!.reporters);
    const [back] = findingsFromSarif(log, { source: "embedded" });
    expect(back!.reporters).toEqual(merged!.reporters);
  });
});
