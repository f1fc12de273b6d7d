import type { RuleInfo } from "../taint/rule-catalog.js";

/**
 * The regex rules (CodeQL's ids, CWEs and security-severity from CodeQL 2.19.3's metadata).
 * Kept here until the rule registry (server/src/analysis/rules/) takes them over.
 */
export const REGEX_RULES: readonly RuleInfo[] = [
  {
    id: "py/redos",
    cwes: ["CWE-1333", "CWE-730", "CWE-400"],
    severity: "error",
    securitySeverity: 7.5,
    message:
      "This part of the regular expression ({0}) may cause exponential backtracking on strings containing many repetitions of '{1}'.",
  },
  {
    id: "py/bad-tag-filter",
    cwes: ["CWE-116", "CWE-20", "CWE-185", "CWE-186"],
    severity: "warning",
    securitySeverity: 7.8,
    message: "{0}",
  },
  {
    id: "py/overly-large-range",
    cwes: ["CWE-20"],
    severity: "warning",
    securitySeverity: 5.0,
    message: "{0}",
  },
  {
    id: "py/incomplete-hostname-regexp",
    cwes: ["CWE-20"],
    severity: "warning",
    securitySeverity: 7.8,
    message:
      "This regular expression has an unescaped '.' before '{0}', so it might match more hosts than expected.",
  },
];
