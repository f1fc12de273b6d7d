import { describe, expect, it } from "vitest";
import type { Finding } from "../../../server/src/analysis/finding.js";
import {
  directFeedbackText,
  formatFindingLocation,
} from "../../../server/src/workflows/prompts/direct-feedback.js";

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: "py/sql-injection",
    cwes: ["CWE-89"],
    severity: "error",
    message: "This SQL query depends on a [user-provided value](1).",
    file: "/w/app.py",
    range: { start: { line: 6, character: 8 }, end: { line: 6, character: 40 } },
    source: "codeql",
    fingerprint: "f1",
    ...overrides,
  };
}

describe("direct feedback text (paper Fig. 4)", () => {
  it("gives rule, CWEs, 1-based line and column and the message without link markup", () => {
    expect(formatFindingLocation(finding())).toBe(
      "py/sql-injection (CWE-89) at line 7, column 9: This SQL query depends on a user-provided value.",
    );
    expect(formatFindingLocation(finding({ cwes: [], ruleId: "ruff/S311", message: "Random [x] (y)" }))).toBe(
      "ruff/S311 at line 7, column 9: Random [x] (y)",
    );
  });

  it("names the tool and numbers several findings", () => {
    expect(
      directFeedbackText([finding(), finding({ ruleId: "py/path-injection", cwes: ["CWE-22", "CWE-23"] })]),
    ).toBe(
      "CodeQL found 2 security issues in the code:\n" +
        "1. py/sql-injection (CWE-89) at line 7, column 9: This SQL query depends on a user-provided value.\n" +
        "2. py/path-injection (CWE-22, CWE-23) at line 7, column 9: This SQL query depends on a user-provided value.\n\n" +
        "Fix them. Reply with the complete code in a single ```python code block. Keep the function names and parameters unchanged.",
    );
    expect(directFeedbackText([finding(), finding({ source: "embedded" })])).toMatch(
      /^Static analysis found 2 security issues/,
    );
  });
});
