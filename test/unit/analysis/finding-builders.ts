import type { Finding, FindingSource, Range, Reporter } from "../../../server/src/analysis/finding.js";

export function range(line: number, start: number, end: number, endLine = line): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

/** The one reporter an analyzer would fill in for this rule id and source. */
function defaultReporter(ruleId: string, source: FindingSource): Reporter {
  if (source === "codeql") return { tool: "codeql", ruleId };
  if (source === "bandit") return { tool: "bandit", ruleId: ruleId.replace(/^(bandit|ruff)\/[SB]?/, "B") };
  const ruff = /^ruff\/(S\d+)$/.exec(ruleId);
  return ruff ? { tool: "ruff", ruleId: ruff[1]! } : { tool: "taint", ruleId };
}

/** A finding with sensible defaults; override what the test is about. */
export function finding(overrides: Partial<Finding> & { source?: FindingSource } = {}): Finding {
  const ruleId = overrides.ruleId ?? "ruff/S608";
  const source = overrides.source ?? "embedded";
  return {
    reporters: [defaultReporter(ruleId, source)],
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
