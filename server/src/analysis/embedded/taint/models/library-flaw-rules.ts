import type { EngineSpec } from "../rule-catalog.js";

/**
 * What the engine adds to the problems CodeQL has no query for (ids `seclsp/<name>`; their CWEs,
 * severity and help live in the rule registry, analysis/rules/seclsp-problems.ts): the message
 * template and sink kind.
 */
export const LIBRARY_FLAW_RULES: EngineSpec[] = [
  {
    id: "seclsp/unvalidated-url",
    message:
      "This URL is returned to the caller with a host taken from a $@ that is not checked against an allowlist.",
    kind: "redirect",
  },
  {
    id: "seclsp/caller-chosen-hash",
    message: "The hash algorithm of this call is chosen by a $@ without an allowlist of strong algorithms.",
    kind: "algorithm",
  },
  {
    id: "seclsp/format-string-injection",
    message:
      "This format string depends on a $@; its replacement fields can read attributes of the arguments.",
    kind: "format",
  },
  {
    id: "seclsp/toctou-race",
    message: "The file '{0}' is checked with {1} and then used by {2}; it can change in between.",
  },
  {
    id: "seclsp/unbounded-read",
    message: "{0} reads an unbounded amount of input into memory.",
  },
  {
    id: "seclsp/secret-file-permissions",
    message: "Sensitive data is written to a file created without restrictive permissions ({0}).",
  },
];
