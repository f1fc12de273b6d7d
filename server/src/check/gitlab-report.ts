import { createHash } from "node:crypto";
import type { Finding } from "../analysis/finding.js";
import { displayPath } from "./report-paths.js";
import type { ReportSink } from "./report-sink.js";
import type { CheckSummary, Reporter } from "./reporter.js";

/** One issue of GitLab's Code Quality report (docs.gitlab.com/ci/testing/code_quality, "Code Quality report format"). */
export interface GitlabIssue {
  description: string;
  check_name: string;
  /** Unique per issue in the report, stable across runs (GitLab compares MR and target branch by it). */
  fingerprint: string;
  severity: "info" | "minor" | "major" | "critical" | "blocker";
  location: { path: string; lines: { begin: number; end: number } };
}

const SEVERITY: Record<Finding["severity"], GitlabIssue["severity"]> = {
  error: "critical",
  warning: "major",
  note: "minor",
};

/** GitLab Code Quality JSON (an array of issues), for `artifacts: reports: codequality:`. */
export class GitlabReporter implements Reporter {
  private readonly issues: GitlabIssue[] = [];

  constructor(
    private readonly sink: ReportSink,
    private readonly cwd: string,
  ) {}

  async file(findings: Finding[]): Promise<void> {
    for (const finding of findings) this.issues.push(gitlabIssue(finding, this.cwd));
  }

  async finish(_summary: CheckSummary): Promise<void> {
    await this.sink.write(`${JSON.stringify(this.issues, null, 2)}\n`);
  }
}

export function gitlabIssue(finding: Finding, cwd: string): GitlabIssue {
  const path = displayPath(finding.file, cwd);
  const cwes = finding.cwes.length > 0 ? ` [${finding.cwes.join(",")}]` : "";
  return {
    description: `${finding.ruleId}${cwes}: ${finding.message.replace(/\s*[\r\n]+\s*/g, " ").trim()}`,
    check_name: finding.ruleId,
    // Our fingerprint is unique within a file; with the path it is unique within the report.
    fingerprint: createHash("sha256").update(`${path}\0${finding.fingerprint}`).digest("hex").slice(0, 32),
    severity: SEVERITY[finding.severity],
    location: { path, lines: { begin: finding.range.start.line + 1, end: finding.range.end.line + 1 } },
  };
}
