import type { Finding, FindingSource, Range } from "../../../server/src/analysis/finding.js";

export function range(line: number, start: number, end: number, endLine = line): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

/** A finding with sensible defaults; override what the test is about. */
export function finding(overrides: Partial<Finding> & { source?: FindingSource } = {}): Finding {
  return {
    ruleId: "ruff/S608",
    cwes: ["CWE-89"],
    severity: "warning",
    message: "Possible SQL injection vector through string-based query construction",
    file: "/w/app.py",
    range: range(4, 15, 40),
    source: "embedded",
    fingerprint: "fp-default",
    ...overrides,
  };
}
