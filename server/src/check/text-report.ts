import type { Finding } from "../analysis/finding.js";
import { oneLineMessageText } from "../analysis/message-text.js";
import { alsoReportedSuffix } from "../analysis/reporters.js";
import { displayPath } from "./report-paths.js";
import type { ReportSink } from "./report-sink.js";
import type { CheckSummary, Reporter } from "./reporter.js";

/**
 * Linter-style lines, written as soon as each file is analyzed:
 * `path:line:col: severity rule-id [CWE-89] message (also: bandit/B608, ruff/S608)` (1-based
 * line and UTF-16 column; the message as plain text on one line; "also" lists the other tools
 * that reported the problem, from `Finding.reporters`),
 * then `N findings in M files (K skipped)`.
 */
export class TextReporter implements Reporter {
  constructor(
    private readonly sink: ReportSink,
    private readonly cwd: string,
  ) {}

  async file(findings: Finding[]): Promise<void> {
    await this.sink.write(findings.map((f) => `${formatFindingLine(f, this.cwd)}\n`).join(""));
  }

  async finish(summary: CheckSummary): Promise<void> {
    await this.sink.write(`${summaryLine(summary)}\n`);
  }
}

export function formatFindingLine(finding: Finding, cwd: string): string {
  const { line, character } = finding.range.start;
  const cwes = finding.cwes.length > 0 ? ` [${finding.cwes.join(",")}]` : "";
  const message = oneLineMessageText(finding.message);
  // Other tools that reported the same problem, from `reporters` (never stored in the message).
  return `${displayPath(finding.file, cwd)}:${line + 1}:${character + 1}: ${finding.severity} ${finding.ruleId}${cwes} ${message}${alsoReportedSuffix(finding)}`;
}

export function summaryLine(summary: CheckSummary): string {
  return `${plural(summary.findings, "finding")} in ${plural(summary.filesAnalyzed, "file")} (${summary.skipped.length} skipped)`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
