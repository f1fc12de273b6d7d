import type { CodeqlProblemRow } from "./codeql-problems.js";

/**
 * Problems seclsp reports that CodeQL has no query for (ids `seclsp/<name>`), mostly flaws of
 * library functions: the data is a parameter and the flaw is using or handing it back unchecked.
 * Security-severity follows CodeQL's scale for the nearest CWE; help is the first CWE's page.
 */
// biome-ignore format: one problem per line reads as a table
export const SECLSP_PROBLEMS: readonly CodeqlProblemRow[] = [
  { id: "seclsp/unvalidated-url", name: "URL built from a parameter returned without a host allowlist", cwes: [601, 918, 20], severity: "error", securitySeverity: 6.1, taint: true },
  { id: "seclsp/caller-chosen-hash", name: "Hash algorithm chosen by the caller", cwes: [327, 328], severity: "warning", securitySeverity: 7.5, taint: true },
  { id: "seclsp/format-string-injection", name: "Format string chosen by the caller", cwes: [134, 200], severity: "error", securitySeverity: 7.5, taint: true },
  { id: "seclsp/toctou-race", name: "Check-then-use race on a file path", cwes: [367], severity: "warning", securitySeverity: 6.3, taint: true },
  { id: "seclsp/unbounded-read", name: "Unbounded read of input into memory", cwes: [400, 770], severity: "warning", securitySeverity: 7.5, taint: true },
  { id: "seclsp/secret-file-permissions", name: "Sensitive data written to a file without restrictive permissions", cwes: [732, 276], severity: "warning", securitySeverity: 7.8, taint: true },
];
