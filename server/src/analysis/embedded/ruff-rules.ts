import type { Severity } from "../finding.js";

export interface RuffRuleMapping {
  /** CodeQL's query id where CodeQL has the same query, else "ruff/<code>". */
  ruleId: string;
  cwes: string[];
  severity: Severity;
  securitySeverity?: number;
}

/** ruff flake8-bandit code → CWE / severity / CodeQL id. Unknown S codes fall back to ruff/<code>. */
export const RUFF_RULES: Record<string, RuffRuleMapping> = {
  S301: { ruleId: "py/unsafe-deserialization", cwes: ["CWE-502"], severity: "error", securitySeverity: 9.8 },
  S324: { ruleId: "py/weak-sensitive-data-hashing", cwes: ["CWE-327", "CWE-328"], severity: "warning", securitySeverity: 7.5 },
  S602: { ruleId: "py/command-line-injection", cwes: ["CWE-78"], severity: "error", securitySeverity: 9.8 },
  S608: { ruleId: "py/sql-injection", cwes: ["CWE-89"], severity: "error", securitySeverity: 8.8 },
};

export function ruffRuleMapping(code: string): RuffRuleMapping {
  return RUFF_RULES[code] ?? { ruleId: `ruff/${code}`, cwes: [], severity: "warning" };
}
