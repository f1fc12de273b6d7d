import { describe, expect, it } from "vitest";
import type { Finding } from "../../../server/src/analysis/finding.js";
import { isFailing } from "../../../server/src/check/exit-code.js";
import { JsonReporter } from "../../../server/src/check/json-report.js";
import { displayPath } from "../../../server/src/check/report-paths.js";
import { ReportSink } from "../../../server/src/check/report-sink.js";
import { formatFindingLine, summaryLine, TextReporter } from "../../../server/src/check/text-report.js";
import { CollectStream } from "./collect-stream.js";

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: "ruff/S608",
    cwes: ["CWE-89"],
    severity: "error",
    message: "Possible SQL injection vector",
    file: "/work/proj/src/app.py",
    range: { start: { line: 18, character: 12 }, end: { line: 18, character: 60 } },
    source: "embedded",
    fingerprint: "0123456789abcdef",
    ...overrides,
  };
}

describe("text report", () => {
  it("prints path:line:col: severity rule [CWEs] message with 1-based positions relative to the cwd", () => {
    expect(formatFindingLine(finding(), "/work/proj")).toBe(
      "src/app.py:19:13: error ruff/S608 [CWE-89] Possible SQL injection vector",
    );
  });

  it("joins several CWEs, leaves the bracket out without CWEs, and keeps messages on one line", () => {
    const weakHash = finding({
      ruleId: "py/weak-sensitive-data-hashing",
      cwes: ["CWE-327", "CWE-328"],
      severity: "warning",
    });
    expect(formatFindingLine(weakHash, "/work/proj")).toBe(
      "src/app.py:19:13: warning py/weak-sensitive-data-hashing [CWE-327,CWE-328] Possible SQL injection vector",
    );
    const plain = finding({
      ruleId: "ruff/S999",
      cwes: [],
      severity: "note",
      message: "first\n  second\r\nthird",
    });
    expect(formatFindingLine(plain, "/work/proj")).toBe(
      "src/app.py:19:13: note ruff/S999 first second third",
    );
  });

  it("shows files outside the cwd with ../ and keeps relative paths as they are", () => {
    expect(displayPath("/work/other/x.py", "/work/proj")).toBe("../other/x.py");
    expect(displayPath("file:///work/proj/a%20b.py", "/work/proj")).toBe("a b.py");
    expect(displayPath("rel/x.py", "/work/proj")).toBe("rel/x.py");
  });

  it("writes findings per file, then a summary with correct plurals", async () => {
    const out = new CollectStream();
    const reporter = new TextReporter(new ReportSink(out), "/work/proj");
    await reporter.file([finding()]);
    await reporter.file([]);
    await reporter.finish({
      findings: 1,
      filesAnalyzed: 2,
      skipped: [{ file: "big.py", reason: "too big" }],
    });
    expect(out.text).toBe(
      "src/app.py:19:13: error ruff/S608 [CWE-89] Possible SQL injection vector\n1 finding in 2 files (1 skipped)\n",
    );
    expect(summaryLine({ findings: 0, filesAnalyzed: 1, skipped: [] })).toBe(
      "0 findings in 1 file (0 skipped)",
    );
  });
});

describe("json report", () => {
  it("writes {version, findings, skipped, filesAnalyzed} with display paths, flow paths included", async () => {
    const out = new CollectStream();
    const reporter = new JsonReporter(new ReportSink(out), "/work/proj", "9.9.9");
    const flow = [{ file: "/work/proj/src/app.py", range: finding().range, message: "source" }];
    await reporter.file([finding({ flow })]);
    await reporter.finish({
      findings: 1,
      filesAnalyzed: 1,
      skipped: [{ file: "big.py", reason: "3 bytes > maxFileBytes (2)" }],
    });
    const report = JSON.parse(out.text);
    expect(report.version).toBe("9.9.9");
    expect(report.filesAnalyzed).toBe(1);
    expect(report.skipped).toEqual([{ file: "big.py", reason: "3 bytes > maxFileBytes (2)" }]);
    // range stays 0-based (LSP, the Finding model); line/column are its start, 1-based like the text report.
    expect(report.findings).toEqual([
      {
        ...finding(),
        file: "src/app.py",
        flow: [{ ...flow[0], file: "src/app.py" }],
        line: 19,
        column: 13,
      },
    ]);
    expect(formatFindingLine(finding(), "/work/proj")).toMatch(/^src\/app\.py:19:13: /);
  });
});

describe("--fail-on", () => {
  it.each([
    ["error", [true, false, false]],
    ["warning", [true, true, false]],
    ["note", [true, true, true]],
    ["none", [false, false, false]],
  ] as const)("fail-on %s fails on [error, warning, note] = %j", (failOn, expected) => {
    const verdicts = (["error", "warning", "note"] as const).map((severity) =>
      isFailing({ severity }, failOn),
    );
    expect(verdicts).toEqual(expected);
  });
});
