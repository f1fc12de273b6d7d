import type { RuleInfo } from "../rule-catalog.js";

/**
 * Rules for flaws CodeQL has no query for (ids `seclsp/<name>`): mostly flaws of library
 * functions, where the data is a parameter and the flaw is using or handing it back unchecked.
 * Security-severity follows CodeQL's scale for the nearest CWE.
 */
export const LIBRARY_FLAW_RULES: RuleInfo[] = [
  {
    id: "seclsp/unvalidated-url",
    cwes: ["CWE-601", "CWE-918", "CWE-20"],
    severity: "error",
    securitySeverity: 6.1,
    message:
      "This URL is returned to the caller with a host taken from a $@ that is not checked against an allowlist.",
    kind: "redirect",
  },
  {
    id: "seclsp/caller-chosen-hash",
    cwes: ["CWE-327", "CWE-328"],
    severity: "warning",
    securitySeverity: 7.5,
    message: "The hash algorithm of this call is chosen by a $@ without an allowlist of strong algorithms.",
    kind: "algorithm",
  },
  {
    id: "seclsp/format-string-injection",
    cwes: ["CWE-134", "CWE-200"],
    severity: "error",
    securitySeverity: 7.5,
    message:
      "This format string depends on a $@; its replacement fields can read attributes of the arguments.",
    kind: "format",
  },
  {
    id: "seclsp/toctou-race",
    cwes: ["CWE-367"],
    severity: "warning",
    securitySeverity: 6.3,
    message: "The file '{0}' is checked with {1} and then used by {2}; it can change in between.",
  },
  {
    id: "seclsp/unbounded-read",
    cwes: ["CWE-400", "CWE-770"],
    severity: "warning",
    securitySeverity: 7.5,
    message: "{0} reads an unbounded amount of input into memory.",
  },
  {
    id: "seclsp/secret-file-permissions",
    cwes: ["CWE-732", "CWE-276"],
    severity: "warning",
    securitySeverity: 7.8,
    message: "Sensitive data is written to a file created without restrictive permissions ({0}).",
  },
];
