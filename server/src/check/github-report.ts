import type { Finding } from "../analysis/finding.js";
import { displayPath } from "./report-paths.js";
import type { ReportSink } from "./report-sink.js";
import type { CheckSummary, Reporter } from "./reporter.js";

const COMMAND = { error: "error", warning: "warning", note: "notice" } as const;

/**
 * GitHub Actions workflow commands: one `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`
 * per finding, which the runner turns into annotations on the pull request's diff. Paths are
 * relative to the cwd (run from the repository root). Written as each file is analyzed.
 */
export class GithubReporter implements Reporter {
  constructor(
    private readonly sink: ReportSink,
    private readonly cwd: string,
  ) {}

  async file(findings: Finding[]): Promise<void> {
    await this.sink.write(findings.map((f) => `${githubAnnotation(f, this.cwd)}\n`).join(""));
  }

  async finish(_summary: CheckSummary): Promise<void> {}
}

export function githubAnnotation(finding: Finding, cwd: string): string {
  const { start, end } = finding.range;
  const cwes = finding.cwes.length > 0 ? ` [${finding.cwes.join(",")}]` : "";
  const properties = [
    `file=${escapeProperty(displayPath(finding.file, cwd))}`,
    `line=${start.line + 1}`,
    `col=${start.character + 1}`,
    `endLine=${end.line + 1}`,
    `endColumn=${end.character + 1}`,
    `title=${escapeProperty(`seclsp ${finding.ruleId}${cwes}`)}`,
  ];
  return `::${COMMAND[finding.severity]} ${properties.join(",")}::${escapeData(finding.message)}`;
}

/** The runner's own escaping (actions/toolkit `escapeData`): a newline in a message cannot start a new command. */
function escapeData(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}
