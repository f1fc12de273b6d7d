import type { Finding } from "../analysis/finding.js";
import { withDisplayPaths } from "./report-paths.js";
import type { ReportSink } from "./report-sink.js";
import type { CheckSummary, Reporter, SkippedFile } from "./reporter.js";

/**
 * A finding as the JSON report prints it: `range` is 0-based (UTF-16 columns, like LSP and the
 * Finding model); `line`/`column` are its start, 1-based, as the text report and editors show it.
 */
export type JsonFinding = Finding & { line: number; column: number };

/** What `seclsp check --format json` prints. Paths are relative to the cwd. */
export interface JsonReport {
  /** seclsp's version. */
  version: string;
  findings: JsonFinding[];
  skipped: SkippedFile[];
  filesAnalyzed: number;
}

/** Collects findings (not sources, so memory stays small) and writes one JSON document at the end. */
export class JsonReporter implements Reporter {
  private readonly findings: JsonFinding[] = [];

  constructor(
    private readonly sink: ReportSink,
    private readonly cwd: string,
    private readonly version: string,
  ) {}

  async file(findings: Finding[]): Promise<void> {
    for (const finding of findings) {
      const { line, character } = finding.range.start;
      this.findings.push({ ...withDisplayPaths(finding, this.cwd), line: line + 1, column: character + 1 });
    }
  }

  async finish(summary: CheckSummary): Promise<void> {
    const report: JsonReport = {
      version: this.version,
      findings: this.findings,
      skipped: summary.skipped,
      filesAnalyzed: summary.filesAnalyzed,
    };
    await this.sink.write(`${JSON.stringify(report, null, 2)}\n`);
  }
}
