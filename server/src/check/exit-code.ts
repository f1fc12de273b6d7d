import { type Finding, SEVERITY_RANK, type Severity } from "../analysis/finding.js";

/** `--fail-on`: the lowest severity that makes `seclsp check` exit 1; `none` never does. */
export type FailLevel = Severity | "none";

export const FAIL_LEVELS: readonly FailLevel[] = ["error", "warning", "note", "none"];

/** Exit codes of `seclsp check`, documented in docs/cli.md. */
export const ExitCode = {
  /** No finding at or above --fail-on. */
  clean: 0,
  /** At least one finding at or above --fail-on. */
  findings: 1,
  /** Usage error, a missing input path, a bad --config/--output, or nothing could be read. */
  usage: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export function isFailing(finding: Pick<Finding, "severity">, failOn: FailLevel): boolean {
  return failOn !== "none" && SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[failOn];
}
